"""Everything written about a release, and read back: the report (build, schema, the one validated
loader), the requester's disclosure schedule, the release certificate, the internal review copy and
the terminal summary. Above the stages (it reads their data types and verify); below pipeline."""

from redactor.report.build import SCHEMA_VERSION, build_report, channel_entry, decision_entry
from redactor.report.load import load_report, verify_released, withheld_entries
from redactor.report.schema import report_schema, validate_report

__all__ = ["SCHEMA_VERSION", "build_report", "channel_entry", "decision_entry", "load_report", "report_schema",
           "validate_report", "verify_released", "withheld_entries"]

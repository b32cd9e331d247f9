"""redactor: true PDF redaction keyed to legal exemptions.

The pipeline, one module per step: extract -> detect -> decide -> redact -> harden -> verify -> report.
`redactor.pipeline.redact_document` runs it for one file; the CLI is a thin layer over it.
"""

__version__ = "0.1.0"

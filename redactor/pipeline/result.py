"""What processing one document produced: DocumentResult, from which the exit code is computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from redactor.errors import ExitCode, RedactorError, ScheduleNotWritten


@dataclass(slots=True)
class DocumentResult:
    source: Path
    output: Path | None = None
    report: Path | None = None
    pages: int = 0
    redactions: int = 0
    by_exemption: dict[str, int] = field(default_factory=dict)
    error: RedactorError | None = None
    warnings: list[str] = field(default_factory=list)
    unreviewed_pages: list[int] = field(default_factory=list)  # 1-based pages whose text could not be read
    attachments: list[DocumentResult] = field(default_factory=list)  # correspondence: processed attachments
    schedule: tuple[Path, ...] = ()  # NAME.schedule.csv and .html, when asked for
    schedule_warnings: list[str] = field(default_factory=list)  # wording the officer must change
    schedule_error: ScheduleNotWritten | None = None  # released, but the schedule could not be written

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def exit_code(self) -> ExitCode:
        """This document's exit code: its error's; else a schedule (its own or an attachment's) that could
        not be written; else OK. A failed attachment is a warning of its parent, as it always was."""
        if self.error is not None:
            return self.error.exit_code
        if any(r.schedule_error is not None for r in self.releases()):
            return ExitCode.SCHEDULE_NOT_WRITTEN
        return ExitCode.OK

    def releases(self) -> list[DocumentResult]:
        """This document and its attachments (and theirs), depth first."""
        return [self, *(r for child in self.attachments for r in child.releases())]

"""Exit codes and the exceptions that carry them.

Every failure a user can cause (bad input, bad config, a leak found by verification) is an exception
subclass with its exit code and a one-line message; the CLI catches them in one place. Anything else is
a bug and exits with INTERNAL_ERROR.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    INTERNAL_ERROR = 1
    USAGE = 2  # Click's own code for bad options
    INPUT_MISSING = 3
    NOT_A_PDF = 4  # not a PDF at all, or damaged beyond repair
    ENCRYPTED = 5
    EMPTY = 6  # zero pages or zero bytes
    VERIFICATION_FAILED = 7  # the output still contains withheld content: not released
    CONFIG_ERROR = 8
    SOME_FAILED = 9  # batch: at least one document failed (see the ledger and batch-report.json)
    TIMEOUT = 10  # batch ledger: one document took longer than --timeout and its worker was stopped
    CERTIFICATE_MISMATCH = 11  # certify-check: a hash, the verification or a config differs from the certificate
    INTERRUPTED = 130  # batch: stopped by SIGINT/SIGTERM; re-run the same command to resume
    LIMIT_EXCEEDED = 12  # a safety limit (memory, decompressed size, MuPDF nesting/image limits): likely hostile
    SCHEDULE_NOT_WRITTEN = 13  # released, but the requester's disclosure schedule could not be written
    NOTHING_TO_DO = 14  # batch: no document under IN_DIR that redactor can process (empty, or only other files)


# What each exit code means, for `redactor --help` and the docs (one line each; tests check every code is here).
EXIT_CODES: dict[ExitCode, str] = {
    ExitCode.OK: "done: every document released (verify: clean; certify-check: matches)",
    ExitCode.INTERNAL_ERROR: "a bug: please report it (REDACTOR_DEBUG=1 shows the traceback)",
    ExitCode.USAGE: "bad command line (unknown option, missing argument)",
    ExitCode.INPUT_MISSING: "a file or folder given is missing, or a folder where a file is due",
    ExitCode.NOT_A_PDF: "an input is not a PDF or another supported type, or is damaged",
    ExitCode.ENCRYPTED: "an input is password-protected (give --password)",
    ExitCode.EMPTY: "an input is empty (0 bytes or no pages)",
    ExitCode.VERIFICATION_FAILED: "withheld text survives (not released), or --strict and unread pages",
    ExitCode.CONFIG_ERROR: "a bad option, --out, or profile, config, list, decisions or report file",
    ExitCode.SOME_FAILED: "batch: some documents failed (see batch-report.json)",
    ExitCode.TIMEOUT: "a document took longer than its time limit",
    ExitCode.CERTIFICATE_MISMATCH: "certify-check: the release does not match its certificate",
    ExitCode.LIMIT_EXCEEDED: "a safety limit was hit (memory, size, nesting): likely a hostile file",
    ExitCode.SCHEDULE_NOT_WRITTEN: "released, but the disclosure schedule could not be written",
    ExitCode.NOTHING_TO_DO: "batch: IN_DIR holds no document to process",
    ExitCode.INTERRUPTED: "batch: interrupted; run the same command again to resume",
}


class RedactorError(Exception):
    """A failure with a user-facing one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL_ERROR

    def __init__(self, message: str, path: Path | str | None = None):
        self.path = str(path) if path is not None else None
        self.reason = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class InputMissing(RedactorError):
    exit_code = ExitCode.INPUT_MISSING


class NotAPdf(RedactorError):
    exit_code = ExitCode.NOT_A_PDF


class EncryptedPdf(RedactorError):
    exit_code = ExitCode.ENCRYPTED


class EmptyPdf(RedactorError):
    exit_code = ExitCode.EMPTY


class VerificationFailed(RedactorError):
    exit_code = ExitCode.VERIFICATION_FAILED


class ConfigError(RedactorError):
    exit_code = ExitCode.CONFIG_ERROR


class ProcessingFailed(RedactorError):
    """An unexpected failure inside the pipeline for one document (set REDACTOR_DEBUG=1 for a traceback)."""

    exit_code = ExitCode.INTERNAL_ERROR


class CertificateMismatch(RedactorError):
    exit_code = ExitCode.CERTIFICATE_MISMATCH


class LimitExceeded(RedactorError):
    """The document exceeds a safety limit (memory, decompressed size, nesting): likely hostile."""

    exit_code = ExitCode.LIMIT_EXCEEDED


class UnreviewedPages(RedactorError):
    """--strict: pages whose text could not be read; nothing is released."""

    exit_code = ExitCode.VERIFICATION_FAILED  # the release cannot be shown to be complete


class DecisionsMismatch(ConfigError):
    """The decisions file was made for another file (or another extraction of it): nothing is applied."""


class BatchInterrupted(RedactorError):
    exit_code = ExitCode.INTERRUPTED


# --- Office documents and images (redactor.office) ---------------------------------------------------

class UnsupportedFormat(NotAPdf):
    """A file of a type no converter takes (the batch lists it as skipped); office.unsupported_format
    words the message with the supported types."""


class ConversionFailed(NotAPdf):
    """LibreOffice or the image reader could not make a PDF of it (damaged, or not what its name says)."""


class ConversionTimeout(RedactorError):
    exit_code = ExitCode.TIMEOUT


class ConverterMissing(ConfigError):
    """LibreOffice is not installed (`make system-deps` installs it)."""


class ScheduleNotWritten(RedactorError):
    """The document was released, but its disclosure schedule could not be written (disk full, a folder
    in the way): the release stands; write the schedule again once the cause is fixed."""

    exit_code = ExitCode.SCHEDULE_NOT_WRITTEN

"""Files: outputs written atomically, hashed and named; inputs read with a one-line reason when they cannot be.

Every file the tool writes goes first to a temporary beside it (.NAME.XXXXXXXX.partial, unique per
writer: two processes writing the same file, such as batch workers caching one OCR reading, never share
one) and is renamed over the target: a reader sees the old file or the whole new one, never half. A
failed write removes its temporary; one left by a killed process matches `.*.partial`, which the batch
sweeps up.

OutputNames is the one place the NAME.* files of a document are named.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import ConfigError, InputMissing

PARTIAL_SUFFIX = ".partial"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes its file readable by the owner only; a release is created as any other file would be
_FILE_MODE = 0o666 & ~_umask()


def temp_path(path: Path) -> Path:
    """A new, empty, uniquely named file beside `path` (same folder, so the final rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=path.parent)
    os.close(fd)
    os.chmod(name, _FILE_MODE)
    return Path(name)


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` to fill a temporary beside `path`, then rename it to `path`; on any failure the
    temporary is removed and `path` is left as it was."""
    tmp = temp_path(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_text_atomic(path: Path, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json_atomic(path: Path, data: dict) -> Path:
    """JSON as every report, certificate and cache entry is written: indented, UTF-8, a final newline."""
    return write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_input(path: Path) -> bytes:
    """An input file's bytes, or InputMissing saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputMissing("file not found", path) from None
    except IsADirectoryError:
        raise InputMissing("not a regular file", path) from None
    except OSError as exc:
        raise InputMissing(f"cannot read: {exc.strerror}", path) from None


def read_json(path: Path, what: str) -> object:
    """A JSON file the user names (a report, a certificate, a decisions file): InputMissing (exit 3) when it
    is not there, ConfigError (exit 8) 'not WHAT: why' when it is not JSON."""
    data = read_input(path)
    if not data.strip():
        raise ConfigError(f"not {what}: empty file", path)
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"not {what}: not UTF-8 text", path) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not {what}: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
                          path) from None


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class OutputNames:
    """The files written for one input document, NAME.* in its output folder (NAME: the input's file name
    without its last suffix). Build it from the input (`for_source`), or from a file already written
    (`for_release`, `for_report`) to find the others beside it."""

    out_dir: Path
    stem: str

    RELEASED = ".redacted.pdf"
    REPORT = ".report.json"
    CERTIFICATE = ".certificate.json"
    PROPOSALS = ".proposals.json"
    DECISIONS = ".decisions.json"  # exported by the review page
    REVIEW_PAGE = ".review.html"
    REVIEW_COPY = ".REVIEW-COPY-NOT-FOR-RELEASE.pdf"
    SCHEDULE_CSV = ".schedule.csv"
    SCHEDULE_HTML = ".schedule.html"
    # a batch's own files, in its output folder
    BATCH_REPORT_JSON = "batch-report.json"
    BATCH_REPORT_HTML = "batch-report.html"

    @classmethod
    def for_source(cls, source: Path, out_dir: Path) -> OutputNames:
        return cls(out_dir, source.stem)

    @classmethod
    def for_release(cls, released: Path) -> OutputNames:
        """The names beside a released NAME.redacted.pdf."""
        return cls(released.parent, released.name.removesuffix(cls.RELEASED))

    @classmethod
    def for_report(cls, report: Path) -> OutputNames:
        """The names beside a NAME.report.json."""
        return cls(report.parent, report.name.removesuffix(cls.REPORT))

    def _named(self, suffix: str) -> Path:
        return self.out_dir / f"{self.stem}{suffix}"

    @property
    def released(self) -> Path:
        return self._named(self.RELEASED)

    @property
    def report(self) -> Path:
        return self._named(self.REPORT)

    @property
    def certificate(self) -> Path:
        return self._named(self.CERTIFICATE)

    @property
    def proposals(self) -> Path:
        return self._named(self.PROPOSALS)

    @property
    def decisions(self) -> Path:
        return self._named(self.DECISIONS)

    @property
    def review_page(self) -> Path:
        return self._named(self.REVIEW_PAGE)

    @property
    def review_copy(self) -> Path:
        return self._named(self.REVIEW_COPY)

    @property
    def schedule_stem(self) -> Path:
        """NAME in the output folder: the schedule writer adds .schedule.csv and .schedule.html."""
        return self.out_dir / self.stem

    @property
    def schedule_csv(self) -> Path:
        return self._named(self.SCHEDULE_CSV)

    @property
    def schedule_html(self) -> Path:
        return self._named(self.SCHEDULE_HTML)

    @property
    def partial_glob(self) -> str:
        """The temporaries of this document's files (temp_path), for sweeping up after a killed worker."""
        return f".{self.stem}.*{PARTIAL_SUFFIX}"

    def attachment(self, index: int, label: str, suffix: str) -> str:
        """The file name of the input's attachment number `index` (1-based), processed as a document of
        its own: NAME.attachment-INDEX[-LABEL]SUFFIX."""
        return f"{self.stem}.attachment-{index}{'-' + label if label else ''}{suffix}"

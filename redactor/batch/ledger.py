"""The batch ledger: OUT_DIR/ledger.sqlite, what happened to every document of a bundle, and why.

It is what makes a batch resumable. A document is done when its row says `ok` for the same input hash
(sha256 of the file), the same config hash (profile + settings + options) and the same bundle names;
anything else is redone on the next run. First-pass analyses (the people found in each document and its
text fingerprints) are cached in their own table, so a resumed run does not analyse unchanged documents
again.

Only the parent process of a batch writes (workers return results to it), each result in its own
transaction, in WAL mode: a batch killed with SIGKILL loses at most the documents that were in flight.
The ledger holds names of withheld people and the error of each document: like the per-document
reports, OUT_DIR is for the organisation's records, not for the requester.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

LEDGER_NAME = "ledger.sqlite"
SCHEMA_VERSION = 1

OK = "ok"
FAILED = "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,          -- relative to IN_DIR, '/'-separated
    sha256 TEXT NOT NULL,           -- of the input file
    config_hash TEXT NOT NULL,      -- profile + settings + options (see batch.config_hash)
    names_hash TEXT NOT NULL,       -- the bundle names applied to this document
    status TEXT NOT NULL,           -- ok | failed
    exit_code INTEGER NOT NULL,     -- errors.ExitCode of the document (0 when ok)
    error TEXT,                     -- one-line reason when failed
    pages INTEGER NOT NULL DEFAULT 0,
    redactions INTEGER NOT NULL DEFAULT 0,
    by_exemption TEXT NOT NULL DEFAULT '{}',  -- JSON {code: count}
    persons TEXT NOT NULL DEFAULT '[]',       -- JSON [[text, page], ...] of PERSON redactions (1-based pages)
    warnings INTEGER NOT NULL DEFAULT 0,
    output TEXT,
    report TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    analyse_seconds REAL NOT NULL DEFAULT 0,
    redact_seconds REAL NOT NULL DEFAULT 0,
    certificate_sha256 TEXT,        -- of NAME.certificate.json, the release certificate
    finished_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS analyses (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    pages INTEGER NOT NULL,
    names TEXT NOT NULL,            -- JSON sorted list of PERSON texts decided in the document alone
    text_sha256 TEXT NOT NULL,      -- of the whitespace-normalised text (exact duplicates)
    minhash BLOB NOT NULL,          -- MinHash signature of word shingles (near duplicates)
    words BLOB NOT NULL,            -- 32-bit hashes of the document's words (is a bundle name relevant here?)
    seconds REAL NOT NULL
);
"""


@dataclass(slots=True)
class DocumentRow:
    path: str
    sha256: str
    config_hash: str
    names_hash: str
    status: str
    exit_code: int
    error: str | None = None
    pages: int = 0
    redactions: int = 0
    by_exemption: dict[str, int] = field(default_factory=dict)
    persons: list[tuple[str, int]] = field(default_factory=list)
    warnings: int = 0
    output: str | None = None
    report: str | None = None
    attempts: int = 1
    analyse_seconds: float = 0.0
    redact_seconds: float = 0.0
    certificate_sha256: str | None = None
    finished_at: float = 0.0


@dataclass(slots=True)
class AnalysisRow:
    path: str
    sha256: str
    config_hash: str
    pages: int
    names: list[str]
    text_sha256: str
    minhash: bytes
    words: bytes
    seconds: float


_JSON_COLUMNS = {"by_exemption", "persons", "names"}


class Ledger:
    """The SQLite ledger of one OUT_DIR. Use as a context manager; one writer at a time."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)  # autocommit: one statement = one transaction
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process; WAL keeps it consistent
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.executescript(_SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        if "certificate_sha256" not in columns:  # a ledger written before certificates were recorded
            self.db.execute("ALTER TABLE documents ADD COLUMN certificate_sha256 TEXT")
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _upsert(self, table: str, row: object) -> None:
        data = asdict(row)
        for key in _JSON_COLUMNS & data.keys():
            data[key] = json.dumps(data[key], sort_keys=True)
        cols = ", ".join(data)
        marks = ", ".join(f":{c}" for c in data)
        self.db.execute(f"INSERT OR REPLACE INTO {table} ({cols}) VALUES ({marks})", data)

    def _rows(self, table: str, cls: type, where: str = "", args: tuple = ()) -> list:
        names = [f.name for f in fields(cls)]
        cur = self.db.execute(f"SELECT {', '.join(names)} FROM {table} {where}", args)
        out = []
        for values in cur:
            data = dict(zip(names, values, strict=True))
            for key in _JSON_COLUMNS & data.keys():
                data[key] = json.loads(data[key])
            if "persons" in data:
                data["persons"] = [tuple(p) for p in data["persons"]]
            out.append(cls(**data))
        return out

    def record(self, row: DocumentRow) -> None:
        row.finished_at = row.finished_at or time.time()
        self._upsert("documents", row)

    def document(self, path: str) -> DocumentRow | None:
        rows = self._rows("documents", DocumentRow, "WHERE path = ?", (path,))
        return rows[0] if rows else None

    def documents(self) -> dict[str, DocumentRow]:
        return {r.path: r for r in self._rows("documents", DocumentRow)}

    def record_analysis(self, row: AnalysisRow) -> None:
        self._upsert("analyses", row)

    def analysis(self, path: str, sha256: str, config_hash: str) -> AnalysisRow | None:
        rows = self._rows("analyses", AnalysisRow, "WHERE path = ? AND sha256 = ? AND config_hash = ?",
                          (path, sha256, config_hash))
        return rows[0] if rows else None

    def is_done(self, path: str, sha256: str, config_hash: str, names_hash: str) -> bool:
        row = self.document(path)
        return (row is not None and row.status == OK and row.sha256 == sha256
                and row.config_hash == config_hash and row.names_hash == names_hash)

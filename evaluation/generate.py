"""Generate the independent evaluation set: labelled documents laid out as PDFs, in a dev and a test half.

Why a generator: `tests/eval` was written beside the recognizers, so it measures what they were built
for. These documents are written as public-sector documents are (see `genres`), with values drawn from
Faker's locale data, `phonenumbers`' metadata and published identifier formats (see `sources`), and
nobody tunes them to what the recognizers do.

The two halves:
  dev   seed 20240518; genres: breach_report, incident_log, minutes, contact_list, email_thread,
        complaint_letter, form, interview_notes, prose; layouts: Story one column, insert_textbox.
  test  seed 91733; the same genres plus two that dev never has, chat_transcript (a chat export:
        "[date time] Name: message", @mentions) and case_note (a case file with a chronology table
        whose last column holds initials), and one layout dev never has: two-column Story pages.
Values are split by a hash of their key (`sources.half_of`), so no name token, number, address or secret
appears in both halves. Tune on dev; only report test.

Each document is a pure function of (half seed, index, attempt). An attempt is rejected, and the next
one tried, when a labelled string also occurs where it was not inserted, when a gold or keep string
cannot be found in the text `redactor.extract.extract_page` reads back from the PDF, or when the PDF
runs past 3 pages.

Built PDFs and labels are cached in `.cache/eval/<version>/<half>/`, where version hashes this
package's generator sources and the versions of Faker, phonenumbers and PyMuPDF. The same seed gives
byte-identical label files and PDFs.

Run: `python -m evaluation.generate [--half dev|test|both] [--limit N]` (prints what it built).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import faker
import phonenumbers
import pymupdf

from evaluation import genres as genres_mod
from evaluation import layout, sources
from evaluation.genres import GENRES, Builder
from evaluation.legacy import EvalDoc, extract_pages, locate
from evaluation.sources import Source

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "eval"
SEEDS = {"dev": 20240518, "test": 91733}
DOCS_PER_HALF = 100
MAX_PAGES = 3
DEV_GENRES = ("breach_report", "incident_log", "minutes", "contact_list", "email_thread", "complaint_letter",
              "form", "interview_notes", "prose")
TEST_ONLY_GENRES = ("chat_transcript", "case_note")
GENRES_BY_HALF = {"dev": DEV_GENRES, "test": DEV_GENRES + TEST_ONLY_GENRES}
DEV_VARIANTS = ("story", "story", "textbox")
TEST_ONLY_VARIANTS = ("story-2col",)
VARIANTS_BY_HALF = {"dev": DEV_VARIANTS, "test": DEV_VARIANTS + TEST_ONLY_VARIANTS}
SENSITIVE_TYPES = ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "POSTCODE", "NATIONAL_ID", "IBAN",
                   "BANK_ACCOUNT", "CREDIT_CARD", "DATE_OF_BIRTH", "IP_ADDRESS", "MAC_ADDRESS", "HOSTNAME",
                   "CREDENTIAL", "CVE", "GUID", "REFERENCE", "HEALTH")


@dataclass(frozen=True)
class GenDoc:
    name: str
    half: str
    labels: dict  # the label file: genre, style, sensitive [[text, type]], keep, locales, phone_regions, ...
    pdf: bytes

    @property
    def genre(self) -> str:
        return self.labels["genre"]

    def eval_doc(self) -> EvalDoc:
        return EvalDoc(self.name, [], [(t, e) for t, e in self.labels["sensitive"]], list(self.labels["keep"]))


@cache
def version() -> str:
    """Hash of everything that decides the output: generator sources, seeds, library versions."""
    h = hashlib.sha256()
    for mod in (sources, genres_mod, layout, sys.modules[__name__]):
        h.update(Path(mod.__file__).read_bytes())
    h.update(f"{faker.VERSION}|{phonenumbers.__version__}|{pymupdf.VersionBind}".encode())
    return h.hexdigest()[:12]


def doc_name(half: str, index: int) -> str:
    genres = GENRES_BY_HALF[half]
    return f"{half}_{index:03d}_{genres[index % len(genres)]}"


def build_doc(half: str, index: int) -> GenDoc:
    """Build document `index` of a half, independent of every other document."""
    genres = GENRES_BY_HALF[half]
    genre = genres[index % len(genres)]
    name = doc_name(half, index)
    source = Source(half)
    for attempt in range(40):
        rng = random.Random(f"{SEEDS[half]}:{index}:{attempt}")
        b = Builder(rng, source, genre)
        GENRES[genre](b)
        if b.collisions():
            continue
        style = layout.pick_style(rng, VARIANTS_BY_HALF[half], genre)
        try:
            pdf = layout.render(b.blocks, style, b.text(), genre)
        except ValueError:  # a cell too narrow for a word
            continue
        pages = extract_pages(pdf)
        if len(pages) > MAX_PAGES:
            continue
        try:
            locate(EvalDoc(name, [], b.gold, b.keep), pages, hyphen_joins=True)
        except ValueError:
            continue
        labels = {
            "name": name, "half": half, "genre": genre, "attempt": attempt, "pages": len(pages),
            "style": layout.style_dict(style), "locales": sorted(b.locales), "phone_regions": sorted(b.regions),
            "card_types": sorted(b.card_types), "sensitive": [list(g) for g in b.gold], "keep": list(b.keep),
        }
        return GenDoc(name, half, labels, pdf)
    raise RuntimeError(f"{name}: no attempt produced a document whose labels can all be located")


def label_bytes(labels: dict) -> bytes:
    return (json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def cache_dir(half: str) -> Path:
    return CACHE / version() / half


def load_half(half: str, limit: int | None = None, rebuild: bool = False) -> list[GenDoc]:
    """The half's documents, from the cache, building (and caching) any that are missing."""
    folder = cache_dir(half)
    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for index in range(DOCS_PER_HALF if limit is None else min(limit, DOCS_PER_HALF)):
        name = doc_name(half, index)
        pdf_path, json_path = folder / f"{name}.pdf", folder / f"{name}.json"
        if not rebuild and pdf_path.exists() and json_path.exists():
            docs.append(GenDoc(name, half, json.loads(json_path.read_text(encoding="utf-8")), pdf_path.read_bytes()))
            continue
        doc = build_doc(half, index)
        _write_atomic(pdf_path, doc.pdf)
        _write_atomic(json_path, label_bytes(doc.labels))
        docs.append(doc)
    return docs


def summary(docs: list[GenDoc]) -> dict:
    counts: dict[str, int] = {}
    for d in docs:
        for _, kind in d.labels["sensitive"]:
            counts[kind] = counts.get(kind, 0) + 1
    return {
        "documents": len(docs), "pages": sum(d.labels["pages"] for d in docs),
        "genres": sorted({d.genre for d in docs}), "variants": sorted({d.labels["style"]["variant"] for d in docs}),
        "locales": sorted({x for d in docs for x in d.labels["locales"]}),
        "phone_regions": sorted({x for d in docs for x in d.labels["phone_regions"]}),
        "card_types": sorted({x for d in docs for x in d.labels["card_types"]}),
        "distinct_gold_strings": counts, "keep_strings": sum(len(d.labels["keep"]) for d in docs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--limit", type=int, help="only the first N documents of each half")
    parser.add_argument("--rebuild", action="store_true", help="build again even when cached")
    args = parser.parse_args(argv)
    for half in (("dev", "test") if args.half == "both" else (args.half,)):
        t0 = time.perf_counter()
        docs = load_half(half, args.limit, args.rebuild)
        info = summary(docs)
        print(f"{half}: {info['documents']} documents, {info['pages']} pages in {cache_dir(half)} "
              f"({time.perf_counter() - t0:.1f} s)")
        print(f"  genres {', '.join(info['genres'])}; layouts {', '.join(info['variants'])}")
        print(f"  {len(info['locales'])} name locales, {len(info['phone_regions'])} phone regions, "
              f"{len(info['card_types'])} card types, {info['keep_strings']} keep strings")
        print("  distinct gold strings: " + ", ".join(f"{k} {v}" for k, v in sorted(info["distinct_gold_strings"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())

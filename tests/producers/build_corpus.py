"""Build the real-producer corpus of issue 19: the seeded content of ``content.py`` through pdfLaTeX,
LibreOffice Writer and Calc, Chromium, Ghostscript (PostScript and re-distilled PDF), matplotlib (Type3
and TrueType text), ReportLab, PyMuPDF and a Tesseract scan, 72 documents in all.

Each document is written as ``OUT/PRODUCER/PRODUCER-NAME.pdf`` with ``PRODUCER-NAME.expect.json`` beside
it: the strings that must be withheld (``withhold``), the producer, the document kind, page count and
features; for scans, ``text_layer_missing`` lists expected strings that Tesseract's own text layer does
not contain (they are still on the page image), and so for Ghostscript's re-distilled files, whose
ToUnicode maps for ligatures are wrong. ``OUT/manifest.json`` lists every document with its
sha256 and is written last, so a folder without it is incomplete.

A tool that is missing fails the build with the command that would install it (``make system-deps``):
nothing is skipped. ``corpus()`` keeps one build per content hash (the content, these renderers and the
tools' versions) under ``.cache/producers/<hash>/`` and builds it only when missing. pdfLaTeX (with
SOURCE_DATE_EPOCH), ReportLab (invariant), matplotlib and PyMuPDF give byte-identical files on a rebuild;
LibreOffice, Chromium, Ghostscript and Tesseract stamp the time in the file, so only their text and
layout are reproducible.

Usage: python -m tests.producers.build_corpus OUT_DIR [--only PRODUCER ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.producers import content, render_html, render_latex, render_layout, render_office, render_reportlab
from tests.producers.content import Covered, Doc, Note, Para

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "producers"
HERE = Path(__file__).resolve().parent
MIN_LONG_PAGES = 40

ALL_KINDS = tuple(content.KINDS)

# Producers whose text layer may not give back every printed string; what it lacks is recorded in
# the expect file as text_layer_missing (the string is still drawn on the page).
LOSSY_TEXT = {
    "tesseract-scan": "the text layer is Tesseract's reading of the page image",
    "ghostscript-pdfwrite": "Ghostscript 10.0 pdfwrite writes a wrong ToUnicode entry for ligature glyphs "
                            "(ffi in 'Ffion' extracts as U+6000 U+6900)",
}


@dataclass(frozen=True)
class Job:
    producer: str
    name: str  # document name within the producer
    kind: str
    options: dict = field(default_factory=dict, hash=False)
    source: str = ""  # for re-distilled or scanned documents: the file they are made from

    @property
    def stem(self) -> str:
        return f"{self.producer}-{self.name}"


def _jobs() -> list[Job]:
    jobs: list[Job] = []
    for kind in ALL_KINDS:
        # the letter in pdfTeX's default Computer Modern (OT1, amsfonts Type1), the rest in Latin Modern
        jobs.append(Job("pdflatex", kind, kind, {"lmodern": kind != "letter"}))
    jobs.append(Job("pdflatex", "breach_report_twocol", "breach_report", {"two_column": True}))
    jobs += [Job("libreoffice-writer", k, k) for k in ALL_KINDS]
    jobs += [Job("libreoffice-calc", k, k) for k in ("staff_contacts", "incident_timeline", "landscape_register")]
    web = {"breach_report", "letter", "investigation_report", "redacted_before"}
    jobs += [Job("chromium", k, k, {"web_font": k in web}) for k in ALL_KINDS]
    for k in ("letter", "staff_contacts", "incident_timeline", "redacted_before", "landscape_register", "log_excerpt",
              "investigation_report", "newsletter_twocol"):
        jobs.append(Job("ghostscript-ps", k, k, {"sideways": k == "landscape_register"}))
    jobs += [Job("ghostscript-pdfwrite", "breach_report", "breach_report", source="pdflatex-breach_report"),
             Job("ghostscript-pdfwrite", "staff_contacts", "staff_contacts", source="libreoffice-writer-staff_contacts"),
             Job("ghostscript-pdfwrite", "incident_timeline", "incident_timeline", source="chromium-incident_timeline")]
    for ft in (3, 42):
        jobs += [Job(f"matplotlib-type{ft}", k, k, {"fonttype": ft})
                 for k in ("staff_contacts", "incident_timeline", "breach_report", "log_excerpt")]
    for i, k in enumerate(ALL_KINDS):
        jobs.append(Job("reportlab", k, k, {"truetype": i % 2 == 1}))
    for i, k in enumerate(ALL_KINDS):
        jobs.append(Job("pymupdf", k, k, {"truetype": i % 2 == 0, "rules": "lines" if k == "letter" else "rects",
                                          "rotate": k == "landscape_register"}))
    jobs += [Job("tesseract-scan", "letter", "letter", source="pymupdf-letter"),
             Job("tesseract-scan", "staff_contacts", "staff_contacts", source="pymupdf-staff_contacts"),
             Job("tesseract-scan", "redacted_before", "redacted_before", source="pymupdf-redacted_before"),
             Job("tesseract-scan", "breach_report", "breach_report", source="pdflatex-breach_report")]
    return jobs


JOBS = _jobs()
PRODUCERS = tuple(dict.fromkeys(j.producer for j in JOBS))


# --- tools -----------------------------------------------------------------------------------------------

TOOLS = {  # producer -> commands it runs (checked before anything is built)
    "pdflatex": ["pdflatex"], "libreoffice-writer": ["soffice"], "libreoffice-calc": ["soffice"],
    "chromium": ["chromium"], "ghostscript-ps": ["ps2pdf", "gs"], "ghostscript-pdfwrite": ["gs"],
    "tesseract-scan": ["tesseract"],
}


def _version(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except FileNotFoundError as e:
        raise RuntimeError(f"{cmd[0]} is not installed: run `make system-deps` (tests/producers needs it)") from e
    return (proc.stdout or proc.stderr).strip().splitlines()[0] if (proc.stdout or proc.stderr).strip() else ""


def tool_versions(producers: tuple[str, ...] = PRODUCERS) -> dict[str, str]:
    """Each needed tool's version; a missing one raises RuntimeError naming `make system-deps`."""
    import matplotlib
    import reportlab
    out = {"pymupdf": pymupdf.VersionBind, "matplotlib": matplotlib.__version__, "reportlab": reportlab.Version}
    cmds = {c for p in producers for c in TOOLS.get(p, [])}
    for c in sorted(cmds):
        if shutil.which(c) is None and not (c == "chromium" and _chromium_or_none()):
            raise RuntimeError(f"{c} is not installed: run `make system-deps` (tests/producers needs it)")
    if "pdflatex" in cmds:
        out["pdflatex"] = _version(["pdflatex", "--version"])
    if "soffice" in cmds:
        out["soffice"] = _version(["soffice", "--version"])
    if "chromium" in cmds:
        out["chromium"] = _version([render_html.chromium(), "--version"])
    if "gs" in cmds:
        out["gs"] = _version(["gs", "--version"])
    if "tesseract" in cmds:
        out["tesseract"] = _version(["tesseract", "--version"])
    return out


def _chromium_or_none() -> str | None:
    try:
        return render_html.chromium()
    except RuntimeError:
        return None


def cache_key(producers: tuple[str, ...] = PRODUCERS) -> str:
    h = hashlib.sha256(content.content_fingerprint().encode())
    for f in sorted(HERE.glob("*.py")):
        if not f.name.startswith("test_"):
            h.update(f.name.encode() + f.read_bytes())
    h.update(json.dumps(tool_versions(producers), sort_keys=True).encode())
    h.update(repr(producers).encode())
    return h.hexdigest()[:16]


# --- building ----------------------------------------------------------------------------------------------

def features(doc: Doc, job: Job) -> list[str]:
    f = []
    paras = [b for b in doc.blocks if isinstance(b, Para)]
    if any(isinstance(p, Covered) for b in paras for p in b.parts):
        f.append("pre-existing black box over text")
    if any(isinstance(p, Note) for b in paras for p in b.parts):
        f.append("footnotes")
    if any(isinstance(b, content.Table) for b in doc.blocks):
        f.append("ruled table, dark header, zebra rows")
    if any(isinstance(b, content.Code) for b in doc.blocks):
        f.append("monospace code")
    if doc.two_column or job.options.get("two_column"):
        f.append("two columns")
    if doc.landscape:
        f.append("landscape")
    if doc.long:
        f.append("40+ pages")
    return f


def _build_layout(job: Job, doc: Doc, out: Path, work: Path) -> None:
    if job.producer == "ghostscript-ps":
        be = render_layout.PostScript(sideways=job.options.get("sideways", False), title=doc.title)
        render_layout.typeset(doc, be, render_layout.Style(rules="lines"))
        ps = work / (job.stem + ".ps")
        be.save(ps)
        render_layout.ps2pdf(ps, out)
    elif job.producer == "pymupdf":
        be = render_layout.MuPDF(truetype=job.options["truetype"])
        render_layout.typeset(doc, be, render_layout.Style(rules=job.options["rules"]))
        be.save(out, rotate=job.options.get("rotate", False))
    else:  # matplotlib
        be = render_layout.Matplotlib(job.options["fonttype"])
        render_layout.typeset(doc, be, render_layout.Style(rules="rects" if job.options["fonttype"] == 3 else "lines"))
        be.save(out)


def _scan(src: Path, out: Path, work: Path, max_pages: int = 2) -> None:
    """Print, scan at 300 dpi in grey, and let Tesseract make a searchable PDF (image + invisible text)."""
    images = []
    with pymupdf.open(src) as d:
        for n in range(min(max_pages, d.page_count)):
            pix = d[n].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
            png = work / f"{out.stem}-{n}.png"
            pix.save(png)
            images.append(png)
    listing = work / f"{out.stem}.txt"
    listing.write_text("\n".join(map(str, images)) + "\n")
    base = work / out.stem
    proc = subprocess.run(["tesseract", str(listing), str(base), "-l", "eng", "--dpi", "300", "pdf"],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    if proc.returncode != 0 or not base.with_suffix(".pdf").exists():
        raise RuntimeError(f"tesseract failed on {src}: {proc.stderr[-1500:]}")
    base.with_suffix(".pdf").replace(out)


def normalise(text: str) -> str:
    """Text as the checks compare it: NFKC (ligatures), soft hyphens out (with the line break after one),
    a hyphen at a line end marked with NUL, whitespace runs as one space."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("\u00ad\\s*", "", text)
    text = re.sub(r"-[ \t]*\n\s*", "-\u0000", text)
    return " ".join(text.split())


def searchable(text: str) -> list[str]:
    """Variants of extracted text to search: a line-end hyphen kept (HBC-DPB-|2024) and dropped (Raghu-|nathan)."""
    n = normalise(text)
    return [n.replace("\u0000", ""), n.replace("-\u0000", "")]


def squeeze(text: str) -> str:
    """Whitespace- and hyphen-insensitive form."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace() and ch not in "-\u00ad\u2010")


def found_in(needle: str, text: str) -> bool:
    return any(needle in v for v in searchable(text)) or squeeze(needle) in squeeze(text)


def build_job(job: Job, out_dir: Path, work: Path) -> dict:
    doc = content.build_doc(job.kind)
    folder = out_dir / job.producer
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{job.stem}.pdf"
    opts = dict(job.options)
    if job.producer == "pdflatex":
        render_latex.build(doc, out, work, **opts)
    elif job.producer == "chromium":
        render_html.build(doc, out, work, **opts)
    elif job.producer == "reportlab":
        render_reportlab.build(doc, out, work, **opts)
    elif job.producer in ("ghostscript-ps", "pymupdf") or job.producer.startswith("matplotlib"):
        _build_layout(job, doc, out, work)
    elif job.producer == "ghostscript-pdfwrite":
        render_layout.gs_pdfwrite(_source(out_dir, job.source), out)
    elif job.producer == "tesseract-scan":
        _scan(_source(out_dir, job.source), out, work)
    elif not out.exists():  # LibreOffice documents are converted together, before this
        raise RuntimeError(f"{out} was not produced")
    return _finish(job, doc, out)


def _source(out_dir: Path, stem: str) -> Path:
    path = out_dir / stem.rsplit("-", 1)[0] / f"{stem}.pdf"
    if not path.exists():
        raise RuntimeError(f"{path} (source of a derived document) was not built")
    return path


def _finish(job: Job, doc: Doc, out: Path) -> dict:
    with pymupdf.open(out) as d:
        pages = d.page_count
        text = "\n".join(p.get_text() for p in d)
        rotations = sorted({p.rotation for p in d} - {0})
    if doc.long and pages < MIN_LONG_PAGES and job.producer != "tesseract-scan":
        raise RuntimeError(f"{out}: {pages} pages, a long document needs {MIN_LONG_PAGES}+")
    withhold = sorted(doc.withhold)
    missing = [s for s in withhold if not found_in(s, text)]
    if job.producer == "tesseract-scan":
        # only the pages scanned: strings on later pages are not in this document at all
        with pymupdf.open(_source(out.parents[1], job.source)) as src:
            src_text = "\n".join(src[n].get_text() for n in range(min(2, src.page_count)))
        # text under an earlier black box is not in the scanned image: nothing to withhold there
        covered = {content.plain(c.text) for b in doc.blocks if isinstance(b, Para) for c in b.parts if isinstance(c, Covered)}
        withhold = [s for s in withhold if found_in(s, src_text) and s not in covered]
        missing = [s for s in missing if s in withhold]
    elif missing and job.producer not in LOSSY_TEXT:
        raise RuntimeError(f"{out}: expected strings not in the extracted text: {missing[:5]}")
    expect = {"producer": job.producer, "name": job.name, "kind": job.kind, "file": out.name, "pages": pages,
              "options": job.options, "source": job.source or None,
              "features": features(doc, job) + [f"/Rotate {r}" for r in rotations],
              "withhold": withhold}
    if job.producer in LOSSY_TEXT:
        expect["text_layer_missing"] = missing
        expect["text_layer_note"] = LOSSY_TEXT[job.producer]
    out.with_suffix(".expect.json").write_text(json.dumps(expect, indent=1) + "\n", encoding="utf-8")
    return {"file": f"{job.producer}/{out.name}", "producer": job.producer, "kind": job.kind, "pages": pages,
            "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}


def build(out_dir: Path, *, only: tuple[str, ...] = (), log: Callable[[str], None] = print) -> dict:
    """Build every job (or only those of the named producers, and what they are derived from) into out_dir."""
    jobs = JOBS
    if only:
        unknown = set(only) - set(PRODUCERS)
        if unknown:
            raise ValueError(f"unknown producer(s) {sorted(unknown)}; known: {', '.join(PRODUCERS)}")
        need = {j.stem for j in JOBS if j.producer in only}
        need |= {j.source for j in JOBS if j.producer in only and j.source}
        jobs = [j for j in JOBS if j.stem in need]
    versions = tool_versions(tuple(dict.fromkeys(j.producer for j in jobs)))
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    entries: list[dict] = []
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="producers-") as tmp:
        work = Path(tmp)
        # LibreOffice first and in one run per filter: its start-up costs more than a conversion
        for producer, suffix, filt, writer in (("libreoffice-writer", ".docx", "writer_pdf_Export", render_office.to_docx),
                                               ("libreoffice-calc", ".xlsx", "calc_pdf_Export", render_office.to_xlsx)):
            lo_jobs = [j for j in jobs if j.producer == producer]
            if lo_jobs:
                t = time.monotonic()
                folder = out_dir / producer
                folder.mkdir(parents=True, exist_ok=True)
                sources = []
                for j in lo_jobs:
                    src = work / f"{j.stem}{suffix}"
                    writer(content.build_doc(j.kind), src)
                    sources.append(src)
                render_office.convert(sources, folder, work, filt)
                timings[producer] = time.monotonic() - t
        for job in jobs:
            t = time.monotonic()
            entries.append(build_job(job, out_dir, work))
            timings[job.producer] = timings.get(job.producer, 0.0) + time.monotonic() - t
            log(f"  {job.stem}: {entries[-1]['pages']} page(s)")
    manifest = {"documents": entries, "tools": versions, "content": content.content_fingerprint(),
                "seconds": round(time.monotonic() - t0, 1), "seconds_by_producer": {k: round(v, 1) for k, v in timings.items()}}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def corpus(*, only: tuple[str, ...] = (), log: Callable[[str], None] = print) -> Path:
    """The cached corpus folder, built first when missing (a folder without manifest.json is incomplete)."""
    key = cache_key(PRODUCERS) if not only else cache_key(PRODUCERS) + "-" + "-".join(sorted(only))
    final = CACHE / key
    if (final / "manifest.json").exists():
        return final
    tmp = CACHE / f".{key}.{os.getpid()}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    log(f"building the producer corpus into {final} ...")
    try:
        build(tmp, only=only, log=log)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if (final / "manifest.json").exists():  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
    return final


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, nargs="?", help="folder to build into (default: the cache, built if missing)")
    ap.add_argument("--only", nargs="+", default=(), metavar="PRODUCER", help=f"some producers: {', '.join(PRODUCERS)}")
    args = ap.parse_args(argv)
    try:
        if args.out_dir:
            m = build(args.out_dir, only=tuple(args.only))
            where = args.out_dir
        else:
            where = corpus(only=tuple(args.only))
            m = json.loads((where / "manifest.json").read_text())
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{len(m['documents'])} documents, {sum(d['pages'] for d in m['documents'])} pages in {where} "
          f"(built in {m['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

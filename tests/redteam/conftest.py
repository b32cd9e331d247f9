from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from stubnlp import make_stub_nlp

from redactor.config.run import RunOptions
from redactor.config.settings import load_settings
from redactor.detect import Detector
from redactor.pipeline import redact_file


@pytest.fixture(scope="session")
def detector() -> Detector:
    """Pattern recognizers over a blank spaCy pipeline: no model load, no NER (fast)."""
    return Detector(load_settings(None), nlp=make_stub_nlp(patterns=()))


@pytest.fixture
def redact(detector, tmp_path):
    """redact(path) -> (DocumentResult, report dict)."""
    import json

    def run(path: Path):
        options = RunOptions.build(tmp_path / "out")
        result = redact_file(path, options, detector)
        report = json.loads(result.report.read_text()) if result.report and result.report.exists() else None
        return result, report

    return run


def requester_text(path: Path) -> str:
    """Everything a curious requester can read with ordinary tools, joined and case-folded: page text
    with every layer on, every decompressed object and stream, metadata, XMP, embedded files, and
    pdftotext / qpdf --qdf output when those tools are installed."""
    parts = []
    with pymupdf.open(path) as doc:
        for name in doc.embfile_names():
            data = doc.embfile_get(name)
            parts.append(data.decode("latin-1"))
            if data.startswith(b"%PDF"):
                with pymupdf.open(stream=data, filetype="pdf") as inner:
                    parts += [p.get_text() for p in inner]
        ocgs = list(doc.get_ocgs() or {})
        if ocgs:
            doc.set_layer(-1, on=ocgs, off=[])
        for page in doc:
            parts.append(page.get_text("text", flags=0, clip=pymupdf.INFINITE_RECT()))
            parts += ["".join(chr(c[0]) for c in s["chars"]) for s in page.get_texttrace()]
            for annot in page.annots():
                parts += [str(v) for v in annot.info.values()]
        for xref in range(1, doc.xref_length()):
            parts.append(doc.xref_object(xref, compressed=False))
            if doc.xref_is_stream(xref):
                parts.append((doc.xref_stream(xref) or b"").decode("latin-1"))
        parts += [v for v in (doc.metadata or {}).values() if v]
        parts.append(doc.get_xml_metadata() or "")
    if shutil.which("pdftotext"):
        parts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    if shutil.which("qpdf"):
        qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), "-"], capture_output=True)
        parts.append(qdf.stdout.decode("latin-1"))
    return "\n".join(parts).casefold()

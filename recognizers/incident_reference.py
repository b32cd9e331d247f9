"""An organisation's own breach, incident, ticket and complaint references -> INCIDENT_REFERENCE.

Shapes seen in breach notifications: HBC-DPB-2024-0117, CSIRT-2024-031, NCSC-2024-00123 (prefix + year +
serial), SR/2024/00871 (slashed), INC0012345 and RITM0012345 (ServiceNow), SEC-1432 (Jira key + number,
only with a word like "ticket" before it: ISO-9001 and SHA-256 have the same shape), and anything after
"our ref:" / "incident reference". Legislation ("section 31(1)(g)", "Article 33"), dates, ISO standards,
CVSS scores and CVE identifiers never match.

References of other bodies: cyber-centre and CSIRT references (NCSC-12345, "NCSC reference 2024-0117"),
ServiceNow records (INC/CHG/RITM/PRB/REQ/TASK + digits), and other authorities' FOI and EIR references
(FOI/2024/00123, FOI-24-1234, EIR 2024/0456) when the text says whose they are ("the Constabulary's
reference FOI-24-1234", "their ref FOI/2024/00123"). This authority's own request reference ("response to
request FOI/2024/0456", "Our ref: FOI/...") is released: the requester has it already.

References in a column of a table or log whose header is "Ref", "Case ref", "Ticket" and the like are
taken by position (see `column_references`), whatever their shape.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import AnalysisExplanation, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers._base import GatedPattern, RegexRecognizer

_CONTEXT_WORDS = (
    r"(?i:our|your|my|incident|ticket|case|complaint|breach|ncsc|reference|ref|request|issue|jira|investigation"
    r"|servicenow|problem|change|report|log|logged|raised|call|job|cert|csirt)"
)
# Standards, algorithms and other KEY-number shapes that are not references. FOI and EIR references are
# only taken by the pattern for another body's request reference (_NOT_FOI keeps them out of the others).
_NOT_KEYS = frozenset(
    "SAR EA GIA FER FS ISO BS EN IEC CVE CWE CVSS SHA MD AES RSA TLS SSL DES ECC COVID PCI UTF HTTP HTTPS WPA IPV IEEE NIST "
    "ISO/IEC GDPR DPA SOC OWASP CAPEC MITRE ATT CIS TCP UDP SMB RDP KB MS".split()
)
_DATE_LIKE = regex.compile(r"^\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?$|^\d{1,4}$")
_NOT_FOI = r"(?!(?i:FOI|EIR|FOIA|FOISA)\b)"
_FOI_KEY = r"(?i:FOI|EIR|FOIA|FOISA)"
# Whose reference it is: another body named or pointed at just before it ("the Constabulary's reference",
# "their ref", "Harbourside Police", "(ref. FOI-22-0189)"). Not "your request": a response letter quotes
# its own request reference that way, and "Our ref:" is excluded by the pattern.
_OTHER_BODY = (
    r"\b(?i:ref(?:erence)?s?|their|its|police|constabulary|force|council|trust|authority|authorities|department|ministry"
    r"|agency|board|commission|commissioner|university|college|NHS|ICB|CCG|body|bodies|organisation"
    r"|organization|regulator|ombudsman|executive)(?:'s)?\b"
)


class IncidentReferenceRecognizer(RegexRecognizer):
    REPEAT_MATCHES = True
    HYPHEN_WRAPS = True
    ENTITY = "INCIDENT_REFERENCE"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("prefix-year-serial", rf"\b{_NOT_FOI}[A-Z]{{2,8}}(?:-[A-Z]{{2,8}}){{0,2}}-(?:19|20)\d{{2}}-[A-Z]?\d{{2,7}}\b", 0.7),
        Pattern("slashed reference", rf"(?<![\w/]){_NOT_FOI}[A-Z]{{2,5}}/(?:19|20)?\d{{2}}/\d{{3,7}}(?:/[A-Z0-9]{{1,4}})?\b", 0.6),
        Pattern("ServiceNow record", r"\b(?:INC|RITM|REQ|CHG|PRB|PRBTASK|CTASK|TASK|SCTASK|SIR|SIRT|CS|SR)\d{6,10}\b", 0.8),
        # a case-management key in capitals: CASE-603014
        Pattern("case number", r"\bCASE[-/]?\d{4,8}\b", 0.7),
        # NCSC-12345, CSIRT-2024-031 (a year alone after the key is not a reference: CERT-2024)
        Pattern(
            "cyber centre or CSIRT reference",
            r"\b(?:NCSC|CSIRT|CIRT|CIR|CERT|CSOC|CiSP)-(?:(?:19|20)\d{2}-\d{2,7}|(?!(?:19|20)\d{2}\b)\d{3,8})\b",
            0.75,
        ),
        # "NCSC incident reference: 12345": digits alone, which the 'our ref' pattern does not take
        GatedPattern(
            "number after an NCSC reference",
            r"(?=\d{4})(?<=\bNCSC(?:'s)?[ ](?:(?i:incident|case)[ ])?(?i:ref(?:erence)?\.?|number|no\.?)"
            r"(?:[ ](?i:number|no\.?))?[ ]?[:#]?[ ]?)\d{4,10}\b",
            0.7,
            gate=r"\bNCSC",
        ),
        # Another body's FOI/EIR reference: the key is tested before the lookbehinds, which look for the
        # body ("the Constabulary's", "their ref") and rule out this authority's own ("Our ref:").
        Pattern(
            "another body's FOI or EIR reference",
            rf"\b(?={_FOI_KEY}(?:[ ]?[/-][ ]?|[ ]|(?:19|20)\d{{5}})\d)(?<={_OTHER_BODY}.{{0,30}}?)"
            r"(?<!\b(?i:our|my|this)[ ](?i:ref(?:erence)?|request)\.?(?:[ ](?i:no\.?|number))?[ ]?[:#]?[ ]?)"
            rf"{_FOI_KEY}(?:(?:[ ]?[/-][ ]?|[ ])(?:(?:19|20)?\d{{2}}[/-])?\d{{3,7}}|(?:19|20)\d{{2}}\d{{3,6}})\b",
            0.6,
        ),
        # The context words are common, so instead of a gate these two test where a reference can start
        # (a key's shape; a capital or digit with both a digit and a letter or separator in the run ahead)
        # before the context-word lookbehind.
        Pattern(
            "Jira-style key after a context word",
            rf"\b(?=[A-Z][A-Z0-9]{{1,9}}-\d){_NOT_FOI}(?<=\b{_CONTEXT_WORDS}\b[^\n.;]{{0,25}}?)\b[A-Z][A-Z0-9]{{1,9}}-\d{{1,6}}\b(?!\.\d|-)",
            0.6,
        ),
        Pattern(
            "any reference after 'our ref:' and the like",
            rf"(?=[A-Z0-9]){_NOT_FOI}(?=[A-Z0-9/-]*[0-9])(?=[A-Z0-9/-]*[A-Z/-])"
            rf"(?<=\b{_CONTEXT_WORDS}(?:\s(?i:ref(?:erence)?|no\.?|number|id))?\.?[ ]?[:#]?\s?)"
            r"[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9]\b",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["incident", "ticket", "reference", "ref", "case", "breach", "complaint", "logged"]

    def invalidate_result(self, pattern_text: str) -> bool:
        key = pattern_text.split("-")[0].split("/")[0]
        return key in _NOT_KEYS or bool(_DATE_LIKE.match(pattern_text))

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        seen = {(r.start, r.end) for r in results}
        for start, end in column_references(text):
            if (start, end) not in seen:
                seen.add((start, end))
                results.append(RecognizerResult(
                    self.ENTITY, start, end, 0.6,
                    AnalysisExplanation(type(self).__name__, 0.6, pattern_name="reference in a Ref column"),
                    {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id},
                ))
        return results


# --- references in a table column ------------------------------------------------------------------
# A header cell that names a reference column: "Ref", "Ref no.", "Case ref", "Incident reference",
# "Ticket", "Ticket ID", "Case no.", "Log number". Not "Case", "Incident" or "ID" alone: those columns
# hold descriptions or other identifiers.
_REF_HEADER = (
    r"(?i:(?:(?:case|incident|ticket|call|log|job|our|your|complaint|request|foi|eir|crime|police|ico|ncsc"
    r"|servicenow|jira|change|problem|breach|report)[ ])?ref(?:erence)?\.?(?:[ ](?:no\.?|number|id))?"
    r"|(?:ticket|case|incident|call|log|job|complaint|change|breach)[ ](?:no\.?|number|id|#)|tickets?)"
)
_HEADER_LINE = regex.compile(rf"[ \t]*{_REF_HEADER}[ \t]*:?[ \t]*")
# A row of cells on one line: split at "|", a tab, or two or more spaces.
_CELL_SPLIT = regex.compile(r"[ ]*\|[ ]*|\t+|[ ]{2,}")
_HEADER_CELL = regex.compile(rf"{_REF_HEADER}:?")
_RULE = regex.compile(r"[\s|:+=-]+")
# What a reference cell looks like: a digit, 3-24 characters, no spaces (or one after a short key:
# "INC 0012345", "EIR 2024/0456"); not a date, a time, an IP address, a version or an amount.
_REF_CELL = regex.compile(
    r"(?=[^\n]*\d)(?:[A-Za-z0-9][A-Za-z0-9/_.#-]{2,23}|[A-Za-z]{2,6}[ ][A-Za-z0-9/_.#-]*\d[A-Za-z0-9/_.#-]*)"
)
_NOT_REF_CELL = regex.compile(
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}(?:T.*)?|\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[ap]m)?"
    r"|\d{1,3}(?:\.\d{1,3}){3}(?:/\d+)?|v?\d+(?:\.\d+)+%?|\d{1,2}|[+-]?\d+%",
    regex.IGNORECASE,
)
_MAX_ROWS = 200


def _ref_cell(cell: str) -> bool:
    return bool(_REF_CELL.fullmatch(cell)) and not _NOT_REF_CELL.fullmatch(cell)


def _shape(cell: str) -> str:
    """Runs of letters -> A, of digits -> 9, other characters kept: HR-2291 and HR-10234 are both A-9."""
    return regex.sub(r"\d+", "9", regex.sub(r"[A-Za-z]+", "A", cell))


def column_references(text: str) -> list[tuple[int, int]]:
    """Spans of the cells under a reference column header.

    Two layouts. Cells on lines of their own (how a PDF table extracts): the header row is the run of
    short lines without digits around the header cell, so its width n and the column k are known, and
    the k-th line of each following group of n is the column's cell. A cell that wraps onto two lines
    shifts the rows after it, so once two cells agree, any later line of the same shape (HR-2291,
    HR-10234) before a blank line or prose is taken too. Rows on one line (text, Markdown, a log):
    the header line's cells split at "|", tabs or two spaces, and the k-th cell of each following row."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):  # a Python loop over lines costs less than a regex scan of every line
        end = start + len(line)
        if len(line) <= 40 and _HEADER_LINE.fullmatch(line):
            spans.extend(_cells_per_line(text, start, end))
        elif "|" in line or "\t" in line or "  " in line:
            cells = _split_cells(line, start)
            index = next((i for i, (_s, _e, c) in enumerate(cells) if _HEADER_CELL.fullmatch(c)), None)
            if index is not None and len(cells) > 1:
                spans.extend(_cells_in_rows(text, end, index, len(cells)))
        start = end + 1
    return spans


def _split_cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    cells, pos = [], 0
    for sep in [*_CELL_SPLIT.finditer(line), None]:
        end = sep.start() if sep else len(line)
        if end > pos or (sep and sep.group().strip() == "|"):
            cells.append((offset + pos, offset + end, line[pos:end]))
        pos = sep.end() if sep else len(line)
    # "| a | b |" has an empty first and last cell, which are not columns
    while cells and not cells[0][2] and line.lstrip().startswith("|"):
        cells.pop(0)
    while cells and not cells[-1][2]:
        cells.pop()
    return cells


def _cells_in_rows(text: str, pos: int, index: int, width: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in _lines(text, pos + 1, _MAX_ROWS, 1) if pos < len(text) else []:
        line = text[start:end]
        if not line.strip():
            break
        if _RULE.fullmatch(line):
            continue  # a Markdown rule "|---|---|"
        cells = _split_cells(line, start)
        if len(cells) < 2:
            break
        if index < len(cells) and _ref_cell(cells[index][2]) and len(cells) <= width + 1:
            spans.append(cells[index][:2])
    return spans


def _lines(text: str, start: int, stop: int, step: int) -> list[tuple[int, int]]:
    """Up to `stop` line spans from the line at `start`, walking forwards (step 1) or backwards (-1)."""
    out: list[tuple[int, int]] = []
    pos = start
    while 0 <= pos <= len(text) and len(out) < stop:
        if step > 0:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            out.append((pos, end))
            pos = end + 1
            if end >= len(text):
                break
        else:
            if pos == 0:
                break
            begin = text.rfind("\n", 0, pos - 1) + 1
            out.append((begin, pos - 1))
            pos = begin
    return out


def _header_cell(line: str) -> bool:
    return 0 < len(line) <= 30 and not any(c.isdigit() for c in line) and not line.rstrip().endswith((".", ","))


def _cells_per_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    before = _lines(text, start, 12, -1)
    after = _lines(text, end + 1, 600, 1) if end < len(text) else []
    head_before = []
    for s, e in before:
        if not _header_cell(text[s:e].strip()):
            break
        head_before.append((s, e))
    head_after = []
    for s, e in after:
        if not _header_cell(text[s:e].strip()):
            break
        head_after.append((s, e))
    body = []
    for s, e in after[len(head_after):]:  # the table ends at a blank line or a line of prose
        if not text[s:e].strip() or e - s > 70:
            break
        body.append((s, e))
    if not body:
        return []
    # Where the rows start: lines shaped like the first cell (times, dates, a first column of IDs). A
    # cell that wraps onto two lines moves the rest of its row down, so rows are found by this anchor
    # rather than by counting lines; the column is then the k-th line of each row, which holds while the
    # cells before it do not wrap.
    anchor = _shape(text[body[0][0]:body[0][1]].strip())
    starts = [i for i, (s, e) in enumerate(body) if _shape(text[s:e].strip()) == anchor]
    # The header row may have a title or a heading above it ("Actions taken"), so the header cell's
    # column k is not known exactly: every k that puts a reference-shaped cell in most rows is taken
    # (two reference columns side by side, "Ticket" and "Case ref", are both found).
    # A row is never shorter than the header (a cell can wrap onto more lines, not fewer), which bounds k.
    shortest = min((b - a for a, b in zip(starts, starts[1:], strict=False)), default=len(body))
    scores: dict[int, list[tuple[int, int]]] = {}
    for k in range(min(len(head_before), shortest - 1 - len(head_after)) + 1):
        cells = []
        for row, i in enumerate(starts):
            nxt = starts[row + 1] if row + 1 < len(starts) else len(body)
            if i + k < nxt:
                s, e = body[i + k]
                if _ref_cell(text[s:e].strip()):
                    lead = len(text[s:e]) - len(text[s:e].lstrip())
                    cells.append((s + lead, s + lead + len(text[s:e].strip())))
        if len(cells) >= max(2, 0.6 * len(starts)) or (len(starts) == 1 and cells):
            scores[k] = cells
    if not scores:
        return []
    best = max(len(c) for c in scores.values())
    return [span for cells in scores.values() if len(cells) == best for span in cells]

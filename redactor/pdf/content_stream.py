"""Content streams made safe for MuPDF's content filter, which every removal and the cleaning save run.

The filter (pdf-op-filter.c, behind apply_redactions, Document.scrub(clean_pages=True) and
save(clean=True)) keeps what it does not remove where it was, with two exceptions seen on real producers'
files (issue 19), both fixed here by rewriting the stream *before* filtering into an equivalent one the
filter handles:

1. Line moves by the leading. The filter writes every text move it keeps as TD, which also sets the leading
   (TL) to minus its vertical offset. A producer that goes to the next line with T*, ' or " (Ghostscript
   does) relies on the leading it set itself: after filtering, each such line lands elsewhere (up the page,
   onto another line, or off the page), surviving text is misplaced and withheld text leaves its box. Every
   T*, ' and " is therefore written as the Td move it stands for (PDF 32000-1, 9.4.2: T* is "0 -TL Td",
   ' is "T* string Tj", " is "aw Tw ac Tc string '"), on every page, before anything is filtered.

2. A removal at the end of a text object. The filter carries the width of removed glyphs forward as an
   adjustment that only a Td, TD, Tm or T* clears. When the last glyphs of a text object are removed and
   the next text object shows text before any move (a first filtering pass drops "0 0 Td" after BT, which
   is where matplotlib starts each line), the whole next line is pushed right by that width. So, just
   before a pass that removes text from a page where some text object shows text before moving, "0 0 Td"
   (no move: after BT the text matrix is the identity) is written after every BT of the page, so that the
   filter clears the adjustment there. (The redaction's own text pass runs first, on the producer's
   stream, where text objects nearly always start with a move: the rewrite is then rarely needed.)
"""

from __future__ import annotations

import re

import pymupdf

_WHITE = rb"\x00\t\n\x0c\r "
_DELIM = rb"/\[\]()<>{}%"
_TOKEN = re.compile(rb"(?P<ws>[" + _WHITE + rb"]+)|(?P<comment>%[^\r\n]*)|(?P<lit>\()"
                    rb"|(?P<hex><[0-9A-Fa-f" + _WHITE + rb"]*>)|(?P<dict><<|>>)|(?P<arr>[\[\]{}])"
                    rb"|(?P<name>/[^" + _WHITE + _DELIM + rb"]*)|(?P<word>[^" + _WHITE + _DELIM + rb"]+)")
_END_INLINE_IMAGE = re.compile(rb"[" + _WHITE + rb"]EI(?=[" + _WHITE + _DELIM + rb"]|$)")
# cheap tests first: T*, ' or " where an operator can stand (an apostrophe inside a word is not one), BT
_LINE_MOVE = re.compile(rb"(?:^|[" + _WHITE + rb"\])>])(?:T\*|'|\")(?=[" + _WHITE + rb"\[(<%/]|$)")
_BT = re.compile(rb"(?:^|[" + _WHITE + rb"\])>}])BT(?=[" + _WHITE + _DELIM + rb"]|$)")
_ARITY = {b"T*": 0, b"'": 1, b'"': 3}
_OPERATOR_END = rb"(?=[" + _WHITE + _DELIM + rb"]|$)"
_AFTER = rb"(?<![^" + _WHITE + rb"\])>}])"  # at the start, or after white space or a delimiter
_ET = re.compile(_AFTER + rb"ET" + _OPERATOR_END)
_MOVE = re.compile(_AFTER + rb"(?:Td|TD|Tm|T\*|'|\")" + _OPERATOR_END)
_SHOW = re.compile(_AFTER + rb"(?:Tj|TJ)" + _OPERATOR_END)


def shows_before_moving(data: bytes) -> bool:
    """Some text object of `data` shows text before any move (point 2 of the module docstring). A cheap
    look at the operators (a string that spells "Td" could hide one: the rewrite is then skipped)."""
    for m in _BT.finditer(data):
        et = _ET.search(data, m.end())
        stop = et.start() if et else len(data)
        show = _SHOW.search(data, m.end(), stop)
        if show is not None and _MOVE.search(data, m.end(), show.start()) is None:
            return True
    return False


def _literal_end(data: bytes, i: int) -> int:
    """The index after the literal string starting at data[i] == '(' (nested brackets, escapes)."""
    depth, j, n = 1, i + 1, len(data)
    while j < n:
        c = data[j]
        if c == 0x5C:  # backslash: the next byte is escaped
            j += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if not depth:
                return j + 1
        j += 1
    return n


def _number(token: bytes) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def rewrite(data: bytes, leading: float | None = 0.0, reset_after_bt: bool = False
            ) -> tuple[bytes | None, float | None]:
    """`data` with every T*, ' and " written as the Td move it makes, and (with `reset_after_bt`) "0 0 Td"
    after every BT (module docstring); and the leading in force at its end, for the next stream of the same
    page. `leading` is the leading at its start: 0 for a page, None (unknown) for a form XObject.
    (None, None) if a line is moved while the leading is unknown; `data` itself if nothing changed."""
    out: list[bytes] = []
    saved: list[float | None] = []
    operands: list[tuple[int, bytes]] = []  # (start, token) since the last operator
    copied = i = 0
    n = len(data)
    while i < n:
        m = _TOKEN.match(data, i)
        if m is None:
            i += 1
            continue
        kind = m.lastgroup
        if kind == "lit":
            end = _literal_end(data, i)
            operands.append((i, data[i:end]))
            i = end
            continue
        end = m.end()
        token = m.group()
        if kind in ("ws", "comment"):
            i = end
            continue
        if kind != "word" or _number(token) is not None or token in (b"true", b"false", b"null"):
            operands.append((i, token))
            i = end
            continue
        if token == b"ID":  # inline image data: binary, up to EI
            e = _END_INLINE_IMAGE.search(data, end)
            i, operands = (e.end() if e else n), []
            continue
        if token == b"q":
            saved.append(leading)
        elif token == b"Q":
            leading = saved.pop() if saved else leading
        elif token == b"TL" and operands:
            leading = _number(operands[-1][1])
        elif token == b"TD" and len(operands) >= 2:
            ty = _number(operands[-1][1])
            leading = None if ty is None else -ty
        elif token == b"BT" and reset_after_bt:
            out += [data[copied:end], b" 0 0 Td "]
            copied = end
        elif token in _ARITY:
            if leading is None or len(operands) < _ARITY[token]:
                return None, None
            move = b"0 " + pymupdf.format_g(-leading).encode() + b" Td"
            if token == b"T*":
                start, replacement = i, move
            elif token == b"'":
                start, replacement = operands[-1][0], move + b" " + operands[-1][1] + b" Tj"
            else:
                (start, aw), (_s, ac), (_t, text) = operands[-3:]
                replacement = aw + b" Tw " + ac + b" Tc " + move + b" " + text + b" Tj"
            out += [data[copied:start], b" ", replacement, b" "]
            copied = end
        operands = []
        i = end
    if not out:
        return data, leading
    out.append(data[copied:])
    return b"".join(out), leading


def explicit_line_moves(data: bytes, leading: float | None = 0.0) -> tuple[bytes | None, float | None]:
    """rewrite() for the line moves only."""
    return rewrite(data, leading)


def _rewrite_streams(doc: pymupdf.Document, xrefs: list[int], leading: float | None, reset: bool) -> int:
    """rewrite() over streams that run one after the other (a page's contents), as far as one of them needs
    it; a stream is read token by token only then. Returns how many were changed."""
    # a /Contents entry that names a missing or non-stream object is an empty stream (MuPDF reads it so)
    xrefs = [xref if 0 < xref < doc.xref_length() and doc.xref_is_stream(xref) else 0 for xref in xrefs]
    datas = [(doc.xref_stream(xref) if xref else b"") or b"" for xref in xrefs]
    reset = reset and shows_before_moving(b"\n".join(datas))
    wanted = _BT if reset else _LINE_MOVE
    last = max((k for k, data in enumerate(datas) if wanted.search(data) or _LINE_MOVE.search(data)), default=-1)
    changed = 0
    for xref, data in zip(xrefs[:last + 1], datas[:last + 1], strict=True):
        new, leading = rewrite(data, leading, reset)
        if new is None:
            break
        if new is not data and xref:
            doc.update_stream(xref, new)
            changed += 1
    return changed


def _page_streams(doc: pymupdf.Document, page: pymupdf.Page, reset: bool, seen: set[int]) -> int:
    changed = _rewrite_streams(doc, page.get_contents(), 0.0, reset)
    for xref, *_rest in page.get_xobjects():  # forms are filtered too (instance_forms)
        if (reset or xref not in seen) and doc.xref_is_stream(xref):
            seen.add(xref)
            changed += _rewrite_streams(doc, [xref], None, reset)
    return changed


def fix_line_moves(doc: pymupdf.Document) -> int:
    """Every page's T*, ' and " (and those of the form XObjects it uses) written as Td moves, before any
    filtering. A form that moves lines before setting a leading of its own (it inherits its caller's) is
    left as it is. Returns how many streams were rewritten."""
    seen: set[int] = set()
    return sum(_page_streams(doc, page, False, seen) for page in doc)


def before_text_removal(page: pymupdf.Page) -> int:
    """Call just before a pass that removes text from `page`: "0 0 Td" after every BT of its streams (and
    its forms') if one of them shows text before moving, with the line moves made explicit too."""
    return _page_streams(page.parent, page, True, set())

"""Two facts read from, and one fix made to, TrueType/OpenType font files (the "sfnt" container), with no
font library: which family an embedded font's OS/2 table says it is, and a font file whose character map
gives each glyph one character.

Why the fix: when MuPDF embeds a font for a TextWriter it writes the font's ToUnicode map by walking the
font's character map and keeping, for each glyph, the last character that maps to it. Liberation Sans
draws U+0020 SPACE and U+00A0 NO-BREAK SPACE with one glyph (and '-' and the soft hyphen, ';' and the Greek
question mark, ...), so every space of a re-typeset tail read back as U+00A0, and every hyphen as a soft
hyphen that text extraction drops. `one_char_per_glyph` rebuilds the file with a character map that keeps,
for each glyph, its first character (never one in the Private Use Area).
"""

from __future__ import annotations

import math
import struct

import pymupdf

_SFNT = (b"\x00\x01\x00\x00", b"OTTO", b"true")


def _tables(data: bytes) -> dict[bytes, tuple[int, int]] | None:
    """Table tag -> (offset, length), or None if `data` is not an sfnt font file."""
    if len(data) < 12 or data[:4] not in _SFNT:
        return None
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for i in range(min(count, 256)):
        if 12 + 16 * i + 16 > len(data):
            return None
        tag, _sum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if offset + length <= len(data):
            tables[tag] = (offset, length)
    return tables


def os2_family(data: bytes) -> str | None:
    """"sans" | "serif" | "mono" from the OS/2 table: PANOSE for Latin text (proportion 9 is monospaced,
    serif style 11-15 sans, 2-10 serif), else the IBM family class (8 sans serif, 1-7 serifs); None if
    the file has no such table (a CFF or Type1 program, LibreOffice's subsets) or it says nothing."""
    where = (_tables(data) or {}).get(b"OS/2")
    if where is None or where[1] < 42:
        return None
    offset = where[0]
    family_class = data[offset + 30]
    kind, serif_style, proportion = data[offset + 32], data[offset + 33], data[offset + 35]
    if kind == 2 and proportion == 9:
        return "mono"
    if kind == 2 and serif_style >= 11:
        return "sans"
    if kind == 2 and 2 <= serif_style <= 10:
        return "serif"
    return "sans" if family_class == 8 else "serif" if 1 <= family_class <= 7 else None


def _checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _cmap(chars: dict[int, int]) -> bytes:
    """A cmap table of one format 4 subtable (Windows, Unicode BMP), plus format 12 for characters
    beyond it: `chars` is character -> glyph."""
    segments: list[list[int]] = []  # [first, last, delta]: runs of characters whose glyphs run alike
    for c in sorted(c for c in chars if c < 0xFFFF):
        delta = (chars[c] - c) & 0xFFFF
        if segments and segments[-1][1] == c - 1 and segments[-1][2] == delta:
            segments[-1][1] = c
        else:
            segments.append([c, c, delta])
    segments.append([0xFFFF, 0xFFFF, 1])
    n = len(segments)
    power = 2 ** int(math.log2(n))
    body = struct.pack(f">{n}H", *(s[1] for s in segments)) + b"\0\0" \
        + struct.pack(f">{n}H", *(s[0] for s in segments)) + struct.pack(f">{n}H", *(s[2] for s in segments)) \
        + b"\0\0" * n
    format4 = struct.pack(">7H", 4, 14 + len(body), 0, 2 * n, 2 * power, int(math.log2(n)), 2 * n - 2 * power) + body
    wide = sorted(c for c in chars if c > 0xFFFF)
    subtables = [(3, 1, format4)]
    if wide:
        groups = b"".join(struct.pack(">3I", c, c, chars[c]) for c in wide)
        subtables.append((3, 10, struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, len(wide)) + groups))
    head = struct.pack(">HH", 0, len(subtables))
    offset, records, data = 4 + 8 * len(subtables), b"", b""
    for platform, encoding, table in subtables:
        records += struct.pack(">HHI", platform, encoding, offset + len(data))
        data += table
    return head + records + data


def _with_table(data: bytes, tables: dict[bytes, tuple[int, int]], tag: bytes, new: bytes) -> bytes:
    """The font file with table `tag` replaced (the others copied as they are, 4-byte aligned)."""
    parts = {t: data[o:o + n] for t, (o, n) in tables.items()}
    parts[tag] = new
    count = len(parts)
    power = 2 ** int(math.log2(count))
    out = bytearray(data[:4] + struct.pack(">HHHH", count, 16 * power, int(math.log2(count)), 16 * (count - power)))
    offset = 12 + 16 * count
    body = bytearray()
    for t in sorted(parts):
        table = parts[t]
        out += struct.pack(">4sIII", t, _checksum(table), offset + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    return bytes(out + body)


def one_char_per_glyph(data: bytes) -> bytes:
    """The font file with a character map in which no two characters share a glyph (module docstring):
    each glyph keeps its lowest character outside the Private Use Area. The file as it is if it has no
    shared glyphs or is not an sfnt font file."""
    tables = _tables(data)
    if not tables or b"cmap" not in tables:
        return data
    font = pymupdf.Font(fontbuffer=data)
    by_glyph: dict[int, list[int]] = {}
    for c in font.valid_codepoints():
        glyph = font.has_glyph(c)
        if glyph:
            by_glyph.setdefault(glyph, []).append(c)
    if all(len(chars) == 1 for chars in by_glyph.values()):
        return data
    chars = {min(cs, key=lambda c: (0xE000 <= c <= 0xF8FF, c)): glyph for glyph, cs in by_glyph.items()}
    return _with_table(data, tables, b"cmap", _cmap(chars))

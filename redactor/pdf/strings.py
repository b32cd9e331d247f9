"""PDF string syntax: literal (...) and hex <...> strings decoded (escapes, octal, UTF-16BE, UTF-8),
every string in an object or content stream, and the free-text keys (/ActualText, /Alt, /T, ...)."""

from __future__ import annotations

import re

_PDF_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "(": "(", ")": ")", "\\": "\\"}
# Keys whose string values are free text an author or a tool wrote (structure tree, marked content,
# annotations, actions, forms); matched as raw key/value pairs in every object and content stream.
_TEXT_KEYS = re.compile(rb"/(ActualText|Alt|E|T|TU|TM|Contents|RC|Subj|JS|URI|F|UF|Desc|V|DV|Title|Author|"
                        rb"Subject|Keywords|Creator|Producer|Lang|P|Name)\s*(?=\(|<(?!<))")
_STRING_START = re.compile(rb"\((?!\))|<(?!<)[0-9A-Fa-f\s]+>")


def decode_pdf_bytes(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1")


def read_pdf_string(src: bytes, i: int) -> tuple[str, int]:
    """Decode the literal (...) or hex <...> string starting at src[i]; return it and the index after it."""
    if src[i:i + 1] == b"<":
        end = src.find(b">", i)
        end = len(src) if end < 0 else end
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", src[i + 1:end])
        if len(digits) % 2:
            digits += b"0"
        return decode_pdf_bytes(bytes.fromhex(digits.decode())), end + 1
    out = bytearray()
    depth, j = 1, i + 1
    while j < len(src) and depth:
        c = src[j:j + 1]
        if c == b"\\" and j + 1 < len(src):
            nxt = src[j + 1:j + 2].decode("latin-1")
            if nxt in _PDF_ESCAPES:
                out += _PDF_ESCAPES[nxt].encode("latin-1")
                j += 2
            elif nxt.isdigit():
                octal = re.match(rb"[0-7]{1,3}", src[j + 1:j + 4])
                out.append(int(octal.group(), 8) & 0xFF if octal else 0)
                j += 1 + (len(octal.group()) if octal else 1)
            else:
                j += 2  # line continuation or unknown escape: dropped
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if not depth:
                break
        out += c
        j += 1
    return decode_pdf_bytes(bytes(out)), j + 1


def pdf_strings(src: bytes) -> list[str]:
    """Every literal and hex string in a PDF object or content stream, decoded (escapes, UTF-16)."""
    strings, i = [], 0
    while True:
        m = _STRING_START.search(src, i)
        if not m:
            return strings
        text, i = read_pdf_string(src, m.start())
        if text.strip():
            strings.append(text)


def keyed_strings(src: bytes) -> list[tuple[str, str]]:
    """(key, decoded value) for every free-text key (see _TEXT_KEYS) followed by a string in `src`."""
    return [(m.group(1).decode(), read_pdf_string(src, m.end())[0]) for m in _TEXT_KEYS.finditer(src)]


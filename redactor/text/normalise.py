"""Text as a requester would search it (NFKC, case-folded, whitespace collapsed, line-break hyphenation
undone), whole-word counting, and Haystack: one normalised text searched for many needles fast.

Verification counts withheld text this way; the pipeline and the schedule compare texts with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator


def normalise(text: str) -> str:
    """Compare text as a requester would search it: NFKC, case-folded, whitespace collapsed."""
    return _collapse(unicodedata.normalize("NFKC", text).replace("\u00ad", ""))


def _collapse(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)
    # = re.sub(r"\s+", " ", text).strip(), several times faster on the megabytes of a document's streams:
    # str.split() and the regex \s both use str.isspace (tests/stages/test_verify_speed_equivalence.py checks)
    return " ".join(text.split()).casefold()


_CHUNK = 1 << 20  # characters


def normalise_pieces(pieces: Iterable[str], chunk: int = _CHUNK) -> str:
    """normalise("\\n".join(pieces)), the same string, a chunk of pieces at a time: on a 1,000-page
    document's streams the one-shot version held a list of millions of words (str.split) and several
    whole copies, the largest thing verification had in memory.

    A cut between two pieces changes nothing: NFKC never composes across a newline, and whitespace
    collapses to the one space the chunks are joined with. The one thing that reaches across is
    line-break dehyphenation ("Raghu-" newline "nathan"), so no cut is made after a piece whose
    normalised text ends with a hyphen (tests/stages/test_verify_speed_equivalence.py checks all of this)."""
    out: list[str] = []
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= chunk:
            text = unicodedata.normalize("NFKC", "\n".join(buffer)).replace("\u00ad", "")
            if text.rstrip().endswith("-"):
                continue  # the hyphen may join the next piece: cut later
            out.append(_collapse(text))
            buffer, size = [], 0
    if buffer:
        out.append(normalise("\n".join(buffer)))
    return " ".join(part for part in out if part)


def split_lines(text: str, size: int = _CHUNK) -> Iterator[str]:
    """`text` cut at newlines into pieces of about `size` characters: "\\n".join(pieces) == text."""
    start = 0
    while True:
        cut = text.find("\n", start + size)
        if cut == -1:
            yield text[start:]
            return
        yield text[start:cut]
        start = cut + 1


def count_occurrences(needle: str, haystack: str) -> int:
    """Occurrences of normalised `needle` in normalised `haystack` as a whole word/phrase."""
    if not needle or needle not in haystack:  # plain substring test first: most needles are absent
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_SHORT_TEXT = 4096  # characters; see Haystack.count
_SCANS = 256  # str.find scans before indexing the words: an index costs 150-240 scans (measured)


class Haystack:
    """A normalised text searched for many needles, as count_occurrences would, in time proportional to
    the needle's candidate positions rather than the text's length: a 1,000-page document has thousands
    of withheld passages, and scanning the whole text for each made verification quadratic.

    Positions are indexed by the whole word that starts there; a needle is compared only where its first
    word starts (those positions satisfy the leading word boundary by construction). Indexing costs a
    Python step per word, so the first few needles (all of them for a short text or a small document)
    are found by str.find scans instead, which run at memory speed and mostly answer "absent".

    `needles`, when the caller knows them all in advance, limits the index to their first words: a
    1,000-page document's decoded streams hold millions of words (operators, numbers) that no needle
    starts with, and a position list for each is time and memory spent for nothing. Other needles are
    still counted right, by scanning."""

    def __init__(self, text: str, needles: Iterable[str] | None = None):
        self.text = text
        self._counts: dict[str, int] = {}
        self._starts: dict[str, list[int]] | None = None
        self._scans = 0
        self._firsts: frozenset[str] | None = None
        if needles is not None:
            self._firsts = frozenset(m.group() for m in map(_WORD.match, needles) if m is not None)

    def _index(self) -> dict[str, list[int]]:
        if self._starts is None:
            self._starts = {}
            if self._firsts is None:
                for m in _WORD.finditer(self.text):
                    self._starts.setdefault(m.group(), []).append(m.start())
            else:
                starts = self._starts = {word: [] for word in self._firsts}
                for m in _WORD.finditer(self.text):
                    positions = starts.get(m.group())
                    if positions is not None:
                        positions.append(m.start())
        return self._starts

    def _scan(self, needle: str) -> int:
        """count_occurrences by str.find: whole-word, non-overlapping, left to right, like re.findall."""
        text, size, n = self.text, len(needle), 0
        pos = text.find(needle)
        while pos != -1:
            if (pos == 0 or not _WORD_CHAR.match(text, pos - 1)) and not _WORD_CHAR.match(text, pos + size):
                n += 1
                pos = text.find(needle, pos + size)
            else:
                pos = text.find(needle, pos + 1)
        return n

    def count(self, needle: str) -> int:
        n = self._counts.get(needle)
        if n is None:
            first = _WORD.match(needle)
            if not needle or first is None:  # starts with punctuation: a plain scan
                n = count_occurrences(needle, self.text)
            elif (self._starts is None and (len(self.text) <= _SHORT_TEXT or self._scans < _SCANS)) or (
                    self._firsts is not None and first.group() not in self._firsts):
                self._scans += 1
                n = self._scan(needle)
            else:
                text, size, n, free_from = self.text, len(needle), 0, 0
                for pos in self._index().get(first.group(), ()):  # in order; no overlaps, like findall
                    if pos >= free_from and text.startswith(needle, pos) and not _WORD_CHAR.match(text, pos + size):
                        n, free_from = n + 1, pos + size
            self._counts[needle] = n
        return n

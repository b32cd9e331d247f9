"""Shared base for the regex recognizers: PATTERNS / CONTEXT / ENTITY as class constants, and the same
regex flags in unit tests as in production (Presidio's own default adds IGNORECASE, which would make
"May" or "Will" match as names and "ico" as an ICO reference).

Speed notes for pattern authors (every pattern runs on every page, at every character position):
- A pattern that starts with a variable-length lookbehind runs that lookbehind at every position. Put
  a cheap zero-width test of what the match itself must start with *before* the lookbehind
  ("(?=\\d{6})(?<=\\bacct[^\\d]{0,12})\\d{6,10}"): the lookarounds at one position commute, so the
  findings do not change, but the expensive one then runs only where a match could start. Measure it:
  a test that is itself tried at every position can cost more than a short lookbehind that fails fast.
- A pattern that can only match when some keyword occurs on the page can say so with `GatedPattern`:
  the page is searched once for the gate, and the pattern is skipped when it is absent.
- A pattern that starts with a character class (or \\b and a class) is scanned far faster than one that
  starts with a lookaround.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

# The flags redactor.detect passes to every analyze() call; use (?i) inside a pattern where wanted.
REGEX_FLAGS = regex.DOTALL | regex.MULTILINE


class GatedPattern(Pattern):
    """A Pattern that cannot match unless `gate` matches somewhere in the same text.

    The gate must be a necessary condition, which it is when it is (a part of) a lookbehind or another
    required piece of the pattern copied verbatim: every match of `regex` implies a match of `gate`. It
    is searched with the same flags as the pattern, over the whole text (so \\b and ^ mean the same)."""

    def __init__(self, name: str, regex: str, score: float, gate: str) -> None:
        super().__init__(name, regex, score)
        self.gate = gate


class _GatedRegex:
    """Stands in for a compiled pattern in Presidio's matching loop, which only calls finditer()."""

    __slots__ = ("compiled", "gate")

    def __init__(self, compiled: regex.Pattern[str], gate: regex.Pattern[str]) -> None:
        self.compiled = compiled
        self.gate = gate

    def finditer(self, text: str, *args: Any, **kwargs: Any) -> Iterator[regex.Match[str]]:
        if self.gate.search(text) is None:
            return iter(())
        return self.compiled.finditer(text, *args, **kwargs)


def instance_pattern(p: Pattern) -> Pattern:
    """A per-instance copy of a class-level pattern (Presidio caches the compiled regex on it), compiled
    now with REGEX_FLAGS so that analyze() never compiles. Presidio recompiles if called with other
    flags, which drops the gate and keeps the results."""
    gate = getattr(p, "gate", None)
    copy = GatedPattern(p.name, p.regex, p.score, gate) if gate else Pattern(p.name, p.regex, p.score)
    compiled = regex.compile(p.regex, flags=REGEX_FLAGS)
    copy.compiled_regex = _GatedRegex(compiled, regex.compile(gate, flags=REGEX_FLAGS)) if gate else compiled
    copy.compiled_with_flags = REGEX_FLAGS
    return copy


def phrase_alternation(phrases: Sequence[str]) -> str:
    """A regex that, at a given position, matches the first phrase in `phrases` that fits, exactly as
    "(?:" + "|".join(map(regex.escape, phrases)) + ")" does, but grouped by first letter ("a(?:sthma|nxiety)
    |d(?:iabetes)"): the regex module tries a flat alternation's branches one by one at every position,
    and here it compares one letter per group. Phrases with different first letters never both fit at one
    position, and the order within a letter is kept, so the matches are the same. Grouping is by the
    lower-cased letter, for use inside (?i:...)."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[:1].lower(), []).append(phrase[1:])
    return "(?:" + "|".join(
        f"{regex.escape(first)}(?:{'|'.join(regex.escape(rest) for rest in rests)})" for first, rests in groups.items()
    ) + ")"


# Boundaries of a repeated reference (see REPEAT_MATCHES); matched at one position, looking around it.
_REPEAT_BEFORE = regex.compile(r"(?<![\w/-])")
_REPEAT_AFTER = regex.compile(r"(?![\w/-]|\.\w)")


def repeat_spans(text: str, key: str) -> Iterator[tuple[int, int]]:
    """The spans regex.finditer(rf"(?<![\\w/-]){regex.escape(key)}(?![\\w/-]|\\.\\w)", text) returns, found
    with str.find: compiling a pattern per reference per page cost more than all the matching."""
    n = len(key)
    i = text.find(key)
    while i >= 0:
        end = i + n
        if _REPEAT_BEFORE.match(text, i) and _REPEAT_AFTER.match(text, end):
            yield i, end
            i = text.find(key, end)  # finditer resumes after a (non-empty) match
        else:
            i = text.find(key, i + 1)


class RegexRecognizer(PatternRecognizer):
    """A PatternRecognizer configured entirely by class constants."""

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]] = []

    # References recur in a document ("Ticket SEC-1432" ... "the update on SEC-1432"): when True, every
    # other occurrence of a matched string on the page is reported too, context or not.
    REPEAT_MATCHES: ClassVar[bool] = False

    # Identifiers with hyphens (IC-841425-0YM4, NCSC-2021-34016) that a narrow column may break after a
    # hyphen: when True, the text around each such break is read again with the break taken out, and a
    # match that crosses it is reported (spanning the line break). Costs one short scan per break.
    HYPHEN_WRAPS: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=[instance_pattern(p) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            name=type(self).__name__,
            global_regex_flags=REGEX_FLAGS,
        )


    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if self.HYPHEN_WRAPS and "-\n" in text:
            wrapped = self._across_hyphen_breaks(text, entities, nlp_artifacts, regex_flags, results)
            if wrapped:  # the part before the break ("IC-841425" of "IC-841425-" / "0YM4") goes
                results = [r for r in results if not any(w.start <= r.start and r.end <= w.end for w in wrapped)]
                results += wrapped
        if not self.REPEAT_MATCHES or not results:
            return results
        seen = {(r.start, r.end) for r in results}
        best: dict[str, RecognizerResult] = {}
        for r in results:
            key = text[r.start:r.end]
            if key not in best or r.score > best[key].score:
                best[key] = r
        for key, r in best.items():
            for span in repeat_spans(text, key):
                if span not in seen:
                    seen.add(span)
                    results.append(RecognizerResult(r.entity_type, span[0], span[1], r.score,
                                                    r.analysis_explanation, r.recognition_metadata))
        return results


    def _across_hyphen_breaks(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None,
                              regex_flags: int | None, found: list[RecognizerResult]) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _HYPHEN_BREAK.finditer(text):
            i = m.start()  # the line break, after the hyphen
            if any(r.start <= i < r.end for r in found + out):
                continue  # already inside a match
            lo, hi = max(0, i - _WRAP_BEFORE), min(len(text), i + _WRAP_AFTER)
            window = text[lo:i] + text[i + 1:hi]
            cut = i - lo
            for r in PatternRecognizer.analyze(self, window, entities, nlp_artifacts, regex_flags):
                if r.start < cut < r.end:  # crosses the break
                    r.start, r.end = r.start + lo, r.end + lo + 1
                    out.append(r)
        return out


_HYPHEN_BREAK = regex.compile(r"(?<=\w-)\n(?=\w)")
_WRAP_BEFORE, _WRAP_AFTER = 60, 40


# Where a sentence ends: at ". ", "! ", "? " (not after a title or an initial: "Mr. Seda Sener", "A. Abdou")
# and at a blank line.
SENTENCE_END = regex.compile(r"(?<!\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|Rev|Cllr|No|[A-Z]))[.!?](?:\s|$)|\n\s*\n")


def sentence_bounds(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """Where the sentence around text[start:end] begins and ends, at most `reach` characters either side:
    the context a recognizer reads to decide whether a match is about a person or an incident."""
    lo = max(0, start - reach)
    ends = list(SENTENCE_END.finditer(text[lo:start]))
    left = lo + ends[-1].end() if ends else lo
    after = SENTENCE_END.search(text, end, min(len(text), end + reach))
    return left, after.start() if after else min(len(text), end + reach)


def make_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float,
                explanation: str | None = None) -> RecognizerResult:
    """A result as Presidio's own recognizers make it: with the recognizer's name and id (the detector
    reads the name; Presidio's context enhancer finds the recognizer by id) and an explanation (the
    enhancer writes the supporting context word into it)."""
    return RecognizerResult(
        entity, start, end, score,
        AnalysisExplanation(recognizer.name, score, textual_explanation=explanation),
        recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                              RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id},
    )


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards (ISO/IEC 7812-1)."""
    nums = [int(c) for c in digits if c.isdigit()]
    if len(nums) < 2:
        return False
    total = 0
    for i, n in enumerate(reversed(nums)):
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0

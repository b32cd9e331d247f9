"""Stress probes on the dev half's values: more variety than the generated documents, for tuning only.

The generated dev half has a few hundred addresses, identifiers and names, laid out by the generator's own
templates. These probes draw many more values from the same dev half (`Source("dev")`: no value of the
test half can appear) and set them in contexts written here, independently of `genres`:

- addresses: every country of `sources.ADDRESS_COUNTRIES` as an envelope block, a labelled one-line
  address and a one-line address in a sentence, optionally broken over a line at a random space;
- identifiers: NINO, NHS, SSN, passport, licence, card, date of birth, MAC, GUID, phone, CVE, references,
  host names and IBANs after a label and in a sentence, optionally broken at a space or after a hyphen
  (as a narrow column breaks them); references as another body's (the organisation's own FOI reference
  is kept by design);
- people: sentences of several shapes (lists, lower case, possessives, single names, initials) laid out
  as a PDF in a narrow column and run through detect + decide.

The first two run the recognizers alone (no spaCy); the third runs the whole detector. Numbers here are
for finding classes of misses on the dev side; the test half stays the only measure that counts.

Run: `python -m evaluation.stress [--seed N] [--rounds N] [--wrap] [--people N] [--show N]`.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys

import pymupdf
import regex

from evaluation import sources as src
from evaluation.legacy import ToolRunner, _covered, extract_pages
from recognizers import RECOGNIZERS
from recognizers._base import REGEX_FLAGS

_SKIP = {"ner_person", "given_name", "health"}  # need the NLP pipeline or the whole detector


def _recognizers() -> list:
    return [RECOGNIZERS[n]() for n in RECOGNIZERS if n not in _SKIP]


def _spans(recs: list, text: str, threshold: float = 0.35) -> list[tuple[int, int]]:
    out = []
    for r in recs:
        try:
            res = r.analyze(text, r.supported_entities, None, regex_flags=REGEX_FLAGS)
        except TypeError:  # not a PatternRecognizer
            res = r.analyze(text, r.supported_entities, None)
        out += [(x.start, x.end) for x in res if x.score >= threshold]
    return out


def _covered_value(text: str, value: str, spans: list[tuple[int, int]]) -> bool:
    """Every non-space character of `value` (found with its spaces possibly broken) is in a span."""
    pat = "".join("[ \\n]" if c == " " else regex.escape(c) + ("\\n?" if c == "-" else "") for c in value)
    m = regex.search(pat, text)
    if m is None:
        raise ValueError(f"{value!r} not in {text!r}")
    return all(any(s <= k < e for s, e in spans) for k in range(m.start(), m.end()) if not text[k].isspace())


def _wrap(rng: random.Random, text: str, value: str) -> str:
    """Break `value` inside `text` at a random space or after a random hyphen."""
    i0 = text.find(value)
    cuts = [k for k in range(i0, i0 + len(value)) if text[k] == " "]
    cuts += [k + 1 for k in range(i0, i0 + len(value)) if text[k] == "-"]
    if not cuts:
        return text
    k = rng.choice(cuts)
    return text[:k] + "\n" + text[k + 1:] if text[k] == " " else text[:k] + "\n" + text[k:]


def addresses(rng: random.Random, rounds: int, wrap: bool) -> tuple[collections.Counter, list]:
    source, recs = src.Source("dev"), _recognizers()
    total, missed, examples = collections.Counter(), collections.Counter(), []
    for country in src.ADDRESS_COUNTRIES:
        for _ in range(rounds):
            a = source.address(rng, country)
            contexts = {
                "block": "Ms Jane Doe\n" + "\n".join(a.block()) + "\n12 March 2024\n",
                "labelled": f"Name: Jane Doe\nAddress: {', '.join([*a.street, a.locality])}\nPostcode: {a.postcode}\n",
                "sentence": f"The documents had been sent to {a.one_line()} in error. Ms Doe asked why.",
            }
            for context, text in contexts.items():
                if wrap and context != "block":
                    text = _wrap(rng, text, a.one_line() if context == "sentence" else a.street[0])
                spans = _spans(recs, text)
                for kind, value in [("STREET_ADDRESS", s) for s in a.street] + [("POSTCODE", a.postcode)]:
                    key = (f"{country} {kind}", context)
                    total[key] += 1
                    if not _covered_value(text, value, spans):
                        missed[key] += 1
                        examples.append((key, value, text))
    return _table(total, missed), examples


def identifiers(rng: random.Random, rounds: int, wrap: bool) -> tuple[collections.Counter, list]:
    source, recs = src.Source("dev"), _recognizers()
    kinds = {
        "nino": ("National Insurance number", lambda: source.value(rng, src.nino)),
        "nhs": ("NHS number", lambda: source.value(rng, src.nhs_number)),
        "ssn": ("Social Security number", lambda: source.value(rng, lambda r: src.faker("en_US", r).ssn())),
        "passport": ("Passport number", lambda: source.value(rng, src.passport)),
        "licence": ("Driving licence number",
                    lambda: source.value(rng, src.driving_licence, source.person(rng), source.dob(rng))),
        "card": ("Card number", lambda: source.value(rng, src.card_number, rng.choice(src.CARD_TYPES))),
        "dob": ("Date of birth", lambda: src.date_formats(rng, source.dob(rng))),
        "mac": ("MAC address", lambda: source.value(rng, src.mac_address)),
        "guid": ("Tenant ID", lambda: source.value(rng, src.guid).strip("{}")),
        "phone": ("Phone", lambda: source.phone(rng).text),
        "cve": ("Exploited vulnerability", lambda: source.value(rng, src.cve)),
        "reference": ("The other authority's reference", lambda: source.value(rng, src.reference, rng.choice(src.REFERENCE_KINDS))),
        "host": ("Host", lambda: source.value(rng, src.hostname)),
        "iban": ("IBAN", lambda: source.value(rng, src.iban)),
    }
    total, missed, examples = collections.Counter(), collections.Counter(), []
    for _ in range(rounds):
        for kind, (label, draw) in kinds.items():
            value = draw()
            for context, text in {"label": f"{label}: {value}\n",
                                  "sentence": f"The form gave the {label.lower()} {value} for the record."}.items():
                if wrap:
                    text = _wrap(rng, text, value)
                key = (kind, context)
                total[key] += 1
                if not _covered_value(text, value, _spans(recs, text)):
                    missed[key] += 1
                    examples.append((key, value, text))
    return _table(total, missed), examples


_PEOPLE_TEMPLATES = (
    "According to {full}, the laptop was left on the train.",
    "The complaint from {title} {full} was upheld in part.",
    "{full} said that the folder had been shared by mistake.",
    "We spoke to {given} on Tuesday; {given} confirmed the address.",
    "A copy was sent to {family} and to the team manager.",
    "The caseworker, {full}, has since left the council.",
    "Attendees included {full} and {full2}.",
    "Following the call, {title} {family} asked for a review.",
    "Please contact {full} if you have any questions.",
    "Notes taken by {full} ({initials}). {initials} will circulate them.",
    "The email was forwarded to {lower} by mistake.",
    "Present: {full}, {full2}, {full3}",
    "cc: {full}; {full2}",
    "Signed on behalf of the applicant by {full}.",
    "In her statement {given} explained that the letter never arrived.",
    "It was {full} who noticed the error.",
    "The records of {full}'s account were restored.",
)


def people(rng: random.Random, docs: int) -> tuple[collections.Counter, list]:
    source, runner = src.Source("dev"), ToolRunner(None)
    total, missed, examples = collections.Counter(), collections.Counter(), []
    for _ in range(docs):
        lines, gold = [], []
        for _ in range(14):
            template = rng.choice(_PEOPLE_TEMPLATES)
            ps = [source.person(rng) for _ in range(3)]
            values = {"full": ps[0].full, "full2": ps[1].full, "full3": ps[2].full, "given": ps[0].given,
                      "family": ps[0].family, "title": ps[0].title, "initials": ps[0].initials,
                      "lower": ps[0].full.lower()}
            lines.append(template.format(**values))
            gold += [(values[k], k) for k in values if "{" + k + "}" in template and k != "title"]
        doc = pymupdf.open()
        page = doc.new_page()
        page.insert_font(fontname="dv", fontfile="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        width = rng.choice([200, 260, 320])  # narrow columns, as two-column layouts and table cells have
        page.insert_textbox(pymupdf.Rect(50, 50, 50 + width, 800), "\n\n".join(lines), fontname="dv", fontsize=9)
        pages = extract_pages(doc.tobytes())
        spans = runner.spans(pages)
        for p in pages:
            mask = _covered(spans.get(p.number, []), len(p.text))
            for value, form in gold:
                pat = regex.escape(value).replace("\\ ", "[ \\n]").replace("\\-", "-\\n?")
                for m in regex.finditer(rf"(?<!\p{{L}}){pat}(?!\p{{L}})", p.text):
                    key = ("PERSON", form.rstrip("23"))
                    total[key] += 1
                    if not all(mask[i] for i in range(m.start(), m.end()) if not p.text[i].isspace()):
                        missed[key] += 1
                        examples.append((key, value, p.text[max(0, m.start() - 40):m.end() + 30]))
    return _table(total, missed), examples


def _table(total: collections.Counter, missed: collections.Counter) -> collections.Counter:
    return collections.Counter({k: (total[k] - missed[k], total[k]) for k in total})


def _print(title: str, table: collections.Counter, examples: list, show: int) -> None:
    got, n = sum(v[0] for v in table.values()), sum(v[1] for v in table.values())
    print(f"\n== {title}: recall {got / n:.3f} ({got}/{n})")
    for key in sorted(table):
        g, t = table[key]
        if g < t:
            print(f"  {' / '.join(key):<32} {g / t:.3f} ({g}/{t})")
    for key, value, text in examples[:show]:
        print(f"    miss {' / '.join(key)} {value!r}: {text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.stress", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=60, help="values per country / identifier kind")
    parser.add_argument("--wrap", action="store_true", help="break every value over a line")
    parser.add_argument("--people", type=int, default=20, help="pages of people (runs the detector; 0 skips)")
    parser.add_argument("--show", type=int, default=8, help="misses to print per probe")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    suffix = ", broken over a line" if args.wrap else ""
    _print(f"addresses (dev values{suffix})", *addresses(rng, args.rounds, args.wrap), args.show)
    _print(f"identifiers (dev values{suffix})", *identifiers(rng, args.rounds, args.wrap), args.show)
    if args.people:
        _print("people in narrow columns (dev values, detect + decide)", *people(rng, args.people), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fingerprints of a bundle: MinHash signatures of each document's text (duplicates), the people named
across the bundle (BundleNames), and hashes of the configuration and of a document's bundle names
(the ledger's redo decisions)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import zlib
from collections import defaultdict

import numpy as np

from redactor import __version__
from redactor.batch.ledger import AnalysisRow
from redactor.config.run import RunOptions
from redactor.text.names import COMMON_WORD_NAMES, MIN_PART, name_variants

NEAR_DUPLICATE = 0.9  # estimated Jaccard similarity of word 5-shingles


_PERMUTATIONS = 64


_BANDS = 16  # LSH: 16 bands of 4 rows finds pairs at similarity 0.9 with probability > 0.999


_PRIME = (1 << 31) - 1


_rng = np.random.default_rng(7)


_A = _rng.integers(1, _PRIME, _PERMUTATIONS, dtype=np.uint64)


_B = _rng.integers(0, _PRIME, _PERMUTATIONS, dtype=np.uint64)


def word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def minhash(words: list[str], shingle: int = 5) -> np.ndarray:
    """MinHash signature of the document's word shingles (all zeros for a document without text)."""
    if not words:
        return np.zeros(_PERMUTATIONS, dtype=np.uint64)
    grams = {" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    hashes = np.array([word_hash(g) % _PRIME for g in grams], dtype=np.uint64)
    return ((_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME).min(axis=1)


def clean_name(text: str) -> str:
    return " ".join(text.split())


def propagatable(name: str) -> bool:
    """A one-word name goes bundle-wide only if it could not be an ordinary word (as in decide)."""
    return " " in name or (len(name) >= MIN_PART and name.lower() not in COMMON_WORD_NAMES)


class BundleNames:
    """The people of a bundle, and which of them can occur in a given document.

    A name is relevant to a document when every word of one of its variants (full name, forename,
    surname: text.names.name_variants) is among the document's words. Word sets are compared as 32-bit
    hashes, so a collision can only make a name relevant when it is not, which costs a redo, never a
    missed redaction.
    """

    def __init__(self, names_by_doc: dict[str, list[str]]):
        self.names = sorted({n for names in names_by_doc.values() for n in names})
        self._variants: dict[str, list[set[int]]] = {}
        self._index: dict[int, set[str]] = defaultdict(set)
        for name in self.names:
            variants = [{word_hash(w) for w in re.findall(r"\w+", v.casefold())} for v in name_variants(name)]
            self._variants[name] = [v for v in variants if v]
            for v in self._variants[name]:
                for h in v:
                    self._index[h].add(name)

    def relevant(self, words: bytes) -> set[str]:
        present = set(np.frombuffer(words, dtype=np.uint32).tolist())
        candidates = set().union(*(self._index[h] for h in present if h in self._index))
        return {n for n in candidates if any(v <= present for v in self._variants[n])}


def names_hash(names: set[str] | frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(names)).encode()).hexdigest()


# Options that do not change what is withheld: where outputs go, the bundle (tracked per document as
# names_hash), config file paths (their content is in settings), who ran the job, the OCR cache folder,
# and the inputs' password (which must not reach the ledger or the batch report, not even hashed).
_NOT_HASHED = frozenset({"out_dir", "bundle_names", "config_files", "user", "ocr_cache", "password",
                         "convert_timeout"})


def _canonical(value: object) -> str:
    if hasattr(value, "model_dump_json"):
        return value.model_dump_json()
    if isinstance(value, frozenset | set):
        return json.dumps(sorted(_canonical(v) for v in value))
    if isinstance(value, tuple | list):
        return json.dumps([_canonical(v) for v in value])
    return repr(value)


def config_hash(options: RunOptions) -> str:
    """Everything that changes a document's output except the bundle: profile, settings, options."""
    parts = [f"redactor {__version__}"]
    for f in dataclasses.fields(options):
        if f.name not in _NOT_HASHED:
            parts.append(f"{f.name}={_canonical(getattr(options, f.name))}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def duplicates(analyses: dict[str, AnalysisRow]) -> list[dict]:
    """Groups of documents with the same text (exact) or nearly the same (MinHash, >= NEAR_DUPLICATE)."""
    groups: list[dict] = []
    by_text: dict[str, list[str]] = defaultdict(list)
    empty = hashlib.sha256(b"").hexdigest()
    for rel, a in sorted(analyses.items()):
        if a.text_sha256 != empty:
            by_text[a.text_sha256].append(rel)
    exact_of = {}
    for paths in by_text.values():
        if len(paths) > 1:
            groups.append({"kind": "exact", "similarity": 1.0, "documents": paths})
        exact_of.update({p: paths[0] for p in paths})
    # near duplicates among one representative of each exact group
    reps = {rel: np.frombuffer(analyses[rel].minhash, dtype=np.uint64) for rel in sorted(set(exact_of.values()))}
    rows = _PERMUTATIONS // _BANDS
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for rel, sig in reps.items():
        for b in range(_BANDS):
            buckets[(b, sig[b * rows:(b + 1) * rows].tobytes())].append(rel)
    parent = {rel: rel for rel in reps}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[frozenset, float] = {}
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = frozenset((a, b))
                if pair not in best:
                    best[pair] = float(np.mean(reps[a] == reps[b]))
                    if best[pair] >= NEAR_DUPLICATE:
                        parent[find(a)] = find(b)
    clusters: dict[str, list[str]] = defaultdict(list)
    for rel in reps:
        clusters[find(rel)].append(rel)
    for members in clusters.values():
        if len(members) > 1:
            sims = [s for pair, s in best.items() if pair <= set(members) and s >= NEAR_DUPLICATE]
            docs = sorted(p for m in members for p in by_text[analyses[m].text_sha256])
            groups.append({"kind": "near", "similarity": round(min(sims), 3), "documents": docs})
    return groups

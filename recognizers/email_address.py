"""Email addresses, validated against the public suffix list bundled with tldextract (no network)."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from recognizers._base import GatedPattern, instance_pattern

# Presidio's EmailRecognizer calls tldextract.extract(), whose default extractor downloads the public
# suffix list on first use. This one reads only the snapshot shipped inside the tldextract wheel.
OFFLINE_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    CONTEXT = ["email", "e-mail", "mail", "contact", "from", "to", "cc"]

    def __init__(self) -> None:
        # Presidio's address pattern, on per-instance copies (not its class-level Pattern objects, which
        # its own EmailRecognizer shares), skipped on pages without an "@", which every address has.
        patterns = [instance_pattern(GatedPattern(p.name, p.regex, p.score, gate="@")) for p in EmailRecognizer.PATTERNS]
        super().__init__(patterns=patterns, context=self.CONTEXT, name="OfflineEmailRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        # internal mail domains (corp.local, *.internal) have no public suffix but are still addresses
        result = OFFLINE_EXTRACTOR(pattern_text)
        return bool(result.fqdn) or "@" in pattern_text

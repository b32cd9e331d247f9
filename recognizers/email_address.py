"""Email addresses, validated against the public suffix list bundled with tldextract (no network)."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

# Presidio's EmailRecognizer calls tldextract.extract(), whose default extractor downloads the public
# suffix list on first use. This one reads only the snapshot shipped inside the tldextract wheel.
OFFLINE_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    CONTEXT = ["email", "e-mail", "mail", "contact", "from", "to", "cc"]

    def __init__(self) -> None:
        super().__init__(context=self.CONTEXT, name="OfflineEmailRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        # internal mail domains (corp.local, *.internal) have no public suffix but are still addresses
        result = OFFLINE_EXTRACTOR(pattern_text)
        return bool(result.fqdn) or "@" in pattern_text

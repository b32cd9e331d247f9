"""Which hardening steps run on a release (redactor.harden); a profile may switch some off."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HardenOptions:
    """Which hardening steps run. The defaults are the release settings: everything on."""

    keep_metadata: tuple[str, ...] = ()  # Info keys to keep if nothing sensitive was found in them, e.g. ("title",)
    annotations: str = "remove"  # "remove" all, or "flatten": bake non-sensitive ones into the page, drop the rest
    remove_javascript: bool = True  # JavaScript, OpenAction and additional actions
    remove_attachments: bool = True  # embedded files and file-attachment annotations
    remove_links: bool = True
    remove_invisible_text: bool = True  # render mode 3 (unless over an image: OCR), transparent, tiny, off-page, clipped
    remove_structure: bool = True  # structure tree, marked-content ActualText/Alt/E, page labels, destinations
    remove_thumbnails: bool = True
    subset_fonts: bool = True

    def __post_init__(self) -> None:
        if self.annotations not in ("remove", "flatten"):
            raise ValueError(f"annotations must be 'remove' or 'flatten', not {self.annotations!r}")


RELEASE = HardenOptions()

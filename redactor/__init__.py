"""redactor: true PDF redaction keyed to legal exemptions.

The stages, in pipeline order, each a module that takes values and returns new ones: convert -> extract ->
channels -> ocr -> detect -> decide -> redact -> harden -> verify; report/ writes what happened.
`redactor.pipeline.process_document` runs them for one document (`redact_file` for the one-shot release);
review/, batch/ and cli/ sit on top. Below the stages: pdf/ and text/ (PyMuPDF and text primitives),
config/, model.py and page.py (plain data), errors.py. Imports only point down that list (pyproject.toml
[tool.importlinter], checked by `make lint`).
"""

__version__ = "0.1.0"

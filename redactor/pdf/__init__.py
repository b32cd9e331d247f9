"""PyMuPDF primitives below the stages: opening with every check, PDF strings, content streams, what a
reader can see, saving, and the output files (atomic writes, hashes, names)."""

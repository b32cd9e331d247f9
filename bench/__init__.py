"""Benchmarks, outside the product package: run from the repository root as `python -m bench.stages`,
`python -m bench.batch`, `python -m bench.scans` (or `make bench`), and `python bench/producers.py`."""

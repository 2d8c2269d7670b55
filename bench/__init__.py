"""Benchmarks of issue 7: the program's own path against a bare baseline, on the province archive."""

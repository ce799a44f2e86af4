"""Benchmarks: ``python -m bench [name ...]`` (``./dev bench``) prints figures, not verdicts."""

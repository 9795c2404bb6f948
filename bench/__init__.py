"""Benchmarks of issue 5 (bench/perf.py) and issue 3 (bench/reingest.py); not installed with the package."""

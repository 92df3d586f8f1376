"""Benchmarks of licensemgr_mock: every figure is a ratio against a reference measured in the
same run (see ``docs/benchmarks.md``). Run with ``python -m bench.run``."""

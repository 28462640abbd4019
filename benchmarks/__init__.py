"""Benchmarks: ``make bench`` (``python -m benchmarks.run``). They print figures; they are
not timed tests."""

"""Benchmarks: measured, not guessed (README.md holds the figures and findings).

Not part of ``make test``. Each benchmark is a package or module run as
``python -m benchmarks.<name>`` (or ``make bench BENCH=<name> ARGS=…``); ``harness`` is what they
share: the bench database, timing and statistics, machine facts, results, the command line.
"""

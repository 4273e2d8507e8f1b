"""Benchmarks: boxup against the official Box SDK on the emulator (``make bench``, ``make bench-quick``).

Not collected by pytest: no module here is named ``test_*``.
"""

"""Reliability and security evidence for boxup (issue 6): fault matrix, crash/resume soak, load, hostile server,
secrets and files, schemathesis against the emulator.

Never collected by a plain ``pytest``: ``make reliability`` (full) and ``make reliability-quick`` (short profile) set
BOXUP_RELIABILITY=1; ``python -m tests.reliability --help`` runs it directly.
"""

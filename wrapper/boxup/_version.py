"""The version, in one place: hatch reads it for the package metadata, ``boxup.__version__`` imports it (cheaper
than asking importlib.metadata, which ``boxup --version`` would pay for on every start)."""

__version__ = "0.1.0"

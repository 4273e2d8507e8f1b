"""fakebox: a local emulator of Box's upload API for tests, benchmarks and demos (see PRODUCT.md).

Start it with ``python -m tests.fakebox``; steer it with :class:`FakeBox`; in pytest use the ``fakebox`` fixture.
"""

from .handle import TEST_SETTINGS, FakeBox, FakeBoxError
from .server import FakeBoxServer
from .state import CLIENT_ID, CLIENT_SECRET, SEED_FILE_ID, STATIC_TOKEN

__all__ = [
    "CLIENT_ID",
    "CLIENT_SECRET",
    "SEED_FILE_ID",
    "STATIC_TOKEN",
    "TEST_SETTINGS",
    "FakeBox",
    "FakeBoxError",
    "FakeBoxServer",
]

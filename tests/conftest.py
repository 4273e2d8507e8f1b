"""Shared fixtures. The emulator's (fakebox, fakebox_real_sizes) live in tests/fakebox/fixtures.py."""

from tests.fakebox.fixtures import fakebox, fakebox_base_url, fakebox_real_sizes

__all__ = ["fakebox", "fakebox_base_url", "fakebox_real_sizes"]

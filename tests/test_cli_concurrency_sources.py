"""Every place ``concurrency`` can come from reaches the upload: flag > BOXUP_CONCURRENCY > profile > default (auto).

Each test runs the real ``boxup`` against the emulator and counts what the user would count: the most part uploads
the emulator saw in flight at once (``max_concurrent_part_uploads``). The emulator delays every request, so parts
overlap as far as the client lets them. A bad value from any source is one line, exit 2, nothing sent.
"""

from __future__ import annotations

import pytest

from tests.fakebox import FakeBox
from tests.test_cli_e2e import Cli, MiB, make_file
from tests.test_cli_identity import assert_nothing_sent, cli, write_profiles

__all__ = ["cli"]  # the fixture, shared with the identity tests (its private XDG config dir holds the profile)


def env_with(cli: Cli, profile: str | None = None, **extra: str) -> dict[str, str]:
    """The emulator's environment, a private config dir, and (if given) a profile named ``p`` selected."""
    env = cli.env(XDG_CONFIG_HOME=str(cli.work.parent / "xdg"), **extra)
    if profile is not None:
        write_profiles(cli, f"[profiles.p]\n{profile}\n")
        env["BOXUP_PROFILE"] = "p"
    return env


def peak_parts_in_flight(cli: Cli, env: dict[str, str], *flags: str, size: int = 3 * MiB) -> int:
    cli.fakebox.configure(latency=0.1)
    source = make_file(cli.work, "parts.bin", size, seed=7)  # 12 parts of the emulator's 256 KiB
    result = cli.run("upload", str(source), "--folder", "0", "--quiet", *flags, env=env)
    assert result.code == 0, result.stderr
    peak: int = cli.fakebox.counters["max_concurrent_part_uploads"]
    return peak


def test_a_profile_concurrency_sets_the_parts_in_flight(cli: Cli) -> None:
    assert peak_parts_in_flight(cli, env_with(cli, profile="concurrency = 3")) == 3


def test_boxup_concurrency_in_the_environment_wins_over_the_profile(cli: Cli) -> None:
    env = env_with(cli, profile="concurrency = 3", BOXUP_CONCURRENCY="2")
    assert peak_parts_in_flight(cli, env) == 2


def test_the_concurrency_flag_wins_over_the_environment_and_the_profile(cli: Cli) -> None:
    env = env_with(cli, profile="concurrency = 3", BOXUP_CONCURRENCY="2")
    assert peak_parts_in_flight(cli, env, "--concurrency", "4") == 4


AUTO_FROM = {"default": {}, "env": {"BOXUP_CONCURRENCY": "Auto"}, "profile": {"profile": 'concurrency = "auto"'}}


@pytest.mark.parametrize("where", list(AUTO_FROM))
def test_auto_by_default_or_from_the_environment_or_a_profile_grows_past_its_start_on_a_per_connection_limit(
    cli: Cli, where: str
) -> None:
    # 1 MiB/s per connection and no total cap: more parts in flight raise the rate, so auto goes past its start of 8.
    env = env_with(cli, **AUTO_FROM[where])
    cli.fakebox.configure(bandwidth="1MiB")
    peak = peak_parts_in_flight(cli, env, size=12 * MiB)
    assert 8 < peak <= 32, peak


BAD = {
    "env_word": ({"BOXUP_CONCURRENCY": "fast"}, None, "env BOXUP_CONCURRENCY"),
    "env_zero": ({"BOXUP_CONCURRENCY": "0"}, None, "env BOXUP_CONCURRENCY"),
    "profile_zero": ({}, "concurrency = 0", "profile:p"),
    "profile_word": ({}, 'concurrency = "fast"', "concurrency"),
    "profile_fraction": ({}, "concurrency = 2.5", "concurrency"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_concurrency_from_the_environment_or_a_profile_is_one_line_exit_2_and_nothing_sent(
    cli: Cli, fakebox: FakeBox, case: str
) -> None:
    extra, profile, where = BAD[case]
    env = env_with(cli, profile=profile, **extra)
    source = make_file(cli.work, "x.bin", 3 * MiB)
    fakebox.clear_requests()
    result = cli.run("upload", str(source), "--folder", "0", env=env)
    assert_nothing_sent(cli, result, "concurrency", where)

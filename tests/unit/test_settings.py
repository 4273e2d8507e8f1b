"""TransferSettings refuses values the engine cannot run with, before anything is sent."""

from __future__ import annotations

import pytest
from boxup import InputError, TransferSettings


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_a_dedup_probe_below_one_part_is_refused_with_its_name(bad: object) -> None:
    # 0 parts would leave the hasher waiting for a decision no plan call could make (a silent hang)
    with pytest.raises(InputError, match=f"dedup_probe must be a whole number of at least 1, got {bad!r}"):
        TransferSettings(dedup_probe=bad)  # type: ignore[arg-type]


def test_the_dedup_probe_is_two_parts_by_default_and_any_whole_number_above() -> None:
    assert TransferSettings().dedup_probe == 2
    assert TransferSettings(dedup_probe=1).dedup_probe == 1
    assert TransferSettings(dedup_probe=8).dedup_probe == 8

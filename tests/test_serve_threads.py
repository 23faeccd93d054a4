"""The local model server sizes each prompt's threads to the cores other processes leave idle."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interviewer.llm.serve import IdleCores, threads_for


def write_stat(path: Path, user: int, system: int, idle: int) -> None:
    path.write_text(f"cpu  {user} 0 {system} {idle} 0 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\n")


@pytest.mark.parametrize(
    ("idle", "most", "expected"),
    [(None, 2, 1), (2.0, 2, 2), (1.75, 2, 2), (1.5, 2, 1), (1.2, 2, 1), (0.1, 4, 1), (3.9, 2, 2),
     (3.0, 4, 3)],
)  # fmt: skip
def test_a_core_counts_as_idle_from_seventy_percent(
    idle: float | None, most: int, expected: int
) -> None:
    assert threads_for(idle, most) == expected


def test_idle_cores_are_what_other_processes_left(tmp_path: Path) -> None:
    cores = os.cpu_count() or 1
    stat = tmp_path / "stat"
    idle = IdleCores(str(stat), window=3600)
    write_stat(stat, 1_000, 1_000, 8_000)
    idle.sample()
    assert idle() is None  # one reading is no interval
    # Another 100,000 ticks, half of them busy: far more than this test's own CPU time.
    write_stat(stat, 26_000, 26_000, 58_000)
    idle.sample()
    assert idle() == pytest.approx(cores * 0.5, abs=0.02)
    write_stat(stat, 26_000, 26_000, 158_000)  # then a quiet interval: the window says half
    idle.sample()
    assert idle() == pytest.approx(cores * 0.75, abs=0.02)
    write_stat(stat, 126_000, 26_000, 158_000)  # and a burst now: the last interval decides
    idle.sample()
    assert idle() == pytest.approx(0.0, abs=0.02)


def test_old_readings_leave_the_window(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    idle = IdleCores(str(stat), window=0.0)
    for busy, quiet in ((1_000, 1_000), (51_000, 1_000), (51_000, 101_000)):
        write_stat(stat, busy, 0, quiet)
        idle.sample()
    assert len(idle.readings) == 2  # only the last interval is left
    assert idle() == pytest.approx(os.cpu_count() or 1, abs=0.02)


def test_without_proc_stat_the_count_is_unknown(tmp_path: Path) -> None:
    missing = IdleCores(str(tmp_path / "missing"))
    missing.sample()
    missing.sample()
    assert missing() is None
    garbled = tmp_path / "stat"
    garbled.write_text("not a stat file\n")
    idle = IdleCores(str(garbled))
    idle.sample()
    idle.sample()
    assert idle() is None

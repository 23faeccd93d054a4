"""Background: a job's streamed text is read to the end, whatever the timing."""

from __future__ import annotations

import threading
from collections.abc import Callable

from interviewer.web.streaming import Background


def test_text_and_end_arriving_together_do_not_hang_the_reader() -> None:
    go = threading.Event()

    def work(report: Callable[[str], None]) -> str:
        go.wait()
        for piece in ("one", "one two", "one two three"):
            report(piece)
        return "graded"

    job = Background(work)
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(job.texts()), daemon=True)
    # Everything, end marker included, is queued before the reader looks.
    go.set()
    while job._updates.qsize() < 4:  # three texts and the end marker
        pass
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "texts() waited for an end marker it had already taken"
    assert seen == ["one two three"] and job.outcome == "graded"


def test_each_text_is_shown_when_the_reader_keeps_up() -> None:
    steps = [threading.Event() for _ in range(3)]

    def work(report: Callable[[str], None]) -> int:
        for i, step in enumerate(steps):
            report(f"part {i}")
            step.wait()
        return 3

    job = Background(work)
    seen = []
    for text in job.texts():
        seen.append(text)
        if len(seen) <= len(steps):
            steps[len(seen) - 1].set()
    assert seen == ["part 0", "part 1", "part 2"] and job.outcome == 3


def test_a_failing_job_hands_its_exception_to_the_reader() -> None:
    def work(report: Callable[[str], None]) -> None:
        report("half")
        raise TimeoutError("model too slow")

    job = Background(work)
    assert list(job.texts())[-1] == "half"
    assert isinstance(job.outcome, TimeoutError)

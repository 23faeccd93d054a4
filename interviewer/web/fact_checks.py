"""Fact checks in the background: a bounded queue, one worker, results saved as they land.

A typed turn is graded offline and saved at once with `fact_check="pending"`;
`FactChecks.schedule` queues its check. The worker runs one check at a time (the
local model has two cores to share with typed turns), saves the checked grade
over the pending one, swaps it into the live interview and calls `on_landed`.
A full queue degrades to "not checked" at once rather than to slow turns; a check
that raises is saved as "not checked" too. `pending()` says what is in flight
(for "checking facts… 2 of 5"). `warm` queues a question's prompt prefix while the
candidate is still answering it, and `speculate` the finished sentences of the draft
when the worker is idle. Warm-ups are best effort: a submitted check never waits behind
one (only behind the one running), the newest runs first (the question on screen), and
only the last few are kept, so an abandoned interview's warm-ups drop off. Pending
turns left by a crash are re-queued by the caller on resume. It knows nothing of the UI.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..domain import Grade, Turn
from ..engine import InterviewEngine
from ..sessions.history import History

BUSY = "not checked: the fact checker is busy, try again later"
PRECHECK_BATCH = 3  # a draft's sentences judged per job: a real check waits at most that long
WARM_KEPT = 4  # warm-ups waiting at most; older ones are dropped


@dataclass
class _Job:
    session_id: str
    seq: int  # the turn's number in its session (1-based)
    turn: Turn
    on_landed: Callable[[int, Grade], None]


class FactChecks:
    def __init__(self, engine: InterviewEngine, history: History, maxsize: int = 32) -> None:
        self.engine, self.history, self.maxsize = engine, history, maxsize
        self._checks: deque[_Job] = deque()
        self._warm: deque[Callable[[], object]] = deque(maxlen=WARM_KEPT)
        self._ready = threading.Condition()
        self._progress: dict[tuple[str, int], tuple[int, int]] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._work, name="fact-checks", daemon=True).start()

    def schedule(self, session_id: str, seq: int, turn: Turn,
                 on_landed: Callable[[int, Grade], None]) -> bool:  # fmt: skip
        """Queue a pending turn's check; False (and the turn saved as not checked) when full."""
        job = _Job(session_id, seq, turn, on_landed)
        with self._lock:
            self._progress[(session_id, seq)] = (0, 0)
        with self._ready:
            full = len(self._checks) >= self.maxsize
            if not full:
                self._checks.append(job)
                self._ready.notify()
        if full:
            self._land(job, replace(turn.grade, fact_check=BUSY))
        return not full

    def warm(self, job: Callable[[], object]) -> None:
        """Queue a best-effort warm-up (e.g. a question's prompt prefix), behind every check."""
        with self._ready:
            self._warm.append(job)
            self._ready.notify()

    def speculate(self, job: Callable[[], object]) -> bool:
        """Queue work that may save time later (judging a draft's sentences) only when the
        worker has nothing else waiting: real checks never queue behind it."""
        if not self.idle():
            return False
        self.warm(job)
        return True

    def idle(self) -> bool:
        """Nothing waiting (a job may still be running)."""
        with self._ready:
            return not self._checks and not self._warm

    def judge_draft(self, question_id: str, draft: str) -> bool:
        """Have the finished sentences of an answer being typed judged, a few at a time and
        only while the worker is idle; False when it is not."""

        def judge() -> None:
            if self.engine.precheck(question_id, draft, PRECHECK_BATCH) >= PRECHECK_BATCH:
                self.speculate(judge)  # more may be finished

        return self.speculate(judge)

    def pending(self, session_id: str) -> dict[int, tuple[int, int]]:
        """{turn seq: (claims checked, claims in all)} of this interview's checks in flight."""
        with self._lock:
            return {seq: p for (sid, seq), p in self._progress.items() if sid == session_id}

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._checks and not self._warm:
                    self._ready.wait()
                job = self._checks.popleft() if self._checks else self._warm.pop()
            if not isinstance(job, _Job):
                with contextlib.suppress(Exception):
                    job()
                continue
            key = (job.session_id, job.seq)

            def progress(done: int, total: int, key: tuple[str, int] = key) -> None:
                with self._lock:
                    self._progress[key] = (done, total)

            try:
                grade = self.engine.check_facts(job.turn, progress)
            except Exception as exc:  # a check must never take the worker down
                grade = replace(job.turn.grade, fact_check=f"not checked: {exc}")
            self._land(job, grade)

    def _land(self, job: _Job, grade: Grade) -> None:
        try:
            self.history.update_grade(job.session_id, job.seq, grade)
        finally:
            with self._lock:
                self._progress.pop((job.session_id, job.seq), None)
            job.on_landed(job.seq, grade)

"""Run a job that reports text as it goes in a worker thread, and read its newest text.

`Background(work)` starts `work(report)` in a daemon thread at once; `texts()`
yields what the job passed to `report`, skipping to the newest text when several
arrived while the reader was busy, and ends when the job does; `outcome` is then
the job's result, or the exception it raised. The interview tab uses it to show
an LLM examiner's feedback while it is written. No cancellation, no timeout.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    def __init__(self, work: Callable[[Callable[[str], None]], T]) -> None:
        self._updates: queue.Queue[str | None] = queue.Queue()
        self._result: list[T | Exception] = []
        threading.Thread(target=self._run, args=(work,), daemon=True).start()

    def _run(self, work: Callable[[Callable[[str], None]], T]) -> None:
        try:
            self._result.append(work(self._updates.put))
        except Exception as exc:  # handed to the reader as `outcome`
            self._result.append(exc)
        finally:
            self._updates.put(None)

    def texts(self) -> Iterator[str]:
        """The job's reports, newest first when they pile up; ends when the job has ended."""
        while (partial := self._updates.get()) is not None:
            ended = False
            while not ended and not self._updates.empty():  # skip to the newest text
                newer = self._updates.get()
                ended = newer is None
                partial = partial if newer is None else newer
            yield partial
            if ended:  # the end marker was taken above: waiting for another would hang
                return

    @property
    def outcome(self) -> T | Exception:
        """The job's result or exception (read it after `texts()` has ended)."""
        return self._result[0]

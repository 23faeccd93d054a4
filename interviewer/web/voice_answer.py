"""A spoken answer between the recording and the submit: what to grade, and its delivery.

When a recording is transcribed, its raw transcript (fillers and all) goes into the
answer box and a `SpokenAnswer` remembers, for the prompt being answered, the box as it
was left, the text to grade instead (fillers taken out) and the recording's `Delivery`
(examiner/delivery.py). On submit, `resolve` decides:

- the box unchanged: grade the transcript without fillers, attach the delivery;
- the box edited (a misheard word fixed, a sentence added): grade what was submitted,
  still without fillers (lines without one stay exactly as typed), and attach the
  recording's delivery marked `edited`, since it still describes how the answer was said;
- no recording for this prompt (typed, or recorded for an earlier prompt): grade the text
  as typed, with no delivery.

A second recording for the same prompt adds to the first: its words follow the first's
(the gap between recordings is not a pause) and the delivery covers both. No UI library
and no speech model here: the transcript comes in from speech.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..domain import Delivery
from ..examiner.delivery import TARGET_S, Word, analyse, fillers_removed, without_fillers
from .speech import Transcript

Key = tuple[str, int]  # (session id, turns answered so far): the prompt a recording answers
GAP_S = 0.3  # between one recording's last word and the next one's first


@dataclass(frozen=True)
class SpokenAnswer:
    key: Key
    box: str  # the answer box right after the transcript went in
    graded: str  # what is graded if the box is submitted as it is
    words: tuple[Word, ...]  # every recording for this prompt, one after the other
    duration_s: float
    delivery: Delivery


def with_transcript(current: str, text: str) -> str:
    """The answer box after a voice answer: the transcript goes after what is typed."""
    return f"{current.rstrip()} {text}".strip() if current and current.strip() else text


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


def heard(pending: SpokenAnswer | None, transcript: Transcript, current: str, key: Key,
          target: tuple[float, float] = TARGET_S) -> SpokenAnswer:  # fmt: skip
    """The recording just transcribed, added to the box (and to an earlier one for this prompt)."""
    words, duration = tuple(transcript.words), transcript.audio_seconds
    current = current or ""
    earlier = pending if pending is not None and pending.key == key else None
    if earlier is not None and earlier.words and words:
        shift = earlier.words[-1][2] + GAP_S - words[0][1]
        words = earlier.words + tuple((w, s + shift, e + shift) for w, s, e in words)
        duration = earlier.duration_s + transcript.audio_seconds  # both recordings in full
    delivery = analyse(words, duration, target_s=target)
    new_raw = " ".join(w for w, _, _ in transcript.words).strip() or transcript.text
    new_clean = without_fillers(new_raw)
    if earlier is None:
        before = current  # typed before recording: graded as typed
    elif _same(current, earlier.box):
        before = earlier.graded
    else:
        before = fillers_removed(current)
    return SpokenAnswer(key, with_transcript(current, new_raw), with_transcript(before, new_clean),
                        words, duration, delivery)  # fmt: skip


def resolve(pending: SpokenAnswer | None, submitted: str, key: Key | None
            ) -> tuple[str, Delivery | None]:  # fmt: skip
    """The text to grade and the delivery to keep with the answer submitted for `key`."""
    if pending is None or key is None or pending.key != key:
        return submitted, None
    if _same(submitted, pending.box):
        return pending.graded, pending.delivery
    return fillers_removed(submitted), replace(pending.delivery, edited=True)

"""The delivery panel beside the feedback of a spoken answer, as an HTML string.

`delivery_html(delivery, grade, target)` shows the speaking rate against the comfortable
band, the filler words (highlighted in the transcript as heard), long pauses, the length
against the target, hedging phrases, the one-line tip, and a coach's notes: the talking
points covered, in the candidate's words, and the words used most. Every piece of
candidate text is HTML-escaped, so markup in an answer shows as text. Typed answers have
no panel; the numbers come from examiner/delivery.py and examiner/coaching.py.
"""

from __future__ import annotations

from html import escape

from ..domain import Delivery, Grade
from ..examiner.coaching import talking_points, top_words
from ..examiner.delivery import PACE, TARGET_S, filler_spans

WPM_SCALE = (60.0, 220.0)  # the pace meter's ends


def length(seconds: float) -> str:
    """`48 s`, `1 min 05 s`."""
    seconds = round(seconds)
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"


def _span(target: tuple[float, float]) -> str:
    return f"{target[0]:.0f}–{target[1]:.0f} s"  # as the tip says it


def _meter(value: float, band: tuple[float, float], scale: tuple[float, float], label: str) -> str:
    lo, hi = scale

    def pos(x: float) -> float:
        return 100 * (min(max(x, lo), hi) - lo) / (hi - lo)

    ok = band[0] <= value <= band[1]
    return (f"<div class='d-meter' role='img' aria-label='{escape(label)}'>"
            f"<div class='d-band' style='left:{pos(band[0]):.1f}%;"
            f"width:{pos(band[1]) - pos(band[0]):.1f}%'></div>"
            f"<div class='d-mark {'ok' if ok else 'off'}' style='left:{pos(value):.1f}%'></div>"
            "</div>")  # fmt: skip


def _row(label: str, value: str, note: str = "", extra: str = "") -> str:
    note = f" <span class='d-note'>{note}</span>" if note else ""
    return (f"<div class='d-row'><span class='d-label'>{label}</span><div class='d-body'>"
            f"<span class='d-value'>{value}</span>{note}{extra}</div></div>")  # fmt: skip


def highlighted(raw: str) -> str:
    """The transcript as heard, escaped, with each filler in a <mark>."""
    out, at = [], 0
    for start, end in filler_spans(raw):
        out += [escape(raw[at:start]), f"<mark class='filler'>{escape(raw[start:end])}</mark>"]
        at = end
    return "".join([*out, escape(raw[at:])])


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"“{escape(k)}” ×{v}" for k, v in counts.items())


def _pace(d: Delivery, pace: tuple[float, float]) -> str:
    band = f"{pace[0]:.0f}–{pace[1]:.0f}"
    if d.wpm > pace[1]:
        note = f"faster than the comfortable {band}"
    elif d.wpm < pace[0]:
        note = f"slower than the comfortable {band}"
    else:
        note = f"within the comfortable {band}"
    meter = _meter(d.wpm, pace, WPM_SCALE, f"{d.wpm:.0f} words per minute; comfortable {band}")
    return _row("Pace", f"{d.wpm:.0f} wpm", note, meter)


def _length(d: Delivery, target: tuple[float, float]) -> str:
    aim = _span(target)
    if d.speaking_s < target[0]:
        note = f"shorter than the {aim} target"
    elif d.speaking_s > target[1]:
        note = f"longer than the {aim} target"
    else:
        note = f"within the {aim} target"
    scale = (0.0, max(target[1] * 1.5, d.speaking_s))
    meter = _meter(d.speaking_s, target, scale, f"{length(d.speaking_s)}; target {aim}")
    return _row("Length", length(d.speaking_s), f"{d.words} words · {note}", meter)


def _pauses(d: Delivery) -> str:
    if not d.pauses:
        return _row("Long pauses", "none", "no silence of 2 s or more")
    at = ", ".join(f"at {int(a // 60)}:{int(a % 60):02d} for {b - a:.1f} s" for a, b in d.pauses)
    return _row("Long pauses", str(len(d.pauses)), at)


def _coach(grade: Grade | None, d: Delivery) -> str:
    parts = []
    if grade is not None and grade.key_points:
        covered = talking_points(grade)
        items = "".join(
            f"<li><span class='d-point'>{escape(point)}</span>"
            + (f"<q>{escape(words if len(words) <= 160 else words[:157] + '…')}</q>"
               if words else "") + "</li>"
            for point, words in covered)  # fmt: skip
        parts.append(f"<div class='d-sub'>Talking points covered: {len(covered)} of "
                     f"{len(grade.key_points)}</div>"
                     + (f"<ul class='d-points'>{items}</ul>" if items else ""))  # fmt: skip
    used = top_words(d.transcript_raw)
    said = ", ".join(f"{escape(w)} ×{c}" for w, c in used) or "no word said more than once"
    parts.append(_row("Most-used words", said))
    return "".join(parts)


def delivery_html(d: Delivery, grade: Grade | None = None,
                  target: tuple[float, float] = TARGET_S,
                  pace: tuple[float, float] = PACE) -> str:  # fmt: skip
    """The whole panel for one spoken answer."""
    per_min = f"{d.fillers_per_minute:.1f} per minute"
    fillers = _row("Fillers", str(d.filler_count),
                   f"{per_min}: {_counts(d.fillers)}" if d.fillers else "none heard")  # fmt: skip
    hedges = _row("Hedges", _counts(d.hedges) if d.hedges else "none")
    edited = ("<div class='d-edited'>You edited the transcript before submitting: the "
              "delivery describes the recording, the grade what you submitted.</div>"
              if d.edited else "")  # fmt: skip
    return (
        "<div class='delivery' id='delivery-panel'>"
        "<div class='d-title'>Delivery <small>spoken answer</small></div>"
        f"<div class='d-tip'>{escape(d.tip)}</div>"
        f"{_pace(d, pace)}{_length(d, target)}{fillers}{_pauses(d)}{hedges}"
        f"<div class='d-sub'>What you said <small>(fillers highlighted)</small></div>"
        f"<blockquote class='d-transcript'>{highlighted(d.transcript_raw)}</blockquote>"
        f"{edited}{_coach(grade, d)}</div>"
    )

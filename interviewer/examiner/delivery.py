"""Delivery of a spoken answer, from its word timestamps: pace, fillers, pauses, length.

`analyse(words, duration_s)` takes the words speech-to-text heard, each with its start
and end in seconds (web/speech.py, `word_timestamps=True`), and the length of the
recording, and returns a `Delivery` (domain.py): words per minute over the span from the
first word to the last (leading and trailing silence do not slow the pace), filler words
counted in the raw transcript ("um", "uh", "like," "you know", "basically", "sort of"...),
silences of `PAUSE_S` or more between two words, hedging phrases ("I think", "maybe"),
the transcript with fillers removed (what the content is graded on, so fillers never cost
content points) and a one-line tip. Comfortable pace is `PACE` words per minute; the
target length is a parameter (default 60-120 s).

It reads no audio and imports no audio library; it does not judge pitch, volume,
intonation or pronunciation, and "like" counts as a filler only where commas set it
off ("it is, like, a function"), so "works like a list" never does.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..domain import Delivery
from .factcheck import clean_spoken

PACE = (120.0, 160.0)  # comfortable words per minute for explaining something
TARGET_S = (60.0, 120.0)  # answer length to aim for
PAUSE_S = 2.0  # a silence this long between words is a long pause
HEAVY_FILLERS = 0.05  # a filler in every 20 words is worth a tip

Word = tuple[str, float, float]  # (text, start_s, end_s)

# Each alternative is one filler; group names give the key it is counted under.
_FILLER = re.compile(
    r"(?P<um>\bu+m+\b)|(?P<uh>\bu+h+\b)|(?P<er>\be+r+m*\b)|(?P<hmm>\bh+m+\b)|(?P<ah>\ba+h+\b)"
    r"|(?P<like>(?:(?<=, )|(?<=[.?!] )|^)like\b(?=,))"
    r"|(?P<you_know>\byou know\b(?=[,.?!]))|(?P<i_mean>\bi mean\b(?=,))"
    r"|(?P<basically>\bbasically\b)|(?P<literally>\bliterally\b)"
    r"|(?P<sort_of>\bsort of\b)|(?P<kind_of>\bkind of\b)",
    re.I,
)
# "what kind of object", "a sort of list": content, not a filler.
_DETERMINER = re.compile(
    r"\b(?:a|the|what|this|that|which|any|some|one|same|each|every|other|different)\s*$", re.I
)
_HEDGE = re.compile(
    r"\b(i think|i guess|i believe|i suppose|i'm not sure|i am not sure|maybe|probably"
    r"|perhaps|possibly|might)\b",
    re.I,
)
_WORD = re.compile(r"[\w']+")


def _fillers(text: str) -> list[re.Match[str]]:
    return [m for m in _FILLER.finditer(text)
            if not (m.lastgroup in ("sort_of", "kind_of")
                    and _DETERMINER.search(text, max(0, m.start() - 12), m.start()))]  # fmt: skip


def fillers_in(text: str) -> dict[str, int]:
    """Filler words and how often each was said, most frequent first."""
    counts = Counter(
        (m.lastgroup or "").replace("_", " ").replace("i mean", "I mean") for m in _fillers(text)
    )
    return dict(counts.most_common())


def hedges_in(text: str) -> dict[str, int]:
    """Hedging phrases ("I think", "maybe") and how often each was said."""
    text = text.replace("’", "'")
    counts = Counter(m.group(1).lower().replace("i am", "i'm") for m in _HEDGE.finditer(text))
    return {k.replace("i ", "I ", 1).replace("i'm", "I'm"): v for k, v in counts.most_common()}


def filler_spans(text: str) -> list[tuple[int, int]]:
    """Where the fillers are in `text` (start, end), to highlight them."""
    return [m.span() for m in _fillers(text)]


def fillers_removed(text: str) -> str:
    """Typed or edited text with fillers taken out; lines without one are left as they are."""
    return "\n".join(without_fillers(line) if _fillers(line) else line
                     for line in text.split("\n"))  # fmt: skip


def without_fillers(text: str) -> str:
    """The transcript with fillers (and the commas that set them off) taken out."""
    spans = [(0, 0)] + [m.span() for m in _fillers(text)] + [(len(text), len(text))]
    text = "\x00".join(text[a[1] : b[0]] for a, b in itertools.pairwise(spans))
    text = re.sub(r"\x00(?:,?\s*\x00)+", "\x00", text)  # a run of them
    # "so, um, a list" -> "so a list"; "lazily, you know." -> "lazily."; "Um, a" -> "A"
    text = _GAP.sub(_close_gap, text)
    text = re.sub(r"\x01\s*([a-z]?)", lambda m: " " + m.group(1).upper(), text)
    return clean_spoken(re.sub(r"\s+(?=[,.?!])|^[\s,.?!]+", "", text))


_GAP = re.compile(r"(^\s*|[.?!]\s*)?,?\s*\x00([,.?!]?)")


def _close_gap(m: re.Match[str]) -> str:
    """A removed filler's place: its sentence's end kept, a new sentence capitalised."""
    before, after = m.group(1), m.group(2).strip(",")
    starts_sentence = before is not None or after != ""
    return ((before or "").strip() or after) + ("\x01" if starts_sentence else "")


def pauses_in(words: Sequence[Word], at_least: float = PAUSE_S) -> tuple[tuple[float, float], ...]:
    """Silences between consecutive words (not before the first or after the last)."""
    gaps = ((a[2], b[1]) for a, b in itertools.pairwise(words))
    return tuple((end, start) for end, start in gaps if start - end >= at_least - 1e-6)


def analyse(words: Iterable[Word], duration_s: float,
            target_s: tuple[float, float] = TARGET_S) -> Delivery:  # fmt: skip
    """The delivery of one answer from its timed words and the recording's length."""
    timed = sorted(((w.strip(), float(s), float(e)) for w, s, e in words if w.strip()),
                   key=lambda w: w[1])  # fmt: skip
    raw = re.sub(r"\s+", " ", " ".join(w for w, _, _ in timed)).strip()
    n = len(_WORD.findall(raw))
    speaking = timed[-1][2] - timed[0][1] if timed else 0.0
    wpm = n / speaking * 60 if speaking > 0 else 0.0
    fillers = fillers_in(raw)
    pauses = pauses_in(timed)
    hedges = hedges_in(raw)
    tip = _tip(n, wpm, speaking, fillers, pauses, hedges, target_s)
    return Delivery(max(duration_s, speaking), speaking, n, wpm, fillers, pauses, hedges, raw,
                    without_fillers(raw), tip)  # fmt: skip


def _length(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def _tip(n: int, wpm: float, speaking: float, fillers: dict[str, int],
         pauses: Sequence[tuple[float, float]], hedges: dict[str, int],
         target: tuple[float, float]) -> str:  # fmt: skip
    """The one thing most worth changing next time, or what went well."""
    low, high = PACE
    band = f"{low:.0f}–{high:.0f}"
    aim = f"{target[0]:.0f}–{target[1]:.0f} s"
    n_fillers = sum(fillers.values())
    if n == 0:
        return "No words were heard: speak closer to the microphone and try again."
    if n >= 20 and wpm > high * 1.05:
        return f"You spoke at {wpm:.0f} words per minute; slow down toward {band}."
    if n_fillers >= 3 and n_fillers / n >= HEAVY_FILLERS:
        top = ", ".join(f'"{k}" ×{v}' for k, v in list(fillers.items())[:3])
        return f"{n_fillers} filler words ({top}): pause silently instead of filling the gap."
    if n >= 20 and wpm < low * 0.95:
        return f"You spoke at {wpm:.0f} words per minute; pick up the pace toward {band}."
    if speaking < target[0]:
        return f"Your answer ran {_length(speaking)}; aim for {aim} with an example or a trade-off."
    if speaking > target[1]:
        return f"Your answer ran {_length(speaking)}; aim for {aim}: lead with the point."
    if sum(hedges.values()) >= 2:
        said = ", ".join(f'"{k}"' for k in hedges)
        return f"You hedged ({said}); state what you know plainly."
    if len(pauses) >= 2:
        return f"{len(pauses)} long pauses; a short outline before you start keeps the thread."
    return f"Good delivery: {wpm:.0f} words per minute, {_length(speaking)}, few fillers."

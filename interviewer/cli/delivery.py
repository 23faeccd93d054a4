"""`interviewer delivery AUDIO_FILE [--json] [--question TEXT]`: how a spoken answer was delivered.

Transcribes the file with word timestamps (web/speech.py; `--question`, the question it
answers, is given to speech-to-text as context, as the app does) and measures the delivery
(examiner/delivery.py). `--json` prints
`{duration_s, words, wpm, fillers: {word: count}, filler_count, pauses: [{start_s, end_s}],
transcript_raw, transcript_clean}` plus `speaking_s`, `hedges` and `tip`; pauses are
silences of 2 s or more between words. Without `--json`, a short readable summary.
A missing, empty or non-audio file prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from ..config import Settings
from ..domain import Delivery
from ..examiner.delivery import PACE, TARGET_S, analyse


def _target(text: str) -> tuple[float, float]:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[-–:]\s*(\d+(?:\.\d+)?)\s*", text)
    if not m or float(m.group(1)) >= float(m.group(2)):
        raise argparse.ArgumentTypeError(f"{text!r}: give MIN-MAX seconds, e.g. 60-120")
    return float(m.group(1)), float(m.group(2))


def add_delivery_parser(sub: Any) -> None:
    d = sub.add_parser("delivery", help="pace, fillers, pauses and length of a spoken answer")
    d.add_argument("audio", type=Path, metavar="AUDIO_FILE")
    d.add_argument("--json", action="store_true")
    d.add_argument("--target", type=_target, default=TARGET_S, metavar="MIN-MAX",
                   help="answer length to aim for, in seconds (default 60-120)")  # fmt: skip
    d.add_argument("--filler-prompt", action="store_true",
                   help="prompt speech-to-text with fillers so it drops fewer")  # fmt: skip
    d.add_argument("--question", default="", metavar="TEXT",
                   help="the question the answer was given to: helps hear its terms")  # fmt: skip
    d.set_defaults(func=cmd_delivery)


def cmd_delivery(args: argparse.Namespace, settings: Settings) -> int:
    from ..web.speech import FILLER_PROMPT, SpeechError, Transcriber, question_prompt

    path: Path = args.audio
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    context = [FILLER_PROMPT] if args.filler_prompt else []
    context += [question_prompt(args.question)] if args.question.strip() else []
    try:
        heard = Transcriber(settings.models_path).transcribe(
            path, word_timestamps=True, initial_prompt=" ".join(context) or None
        )
    except SpeechError as exc:
        raise ValueError(f"{path}: {exc}") from None
    delivery = analyse(heard.words, heard.audio_seconds, target_s=args.target)
    if args.json:
        print(json.dumps(delivery.as_json(), ensure_ascii=False, indent=2))
    else:
        print(summary(delivery))
    return 0


def summary(d: Delivery) -> str:
    fillers = ", ".join(f"{k} ×{v}" for k, v in d.fillers.items()) or "none"
    pauses = ", ".join(f"{a:.1f}–{b:.1f} s" for a, b in d.pauses) or "none"
    hedges = ", ".join(f"{k} ×{v}" for k, v in d.hedges.items()) or "none"
    return "\n".join([
        f"{d.words} words in {d.speaking_s:.1f} s of speech ({d.duration_s:.1f} s recorded)",
        f"pace     {d.wpm:.0f} words per minute (comfortable: {PACE[0]:.0f}–{PACE[1]:.0f})",
        f"fillers  {d.filler_count}: {fillers}",
        f"pauses   {len(d.pauses)}: {pauses}",
        f"hedges   {hedges}",
        f"tip      {d.tip}",
        "",
        d.transcript_raw,
    ])  # fmt: skip

"""Does a filler-laden initial prompt keep more "um"/"uh" in Whisper's transcript?

    python -m evals.filler_prompt     # writes evals/results/filler_prompt.json

Speaks answers with espeak-ng (some with fillers, some without), transcribes each with
the real model with and without `FILLER_PROMPT` (web/speech.py), and counts fillers
found (examiner/delivery.py) against fillers written: recall on the answers with fillers,
false fillers on the answers without. espeak says "um" and "uh" as words, not as the
hesitations people make, so this measures the prompt on synthetic speech only. Needs
espeak-ng.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from interviewer.config import Settings
from interviewer.examiner.delivery import fillers_in
from interviewer.web.speech import FILLER_PROMPT, Transcriber

from .bench_app import RESULTS

WITH_FILLERS = [
    "Um, a generator uses yield to produce values. Uh, it gives them one at a time.",
    "Basically, um, a decorator wraps a function and returns another function.",
    "Uh, a context manager runs setup and cleanup code around a block of statements.",
    "A list is mutable, um, and a tuple is not, uh, so a tuple can be a key.",
    "So, uh, the global interpreter lock lets one thread run Python at a time, you know.",
    "Um, um, a dictionary maps keys to values, and, uh, lookups are fast.",
    "Flask uses, like, a request context, so, um, each request sees its own data.",
    "A closure, uh, keeps the variables of the function that made it, basically.",
]
WITHOUT_FILLERS = [
    "A generator uses yield to produce values lazily, one at a time.",
    "A decorator wraps a function and returns another function.",
    "A context manager runs setup and cleanup code around a block of statements.",
    "A list is mutable and a tuple is not, so a tuple can be a dictionary key.",
    "The global interpreter lock lets one thread run Python bytecode at a time.",
    "Flask keeps a request context, so each request sees its own data.",
]


def main() -> None:
    transcriber = Transcriber(Settings.from_env().models_path)
    rows: list[dict[str, object]] = []
    written: list[int] = []
    heard: dict[str, list[int]] = {"plain": [], "prompt": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(WITH_FILLERS + WITHOUT_FILLERS):
            wav = Path(tmp) / f"{i}.wav"
            subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), text], check=True)
            written.append(sum(fillers_in(text).values()))
            row: dict[str, object] = {"text": text, "written": written[-1]}
            for name, prompt in (("plain", None), ("prompt", FILLER_PROMPT)):
                said = transcriber.transcribe(wav, initial_prompt=prompt).text
                heard[name].append(sum(fillers_in(said).values()))
                row[name] = {"heard": said, "fillers": heard[name][-1]}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False))
    summary: dict[str, dict[str, float]] = {}
    for name, found in heard.items():
        kept = sum(min(f, w) for f, w in zip(found, written, strict=True) if w)
        summary[name] = {
            "fillers_written": sum(written),
            "fillers_found": kept,
            "recall": round(kept / max(1, sum(written)), 3),
            "false_fillers_in_clean_answers": sum(
                f for f, w in zip(found, written, strict=True) if not w
            ),
        }
    print(json.dumps(summary, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = json.dumps({"summary": summary, "answers": rows}, ensure_ascii=False, indent=2)
    (RESULTS / "filler_prompt.json").write_text(out + "\n")


if __name__ == "__main__":
    main()

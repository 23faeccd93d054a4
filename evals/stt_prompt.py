"""Does giving Whisper the interview question as its prompt make transcripts more faithful?

    python -m evals.stt_prompt [--limit N]   # writes evals/results/stt_prompt.json (90: ~45 min)

Whisper mishears technical words it has no context for (espeak's "Decorators wrap a
function" came back as "Mechorator's Rapper Function"). Its `initial_prompt` is text it
takes as what came before the audio; the question the candidate is answering is what
came before, and it names the topic's words. It must not be the reference answer: that
would lean a transcript toward the right words, and a wrong answer toward a right one.
Dev answers (evals/data/short_dev: short and spoken, right and wrong, one each per
question) are spoken by espeak-ng and transcribed with the real model, with and without
the question as the prompt; reported per kind: word error rate against the written text
(fillers and punctuation left out), and for the spoken answers the fillers written and
heard (examiner/delivery.py counts them for the delivery report). Wrong answers must
gain as much as right ones: the prompt is for hearing, not for grading. espeak is
synthetic speech: this measures the prompt on it only. Needs espeak-ng.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.examiner.delivery import fillers_in
from interviewer.knowledge.answers import load_knowledge
from interviewer.web.speech import Transcriber, question_prompt

from .claims_dev import RESULTS
from .yaml_sets import load_yaml_dir

KINDS = ("short_right", "short_wrong", "spoken_right", "spoken_wrong")
_FILLERS = re.compile(r"\b(?:um+|uh+|er+|hmm+|like|you know|i mean|basically|sorry|so)\b")


def words(text: str) -> list[str]:
    plain = _FILLERS.sub(" ", text.lower().replace("—", " "))
    return re.sub(r"[^a-z0-9 ]", " ", plain).split()


def wer(said: str, heard: str) -> float:
    r, h = words(said), words(heard)
    row = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(h) + 1):
            cur = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev = cur
    return row[-1] / max(1, len(r))


def main(limit: int | None) -> dict[str, Any]:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    answers = load_yaml_dir(Path(__file__).parent / "data" / "short_dev")
    qids = sorted(q for q in answers if q in knowledge.answers)
    if limit:  # spread over the sections
        qids = qids[:: max(1, len(qids) // limit)][:limit]
    ears = Transcriber(Settings.from_env().models_path)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for qid in qids:
            prompt = question_prompt(knowledge.answers[qid].question)
            for kind in KINDS:
                text = answers[qid][kind]
                wav = Path(tmp) / f"{qid}-{kind}.wav"
                subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), text], check=True)
                plain = ears.transcribe(wav).text
                prompted = ears.transcribe(wav, initial_prompt=prompt).text
                rows.append({"question_id": qid, "kind": kind, "said": text, "plain": plain,
                             "prompted": prompted})  # fmt: skip
            print(qid, flush=True)
    summary = {}
    for kind in KINDS:
        these = [r for r in rows if r["kind"] == kind]
        entry: dict[str, Any] = {"n": len(these)}
        for how in ("plain", "prompted"):
            errors = [wer(r["said"], r[how]) for r in these]
            entry[f"wer_{how}"] = round(statistics.mean(errors), 3)
            entry[f"fillers_heard_{how}"] = sum(sum(fillers_in(r[how]).values()) for r in these)
        entry["better"] = sum(wer(r["said"], r["prompted"]) < wer(r["said"], r["plain"])
                              for r in these)  # fmt: skip
        entry["worse"] = sum(wer(r["said"], r["prompted"]) > wer(r["said"], r["plain"])
                             for r in these)  # fmt: skip
        entry["fillers_written"] = sum(sum(fillers_in(r["said"]).values()) for r in these)
        summary[kind] = entry
    report = {"questions": len(qids), "summary": summary, "answers": rows}
    (RESULTS / "stt_prompt.json").write_text(json.dumps(report, indent=1))
    return summary


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only N questions, spread over the sections")
    print(json.dumps(main(ap.parse_args().limit), indent=1))

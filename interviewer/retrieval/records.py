"""Turn knowledge into the records the vector store indexes, and fingerprint it.

Pure functions: no Chroma here. Each record is one retrievable passage with a
stable id, its kind (question, answer, key_point, probe, example) and flat
metadata. The fingerprint hashes the knowledge files, the record schema and the
embedding model, so the store rebuilds exactly when one of them changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import GradedExample, KeyPoint, Misconception, Probe, ReferenceAnswer
from ..knowledge.answers import Knowledge

SCHEMA_VERSION = 3  # 2: other wordings indexed as questions; 3: misconceptions in the payload
KINDS = ("question", "answer", "key_point", "probe", "example")


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    text: str
    metadata: dict[str, str | int | float] = field(default_factory=dict)


def fingerprint(files: Iterable[Path], model_id: str) -> str:
    h = hashlib.sha256(f"schema={SCHEMA_VERSION};model={model_id}".encode())
    for f in sorted(files, key=lambda p: p.name):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def reference_to_json(ref: ReferenceAnswer) -> str:
    return json.dumps(
        {
            "question_id": ref.question_id,
            "question": ref.question,
            "answer": ref.answer,
            "key_points": [[k.text, k.weight] for k in ref.key_points],
            "probes": [
                {"question": p.question, "key_points": [[k.text, k.weight] for k in p.key_points]}
                for p in ref.probes
            ],
            "examples": [[e.answer, e.score, list(e.hits)] for e in ref.examples],
            "source": ref.source,
            "line": ref.line,
            "asked_as": list(ref.asked_as),
            "misconceptions": [[m.claim, m.correction, m.key_point] for m in ref.misconceptions],
        },
        ensure_ascii=False,
    )


def reference_from_json(payload: str) -> ReferenceAnswer:
    d = json.loads(payload)
    return ReferenceAnswer(
        question_id=d["question_id"],
        question=d["question"],
        answer=d["answer"],
        key_points=tuple(KeyPoint(t, w) for t, w in d["key_points"]),
        probes=tuple(
            Probe(p["question"], tuple(KeyPoint(t, w) for t, w in p["key_points"]))
            for p in d["probes"]
        ),
        examples=tuple(GradedExample(a, s, tuple(h)) for a, s, h in d["examples"]),
        source=d["source"],
        line=d.get("line", 0),
        asked_as=tuple(d.get("asked_as", ())),
        misconceptions=tuple(Misconception(c, t, k) for c, t, k in d.get("misconceptions", ())),
    )


def knowledge_records(knowledge: Knowledge) -> list[Record]:
    out: list[Record] = []
    for q in knowledge.questions:
        base: dict[str, str | int | float] = {"question_id": q.id, "section": q.section_slug}
        hints = {"hints": "\n".join(q.hints)} if q.hints else {}
        out.append(Record(f"{q.id}/question", "question", q.text, {**base, **hints}))
        ref = knowledge.answers.get(q.id)
        if ref is None:
            continue
        for i, wording in enumerate(ref.asked_as):
            out.append(Record(f"{q.id}/asked/{i}", "question", wording, {**base, "asked_as": i}))
        payload = reference_to_json(ref)
        out.append(Record(f"{q.id}/answer", "answer", ref.answer, {**base, "payload": payload}))
        for i, kp in enumerate(ref.key_points):
            out.append(
                Record(
                    f"{q.id}/kp/{i}",
                    "key_point",
                    kp.text,
                    {**base, "index": i, "weight": kp.weight},
                )
            )
        for i, probe in enumerate(ref.probes):
            out.append(Record(f"{q.id}/probe/{i}", "probe", probe.question, {**base, "index": i}))
        for i, ex in enumerate(ref.examples):
            out.append(
                Record(
                    f"{q.id}/example/{i}",
                    "example",
                    ex.answer,
                    {**base, "index": i, "score": ex.score, "hits": ",".join(map(str, ex.hits))},
                )
            )
    return out

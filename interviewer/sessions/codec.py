"""A turn's grade and delivery as the JSON text the history database stores, and back.

`grade_to_json` keeps each key point's weight (the export leaves it to the rubric);
`delivery_to_json` is `Delivery.as_json()`. Reading back tolerates fields that older
versions did not write. Nothing here touches a database.
"""

from __future__ import annotations

import json
from typing import Any

from ..domain import ClaimResult, Delivery, Grade, KeyPointResult


def grade_to_json(grade: Grade) -> str:
    d = grade.as_json()
    d["key_points"] = [
        {"text": k.text, "weight": k.weight, "hit": k.hit, "evidence": k.evidence}
        for k in grade.key_points
    ]
    return json.dumps(d, ensure_ascii=False)


def grade_from_json(text: str) -> Grade:
    d = json.loads(text)
    points = tuple(KeyPointResult(k["text"], k.get("weight", 1), k["hit"], k.get("evidence", ""))
                   for k in d["key_points"])  # fmt: skip
    claims = tuple(ClaimResult(c["sentence"], float(c["p_false"]), bool(c["false"]),
                               c.get("correction", "")) for c in d.get("claims", ()))  # fmt: skip
    return Grade(d["score"], points, d["feedback"], d["follow_up"], d.get("confidence", 1.0),
                 d["examiner"], d.get("max_score", 5.0), tuple(d.get("flags", ())), claims,
                 d.get("fact_check", ""), d.get("basis", ""))  # fmt: skip


def delivery_to_json(delivery: Delivery | None) -> str | None:
    return None if delivery is None else json.dumps(delivery.as_json(), ensure_ascii=False)


def delivery_from_json(text: str | None) -> Delivery | None:
    if not text:
        return None
    d: dict[str, Any] = json.loads(text)
    pauses = tuple((float(p["start_s"]), float(p["end_s"])) for p in d.get("pauses", ()))
    return Delivery(
        float(d["duration_s"]), float(d.get("speaking_s", d["duration_s"])), int(d["words"]),
        float(d["wpm"]), {str(k): int(v) for k, v in d.get("fillers", {}).items()}, pauses,
        {str(k): int(v) for k, v in d.get("hedges", {}).items()}, d.get("transcript_raw", ""),
        d.get("transcript_clean", ""), d.get("tip", ""), bool(d.get("edited", False)),
    )  # fmt: skip

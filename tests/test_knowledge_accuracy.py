"""Keeping the shipped knowledge honest: its code runs, its grades add up, its claims read false.

Code blocks. Every ```python block of a model answer is run on its own in a fresh
interpreter (a subprocess with a timeout, in an empty directory). A block's first
line may mark it:

- `# fragment: <why>`: an excerpt that relies on names defined elsewhere (an `app`,
  a `db`, placeholder helpers, files); it is not run.
- `# requires: flask, flask_sqlalchemy`: a complete program that needs those
  third-party modules; it runs when all of them are importable and is skipped, with
  the reason, when not (the project does not depend on Flask itself).

The consistency rules for graded examples (score vs hit key points, examples above
the misconception band stating a claim) live in `interviewer/knowledge/checks.py`
and run in `check_knowledge`; here they are tested on a tiny knowledge base, as is
the knowledge version reaching the exports and the web app's footer.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.knowledge.answers import check_knowledge, knowledge_version, load_knowledge
from interviewer.knowledge.checks import content_words, expected_score, states_claim

_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)
_SHIPPED = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers")
_BLOCKS = [
    pytest.param(code, id=f"{qid}#{i}")
    for qid, ref in sorted(_SHIPPED.answers.items())
    for i, code in enumerate(_FENCE.findall(ref.answer), 1)
]


def test_model_answers_have_code_blocks() -> None:
    assert len(_BLOCKS) >= 60


@pytest.mark.parametrize("code", _BLOCKS)
def test_model_answer_code_runs(code: str, tmp_path: Path) -> None:
    first = code.split("\n", 1)[0].strip()
    if first.startswith("# fragment:"):
        pytest.skip(first[2:])
    if first.startswith("# requires:"):
        missing = [m.strip() for m in first.split(":", 1)[1].split(",")
                   if importlib.util.find_spec(m.strip()) is None]  # fmt: skip
        if missing:
            pytest.skip(f"needs {', '.join(missing)} (not installed)")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]


def test_every_question_has_six_distinct_one_sentence_misconceptions() -> None:
    for ref in _SHIPPED.answers.values():
        assert len(ref.misconceptions) == 6, ref.question_id
        assert len({m.claim for m in ref.misconceptions}) == 6, ref.question_id
        for m in ref.misconceptions:
            # one sentence: no full stop followed by a capitalised word (e.g. aside)
            text = re.sub(r"\b(e\.g|i\.e|etc|vs)\.", "", m.correction)
            assert not re.search(r"[.!?]\s+[A-Z]", text), (ref.question_id, m.correction)


def test_claims_are_not_near_copies_of_true_statements() -> None:
    """No key point or model-answer sentence holds 80% of a claim's content words."""
    for ref in _SHIPPED.answers.values():
        truths = [k.text for k in ref.key_points] + [ref.answer]
        for m in ref.misconceptions:
            for truth in truths:
                assert not states_claim(truth, m.claim), (ref.question_id, m.claim, truth[:80])


def test_shipped_knowledge_is_versioned() -> None:
    version = (REPO_KNOWLEDGE / "VERSION").read_text("utf-8").strip()
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", version)
    assert knowledge_version(REPO_KNOWLEDGE) == version == _SHIPPED.version


def test_missing_version_file_reads_unversioned(tiny_knowledge: Path) -> None:
    assert knowledge_version(tiny_knowledge) == "unversioned"
    (tiny_knowledge / "VERSION").write_text("2030.1.2\n", "utf-8")
    knowledge, _ = check_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    assert knowledge.version == "2030.1.2"


def _set_example(text: str, score: str, hits: str) -> str:
    """The tiny knowledge's one graded example (4.5, hits [1, 2]) with another score and hits."""
    return re.sub(r"score: 4\.5(\s+)hits: \[1, 2\]", rf"score: {score}\g<1>hits: {hits}", text)


def test_expected_score_is_five_times_the_hit_weight_share() -> None:
    assert expected_score([0, 1], [3, 2, 1]) == pytest.approx(5 * 5 / 6)
    assert expected_score([], [3, 2, 1]) == 0
    assert expected_score([2, 2], [3, 2, 1]) == pytest.approx(5 / 6)  # a hit counts once


@pytest.mark.parametrize(
    ("score", "hits", "ok"),
    [("4.5", "[1, 2]", True),   # share 5/6 -> 4.2
     ("5", "[1, 2]", True),
     ("2", "[1, 2]", False),    # more than 2 below 4.2
     ("1.5", "[]", True),       # nothing hit: at most 1.5
     ("2", "[]", False),
     ("4", "[3]", False)],      # share 1/6 -> 0.8, at most 2.3
)  # fmt: skip
def test_example_scores_must_fit_their_hit_key_points(
    tiny_knowledge: Path, score: str, hits: str, ok: bool
) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    f.write_text(_set_example(f.read_text("utf-8"), score, hits), "utf-8")
    _, errors = check_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    messages = [str(e) for e in errors]
    if ok:
        assert messages == []
    else:
        assert len(messages) == 1 and "does not fit its hit key points" in messages[0]
        assert "web-things.yaml:" in messages[0]


_CLAIM = ("  misconceptions:\n    - claim: Flask ships its own ORM with automatic migrations\n"
          "      correction: Flask has no ORM; SQLAlchemy comes from an extension\n"
          "      key_point: 1\n")  # fmt: skip


@pytest.mark.parametrize(("score", "flagged"), [("4.5", True), ("2.5", False)])
def test_examples_above_the_misconception_band_must_not_state_a_claim(
    tiny_knowledge: Path, score: str, flagged: bool
) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    text = f.read_text("utf-8").replace(
        "A strong example answer for web-things-01 that says the right things.",
        "It is small. Flask ships its own ORM, with automatic migrations built in.",
    )
    text = _set_example(text, score, "[1, 2]")
    f.write_text(text + _CLAIM, "utf-8")
    _, errors = check_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    messages = [str(e) for e in errors if "misconception" in str(e)]
    assert bool(messages) == flagged, messages


def test_claim_overlap_is_per_sentence_and_ignores_stop_words() -> None:
    claim = "Flask ships its own ORM with automatic migrations"
    assert content_words(claim) == {"flask", "ships", "orm", "automatic", "migrations"}
    assert states_claim("Well. Flask ships an ORM that runs automatic migrations!", claim)
    # the same words spread over two sentences do not state it
    assert not states_claim("Flask ships no ORM. Alembic runs automatic migrations.", claim)


def test_exports_name_the_knowledge_version() -> None:
    from interviewer.sessions.export import to_json, to_markdown
    from interviewer.sessions.export_pdf import to_pdf
    from interviewer.sessions.history import SessionInfo

    session = SessionInfo("s1", "local", "2026-12-01T10:00:00", "offline", {}, None)
    assert json.loads(to_json(session, [], [], "2030.1.2"))["knowledge_version"] == "2030.1.2"
    assert json.loads(to_json(session, [], []))["knowledge_version"] == knowledge_version()
    assert "Knowledge version 2030.1.2" in to_markdown(session, [], [], "2030.1.2")
    assert to_pdf(session, [], [], "2030.1.2").startswith(b"%PDF")


def test_web_app_footer_shows_the_knowledge_version(tiny_settings: Settings) -> None:
    from interviewer.retrieval.kb import KnowledgeBase
    from interviewer.web.ui import UIDeps, build_app

    from .fakes import HashingEmbedder

    (tiny_settings.knowledge_dir / "VERSION").write_text("2030.1.2\n", "utf-8")
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    app = build_app(UIDeps(kb))
    footers = [b for b in app.blocks.values() if getattr(b, "elem_id", None) == "footer"]
    assert len(footers) == 1 and "Knowledge version 2030.1.2" in str(footers[0].value)

"""Turning a fact check into a grade: false claims earn nothing, cost points, get corrected.

Given the grade the offline examiner gave (its cosine misconception rule off: a
model that reads decides truth here) and the claim check's P(FALSE) per sentence:
a sentence judged false (P >= `claim`) loses the key points it earned and costs
`penalty` points; an answer whose claims are false on the whole (mean P >= `mean`)
is capped at `cap`, since a fluent wrong answer in the right words scores well
on coverage alone. One or two sentences are too few votes for that mean, except when
they also read like one of the question's known misconceptions (nearer, by cosine, to
its claim than to any correction), or the model finds them siding with the nearest
misconception's claim rather than its correction (examiner/agreement.py): then they are
capped too (`short_misconception`, `short_agree`). Below the
cap, an answer the model doubts on the whole (mean P >= `doubt`) loses `doubt_penalty`
points, and its likeliest false sentence is quoted as doubtful. The feedback quotes
each false sentence with a correction grounded in the rubric (examiner/corrections.py),
and the follow-up quotes it back and asks the probe nearest to the key point it broke.
Thresholds are chosen on dev data by evals/factcheck_dev.py. It does not call any model
but the embedder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..domain import ClaimResult, Grade, KeyPointResult, Probe
from ..retrieval.embeddings import Embedder
from .corrections import MISCONCEPTION_MATCH, corrections, misconception_similarity
from .factcheck import FactCheck
from .features import Rubric
from .offline import half_points

_DENIAL = re.compile(r"\b(?:not|no|never|nor|none|nothing|without|cannot)\b|n't\b", re.I)


@dataclass(frozen=True)
class VerdictThresholds:
    # Chosen by evals/factcheck_dev.py on dev data (results in evals/results/factcheck_dev.json).
    claim: float = 0.95  # P(FALSE) from which one sentence counts as false
    mean: float = 0.70  # mean P(FALSE) over the answer's sentences from which it is capped
    penalty: float = 0.0  # points off per false sentence (besides the key point it loses)
    cap: float = 1.0  # a product rule, not tuned: an answer false on the whole scores at most 1
    # One or two sentences are one or two noisy votes: the mean caps longer answers only; a
    # shorter one only from `short_mean` (above 1, i.e. never, is what dev data chose).
    min_claims: int = 3
    short_mean: float = 1.01
    # A shorter answer that reads like a known misconception is capped from this mean: the
    # model alone cannot tell a short wrong answer from a true sentence that denies a
    # misconception, and the cosine alone cannot tell a claim from its one-word-swapped twin.
    short_misconception: float = 0.80
    long_misconception: float = 1.01  # the same, for longer answers
    # A shorter answer is also capped when the model finds it siding with the nearest known
    # misconception rather than with its correction (examiner/agreement.py: agreement at
    # least `short_agree`) and its mean P(FALSE) is at least `short_agree_mean`. Chosen by
    # evals/factcheck_agree.py on dev data.
    short_agree: float = 0.54
    short_agree_mean: float = 0.6
    # Wrong answers in the topic's words mostly sit between true answers and the cap: an
    # answer of at least `doubt_min_claims` sentences with a mean from `doubt` loses points
    # (unless it denies something or reads like a known correction: see `doubted`).
    doubt: float = 0.7
    doubt_penalty: float = 1.0
    doubt_min_claims: int = 2

    def doubted(self, mean_p_false: float, n_claims: int) -> bool:
        return n_claims >= max(1, self.doubt_min_claims) and mean_p_false >= self.doubt

    @property
    def asks_agreement(self) -> bool:
        return self.short_agree <= 1.0

    def agreed(self, agreement: float, mean_p_false: float, n_claims: int) -> bool:
        """Whether a short answer sides with a known misconception (see `short_agree`)."""
        return (0 < n_claims < self.min_claims and agreement >= self.short_agree
                and mean_p_false >= self.short_agree_mean)  # fmt: skip

    def capped(self, mean_p_false: float, n_claims: int, misconception: bool = False) -> bool:
        if n_claims >= self.min_claims:
            return mean_p_false >= self.mean or (
                misconception and mean_p_false >= self.long_misconception
            )
        if misconception and n_claims > 0 and mean_p_false >= self.short_misconception:
            return True
        return n_claims > 0 and mean_p_false >= self.short_mean


def _quote(text: str, limit: int = 160) -> str:
    text = text.rstrip(";:, ")  # a claim cut at a semicolon is quoted without it
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "…"


def reads_like_misconception(embedder: Embedder, rubric: Rubric,
                             claims: Sequence[str]) -> int | None:  # fmt: skip
    """The index of the known misconception the claims come nearest, if they are nearer its
    claim (cosine at least MISCONCEPTION_MATCH) than any misconception's correction."""
    if not claims or not rubric.misconceptions:
        return None
    to_wrong, to_right = misconception_similarity(embedder, rubric, claims)
    best = float(to_wrong.max())
    if best < MISCONCEPTION_MATCH or best <= float(to_right.max()):
        return None
    return int(np.unravel_index(int(np.argmax(to_wrong)), to_wrong.shape)[1])


def reads_like_correction(embedder: Embedder, rubric: Rubric, claims: Sequence[str]) -> bool:
    """Whether the claims come nearer one of the known corrections (cosine at least
    MISCONCEPTION_MATCH) than any misconception's claim: the knowledge says that is true."""
    if not claims or not rubric.misconceptions:
        return False
    to_wrong, to_right = misconception_similarity(embedder, rubric, claims)
    best = float(to_right.max())
    return best >= MISCONCEPTION_MATCH and best > float(to_wrong.max())


def doubted(embedder: Embedder, rubric: Rubric, claims: Sequence[str], mean_p_false: float,
            t: VerdictThresholds) -> bool:  # fmt: skip
    """Whether the doubt penalty applies: enough sentences with a mean P(FALSE) from
    `t.doubt`, and none of the model's blind spots measured on dev data — a denial ("is
    not", "doesn't"), which it doubts even when true, or a sentence that reads like a
    known correction."""
    if not t.doubted(mean_p_false, len(claims)) or any(_DENIAL.search(c) for c in claims):
        return False
    return not reads_like_correction(embedder, rubric, claims)


def recount(feedback: str, points: Sequence[KeyPointResult]) -> str:
    """The offline feedback with its Covered / Missing / Tip lines redone for `points`."""
    hit = [k for k in points if k.hit]
    missed = sorted((k for k in points if not k.hit), key=lambda k: -k.weight)
    kept = [
        x for x in feedback.splitlines() if not x.startswith(("Covered: ", "Missing: ", "Tip: "))
    ]
    head = ["Covered: " + "; ".join(k.text.rstrip(".") for k in hit) + "."] if hit else []
    if missed:
        tail = ["Missing: " + "; ".join(k.text.rstrip(".") for k in missed[:3]) + ".",
                f"Tip: study this next — {missed[0].text}"]  # fmt: skip
    else:
        tail = ["Tip: you hit every key point; practise saying it with a concrete example."]
    return "\n".join([*head, *kept, *tail])


def uncredited(points: Sequence[KeyPointResult], sentences: set[str]) -> tuple[KeyPointResult, ...]:
    """The key points, those whose evidence is (part of) one of `sentences` no longer earned."""
    return tuple(
        KeyPointResult(k.text, k.weight, False, "", k.similarity)
        if k.hit and k.evidence and any(k.evidence in s or s in k.evidence for s in sentences)
        else k
        for k in points
    )


def nearest_probe(embedder: Embedder, point: str, probes: Sequence[Probe]) -> Probe | None:
    if not probes:
        return None
    vecs = embedder.embed([point, *(p.question + " " + " ".join(k.text for k in p.key_points)
                                    for p in probes)])  # fmt: skip
    return probes[int(np.argmax(vecs[1:] @ vecs[0]))]


def checked_score(score: float, n_false: int, mean_p_false: float, no_point: bool,
                  t: VerdictThresholds, n_claims: int = 1,
                  misconception: bool = False, doubt: bool = False,
                  agreed: bool = False) -> float:  # fmt: skip
    """The offline score after the fact check (never above it). `doubt`: see `doubted`;
    `agreed`: a short answer siding with a known misconception (`VerdictThresholds.agreed`)."""
    out = score - t.penalty * n_false
    if doubt:
        out -= t.doubt_penalty
    if agreed or t.capped(mean_p_false, n_claims, misconception):
        out = min(out, t.cap)
    if no_point:
        out = min(out, 1.0)
    return half_points(max(0.0, min(out, score)))


def apply_fact_check(grade: Grade, check: FactCheck, rubric: Rubric, probes: Sequence[Probe],
                     embedder: Embedder, t: VerdictThresholds) -> Grade:  # fmt: skip
    """The grade with the fact check's verdicts applied (a no-op when nothing was judged)."""
    if not check.verdicts:
        return replace(grade, fact_check="checked")
    n = len(check.verdicts)
    false = [v for v in check.verdicts if v.p_false >= t.claim]
    said = [v.sentence for v in check.verdicts]
    known = agreed = None
    if check.agreement and t.agreed(check.agreement[1], check.mean_p_false, n):
        agreed = check.agreement[0]
    elif check.mean_p_false >= (t.short_misconception if n < t.min_claims
                                else t.long_misconception):  # fmt: skip
        known = reads_like_misconception(embedder, rubric, said)
    known = agreed if agreed is not None else known
    if known is not None and not false:  # quote and correct the likeliest false sentence
        false = [max(check.verdicts, key=lambda v: v.p_false)]
    doubt = doubted(embedder, rubric, said, check.mean_p_false, t)
    mostly_false = known is None and t.capped(check.mean_p_false, n)
    doubtful = []
    if (doubt or mostly_false) and not false:  # quoted, with what the reference says instead
        doubtful = [max(check.verdicts, key=lambda v: v.p_false)]
    fixes = corrections(embedder, rubric, [v.sentence for v in [*false, *doubtful]])
    fix_of = {v.sentence: fix for v, fix in zip([*false, *doubtful], fixes, strict=True)}
    if agreed is not None and len(false) == 1:  # the misconception the model sided it with
        m = rubric.misconceptions[agreed]
        fix_of[false[0].sentence] = (
            m.correction,
            min(m.key_point, max(0, len(rubric.points()) - 1)),
        )
    wrong = {v.sentence for v in false}
    claims = tuple(ClaimResult(v.sentence, v.p_false, v.sentence in wrong,
                               fix_of[v.sentence][0] if v.sentence in fix_of else "")
                   for v in check.verdicts)  # fmt: skip
    points = uncredited(grade.key_points, wrong)
    no_point = bool(rubric.key_points) and not any(k.hit for k in points)
    misconception = known is not None
    score = checked_score(grade.score, len(false), check.mean_p_false, no_point, t, n,
                          misconception, doubt, agreed is not None)  # fmt: skip
    if mostly_false:  # capped: a sentence doubted as much as the cap's mean earns no key point
        points = uncredited(points, {v.sentence for v in check.verdicts if v.p_false >= t.mean})
    flags = list(grade.flags)
    notes = []
    if misconception and (agreed is not None or t.capped(check.mean_p_false, n, misconception)):
        notes.append("It states a common misconception.")
    elif mostly_false:
        flags.append("mostly-false")
        notes.append("Most of what it states is not correct.")
    if false:
        flags.append("misconception")
    elif doubtful and score < grade.score:
        flags.append("doubtful")
        notes.append(f"Doubtful: “{_quote(doubtful[0].sentence)}” "
                     f"The reference says: {fix_of[doubtful[0].sentence][0]}")  # fmt: skip
    for v in false:
        notes.append(f"Not correct: “{_quote(v.sentence)}” In fact: {fix_of[v.sentence][0]}")
    body = recount(grade.feedback, points) if points != grade.key_points else grade.feedback
    feedback = "\n".join([*notes, body]) if notes else body
    follow_up = grade.follow_up
    challenged = false or (doubtful if "doubtful" in flags else [])
    if challenged:
        worst = max(challenged, key=lambda v: v.p_false)
        point = rubric.points()[fix_of[worst.sentence][1]].text if rubric.points() else ""
        probe = nearest_probe(embedder, point, probes)
        ask = probe.question if probe else "can you walk me through that again?"
        follow_up = f"You said “{_quote(worst.sentence, 120)}” — are you sure? {ask}"
    return replace(
        grade, score=score, key_points=points,
        feedback=feedback, follow_up=follow_up, flags=tuple(flags), claims=claims,
        fact_check="checked", examiner=f"{grade.examiner}+{check.model}",
    )  # fmt: skip

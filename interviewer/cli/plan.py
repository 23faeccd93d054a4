"""`interviewer plan`: a job description in, the questions to practise for it out.

`interviewer plan --job-description FILE --count N [--user U] [--json]` prints
`{skills, not_covered, questions: [{question_id, why}]}` with --json (each question
also lists the job's `skills` it practises), else a readable list. Weak spots come
from the history of `--user` (default: the local user). Reading the file, the skills
and the plan are in interviewer/planning/; this module only wires them to the command.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..domain import JobPlan
from ..knowledge.answers import load_knowledge
from ..planning.jobfile import read_job_description
from ..planning.plan import Planner, needs, plan_for_text
from ..sessions.history import History
from .sessions import LOCAL_USER


def add_plan_parser(sub: Any) -> None:
    p = sub.add_parser("plan", help="plan an interview from a job description")
    p.add_argument("--job-description", type=Path, required=True, metavar="FILE",
                   help="the job ad as .txt, .md or .pdf")  # fmt: skip
    p.add_argument("--count", type=int, default=8)
    p.add_argument("--user", default=LOCAL_USER, help="whose weak spots weigh in")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plan)


def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.count <= 50:
        raise ValueError("--count must be between 1 and 50")
    text = read_job_description(args.job_description)
    knowledge = load_knowledge(settings.bank_paths, settings.answers_dir, strict=False)
    history = History(settings.history_target)
    try:
        turns = [t for _, t in history.user_turns(args.user)]
    finally:
        history.close()
    need = needs(turns, knowledge.answerable, datetime.now(UTC))
    plan = plan_for_text(text, Planner(knowledge), args.count, need)
    if args.json:
        print(json.dumps(plan.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_text(plan, {q.id: q.text for q in knowledge.questions}, args.count)
    return 0


def _print_text(plan: JobPlan, texts: dict[str, str], count: int) -> None:
    covered = [s.name + (" (nice to have)" if s.optional else "") for s in plan.skills
               if s.covered]  # fmt: skip
    print("Skills: " + (", ".join(covered) or "none the question bank covers"))
    if plan.not_covered:
        print("Not in the question bank: " + ", ".join(plan.not_covered))
    if len(plan.questions) < count:
        print(f"Only {len(plan.questions)} bank question(s) match these skills.")
    for i, q in enumerate(plan.questions, 1):
        print(f"\n{i}. {texts.get(q.question_id, q.question_id)}  [{q.question_id}]")
        print(f"   {q.why}")

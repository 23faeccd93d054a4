"""The `interviewer` command: bank, knowledge check, index, search, ingest, eval.

Output contracts other tools rely on (keep names and JSON keys):
`bank --json` -> [{id, part, section, number, text}];
`search TEXT --k 5 --json` -> [{question_id, kind, text, score}] (plus `source`);
`grade` is in grade.py, `delivery` in delivery.py, `plan` in plan.py, `interview` and
`export` in sessions.py.
Problems print one clear line to stderr and exit non-zero; no tracebacks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..config import Settings
from ..domain import KnowledgeError
from ..examiner.features import Rubric
from ..examiner.offline import OfflineExaminer
from ..knowledge.answers import check_knowledge
from ..knowledge.bank import load_banks
from ..retrieval.embeddings import CachedEmbedder, MiniLMEmbedder
from ..retrieval.kb import KnowledgeBase
from ..retrieval.store import StoreError
from ..sessions.history import HistoryError
from .bank_grader import ensure_rubric_cache
from .delivery import add_delivery_parser
from .grade import add_grade_parser
from .plan import add_plan_parser
from .sessions import cmd_export, cmd_interview


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_bank(args: argparse.Namespace, settings: Settings) -> int:
    questions = load_banks(settings.bank_paths)
    if args.json:
        _print_json([q.as_json() for q in questions])
    else:
        section = None
        for q in questions:
            if q.section != section:
                section = q.section
                print(f"\n{q.part} — {q.section}")
            print(f"  {q.id:<40} {q.text}")
    return 0


def cmd_knowledge_check(args: argparse.Namespace, settings: Settings) -> int:
    knowledge, errors = check_knowledge(settings.bank_paths, settings.answers_dir)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1
    n_kp = sum(len(a.key_points) for a in knowledge.answers.values())
    n_probe = sum(len(a.probes) for a in knowledge.answers.values())
    n_ex = sum(len(a.examples) for a in knowledge.answers.values())
    n_mis = sum(len(a.misconceptions) for a in knowledge.answers.values())
    n_asked = sum(len(a.asked_as) for a in knowledge.answers.values())
    print(
        f"ok: {len(knowledge.questions)} questions, {len(knowledge.answers)} reference answers, "
        f"{n_kp} key points, {n_probe} probes, {n_ex} graded examples, "
        f"{n_mis} misconceptions, {n_asked} other wordings"
    )
    return 0


def _open_kb(settings: Settings, quiet: bool = False) -> KnowledgeBase:
    kb = KnowledgeBase.open(settings)
    kb.ensure_index(progress=None if quiet else _progress_bar())
    return kb


def _progress_bar() -> Callable[[int, int], None]:
    from tqdm import tqdm

    bar: dict[str, tqdm] = {}

    def update(done: int, total: int) -> None:
        if "b" not in bar:
            bar["b"] = tqdm(
                total=total, desc="embedding knowledge", unit="passage", file=sys.stderr
            )
        bar["b"].update(done - bar["b"].n)
        if done >= total:
            bar["b"].close()

    return update


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    kb = KnowledgeBase.open(settings)
    report = kb.ensure_index(force=args.force, progress=_progress_bar())
    counts = kb.store.counts()
    missing = len(kb.questions) - len(kb.knowledge.answerable)
    if missing:
        print(f"note: {missing} question(s) have no reference answer yet and will not be asked "
              "(see `interviewer knowledge check`)", file=sys.stderr)  # fmt: skip
    state = "built" if report.rebuilt else "up to date"
    print(
        f"index {state} in {report.seconds:.2f} s: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    start = time.perf_counter()
    print("checking the rubric cache (rubric texts embedded once for grading)…", file=sys.stderr)
    if ensure_rubric_cache(settings, kb, force=args.force or report.rebuilt):
        print(f"rubric cache written in {time.perf_counter() - start:.2f} s")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    kb = _open_kb(settings, quiet=True)
    hits = kb.search(args.text, k=args.k)
    if args.json:
        _print_json([h.as_json() for h in hits])
    else:
        for h in hits:
            print(f"{h.score:.3f}  {h.kind:<9} {h.question_id or h.source}\n        {h.text[:160]}")
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    kb = _open_kb(settings, quiet=True)
    failed = 0
    for r in kb.ingest(args.paths):
        if r.error:
            failed += 1
            print(f"skipped: {r.error}", file=sys.stderr)
        else:
            print(f"ingested {r.path}: {r.chunks} chunk(s)")
    return 1 if failed else 0


def _examiner() -> OfflineExaminer:
    return OfflineExaminer(CachedEmbedder(MiniLMEmbedder()))


def cmd_eval_grading(args: argparse.Namespace, settings: Settings) -> int:
    import numpy as np

    from ..examiner.datasets import mohler
    from ..examiner.metrics import agreement

    rows = mohler(args.dataset, split=args.split)
    if not rows:
        raise ValueError(f"{args.dataset}: no rows in split '{args.split}'")
    examiner = _examiner()
    pred = np.array([examiner.grade(Rubric(r.question, r.reference), r.answer).score for r in rows])
    result = agreement(pred, np.array([r.score for r in rows]))
    if args.json:
        _print_json(result)
    else:
        print(", ".join(f"{k} {v}" for k, v in result.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="interviewer", description="AI mock interviewer for Python and Flask"
    )
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bank", help="list the question bank")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=cmd_bank)
    k = sub.add_parser("knowledge", help="knowledge file tools")
    ksub = k.add_subparsers(dest="knowledge_command", required=True)
    kc = ksub.add_parser("check", help="validate banks and reference answers")
    kc.set_defaults(func=cmd_knowledge_check)
    i = sub.add_parser("index", help="build the vector store (only if knowledge changed)")
    i.add_argument("--force", action="store_true", help="rebuild even if up to date")
    i.set_defaults(func=cmd_index)
    s = sub.add_parser("search", help="retrieve passages for a text")
    s.add_argument("text")
    s.add_argument("--k", type=int, default=5)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)
    g = sub.add_parser("ingest", help="add your own notes (md, rst, txt, html) to the store")
    g.add_argument("paths", nargs="+", type=Path)
    g.set_defaults(func=cmd_ingest)
    add_grade_parser(sub)
    add_delivery_parser(sub)
    add_plan_parser(sub)
    it = sub.add_parser("interview", help="a text interview in the terminal")
    it.add_argument("--section", action="append", help="section slug (repeatable); default all")
    it.add_argument("--count", type=int, default=5)
    it.add_argument("--follow-ups", type=int, default=1)
    it.add_argument("--in-order", action="store_true", help="bank order instead of shuffled")
    it.set_defaults(func=cmd_interview)
    ex = sub.add_parser("export", help="export a saved session")
    ex.add_argument("session_id")
    ex.add_argument("--format", choices=["md", "json", "pdf"], default="md")
    ex.add_argument("--output", type=Path)
    ex.set_defaults(func=cmd_export)
    ev = sub.add_parser("eval", help="measure the examiner")
    evsub = ev.add_subparsers(dest="eval_command", required=True)
    eg = evsub.add_parser("grading", help="agreement with human grades (Mohler's CSV columns)")
    eg.add_argument("--dataset", type=Path, required=True)
    eg.add_argument("--split", choices=["dev", "test", "all"], default="test")
    eg.add_argument("--json", action="store_true")
    eg.set_defaults(func=cmd_eval_grading)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        result: int = args.func(args, settings)
        return result
    except (KnowledgeError, StoreError, HistoryError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

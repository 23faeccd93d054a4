"""CLI commands that run and export interview sessions (`interview`, `export`)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..config import Settings
from ..domain import Turn
from ..knowledge.bank import load_banks
from ..retrieval.embeddings import MiniLMEmbedder
from ..retrieval.kb import KnowledgeBase
from ..sessions.history import History

LOCAL_USER = "local"  # the single user when login is off


def cmd_interview(args: argparse.Namespace, settings: Settings) -> int:
    from ..engine import EngineDeps, InterviewEngine, Plan
    from ..examiner.base import build_examiner
    from .terminal import run

    kb = KnowledgeBase.open(settings)
    kb.ensure_index()
    examiner = build_examiner(settings, MiniLMEmbedder(), list(kb.knowledge.answers.values()))
    engine = InterviewEngine(EngineDeps(kb, examiner))
    plan = Plan(sections=tuple(args.section or ()), count=args.count,
                shuffle=not args.in_order, max_follow_ups=args.follow_ups)  # fmt: skip
    interview = engine.start(plan)
    history = History(settings.history_target)
    clock = engine.deps.clock
    session_id = history.create_session(LOCAL_USER, examiner.name, plan.__dict__,
                                        clock().isoformat())  # fmt: skip

    def save(turn: Turn) -> None:
        history.add_turn(session_id, turn)

    run(engine, interview, save=save)
    history.finish(session_id, clock().isoformat())
    print(f"\nSaved as session {session_id}: `interviewer export {session_id} --format md`")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from ..sessions.export import export

    if not re.fullmatch(r"[0-9a-f]{32}", args.session_id):
        raise ValueError(f"'{args.session_id[:80]}' is not a session id (32 hex characters)")
    history = History(settings.history_target)
    try:
        session = history.session(args.session_id, user=LOCAL_USER)
    except KeyError:
        raise ValueError(f"no session {args.session_id}") from None
    questions = load_banks(settings.bank_paths)
    data = export(args.format, session, history.turns(session.id), questions)
    if args.output:
        args.output.write_bytes(data)
        print(f"wrote {args.output}")
    elif args.format == "pdf":
        path = Path(f"interview-{session.id[:8]}.pdf")
        path.write_bytes(data)
        print(f"wrote {path}")
    else:
        sys.stdout.write(data.decode())
    return 0

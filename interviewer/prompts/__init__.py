"""Prompt templates shipped as files; `load(name)` reads one."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text("utf-8")

"""Logins for a shared server: who may use the app, from INTERVIEWER_USERS.

The value is either `user:password` pairs separated by commas, or the path of a
file with one `user:password` per line (`#` starts a comment). Passwords are
compared in constant time. Without the variable the app is single-user and
listens on localhost only. Sign-up, password hashing on disk and roles are out
of scope: put a real identity provider in front for anything bigger.
"""

from __future__ import annotations

import hmac
import re
from pathlib import Path

LOCAL_USER = "local"
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


class UsersError(ValueError):
    """INTERVIEWER_USERS cannot be used, with a message saying why."""


def parse_users(spec: str) -> dict[str, str]:
    spec = spec.strip()
    source = "INTERVIEWER_USERS"
    if (spec and ":" not in spec.splitlines()[0]) or Path(spec).is_file():
        path = Path(spec).expanduser()
        try:
            spec = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise UsersError(f"cannot read the users file {path}: {exc}") from exc
        source = str(path)
        entries = [line.strip() for line in spec.splitlines()]
    else:
        entries = [e.strip() for e in spec.split(",")]
    users: dict[str, str] = {}
    for n, entry in enumerate(entries, 1):
        if not entry or entry.startswith("#"):
            continue
        name, sep, password = entry.partition(":")
        if not sep or not password:
            raise UsersError(f"{source}: entry {n} must look like user:password")
        if not _NAME.match(name):
            raise UsersError(f"{source}: entry {n}: user names use letters, digits, _ . @ -")
        if name in users:
            raise UsersError(f"{source}: user {name!r} is listed twice")
        users[name] = password
    if not users:
        raise UsersError(f"{source} names no users")
    return users


def _is_file(spec: str) -> bool:
    try:
        return Path(spec).is_file()
    except (OSError, ValueError):  # NUL bytes, over-long names: not a path
        return False


class Users:
    def __init__(self, users: dict[str, str]) -> None:
        self._users = users

    def check(self, name: str, password: str) -> bool:
        expected = self._users.get(name)
        # Compare against something even for unknown names so timing does not reveal them.
        ok = hmac.compare_digest((expected or "\0").encode(), (password or "").encode())
        return expected is not None and ok

    def __len__(self) -> int:
        return len(self._users)

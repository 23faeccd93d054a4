from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.web.auth import Users, UsersError, parse_users


def test_pairs_and_files_parse(tmp_path: Path) -> None:
    assert parse_users("ann:pw1, bob:p:w") == {"ann": "pw1", "bob": "p:w"}
    f = tmp_path / "users.txt"
    f.write_text("# team\nann:secret\n\ncid:x\n", encoding="utf-8")
    assert parse_users(str(f)) == {"ann": "secret", "cid": "x"}


@pytest.mark.parametrize(("spec", "message"), [
    ("", "names no users"),
    ("ann", "cannot read the users file"),
    ("ann:", "must look like user:password"),
    ("ann:a,ann:b", "listed twice"),
    ("an n:pw", "user names use"),
])  # fmt: skip
def test_bad_specs_say_why(spec: str, message: str) -> None:
    with pytest.raises(UsersError, match=message):
        parse_users(spec)


def test_binary_users_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "users.bin"
    f.write_bytes(b"\xff\xfe\x00ann:pw")
    with pytest.raises(UsersError, match="cannot read"):
        parse_users(str(f))


def test_check_accepts_only_the_right_password() -> None:
    users = Users({"ann": "pw"})
    assert users.check("ann", "pw")
    assert not users.check("ann", "PW") and not users.check("bob", "pw")
    assert not users.check("ann", "")

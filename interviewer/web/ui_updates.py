"""What a UI event changes, as plain data: the contract between ui.py and the tabs' logic.

The interview tab's logic (interview_tab.py) returns `Changes`: new values keyed
by the component's attribute name in ui.py, with `Update` for new properties
(value, visible, interactive) and an optional `WARNING` message to show beside
the page. An `Update` also comes alone for a single component (from
interview_tab.py and browse_tabs.py); a refusal that ends the event is a `Notice`.
ui.py turns these into `gr.update`, `gr.Warning` and `gr.Error`; nothing here
imports a UI library or knows which components exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WARNING = "warning"  # a `Changes` key: a message shown as a warning, not a component
Changes = dict[str, Any]  # component attribute name in ui.py → its new value or `Update`


class Notice(Exception):
    """A refusal meant for the person (ui.py shows it as an error)."""


@dataclass(frozen=True)
class Update:
    """New properties for a component (ui.py turns them into `gr.update`)."""

    props: dict[str, Any]


def update(**props: Any) -> Update:
    return Update(props)

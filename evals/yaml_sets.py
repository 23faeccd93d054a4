"""Our own YAML eval sets: a folder of files, each mapping a question id to its texts.

Merges every *.yaml in the folder (sorted, so later files win on a repeated id).
It does not validate the entries; each eval reads the keys it needs.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def load_yaml_dir(folder: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for f in sorted(folder.glob("*.yaml")):
        out.update(yaml.safe_load(f.read_text("utf-8")))
    return out

"""YAML loading that remembers where each mapping starts, for `file:line` error messages.

`load_with_lines` parses with a SafeLoader that stores every mapping's 1-based start line
under the key `LINE`. It knows nothing about the knowledge format (answers.py).
"""

from __future__ import annotations

from typing import Any

import yaml

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line as `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_with_lines(text: str) -> Any:
    """The YAML document; raises yaml.YAMLError (with `problem_mark`) when it is invalid."""
    return yaml.load(text, Loader=_LineLoader)

"""Preconditions of a rule file: other rule files that must report nothing before it may write.

A rule file names them in a comment line of its own, anywhere in the file:

    // Precondition: gc_consults_refcount.cocci

The path is relative to the rule file's directory. `refactor apply` runs each precondition as
`refactor check` would (with `-D report`) over the same paths and headers; if any reports a
finding, nothing is written, the findings are listed, and the exit status is 1.
`--ignore-preconditions` writes anyway. The rename of struct anon_vma's count uses this: it is
right only once every garbage-collection check also consults the count.
"""
from __future__ import annotations

import re
from pathlib import Path

from refactor.smpl.model import SmplError

_PRECONDITION = re.compile(r"^\s*//+\s*Precondition:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)


def preconditions(rule_path: str | Path, text: str | None = None) -> list[Path]:
    """The rule files `rule_path` names as its preconditions, resolved; SmplError for a missing one."""
    rule_path = Path(rule_path)
    if text is None:
        text = rule_path.read_text(errors="surrogateescape")
    found = []
    for match in _PRECONDITION.finditer(text):
        target = (rule_path.parent / match.group(1)).resolve()
        if not target.is_file():
            line = text.count("\n", 0, match.start()) + 1
            raise SmplError(str(rule_path), line, match.start(1) - match.start() + 1,
                            f"precondition '{match.group(1)}' is not a file (paths are relative to the rule file)")
        found.append(target)
    return found

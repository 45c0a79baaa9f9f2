"""Rules about preprocessor lines: `#include`, `#define`, `#undef`, `#pragma`.

A rule whose minus and context code is only preprocessor lines matches the C file's own
preprocessor lines, one at a time (our C parser sees them as trivia, as spatch's does not):

    #include <linux/...>          an include whose path starts with linux/ (`...` ends a prefix)
    #include <...>  /  #include ...   any <> include / any include at all
    - #define NAME X               a macro NAME (or an identifier metavariable), X an expression
                                   metavariable bound to its whole body, or the body as written
    #pragma omp ...                a pragma whose words start so

`+` lines before or after a matched line are added once per file, next to the first match
(before) or to the last match of the first run of consecutive matching lines (after), as spatch
places added includes; `-` lines go at every match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from refactor.smpl.model import BodyLine, MetaVar, Rule, SmplError

_DIRECTIVE = re.compile(r"^\s*#\s*(\w+)\s*(.*)$")


@dataclass(frozen=True, slots=True)
class DirectiveItem:
    kind: str  # include, define, undef, pragma
    argument: str  # what follows the keyword, whitespace-normalized
    removed: bool
    added_before: tuple[str, ...]
    added_after: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class DirectivePattern:
    rule: Rule
    items: tuple[DirectiveItem, ...]
    metavars: dict[str, MetaVar]

    needs_types = False

    @property
    def changes(self) -> bool:
        return any(i.removed or i.added_before or i.added_after for i in self.items)


def is_directive_rule(body: tuple[BodyLine, ...]) -> bool:
    """Is every line a rule matches (context or `-`) a preprocessor line?"""
    code = [line for line in body if line.marker != "+" and line.text.strip()]
    return bool(code) and all(line.text.lstrip().startswith("#") for line in code)


def compile_directive_rule(rule: Rule, metavars: dict[str, MetaVar], path: str) -> DirectivePattern:
    items: list[DirectiveItem] = []
    pending: list[str] = []  # `+` lines waiting for the next matched line
    for line in rule.body:
        text = line.text.strip()
        if line.marker == "+":
            if items and not pending and not _ends_hunk(rule.body, line):
                last = items[-1]
                items[-1] = DirectiveItem(last.kind, last.argument, last.removed, last.added_before, last.added_after + (text,), last.line)
            else:
                pending.append(text)
            continue
        if not text:
            continue
        found = _DIRECTIVE.match(text)
        if line.marker not in ("-", " ") or found is None:
            raise SmplError(path, line.line, 1, "only '-' and context preprocessor lines can stand with preprocessor lines in a rule")
        kind, argument = found.group(1), " ".join(found.group(2).split())
        if kind not in ("include", "define", "undef", "pragma"):
            raise SmplError(path, line.line, 1, f"'#{kind}' in rule code is not supported yet")
        if kind == "define" and "(" in argument.split(" ", 1)[0]:
            raise SmplError(path, line.line, 1, "function-like '#define' in rule code is not supported yet")
        items.append(DirectiveItem(kind, argument, line.marker == "-", tuple(pending), (), line.line))
        pending = []
    if pending:
        if not items:
            raise SmplError(path, rule.line, 1, "a '+' line with nothing to attach to")
        last = items[-1]
        items[-1] = DirectiveItem(last.kind, last.argument, last.removed, last.added_before, last.added_after + tuple(pending), last.line)
    if len(items) != 1:
        raise SmplError(path, items[1].line, 1, "several preprocessor lines in one rule are not supported yet")
    return DirectivePattern(rule, tuple(items), metavars)


def _ends_hunk(body: tuple[BodyLine, ...], line: BodyLine) -> bool:
    """Is a `+` line followed, later, by a code line (so it goes before that line)?"""
    after = body[body.index(line) + 1:]
    return any(other.marker != "+" and other.text.strip() for other in after)

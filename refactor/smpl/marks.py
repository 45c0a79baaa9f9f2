"""SmPL's marks inside a rule's C code, found before the C parser sees it.

- `X@p`: a position metavariable bound to the place of X; the mark is blanked out, columns kept.
- `... when != E`: when-clauses are blanked out of the line and compiled separately.
- `...`: which kind of dots it is, from where it stands: statements (alone on a line, after `{`,
  `}` or a `;`), parameters (inside a parameter list, not last), otherwise an expression.
- `f(...) {`: a function definition without a return type.
"""
from __future__ import annotations

import re

from refactor.c.lexer import Token
from refactor.smpl.model import SmplError

_WHEN = re.compile(r"\bwhen\b")


# `X@y` with y one of these binds y to the word X too (Coccinelle's "as" metavariables).
_ALIAS_KINDS = frozenset({"identifier", "expression", "idexpression", "constant"})
_POSITION = re.compile(r"@\s*([A-Za-z_][A-Za-z0-9_]*)")


def strip_positions(text: str, metavars, line_of, path) -> tuple[str, list[tuple[int, str]]]:
    """Blank out `@p` marks (keeping columns); return where each was and its name."""
    marks = []
    comments = _comment_spans(text)
    for match in _POSITION.finditer(text):
        if any(start <= match.start() < end for start, end in comments):
            continue  # `//@ rule2 @` commented out is not a position
        name = match.group(1)
        metavar = metavars.get(name)
        if metavar is not None and metavar.kind in _ALIAS_KINDS:
            marks.append((match.start(), name))  # `probe@fld`: fld is also bound to `probe`
            continue
        if metavar is None or metavar.kind != "position":
            line = line_of[text.count("\n", 0, match.start())]
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 2  # after the marker column
            what = "not a position metavariable of this rule" if metavar is None else (
                f"binding a {metavar.kind} metavariable with @ is not supported yet"
            )
            raise SmplError(path, line, column, f"'@{name}': {what}")
        if metavar.constraint is not None:
            from refactor.engine.constraints import unsupported_position_constraint

            unsupported = unsupported_position_constraint(metavar.constraint)
            if unsupported:
                raise SmplError(path, metavar.line, metavar.column, f"{unsupported} is not supported yet")
        marks.append((match.start(), name))
    for start, name in marks:
        text = text[:start] + " " * (len(name) + 1) + text[start + len(name) + 1:]
    return text, marks


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """Where the comments of C code are (outside strings and character constants)."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "\"'":
            end = i + 1
            while end < n and text[end] != char and text[end] != "\n":
                end += 2 if text[end] == "\\" else 1
            i = end + 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            spans.append((i, end))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            spans.append((i, end))
            i = end
        else:
            i += 1
    return spans


def split_when(line: str) -> tuple[str, list[str]]:
    """`... when != x when any` -> ("...", ["!= x", "any"]); the clauses are blanked, not cut,
    so columns stay right. A line may also hold only clauses, for the `...` above it."""
    match = _WHEN.search(line)
    if match is None or any(start <= match.start() < end for start, end in _comment_spans(line)):
        return line, []  # no clause, or one in a comment (`//... when any`)
    before = line[:match.start()]
    if before.strip() and not before.rstrip().endswith("..."):
        return line, []
    clauses = [c.strip() for c in _WHEN.split(line[match.start():]) if c.strip()]
    return before + " " * (len(line) - match.start()), clauses


def starts_like_bare_function(tokens: list[Token]) -> bool:
    """`name(...) {`: a function definition without a return type."""
    if len(tokens) < 4 or tokens[0].kind != "IDENT" or tokens[1].kind != "(":
        return False
    depth = 0
    for i in range(1, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[i].kind, 0)
        if depth == 0:
            return i + 1 < len(tokens) and tokens[i + 1].kind == "{"
    return False


def mark_statement_dots(text: str, tokens: list[Token]) -> list[Token]:
    """`...` alone on its line, or right after `{`, `}` or a `;` outside parentheses, stands for
    statements (or members): kind DOTS_LINE. Any other `...` is an expression (`f(...)`)."""
    out = []
    depth = 0
    braces: list[bool] = []  # for each open brace: does it open an initializer (`= {`)?
    in_parameters = _parameter_list_dots(tokens)
    for i, t in enumerate(tokens):
        if t.kind == "(":
            depth += 1
        elif t.kind == ")":
            depth -= 1
        elif t.kind == "{":
            braces.append(i > 0 and tokens[i - 1].kind in ("=", ",", "{") and (tokens[i - 1].kind != "{" or braces[-1]))
        elif t.kind == "}" and braces:
            braces.pop()
        prev = tokens[i - 1].kind if i else "{"
        nxt = tokens[i + 1].kind if i + 1 < len(tokens) else ""
        in_initializer = bool(braces) and braces[-1]
        if t.kind == "..." and i in in_parameters:
            t = Token("DOTS_PARAMETER", t.start, t.end)
        elif t.kind == "..." and nxt != "," and depth == 0 and not in_initializer and (
            _alone_on_line(text, t) or prev in ("{", "}") or prev == ";"
        ):
            t = Token("DOTS_LINE", t.start, t.end)
        out.append(t)
    return out


_TYPE_WORDS = frozenset(
    "void char short int long float double signed unsigned _Bool struct union enum const".split()
)


def _parameter_list_dots(tokens: list[Token]) -> set[int]:
    """Indexes of `...` that stand for parameters: inside parentheses that hold a type word, and
    not the last element there (`f(..., int i, ...)`)."""
    found: set[int] = set()
    stack: list[list[int]] = []  # per open paren: indexes of its direct tokens
    for i, t in enumerate(tokens):
        if t.kind == "(":
            stack.append([])
        elif t.kind == ")" and stack:
            members = stack.pop()
            if any(tokens[k].kind in _TYPE_WORDS for k in members):
                dots = [k for k in members if tokens[k].kind == "..."]
                last = members[-1] if members else -1
                found.update(k for k in dots if k != last)
        elif stack:
            stack[-1].append(i)
    return found


def _alone_on_line(text: str, token: Token) -> bool:
    line_start = text.rfind("\n", 0, token.start) + 1
    line_end = text.find("\n", token.end)
    return not text[line_start:token.start].strip() and not text[token.end:line_end if line_end >= 0 else len(text)].strip()

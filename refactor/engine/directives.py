"""Match a rule about preprocessor lines (smpl/directives.py) against a file's own, and edit them."""
from __future__ import annotations

import re

from refactor.c.lexer import Directive, tokenize
from refactor.edits import Edit
from refactor.engine.bindings import Binding
from refactor.smpl.directives import DirectiveItem, DirectivePattern
from refactor.source import Span

_WORD = re.compile(r"[A-Za-z_]\w*")


def directive_edits(pattern: DirectivePattern, text: str, prebound: dict[str, Binding]) -> tuple[list[Edit], list[dict[str, Binding]]]:
    """The edits of a preprocessor-line rule on `text`, and the bindings of each match."""
    item = pattern.items[0]
    _, directives = tokenize(text)
    matches = []
    for directive in directives:
        bindings = _match(item, directive, pattern, text, dict(prebound))
        if bindings is not None:
            matches.append((directive, bindings))
    edits: list[Edit] = []
    for directive, bindings in matches:
        if item.removed:
            start, end = _whole_lines(text, directive)
            added = _added(item.added_before + item.added_after, bindings)
            edits.append(Edit(Span(start, end), added))
    if matches and not item.removed:
        first_start, _ = _whole_lines(text, matches[0][0])
        if item.added_before:
            edits.append(Edit(Span(first_start, first_start), _added(item.added_before, matches[0][1])))
        if item.added_after:
            last = _end_of_first_run(text, [d for d, _ in matches], item.kind)
            _, end = _whole_lines(text, last)
            bindings = next(b for d, b in matches if d is last)
            edits.append(Edit(Span(end, end), _added(item.added_after, bindings)))
    return edits, [b for _, b in matches]


def _match(item: DirectiveItem, directive: Directive, pattern: DirectivePattern, text: str, bindings: dict) -> dict | None:
    if directive.kind != item.kind:
        return None
    argument = " ".join(directive.argument.lstrip()[1:].lstrip()[len(directive.kind):].replace("\\\n", " ").split())
    wanted = item.argument
    if item.kind == "define":
        name, _, body = wanted.partition(" ")
        c_name, _, c_body = argument.partition(" ")
        if "(" in c_name:
            return None  # a function-like macro is not `#define NAME X`
        bindings = _bind(pattern, name, c_name, bindings)
        if bindings is None:
            return None
        if body in pattern.metavars:
            return _bind(pattern, body, c_body, bindings) if c_body else None
        return bindings if body == c_body else None
    return bindings if _fits(wanted, argument) else None


def _fits(wanted: str, argument: str) -> bool:
    """`...` at the end of the pattern (or before its closing `>`) stands for any rest."""
    if wanted == "...":
        return True
    for closing in (">", '"', ""):
        dots = "..." + closing
        if closing and wanted.endswith(dots):
            return argument.startswith(wanted[:-len(dots)]) and argument.endswith(closing)
        if not closing and wanted.endswith("..."):
            return argument.startswith(wanted[:-3].rstrip())
    return wanted == argument


def _bind(pattern: DirectivePattern, word: str, code: str, bindings: dict) -> dict | None:
    if word not in pattern.metavars:
        return bindings if word == code else None
    bound = bindings.get(word)
    words = tuple(code.split())
    if bound is not None:
        return bindings if bound.words == words else None
    if pattern.metavars[word].kind in ("identifier", "symbol") and _WORD.fullmatch(code) is None:
        return None
    return {**bindings, word: Binding(word, None, words, code)}


def _added(lines: tuple[str, ...], bindings: dict[str, Binding]) -> str:
    out = []
    for line in lines:
        out.append(_WORD.sub(lambda m: bindings[m.group()].code if m.group() in bindings else m.group(), line) + "\n")
    return "".join(out)


def _whole_lines(text: str, directive: Directive) -> tuple[int, int]:
    start = text.rfind("\n", 0, directive.start) + 1
    end = text.find("\n", directive.end)
    return start, (len(text) if end < 0 else end + 1)


def _end_of_first_run(text: str, matched: list[Directive], kind: str) -> Directive:
    """The last match of the first run of matches with nothing but blank lines and other
    `#kind` lines between them (`#include`s added after includes go after that block)."""
    last = matched[0]
    for following in matched[1:]:
        between = text[_whole_lines(text, last)[1]:following.start]
        if any(line.strip() and not re.match(rf"\s*#\s*{kind}\b", line) for line in between.split("\n")):
            break
        last = following
    return last

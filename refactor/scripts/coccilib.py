"""The API a rule's Python scripts call, with spatch's names and output formats.

- `coccilib.report.print_report(p, msg="ERROR")` prints `file:line:col-colend: msg`;
- `coccilib.org.print_todo(p, msg)` prints `* TODO [[view:FILE::face=ovl-face1::linb=L::colb=C::cole=CE][msg]]`
  (the message defaults to `FILE::L`), `print_link` the same link without `* TODO `,
  `print_safe_todo`/`print_safe_link` with `[` and `]` of the message written `@(` and `)`;
  `print_main(msg, ps)` a TODO for ps[0] with `msg FILE::L`, `print_sec`/`print_secs` links in
  the secondary face;
- `cocci.include_match(False)` drops the current match, `cocci.exit()` stops the rule file for
  this file, `cocci.print_main/print_sec/print_secs` as in `coccilib.org`, `cocci.make_ident`,
  `make_expr`, `make_stmt`, `make_stmt_with_env`, `make_type` (code for a script's own
  metavariables) and `make_position`.

Each of these prints through the ScriptHost that built it (`emit`): reports of a place (a
report, a TODO) are findings as well as text. Formats were taken from spatch 1.1.1's output.
"""
from __future__ import annotations

import os
import types
from typing import Callable

from refactor.engine.bindings import Binding
from refactor.findings import Finding
from refactor.source import SourceFile
from refactor.scripts.locations import Location, location_of, offset_of
from refactor.c.tree import CNode

Emit = Callable[..., None]  # (text, place of a finding or None, message, kind="report")


class ExitRequest(BaseException):
    """`cocci.exit()`: the rest of the rule file does not run on this file. A BaseException, so
    that a script's own `except Exception` does not swallow it."""


def _link(p: Location, msg: str, color: str) -> str:
    return f"[[view:{p.file}::face={color}::linb={p.line}::colb={p.column}::cole={p.column_end}][{msg}]]"


def _default_message(p: Location, msg: str) -> str:
    return msg if msg else f"{p.file}::{p.line}"


def _safe(msg: str) -> str:
    return msg.replace("[", "@(").replace("]", ")")


def _first(ps) -> Location:
    return ps[0] if isinstance(ps, (tuple, list)) else ps


def finding_at(p: Location, message: str, rule: str, kind: str) -> Finding:
    return Finding(p.file, int(p.line), int(p.column), int(p.line_end), int(p.column_end), message, rule, kind)


def build_report_module(emit: Emit) -> types.ModuleType:
    report = types.ModuleType("coccilib.report")

    def build_report(p, msg="ERROR"):
        return f"{p.file}:{p.line}:{p.column}-{p.column_end}: {msg}"

    def print_report(p, msg="ERROR"):
        emit(build_report(p, msg), p, str(msg))

    report.build_report = build_report
    report.print_report = print_report
    return report


def build_org_module(emit: Emit) -> types.ModuleType:
    org = types.ModuleType("coccilib.org")

    def build_link(p, msg, color):
        return _link(p, msg, color)

    def print_todo(p, msg="", color="ovl-face1"):
        message = _default_message(p, msg)
        emit("* TODO " + _link(p, message, color), p, message, "org")

    def print_link(p, msg="", color="ovl-face1"):
        emit(_link(p, _default_message(p, msg), color), None, "")

    def print_safe_todo(p, msg="", color="ovl-face1"):
        message = _safe(_default_message(p, msg))
        emit("* TODO " + _link(p, message, color), p, message, "org")

    def print_safe_link(p, msg="", color="ovl-face1"):
        emit(_link(p, _safe(_default_message(p, msg)), color), None, "")

    def print_main(msg, p, color="ovl-face1"):
        first = _first(p)
        message = f"{msg} {first.file}::{first.line}"
        emit("* TODO " + _link(first, message, color), first, str(msg), "org")

    def print_sec(msg, p, color="ovl-face2"):
        emit(_link(_first(p), msg, color), None, "")

    def print_secs(msg, ps, color="ovl-face2"):
        for p in ps:
            emit(_link(p, msg, color), None, "")

    for function in (build_link, print_todo, print_link, print_safe_todo, print_safe_link, print_main, print_sec, print_secs):
        setattr(org, function.__name__, function)
    return org


class Iteration:
    """spatch's coccilib.iteration.Iteration runs the rule file again on other files with other
    virtual rules; this tool has no second pass, so using it is an error that says so."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("coccilib's Iteration (running the rules again with other virtual rules) is not supported")


class Cocci:
    """The `cocci` object of a script: match control, org output, code for new metavariables."""

    def __init__(self, host):
        self._host = host

    def include_match(self, keep: bool) -> None:
        self._host.keep = bool(keep)

    def exit(self) -> None:
        raise ExitRequest()

    def print_main(self, msg, p, color="ovl-face1"):
        self._host.coccilib.org.print_main(msg, p, color)

    def print_sec(self, msg, p, color="ovl-face2"):
        self._host.coccilib.org.print_sec(msg, p, color)

    def print_secs(self, msg, ps, color="ovl-face2"):
        self._host.coccilib.org.print_secs(msg, ps, color)

    # Code for a script's own metavariables: later rules match it by its tokens.
    def make_ident(self, text):
        return str(text)

    def make_expr(self, text):
        return str(text)

    def make_type(self, text):
        return str(text)

    def make_stmt(self, text):
        return str(text)

    def make_stmt_with_env(self, env, text):
        return str(text)

    def make_position(self, file, element, line, column, line_end, column_end):
        """A position in the file being processed (one in another file matches nothing here)."""
        source: SourceFile = self._host.source
        if source is None:
            raise ValueError("cocci.make_position: no file is being processed")
        if os.path.basename(str(file)) != os.path.basename(source.path):
            words = ("-1:-1",)
        else:
            start = offset_of(source, int(line), int(column))
            end = offset_of(source, int(line_end), int(column_end))
            words = (f"{start}:{end}",)
        binding = Binding("", CNode("position", 0, 0, ()), words, "")
        if words == ("-1:-1",):
            return (Location(str(file), (int(line), int(column)), (int(line_end), int(column_end)), str(element),
                             (int(line), 0), (int(line_end), 0), binding),)
        return (location_of(binding, source, self._host.trees),)

"""Run a rule file's Python scripts in one shared namespace, as spatch does.

The namespace holds `coccinelle` (a module: scripts set their own metavariables as
`coccinelle.x`, and initialize scripts often keep tables there), `cocci` (match control and org
output), `coccilib` (`report`, `org`, `elems`) and `Iteration`; globals a script assigns stay for
later scripts. What a script prints (print() and the coccilib printers alike) is captured, in
order, as Printed items; the caller decides where it goes.

Which processes hold a namespace is the caller's choice (refactor/engine/run_files.py): a rule
file with initialize or finalize scripts runs in one process, with one host for the whole run,
so that those scripts see every file's state; otherwise each file gets a fresh host, which
keeps `-j N` output the same as `-j 1`.
"""
from __future__ import annotations

import io
import types
from contextlib import redirect_stdout
from dataclasses import dataclass, field

from refactor.c.tree import CNode
from refactor.findings import Printed
from refactor.scripts import coccilib as api
from refactor.scripts.locations import Location
from refactor.scripts.values import Default, to_binding, to_python
from refactor.smpl.scripts import CompiledScript
from refactor.engine.bindings import Binding
from refactor.source import SourceFile

# What spatch 1.1.1 gives a script's own metavariable that the script did not set.
UNSET = "initial value: consider using coccinelle.varname"


class ScriptError(Exception):
    """A script raised: the message names the rule file, the line and the exception."""


@dataclass(slots=True)
class ScriptResult:
    printed: list[Printed] = field(default_factory=list)
    keep: bool = True  # False after cocci.include_match(False)
    exit: bool = False  # cocci.exit() was called
    outputs: dict[str, Binding | None] = field(default_factory=dict)  # the script's own metavariables


class _Capture(io.TextIOBase):
    def __init__(self, host: "ScriptHost"):
        self.host = host

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.host._text.append(text)
        return len(text)


class ScriptHost:
    """One rule file's Python: a namespace, the coccilib API, and the file being processed."""

    def __init__(self) -> None:
        self.source: SourceFile | None = None
        self.trees: list[CNode] = []
        self.keep = True
        self._text: list[str] = []
        self._printed: list[Printed] = []
        self._rule = ""
        self._codes: dict[tuple, types.CodeType] = {}  # compiled scripts and expressions
        self.coccinelle = types.ModuleType("coccinelle")
        self.coccilib = types.ModuleType("coccilib")
        self.coccilib.report = api.build_report_module(self._emit)
        self.coccilib.org = api.build_org_module(self._emit)
        self.coccilib.elems = types.SimpleNamespace(Location=Location)
        self.cocci = api.Cocci(self)
        self.namespace: dict[str, object] = {
            "__name__": "__main__",
            "coccinelle": self.coccinelle,
            "cocci": self.cocci,
            "coccilib": self.coccilib,
            "Cocci": api.Cocci,
            "Iteration": api.Iteration,
        }

    def set_file(self, source: SourceFile | None, trees: list[CNode]) -> None:
        """The file the next scripts run on: positions are read in it."""
        self.source, self.trees = source, trees

    # ------------------------------------------------------------------ running scripts

    def run(self, script: CompiledScript, values: dict[str, Binding | Default]) -> ScriptResult:
        """Run a script rule once with its inherited values (Bindings or Defaults, by local name)."""
        source = self.source if self.source is not None else SourceFile("<none>", "")
        positions = {b.local for b in script.rule.script_bindings if b.default == "[]"}
        python = {name: to_python(value, source, self.trees, name in positions) for name, value in values.items()}
        for name in script.outputs:
            setattr(self.coccinelle, name, UNSET)
        result = self._execute(script, python)
        if result.keep and not result.exit:
            result.outputs = {name: to_binding(name, getattr(self.coccinelle, name, UNSET)) for name in script.outputs}
        return result

    def evaluate(self, expression: str, values: dict[str, Binding]) -> object:
        """The value of a script constraint's or seed's Python expression, its metavariables
        bound by name; ScriptError when it raises."""
        code = self._codes.get(("expression", expression))
        if code is None:
            try:
                code = self._codes[("expression", expression)] = compile(expression.strip(), "<script constraint>", "eval")
            except SyntaxError as error:
                raise ScriptError(f"Python syntax error in script code {{ {expression.strip()} }}: {error.msg}") from None
        source = self.source if self.source is not None else SourceFile("<none>", "")
        local = {name: to_python(binding, source, self.trees) for name, binding in values.items()}
        try:
            with redirect_stdout(_Capture(self)):
                return eval(code, self.namespace, local)
        except Exception as error:  # noqa: BLE001 - user code
            where = f" on {self.source.path}" if self.source is not None else ""
            raise ScriptError(f"script code {{ {expression.strip()} }} raised {type(error).__name__}: {error}{where}") from error

    def run_once(self, script: CompiledScript) -> ScriptResult:
        """Run an initialize or finalize script; `x << merge.y` gets the list of the values of
        `y` (one per process: here, one)."""
        python = {}
        for binding in script.rule.script_bindings:
            if binding.rule == "merge":
                value = getattr(self.coccinelle, binding.name) if hasattr(self.coccinelle, binding.name) else self.namespace.get(binding.name)
                python[binding.local] = [value]
        return self._execute(script, python)

    def _execute(self, script: CompiledScript, values: dict[str, object]) -> ScriptResult:
        self.keep = True
        self._rule = script.rule.name
        self.namespace.update(values)
        code = self._compiled(script)
        result = ScriptResult()
        try:
            with redirect_stdout(_Capture(self)):
                exec(code, self.namespace)
        except api.ExitRequest:
            result.exit = True
        except Exception as error:  # noqa: BLE001 - any error of user code is reported as such
            self._flush()
            raise ScriptError(self._describe(script, error)) from error
        finally:
            self._flush()
            result.printed, self._printed = self._printed, []
        result.keep = self.keep
        return result

    def _compiled(self, script: CompiledScript) -> types.CodeType:
        key = (script.path, script.rule.line)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = compile(script.code, script.path, "exec")
        return code

    def _describe(self, script: CompiledScript, error: Exception) -> str:
        line = script.rule.script_line or script.rule.line
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == script.path:
                line = tb.tb_lineno
            tb = tb.tb_next
        where = f" on {self.source.path}" if self.source is not None else ""
        return f"{script.path}:{line}: error: script rule '{script.rule.name}' raised {type(error).__name__}: {error}{where}"

    # ------------------------------------------------------------------ output

    def drain(self) -> list[Printed]:
        """What script constraints and seeds printed since the last call."""
        self._flush()
        printed, self._printed = self._printed, []
        return printed

    def _emit(self, text: str, place: Location | None, message: str, kind: str = "report") -> None:
        """A coccilib printer's line; a finding when it reports a place."""
        self._flush()
        finding = None
        if place is not None:
            finding = api.finding_at(place, message, self._rule, kind)
        self._printed.append(Printed(text + "\n", finding))

    def _flush(self) -> None:
        if self._text:
            self._printed.append(Printed("".join(self._text)))
            self._text = []


def run_outside_files(host: ScriptHost, scripts: list[CompiledScript]) -> list[Printed]:
    """Run initialize (or finalize) scripts in order; what they print."""
    printed: list[Printed] = []
    host.set_file(None, [])
    for script in scripts:
        result = host.run_once(script)
        printed.extend(result.printed)
        if result.exit:
            break
    return printed

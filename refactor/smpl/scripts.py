"""Compile a script rule (`@script:python@`, `@initialize:python@`, `@finalize:python@`).

Compiling checks what can be checked before any file is read: the language (Python only:
`script:ocaml` is refused by name), and the Python syntax, reported at the rule file's line. The
result keeps the script's text, not a code object, so that it can be sent to worker processes;
each process compiles it once (refactor/scripts/host.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from refactor.smpl.model import Rule, SmplError

# Where a script's Python code starts in the rule file is kept by padding the code with blank
# lines, so that Python's own line numbers (in tracebacks and syntax errors) are the rule file's.


@dataclass(frozen=True, slots=True)
class CompiledScript:
    """A script rule, ready to run: its rule and the padded Python source."""

    rule: Rule
    path: str  # the rule file, for messages and tracebacks
    code: str  # the script's text, preceded by blank lines so that its lines are the file's

    needs_types = False

    @property
    def inherited(self) -> dict[str, tuple[str, str]]:
        """Local name -> (rule, name there) for each `local << rule.name;`."""
        return {b.local: (b.rule, b.name) for b in self.rule.script_bindings}

    @property
    def defaults(self) -> dict[str, str]:
        """Local name -> default as written, for the bindings that have one (`= "text"`, `= []`)."""
        return {b.local: b.default for b in self.rule.script_bindings if b.default is not None}

    @property
    def outputs(self) -> tuple[str, ...]:
        """The script's own metavariables (`x;`), which it sets as `coccinelle.x = ...`."""
        return tuple(m.name for m in self.rule.metavars if m.kind == "metavariable")


def compile_script(rule: Rule, path: str) -> CompiledScript:
    """Check a script rule; SmplError for another language or a Python syntax error."""
    language = rule.script_language or "python"
    if language != "python":
        raise SmplError(
            path, rule.line, 1, f"{rule.kind} rules in {language} (@{_header(rule)}:{language}@) are not supported",
            "only Python scripts run here; rewrite the script in Python (@script:python@)",
        )
    first = rule.script_line or rule.line
    # A line starting with `//` is a SmPL comment (`//----` between rules, a note before the
    # code), not Python: it is blanked, keeping the line numbers.
    lines = ["" if line.lstrip().startswith("//") else line for line in (rule.script_text or "").split("\n")]
    code = "\n" * (first - 1) + "\n".join(lines) + "\n"
    try:
        compile(code, path, "exec")
    except SyntaxError as error:
        raise SmplError(path, error.lineno or first, error.offset or 1, f"Python syntax error in a script rule: {error.msg}") from None
    return CompiledScript(rule, path, code)


def _header(rule: Rule) -> str:
    return {"transform": "", "script": "script"}.get(rule.kind, rule.kind)

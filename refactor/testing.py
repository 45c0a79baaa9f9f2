"""Rule tests, as Coccinelle's own test suite has them: NAME.cocci, NAME.c, NAME.res.

A test applies NAME.cocci to NAME.c (and to each NAME_verN.c) and compares the result with
NAME.res (NAME_verN.res); with no .res the output must equal the input. The comparison is by
tokens by default, as `spatch --testall` compares, or byte for byte with `exact`. Shared by
`refactor test` and the pytest suite, so both give the same verdicts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from refactor.c.lexer import tokenize
from refactor.edits import EditConflict
from refactor.engine.apply import BrokenOutput, apply_patterns
from refactor.engine.run_files import WholeRun
from refactor.scripts.host import ScriptError
from refactor.smpl.compile import compile_rule_file
from refactor.smpl.model import SmplError
from refactor.source import SourceFile

_VERSION = re.compile(r"^(?P<name>.+)_ver\d+$")


@dataclass(frozen=True, slots=True)
class RuleTest:
    name: str
    rule: Path
    inputs: tuple[Path, ...]

    def expected_for(self, source: Path) -> Path | None:
        res = source.with_suffix(".res")
        return res if res.exists() else None


@dataclass(frozen=True, slots=True)
class Verdict:
    test: RuleTest
    source: Path
    passed: bool
    message: str  # empty when passed
    output: str | None = None  # what the rule produced


def discover(paths: list[str | Path]) -> list[RuleTest]:
    """Every NAME.cocci under `paths` that has a NAME.c or NAME_verN.c beside it."""
    tests = []
    for root in paths:
        root = Path(root)
        rules = [root] if root.suffix == ".cocci" else sorted(root.rglob("*.cocci"))
        for rule in rules:
            name = rule.stem
            inputs = [p for p in sorted(rule.parent.glob(f"{name}*.c")) if _belongs(p.stem, name)]
            if inputs:
                tests.append(RuleTest(name, rule, tuple(inputs)))
    return tests


def _belongs(stem: str, name: str) -> bool:
    if stem == name:
        return True
    version = _VERSION.match(stem)
    return version is not None and version.group("name") == name


def run(test: RuleTest, exact: bool = False, defined: frozenset[str] = frozenset()) -> list[Verdict]:
    """Apply the test's rule to each of its inputs and judge the result."""
    try:
        patterns = compile_rule_file(test.rule.read_text(errors="surrogateescape"), str(test.rule), defined)
    except SmplError as error:
        return [Verdict(test, source, False, str(error)) for source in test.inputs]
    verdicts = []
    for source_path in test.inputs:
        source = SourceFile.read(source_path)
        try:
            output = _run_one(patterns, source, defined)
        except EditConflict as error:
            verdicts.append(Verdict(test, source_path, False, f"{source_path}: {error}"))
            continue
        except (BrokenOutput, ScriptError) as error:
            verdicts.append(Verdict(test, source_path, False, str(error)))
            continue
        expected_path = test.expected_for(source_path)
        expected = SourceFile.read(expected_path).text if expected_path else source.text
        same = output == expected if exact else _tokens(output) == _tokens(expected)
        message = "" if same else f"{source_path}: output differs from {expected_path or 'the input'}"
        verdicts.append(Verdict(test, source_path, same, message, output))
    return verdicts


def _run_one(patterns: list, source: SourceFile, defined: frozenset[str]) -> str:
    """The rule file's output on one input, as a run on that file alone: initialize scripts
    first, finalize scripts last (what scripts print is not judged)."""
    whole = WholeRun.of(patterns)
    if whole is None:
        return apply_patterns(patterns, source, defined).text
    whole.initialize()
    text = apply_patterns(patterns, source, defined, host=whole.host).text
    whole.finalize()
    return text


def _tokens(text: str) -> list[str]:
    """Tokens and directives (whitespace-normalized), in order: what a token comparison sees."""
    tokens, directives = tokenize(text)
    items = [(t.start, text[t.start:t.end]) for t in tokens]
    items += [(d.start, " ".join(d.argument.split())) for d in directives]
    return [word for _, word in sorted(items)]

"""Run Coccinelle's own test suite (../shared/cocci-tests) and classify what fails.

Used by tests/test_cocci_suite.py (a pass-rate floor, so support never silently regresses) and by
bench/cocci_suite.py (the table of which features the failures need). The folder holds
Coccinelle's NAME.cocci / NAME.c / NAME.res triples and MANIFEST.tsv with spatch 1.1.1's verdict
per test; only the tests spatch itself gets right count.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from refactor import testing


@dataclass(slots=True)
class SuiteResult:
    passed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # test -> reason (feature or "wrong output")
    crashed: dict[str, str] = field(default_factory=dict)  # test -> internal error

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.failed) + len(self.crashed)

    def rate(self) -> float:
        return 100.0 * len(self.passed) / self.total if self.total else 0.0

    def reasons(self) -> Counter:
        return Counter(self.failed.values())


def spatch_correct(folder: Path) -> list[str]:
    """Names of the tests spatch 1.1.1 passes, from MANIFEST.tsv."""
    names = []
    for line in (folder / "MANIFEST.tsv").read_text().splitlines()[1:]:
        name, verdict = (line.split("\t") + [""])[:2]
        if verdict == "CORRECT":
            names.append(name)
    return names


def reason_of(message: str) -> str:
    """A short, countable reason: the unsupported feature named by the error, or wrong output."""
    if "differs" in message:
        return "wrong output"
    first = message.split("\n")[0]
    reason = first.split("error: ", 1)[1] if "error: " in first else first
    return re.sub(r"at '.*'$", "at a construct of its C code", reason)


def run_suite(folder: Path) -> SuiteResult:
    tests = {t.name: t for t in testing.discover([folder])}
    result = SuiteResult()
    for name in spatch_correct(folder):
        if name not in tests:
            continue
        try:
            verdicts = testing.run(tests[name])
        except Exception as error:  # noqa: BLE001 - an internal error is a finding, not a stop
            result.crashed[name] = f"{type(error).__name__}: {error}"
            continue
        failures = [v for v in verdicts if not v.passed]
        if failures:
            result.failed[name] = reason_of(failures[0].message)
        else:
            result.passed.append(name)
    return result

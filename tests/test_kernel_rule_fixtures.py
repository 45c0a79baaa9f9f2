"""The Linux kernel's own rules (scripts/coccinelle) on our fixtures: our findings are spatch's.

Each fixture under bench/kernel-rule-fixtures is small C of our own that one rule should flag,
plus near misses: `<dir>/<rule>.c`, or a directory `<dir>/<rule>/` holding a header where the
rule needs one. Both tools run on it as bench/kernel_rules.py runs them (from that directory,
`spatch --very-quiet -D report --sp-file RULE --dir FIXTURE [the rule's // Options:]` and
`refactor diff -D report RULE FIXTURE`, ours in-process through click's runner), and the
findings compare as there: the set of `path:line` of the report lines and of the `-` lines.

A rule whose features we do not support (exit status 2) is an xfail with the error as reason.
Known differences are listed in KNOWN_DIFFERENCES, strict: a fix makes the test fail until its
entry goes. Skipped without the kernel's rules ($REFACTOR_KERNEL_RULES, a scripts/coccinelle
directory, else Linux 6.1's in bench/kernel_rules.py's cache) or without spatch. spatch's
results are kept in pytest's cache, keyed by the rule's and the fixture's text.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from refactor.cli import main

_spec = importlib.util.spec_from_file_location("kernel_rules", ROOT / "bench" / "kernel_rules.py")
kernel_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kernel_rules)

FIXTURES = kernel_rules.FIXTURES
SPATCH = shutil.which("spatch")
RULES = Path(os.environ.get("REFACTOR_KERNEL_RULES", kernel_rules.DEFAULT_TREE / "scripts" / "coccinelle"))

# Where we differ from spatch 1.1.1 on a fixture: rule -> what differs and, where a smaller rule
# isolated it, the SmPL feature our engine gets wrong. Remove an entry when its rule agrees.
KNOWN_DIFFERENCES: dict[str, str] = {}  # none at present: every fixture agrees


def fixtures() -> list[str]:
    """Rule names (relative to scripts/coccinelle) of the fixtures on disk: each `.c` file, except
    that a directory holding a header is one fixture."""
    names = []
    for path in sorted(FIXTURES.rglob("*.c")):
        fixture = path.parent if any(path.parent.glob("*.h")) else path.with_suffix("")
        names.append(str(fixture.relative_to(FIXTURES)) + ".cocci")
    return sorted(set(names))


def spatch_result(rule: Path, fixture: str, cache) -> dict:
    key = hashlib.sha256(rule.read_bytes() + kernel_rules.fixture_hash(fixture).encode()).hexdigest()[:16]
    entry = f"kernel-rule-fixtures/{fixture.replace('/', '__')}-{key}"
    result = cache.get(entry, None)
    if result is None or result.get("status") != "ok":
        result = kernel_rules.run_spatch(SPATCH, FIXTURES, rule, fixture, 120.0)
        cache.set(entry, result)
    return result


def ours_result(rule: Path, fixture: str, monkeypatch) -> dict:
    monkeypatch.chdir(FIXTURES)
    run = CliRunner().invoke(main, kernel_rules.ours_arguments(rule, fixture, 1))
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        raise run.exception
    return kernel_rules.ours_result(run.exit_code, run.stdout, run.stderr, fixture)


def test_every_rule_has_a_fixture() -> None:
    if not RULES.is_dir():
        pytest.skip(f"the kernel's rules are not at {RULES} (set REFACTOR_KERNEL_RULES)")
    rules = sorted(str(r.relative_to(RULES)) for r in RULES.rglob("*.cocci"))
    assert [r for r in rules if kernel_rules.fixture_of(r) is None] == []


@pytest.mark.parametrize("name", fixtures())
def test_fixture_findings_agree_with_spatch(name: str, request, monkeypatch) -> None:
    rule = RULES / name
    if not rule.is_file():
        pytest.skip(f"the kernel's rule is not at {rule} (set REFACTOR_KERNEL_RULES to a scripts/coccinelle)")
    if SPATCH is None:
        pytest.skip("spatch (Debian package coccinelle) is not installed")
    fixture = kernel_rules.fixture_of(name)
    theirs = spatch_result(rule, fixture, request.config.cache)
    assert theirs["status"] == "ok", theirs.get("error")
    ours = ours_result(rule, fixture, monkeypatch)
    if ours["status"] == "unsupported":
        pytest.xfail(ours["error"])
    if name in KNOWN_DIFFERENCES:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[name], strict=True))
    assert ours["status"] == "ok", ours.get("error")
    headers = "--include-headers" in kernel_rules.rule_options(rule.read_text(errors="replace"))
    comparison = kernel_rules.compare(ours, theirs, headers)
    assert (comparison["only_ours"], comparison["only_spatch"]) == ([], [])

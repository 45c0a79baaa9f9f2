"""The project's own rules (rules/**/NAME.cocci with NAME.c and NAME.res), byte for byte.

Applying a rule to its expected output must change nothing (idempotence).
"""
from __future__ import annotations

import pytest

from conftest import ROOT
from refactor import testing
from refactor.engine.apply import apply_patterns
from refactor.smpl.compile import compile_rule_file
from refactor.source import SourceFile

RULE_TESTS = testing.discover([ROOT / "rules"])


def test_rules_have_tests() -> None:
    assert any(t.name == "rename_external_refcount" for t in RULE_TESTS)


@pytest.mark.parametrize("rule_test", RULE_TESTS, ids=[t.name for t in RULE_TESTS])
def test_rule_output_is_exactly_the_expected_result(rule_test: testing.RuleTest) -> None:
    for verdict in testing.run(rule_test, exact=True):
        assert verdict.passed, verdict.message


@pytest.mark.parametrize("rule_test", RULE_TESTS, ids=[t.name for t in RULE_TESTS])
def test_rule_is_idempotent(rule_test: testing.RuleTest) -> None:
    patterns = compile_rule_file(rule_test.rule.read_text(), str(rule_test.rule))
    for source in rule_test.inputs:
        expected = rule_test.expected_for(source)
        if expected is None:
            continue
        result = SourceFile.read(expected)
        assert apply_patterns(patterns, result).text == result.text

"""Coccinelle's own test suite: the share of spatch's passing tests that pass here.

Skipped when ../shared/cocci-tests is absent. The floor only ever goes up: a change that makes
a test that passed fail is a regression. No test may crash.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from refactor.compat import run_suite

SUITE = Path(__file__).resolve().parents[2] / "shared" / "cocci-tests"
PASS_FLOOR = 363


@pytest.mark.skipif(not (SUITE / "MANIFEST.tsv").exists(), reason="../shared/cocci-tests is absent")
def test_coccinelle_suite_pass_rate() -> None:
    result = run_suite(SUITE)
    print(f"\ncoccinelle suite: {len(result.passed)} of {result.total} passed ({result.rate():.1f}%)")
    for reason, count in result.reasons().most_common(10):
        print(f"{count:5}  {reason}")
    assert not result.crashed, result.crashed
    assert len(result.passed) >= PASS_FLOOR

"""Property tests (hypothesis) over the lexer, the parser, edit application and rule loading.

The properties live in fuzz_inputs.py, shared with bench/fuzz.py, which runs them for as long as
it is asked to. Here they run under a small profile so that the whole file takes a few seconds:
set HYPOTHESIS_PROFILE=long to try many more inputs locally.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

import fuzz_inputs as fz

settings.register_profile(
    "ci", max_examples=40, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

needs_sample_tree = pytest.mark.skipif(not fz.sample_files(), reason="sample-tree/ is missing")


@given(fz.token_soups())
def test_lexer_covers_any_token_soup(text: str) -> None:
    fz.check_lexer(text)


@given(fz.token_soups())
def test_parser_roundtrips_any_token_soup(text: str) -> None:
    fz.check_parse_roundtrip(text.encode("utf-8", "surrogateescape"))


@needs_sample_tree
@settings(max_examples=15)
@given(fz.mutated_sample_files())
def test_mutated_sample_files_lex_parse_and_roundtrip(file: tuple[str, bytes]) -> None:
    path, data = file
    fz.check_lexer(data.decode("utf-8", "surrogateescape"))
    fz.check_parse_roundtrip(data)


@given(fz.texts_with_edits())
def test_edits_apply_like_one_at_a_time_or_conflict(case) -> None:
    fz.check_edits(*case)


@settings(max_examples=25)
@given(fz.mutated_rules())
def test_mutated_rules_load_or_give_a_located_error(text: str) -> None:
    fz.check_rule_parser(text)


@needs_sample_tree
@settings(max_examples=10)
@given(fz.renames())
def test_renames_change_only_the_name_and_are_idempotent(case) -> None:
    fz.check_rename(*case)



@needs_sample_tree
@settings(max_examples=15)
@given(fz.rules_on_code())
def test_any_rule_on_any_code_gives_a_result_that_verifies_or_a_refusal(case) -> None:
    fz.check_rule_on_code(*case)

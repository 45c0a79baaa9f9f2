"""Coccinelle's standard isomorphisms, as users rely on them without writing them."""
from __future__ import annotations

from tests.engine.test_rewrite import in_function, rewrite


def test_a_pattern_without_qualifiers_matches_a_qualified_declaration() -> None:
    rule = "@@\nidentifier d;\n@@\n-int d;\n"
    code = "static const int a;\nint b;\nlong c;\n"
    assert rewrite(rule, code) == "long c;\n"


def test_qualifiers_match_in_any_order() -> None:
    rule = "@@\nsymbol p;\n@@\n- char const *p;\n+ void *p;\n"
    before = in_function("\tconst char *p;\n\tchar *q;\n")
    assert rewrite(rule, before) == in_function("\tvoid *p;\n\tchar *q;\n")


def test_disable_optional_qualifier() -> None:
    rule = "@disable optional_qualifier@\nidentifier d;\n@@\n-int d;\n"
    assert rewrite(rule, "const int a;\nint b;\n") == "const int a;\n"


def test_a_type_metavariable_takes_the_qualifier_the_pattern_leaves_out() -> None:
    rule = "@@\ntype T;\nsymbol x;\n@@\n- T x;\n+ T y;\n"
    assert rewrite(rule, in_function("\tconst int x;\n")) == in_function("\tconst int y;\n")


NOT_NULL_RULE = "@@\nexpression E;\n@@\n- E != NULL\n+ E_is_set(E)\n"


def test_not_null_pattern_matches_a_plain_test() -> None:
    before = in_function("\tif (page)\n\t\treturn;\n\twhile (vma->next)\n\t\tvma = vma->next;\n")
    after = in_function("\tif (E_is_set(page))\n\t\treturn;\n\twhile (E_is_set(vma->next))\n\t\tvma = vma->next;\n")
    assert rewrite(NOT_NULL_RULE, before) == after


def test_not_null_pattern_leaves_values_that_are_not_tested_alone() -> None:
    before = in_function("\tx = page;\n\tfoo(page);\n\treturn page;\n")
    assert rewrite(NOT_NULL_RULE, before) == before


def test_not_zero_pattern_matches_a_for_condition() -> None:
    rule = "@@\nexpression E;\n@@\n- E != 0\n+ E > 0\n"
    before = in_function("\tfor (i = n; i; i--)\n\t\tfoo(i);\n")
    assert rewrite(rule, before) == in_function("\tfor (i = n; i > 0; i--)\n\t\tfoo(i);\n")


def test_added_else_lines_up_with_its_if() -> None:
    rule = "@@\nexpression E;\nstatement S1;\n@@\n\nif (E != NULL) S1\n+ else E = NULL;\n"
    before = in_function("\tif (pr)\n\t\tDBG(\"PCI\");\n")
    after = in_function("\tif (pr)\n\t\tDBG(\"PCI\");\n\telse\n\t\tpr = NULL;\n")
    assert rewrite(rule, before) == after

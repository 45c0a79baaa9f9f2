"""Nests: `<... P ...>` and `<+... P ...+>` change every occurrence of P in the code they cover."""
from __future__ import annotations

import pytest

from refactor.smpl.model import SmplError
from tests.engine.test_rewrite import in_function, rewrite

RENAME_IN_BODY = (
    "@@\nidentifier fn;\n@@\nfn(...) {\n  <...\n- anon_vma_lock(anon_vma);\n+ anon_vma_lock_write(anon_vma);\n  ...>\n}\n"
)


def test_every_occurrence_in_the_body_changes_at_any_depth() -> None:
    before = in_function(
        "\tanon_vma_lock(anon_vma);\n\tif (x) {\n\t\tanon_vma_lock(anon_vma);\n\t}\n\twhile (y)\n\t\tanon_vma_lock(anon_vma);\n"
    )
    after = in_function(
        "\tanon_vma_lock_write(anon_vma);\n\tif (x) {\n\t\tanon_vma_lock_write(anon_vma);\n\t}\n"
        "\twhile (y)\n\t\tanon_vma_lock_write(anon_vma);\n"
    )
    assert rewrite(RENAME_IN_BODY, before) == after


def test_a_body_without_occurrence_still_matches_a_plain_nest() -> None:
    rule = "@@\nidentifier fn;\n@@\nfn(...) {\n+ trace();\n  <...\n  foo();\n  ...>\n}\n"
    assert rewrite(rule, in_function("\tbar();\n")) == in_function("\ttrace();\n\tbar();\n")


def test_a_plus_nest_needs_one_occurrence() -> None:
    rule = "@@\nidentifier fn;\n@@\nfn(...) {\n+ trace();\n  <+...\n  foo();\n  ...+>\n}\n"
    assert rewrite(rule, in_function("\tbar();\n")) == in_function("\tbar();\n")
    assert rewrite(rule, in_function("\tif (x)\n\t\tfoo();\n")) == in_function("\ttrace();\n\tif (x)\n\t\tfoo();\n")


def test_expression_nest_inside_an_expression() -> None:
    rule = "@@\nidentifier i;\nexpression E;\n@@\n- i = <+... i ...+>;\n+ update(&i);\n"
    before = in_function("\tcount = count + 1;\n\tcount = other + 1;\n")
    assert rewrite(rule, before) == in_function("\tupdate(&count);\n\tcount = other + 1;\n")


def test_expression_nest_in_statement_position_changes_each_use() -> None:
    rule = (
        "@@\nidentifier v, fld;\n@@\n- struct video_tuner v;\n+ struct video_tuner *v;\n<...\n- v.fld\n+ v->fld\n...>\n"
    )
    before = in_function("\tstruct video_tuner t;\n\tt.range = 1;\n\tif (t.mode)\n\t\tfoo(t.flags);\n")
    after = in_function("\tstruct video_tuner *t;\n\tt->range = 1;\n\tif (t->mode)\n\t\tfoo(t->flags);\n")
    assert rewrite(rule, before) == after


def test_when_not_bounds_a_nest() -> None:
    rule = "@@\nexpression E;\n@@\n  lock(E);\n  <... when != unlock(E)\n- use(E);\n+ use_locked(E);\n  ...>\n  done();\n"
    before = in_function("\tlock(a);\n\tuse(a);\n\tdone();\n\tlock(b);\n\tunlock(b);\n\tuse(b);\n\tdone();\n")
    after = in_function("\tlock(a);\n\tuse_locked(a);\n\tdone();\n\tlock(b);\n\tunlock(b);\n\tuse(b);\n\tdone();\n")
    assert rewrite(rule, before) == after


def test_braces_in_the_pattern_match_a_braceless_branch() -> None:
    rule = "@@\n@@\nwhile (...) {\n  <...\n  foo();\n+ bar();\n  break;\n  ...>\n}\n"
    before = in_function("\twhile (1)\n\t\tif (x) {\n\t\t\tfoo();\n\t\t\tbreak;\n\t\t}\n")
    after = in_function("\twhile (1)\n\t\tif (x) {\n\t\t\tfoo();\n\t\t\tbar();\n\t\t\tbreak;\n\t\t}\n")
    assert rewrite(rule, before) == after


@pytest.mark.parametrize(
    "body, message",
    [
        ("  <...\n  foo();\n", "'<...' is never closed"),
        ("  <...\n  foo();\n  ...+>\n", "a nest opened with '<...' closes with '...>'"),
        ("  foo();\n  ...>\n", "'...>' without a nest opening before it"),
    ],
)
def test_malformed_nests_are_named(body: str, message: str) -> None:
    with pytest.raises(SmplError, match=message):
        rewrite("@@\n@@\n" + body, in_function("\tfoo();\n"))


def test_what_a_nest_binds_alike_is_seen_after_it() -> None:
    rule = "@@\nexpression E;\n@@\nf();\n<...\n g(E)\n...>\nh();\n+ xxx(E);\n"
    before = in_function("\tf();\n\tg(12);\n\tif (x)\n\t\tg(12);\n\th();\n")
    assert rewrite(rule, before) == in_function("\tf();\n\tg(12);\n\tif (x)\n\t\tg(12);\n\th();\n\txxx(12);\n")
    differ = in_function("\tf();\n\tg(1);\n\tg(2);\n\th();\n")
    assert rewrite(rule, differ) == differ  # which E? not guessed


def test_a_negated_constant_is_a_constant() -> None:
    rule = "@@\nexpression E;\nconstant C;\n@@\n- !E & C\n+ 12\n"
    before = in_function("\tx = !i & -FOO;\n\ty = !i & !FOO;\n")
    assert rewrite(rule, before) == in_function("\tx = 12;\n\ty = !i & !FOO;\n")


def test_a_disjunction_inside_a_nest_takes_a_branch_per_occurrence() -> None:
    rule = (
        "@@\nidentifier v, fld;\n@@\n- struct video_tuner v;\n+ struct video_tuner *v;\n<...\n(\n- v.fld\n+ v->fld\n"
        "|\n- v\n+ *v\n)\n...>\n"
    )
    before = in_function("\tstruct video_tuner t;\n\tget(&t.flags, t.mode);\n\tset(t);\n")
    after = in_function("\tstruct video_tuner *t;\n\tget(&t->flags, t->mode);\n\tset(*t);\n")
    assert rewrite(rule, before) == after


def test_a_constraint_against_a_position_bound_in_a_nest_excludes_every_place() -> None:
    # odd_ptr_err.cocci: ok2 binds p at every PTR_ERR(x) inside the branch; `position
    # p != ok2.p` then excludes both of them, not only the first (spatch finds nothing in zswap.c)
    rule = (
        "@ok@\nexpression x;\nposition p;\n@@\nif (IS_ERR(x)) {\n  <...\n   PTR_ERR@p(x)\n  ...>\n}\n\n"
        "@bad@\nexpression y;\nposition p != ok.p;\n@@\n- PTR_ERR@p(y)\n+ WRONG(y)\n"
    )
    code = in_function(
        "\tif (IS_ERR(acomp)) {\n\t\tpr_err(\"%ld\\n\", PTR_ERR(acomp));\n\t\treturn PTR_ERR(acomp);\n\t}\n"
        "\tk(PTR_ERR(other));\n"
    )
    assert rewrite(rule, code) == code.replace("PTR_ERR(other)", "WRONG(other)")

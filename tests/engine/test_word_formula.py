"""The words a file must hold for a rule file to change it (refactor.engine.word_formula)."""
from __future__ import annotations

from refactor.engine.apply import apply_patterns
from refactor.engine.word_formula import (
    FALSE, TRUE, AllOf, AnyOf, Word, encoded, grep_words, rule_file_formula,
)
from refactor.smpl.compile import compile_rule_file
from refactor.source import SourceFile


def formula(rule: str, defined: frozenset[str] = frozenset()):
    return rule_file_formula(compile_rule_file(rule, "t.cocci"), defined)


def test_a_disjunction_needs_the_words_of_one_of_its_branches() -> None:
    f = formula("@@\nexpression E;\n@@\n(\n- foo(E)\n+ baz(E)\n|\n- bar(E)\n+ baz(E)\n)\n")
    assert f == AnyOf((Word("foo"), Word("bar")))
    assert f.holds("x = bar(1);") and not f.holds("x = baz(1);")
    assert grep_words(f) == {"foo", "bar"}


def test_what_all_branches_share_is_enough_for_grep() -> None:
    f = formula("@@\nexpression E;\n@@\n(\n- lock_it(E, alpha)\n+ unlock(E)\n|\n- lock_it(E, beta)\n+ unlock(E)\n)\n")
    assert f == AnyOf((AllOf((Word("alpha"), Word("lock_it"))), AllOf((Word("beta"), Word("lock_it")))))
    assert grep_words(f) == {"lock_it"}
    assert not f.holds("lock_it(x, gamma);") and f.holds("lock_it(x, beta);")


def test_inline_disjunctions_are_branches_too() -> None:
    f = formula("@@\nexpression E;\n@@\n- \\( first \\| second \\)(E)\n+ third(E)\n")
    assert f == AnyOf((Word("first"), Word("second")))


def test_minus_and_context_words_count_but_not_plus_words() -> None:
    f = formula("@@\nexpression E;\n@@\n  prepare(E);\n- release(E);\n+ keep(E);\n+ other_word(E);\n")
    assert f == AllOf((Word("prepare"), Word("release")))
    assert not f.holds("keep(x); other_word(x); release(x);")


def test_null_and_metavariables_are_not_required() -> None:
    assert formula("@@\nexpression E;\n@@\n- if (E == NULL)\n-\treturn;\n") == TRUE


def test_a_dependency_adds_the_words_of_the_rule_depended_on() -> None:
    rule = "@r1@\nexpression E;\n@@\nalpha(E);\n\n@r2 depends on r1@\nexpression F;\n@@\n- beta(F);\n+ gamma(F);\n"
    f = formula(rule)
    assert f == AllOf((Word("beta"), Word("alpha")))  # r1 changes nothing: alone it does not count
    assert not f.holds("beta(1);") and f.holds("alpha(1); beta(2);")


def test_a_negated_dependency_requires_nothing_of_the_rule_negated() -> None:
    rule = "@r1@\nexpression E;\n@@\nalpha(E);\n\n@r2 depends on !r1@\nexpression F;\n@@\n- beta(F);\n+ gamma(F);\n"
    assert formula(rule) == Word("beta")


def test_an_inherited_metavariable_is_a_dependency() -> None:
    rule = "@r1@\nidentifier f;\n@@\nregister_thing(f);\n\n@r2@\nidentifier r1.f;\n@@\n- f(1);\n+ f(2);\n"
    assert formula(rule) == Word("register_thing")


def test_virtual_names_are_decided_by_minus_d() -> None:
    rule = "virtual patch\n\n@depends on patch@\nexpression E;\n@@\n- foo(E);\n+ bar(E);\n"
    assert formula(rule) == FALSE
    assert formula(rule, frozenset({"patch"})) == Word("foo")
    negated = "virtual patch\n\n@depends on !patch@\nexpression E;\n@@\n- foo(E);\n+ bar(E);\n"
    assert formula(negated, frozenset({"patch"})) == FALSE and formula(negated) == Word("foo")


def test_words_an_earlier_rule_adds_are_not_required_later() -> None:
    rule = "@@\nexpression E;\n@@\n- old_api(E);\n+ mid_api(E);\n\n@@\nexpression E;\n@@\n- mid_api(E);\n+ new_api(E);\n"
    f = formula(rule)
    assert f == TRUE  # the second rule may match what the first adds: any file may change
    code = "void f(void)\n{\n\told_api(1);\n}\n"
    assert apply_patterns(compile_rule_file(rule, "t.cocci"), SourceFile("a.c", code)).text == code.replace("old_api", "new_api")


def test_a_value_set_needs_one_of_its_identifiers() -> None:
    f = formula("@@\nidentifier alloc = {kmalloc, kzalloc};\nexpression E;\n@@\n- alloc(E)\n+ other(E)\n")
    assert f == AnyOf((Word("kmalloc"), Word("kzalloc")))
    assert grep_words(f) == {"kmalloc", "kzalloc"}


def test_a_rule_about_preprocessor_lines_needs_its_directive_words() -> None:
    f = formula("@@\n@@\n- #include <linux/oldheader.h>\n+ #include <linux/newheader.h>\n")
    assert f.holds("#include <linux/oldheader.h>\n") and not f.holds("#include <linux/newheader.h>\n")
    assert not f.holds("int oldheader;\n")  # no `include`
    defines = formula("@@\nidentifier N;\n@@\n- #define N 42\n")
    assert defines == Word("define")


def test_the_formula_tests_bytes_as_well() -> None:
    f = encoded(formula("@@\nexpression E;\n@@\n- foo(E)\n+ bar(E)\n"))
    assert f.holds(b"x = foo(1);") and not f.holds(b"x = bar(1);")


def test_a_file_without_a_dependency_s_words_is_not_parsed(monkeypatch) -> None:
    from refactor.engine import apply as apply_module

    parsed = []
    real = apply_module.parse_source
    monkeypatch.setattr(apply_module, "parse_source", lambda source, **kw: parsed.append(source.path) or real(source, **kw))
    rules = compile_rule_file(
        "@r1@\nexpression E;\n@@\nalpha(E);\n\n@r2 depends on r1@\nexpression F;\n@@\n- beta(F);\n+ gamma(F);\n", "t.cocci")
    code = "void f(void)\n{\n\tbeta(1);\n}\n"
    assert apply_patterns(rules, SourceFile("a.c", code)).text == code and parsed == []
    both = "void f(void)\n{\n\talpha(0);\n\tbeta(1);\n}\n"
    assert apply_patterns(rules, SourceFile("b.c", both)).text == both.replace("beta", "gamma")

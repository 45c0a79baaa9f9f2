"""The prefilter: files and definitions without a rule's words are not parsed or matched."""
from __future__ import annotations

from refactor.engine import apply as apply_module
from refactor.engine.apply import apply_patterns
from refactor.engine.prefilter import may_match, required_words, spans_holding
from refactor.smpl.compile import compile_rule_file
from refactor.source import SourceFile


def words(rule: str) -> list[frozenset[str]]:
    return [required_words(p) for compiled in compile_rule_file(rule, "t.cocci") for p in compiled.alternatives]


def test_required_words_are_the_pattern_identifiers_that_are_not_metavariables() -> None:
    assert words("@@\nstruct anon_vma *av;\n@@\n- av->refcount\n+ av->count\n") == [frozenset({"refcount"})]
    assert words("@@\nexpression E;\n@@\n- kfree(E);\n- E = NULL;\n") == [frozenset({"kfree"})]  # NULL: isomorphisms
    assert words("@@\ntype T;\nidentifier f;\n@@\n- static T f(...) { ... }\n") == [frozenset()]


def test_each_alternative_of_a_disjunction_has_its_words() -> None:
    rule = "@@\nexpression E;\n@@\n(\n- foo(E)\n+ baz(E)\n|\n- bar(E)\n+ baz(E)\n)\n"
    assert words(rule) == [frozenset({"foo"}), frozenset({"bar"})]
    compiled = compile_rule_file(rule, "t.cocci")[0]
    assert may_match(compiled, "x = bar(1);") and not may_match(compiled, "x = baz(1);")


def test_a_file_without_the_words_is_not_parsed(monkeypatch) -> None:
    parsed = []
    real = apply_module.parse_source
    monkeypatch.setattr(apply_module, "parse_source", lambda source, **kw: parsed.append(source.path) or real(source, **kw))
    rule = compile_rule_file("@@\nexpression E;\n@@\n- foo(E);\n+ bar(E);\n", "t.cocci")
    code = "void f(void)\n{\n\tbaz(1);\n}\n"
    assert apply_patterns(rule, SourceFile("a.c", code)).text == code and parsed == []
    assert apply_patterns(rule, SourceFile("b.c", code.replace("baz", "foo"))).text == code.replace("baz", "bar")
    assert set(parsed) == {"b.c"}  # parsed, and parsed again after the edit


def test_null_in_a_pattern_does_not_keep_a_file_out() -> None:
    rule = compile_rule_file("@@\nexpression E;\n@@\n- if (E == NULL)\n-\treturn;\n", "t.cocci")
    code = "void f(int *p)\n{\n\tif (!p)\n\t\treturn;\n\tg(p);\n}\n"
    assert may_match(rule[0], code)
    assert apply_patterns(rule, SourceFile("a.c", code)).text == "void f(int *p)\n{\n\tg(p);\n}\n"


def test_definitions_without_the_words_are_not_parsed(monkeypatch) -> None:
    parsed = []
    real = apply_module.parse_source
    monkeypatch.setattr(apply_module, "parse_source", lambda source, **kw: parsed.append(real(source, **kw)) or parsed[-1])
    rule = compile_rule_file("@@\nexpression E;\n@@\n- foo(E);\n+ bar(E);\n", "t.cocci")
    code = "int a(void)\n{\n\treturn 1;\n}\n\nvoid b(void)\n{\n\tfoo(2);\n}\n\nint c;\n"
    assert apply_patterns(rule, SourceFile("a.c", code)).text == code.replace("foo", "bar")
    assert [d.configuration for d in parsed[0].definitions] == ["skipped", "all", "skipped"]
    assert not parsed[0].complete and not parsed[0].failures()


def test_declarations_in_skipped_definitions_still_type_expressions() -> None:
    rule = compile_rule_file("@@\nstruct s *p;\n@@\n- p->old\n+ p->new\n", "t.cocci")
    code = (
        "struct s { int old; };\nstruct t { int old; };\nstatic struct s *get(void);\nstatic struct t *tget(void);\n"
        "void f(void)\n{\n\tg(get()->old, tget()->old);\n}\n"
    )
    assert "g(get()->new, tget()->old);" in apply_patterns(rule, SourceFile("a.c", code)).text


def test_a_rule_about_preprocessor_lines_needs_no_definition_parsed(monkeypatch) -> None:
    from refactor.engine.prefilter import any_may_match

    rule = compile_rule_file("@@\n@@\n- #include <linux/old.h>\n+ #include <linux/new.h>\n", "t.cocci")
    assert required_words(rule[0].alternatives[0]) == {"include", "linux", "old", "h"}
    assert not any_may_match(rule)("int f(void)\n{\n\treturn 0;\n}")
    parsed = []
    real = apply_module.parse_source
    monkeypatch.setattr(apply_module, "parse_source", lambda source, **kw: parsed.append(real(source, **kw)) or parsed[-1])
    code = "#include <linux/old.h>\n\nint f(void)\n{\n\treturn 0;\n}\n"
    assert apply_patterns(rule, SourceFile("a.c", code)).text == code.replace("old.h", "new.h")
    assert [d.configuration for d in parsed[0].definitions] == ["skipped"]


def test_spans_holding_tells_which_spans_hold_every_word() -> None:
    text = "a->count = b->refcount + c->count;"
    holds = spans_holding(frozenset({"count", "b"}), text, 0, len(text))  # substrings, as worth_trying's test
    assert holds(0, len(text)) and holds(11, 22) and not holds(0, 8) and not holds(24, 34) and not holds(12, 22)
    assert spans_holding(frozenset(), text, 0, len(text)) is None
    inner = spans_holding(frozenset({"refcount"}), text, 11, 22)  # only places within [11, 22) count
    assert inner(11, 22) and not inner(11, 21)


def test_a_match_deep_in_a_definition_is_found_when_the_rest_is_not_walked() -> None:
    rule = compile_rule_file("@@\nstruct s *p;\n@@\n- p->old\n+ p->new\n", "t.cocci")
    code = ("struct s { int old; };\nint f(struct s *p, struct s *q)\n{\n\tint x = q->other;\n"
            "\tif (x)\n\t\treturn g(h(p->old), x) + q->old;\n\treturn 0;\n}\n")
    assert apply_patterns(rule, SourceFile("a.c", code)).text == code.replace("p->old", "p->new").replace("q->old", "q->new")

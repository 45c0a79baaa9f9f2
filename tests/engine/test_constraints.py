"""Constraints checked after matching: positions against earlier rules' places, Python code."""
from __future__ import annotations

from refactor.engine.apply import apply_patterns
from refactor.engine.run_files import WholeRun
from refactor.smpl.compile import compile_rule_file
from refactor.source import SourceFile

CODE = "void f(void)\n{\n\ta(1);\n\ta(2);\n\tb(2);\n}\n"


def lines(rule: str, code: str = CODE) -> list[str]:
    patterns = compile_rule_file(rule, "t.cocci")
    whole = WholeRun.of(patterns)
    out = whole.initialize() if whole else []
    outcome = apply_patterns(patterns, SourceFile("x.c", code), host=whole.host if whole else None)
    return "".join(p.text for p in list(out) + list(outcome.printed)).splitlines()


def test_a_position_differs_from_every_place_the_named_rules_bound() -> None:
    # As spatch 1.1.1 prints for the same rule and code: p is none of r.p's places, a rule
    # that did not match (q) excludes nothing, and the rule runs whether or not they matched.
    rule = """\
@r@
position p;
@@
a@p(2)

@q@
position p;
@@
nothere@p()

@s@
position p != r.p;
@@
a@p(...)

@script:python@
p << s.p;
@@
print("s", p[0].line)

@t@
position p != q.p;
@@
a@p(...)

@script:python@
p << t.p;
@@
print("t", p[0].line)

@u@
position p != {r.p, q.p};
@@
a@p(...)

@script:python@
p << u.p;
@@
print("u", p[0].line)
"""
    assert lines(rule) == ["s 3", "t 3", "t 4", "u 3"]
    every = "@r@\nposition p;\n@@\na@p(...)\n\n@s@\nposition p != r.p;\n@@\na@p(...)\n\n@script:python@\np << s.p;\n@@\nprint(p[0].line)\n"
    assert lines(every) == []


def test_a_python_constraint_on_a_position_uses_initialize_definitions() -> None:
    rule = """\
@initialize:python@
@@
def past(p, line):
    return int(p[0].line) > line

@r@
expression e;
position p : script:python(e) { past(p, 3) and e != "1" };
@@
a@p(e)

@script:python@
p << r.p;
@@
print(p[0].line)
"""
    assert lines(rule) == ["4"]


def test_a_python_constraint_on_an_identifier() -> None:
    rule = """\
@r@
identifier f : script:python() { f.startswith("b") };
expression e;
@@
- f(e);
+ f(e, 0);
"""
    patterns = compile_rule_file(rule, "t.cocci")
    assert apply_patterns(patterns, SourceFile("x.c", CODE)).text == CODE.replace("b(2);", "b(2, 0);")


def test_what_a_constraint_prints_comes_out_with_its_rule() -> None:
    rule = "@r@\nidentifier f : script:python() { print('checking', f) or True };\n@@\nf(2);\n"
    patterns = compile_rule_file(rule, "t.cocci")
    outcome = apply_patterns(patterns, SourceFile("x.c", CODE))
    assert "".join(p.text for p in outcome.printed) == "checking a\nchecking b\n"

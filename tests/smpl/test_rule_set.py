"""Which rules of a rule file can run under the virtual names given, and which are left out."""
from __future__ import annotations

from refactor.smpl.compile import compile_rule_file

RULES = """\
virtual patch
virtual report
virtual org

@p depends on patch@
identifier x;
@@
- foo(x);

@r depends on report || org@
identifier f;
@@
f();

@child@
identifier p.x;
@@
x();

@script:python depends on report@
f << r.f;
@@
print(f)

@script:python@
f << r.f = "none";
@@
print(f)

@maybe depends on !patch && (r || p)@
@@
bar();

@never depends on patch && !patch@
@@
baz();
"""


def names(defined):
    return [p.rule.name for p in compile_rule_file(RULES.replace("identifier p.x", "identifier y"), "t.cocci", defined)]


def test_rules_the_virtual_names_rule_out_are_left_out() -> None:
    report = names(frozenset({"report"}))
    assert "p" not in report and "never" not in report
    assert "r" in report and "maybe" in report and "child" in report
    assert len([n for n in report if n.startswith("rule starting")]) == 2
    patch = names(frozenset({"patch"}))
    assert "p" in patch and "r" not in patch and "maybe" not in patch and "never" not in patch
    # the report script is out; the script with a default for every value still runs
    assert len([n for n in patch if n.startswith("rule starting")]) == 1
    assert len(names(None)) == 7  # without names given, everything is compiled


def test_a_rule_inheriting_from_a_rule_left_out_is_left_out() -> None:
    compiled = [p.rule.name for p in compile_rule_file(RULES, "t.cocci", frozenset({"report"}))]
    assert "p" not in compiled and "child" not in compiled and "r" in compiled

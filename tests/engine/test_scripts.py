"""Script rules: the values scripts see, when they run, and what they hand on to later rules."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from refactor.cli import main
from refactor.engine.apply import apply_patterns
from refactor.engine.run_files import WholeRun
from refactor.scripts.host import ScriptError
from refactor.smpl.compile import compile_rule_file
from refactor.smpl.model import SmplError
from refactor.source import SourceFile

CODE = """\
void release(struct dev *d, int *buf)
{
\tkfree(buf);
\tif (d->flags)
\t\tkfree(d->name);
\tuse(buf);
}

static int other(char *s)
{
\tkfree(s);
\treturn strlen(s);
}
"""


def run(rule: str, code: str = CODE, defined=frozenset(), path="drivers/x.c"):
    patterns = compile_rule_file(rule, "t.cocci", defined)
    whole = WholeRun.of(patterns)
    if whole is None:
        return apply_patterns(patterns, SourceFile(path, code), defined)
    printed = whole.initialize()
    outcome = apply_patterns(patterns, SourceFile(path, code), defined, host=whole.host)
    printed += whole.finalize()
    return outcome, "".join(p.text for p in printed)


def printed(outcome) -> str:
    return "".join(p.text for p in outcome.printed)


def test_a_script_sees_code_as_text_and_positions_as_spatch_gives_them() -> None:
    rule = """\
@r@
expression E;
position p;
@@
kfree@p(E)

@script:python@
e << r.E;
p << r.p;
@@
l = p[0]
print(e, type(p).__name__, len(p), l.file, l.line, l.column, l.line_end, l.column_end, l.current_element)
"""
    assert printed(run(rule)).splitlines() == [
        "buf tuple 1 drivers/x.c 3 1 3 6 release",
        "d -> name tuple 1 drivers/x.c 5 2 5 7 release",
        "s tuple 1 drivers/x.c 11 1 11 6 other",
    ]


def test_print_report_and_org_todo_print_spatch_lines_and_are_findings() -> None:
    rule = """\
@r@
expression E;
position p;
@@
kfree@p(E)

@script:python@
e << r.E;
p << r.p;
@@
coccilib.report.print_report(p[0], "freeing %s" % e)
coccilib.org.print_todo(p[0], "free")
"""
    outcome = run(rule)
    assert printed(outcome).splitlines()[:2] == [
        "drivers/x.c:3:1-6: freeing buf",
        "* TODO [[view:drivers/x.c::face=ovl-face1::linb=3::colb=1::cole=6][free]]",
    ]
    findings = [p.finding for p in outcome.printed if p.finding is not None]
    assert [(f.line, f.column, f.end_column, f.message) for f in findings][:2] == [(3, 1, 6, "freeing buf"), (3, 1, 6, "free")]
    assert all(f.path == "drivers/x.c" and f.rule.startswith("rule starting on line") for f in findings)


def test_a_script_runs_once_per_distinct_tuple_of_the_values_it_inherits() -> None:
    rule = """\
@r@
expression E;
@@
(
kfree(E)
|
use(E)
)

@script:python@
e << r.E;
@@
print("ran for", e)
"""
    # buf is matched by kfree(buf) and use(buf): one tuple, one run.
    assert printed(run(rule)).splitlines() == ["ran for buf", "ran for d -> name", "ran for s"]


def test_no_run_without_a_match_unless_every_value_has_a_default() -> None:
    rule = """\
@r@
expression E;
@@
vfree(E)

@script:python@
e << r.E;
@@
print("never")

@script:python@
e << r.E = "nothing";
@@
print("default:", e)
"""
    assert printed(run(rule)) == "default: nothing\n"


def test_include_match_false_hides_the_match_from_later_rules_and_from_depends_on() -> None:
    rule = """\
@r@
expression E;
@@
kfree(E);

@script:python@
e << r.E;
@@
if e != "s":
    cocci.include_match(False)

@@
expression r.E;
@@
- kfree(E);
+ kfree_sensitive(E);

@script:python depends on r@
@@
print("r still matched")
"""
    outcome = run(rule)
    assert "kfree_sensitive(s);" in outcome.text
    assert "kfree(buf);" in outcome.text and "kfree(d->name);" in outcome.text
    assert printed(outcome) == "r still matched\n"
    every = rule.replace('if e != "s":\n    cocci.include_match(False)', "cocci.include_match(False)")
    outcome = run(every)
    assert outcome.text == CODE and printed(outcome) == ""


def test_values_of_two_rules_are_paired_as_they_were_matched() -> None:
    """kfree.cocci's shape: a use after *its* free, not after any free of the file."""
    rule = """\
@free@
expression E;
position p1;
@@
kfree@p1(E);

@r exists@
expression free.E;
position free.p1, p2;
@@
kfree@p1(E);
...
(
use(E@p2);
|
return strlen(E@p2);
)

@script:python@
p1 << free.p1;
p2 << r.p2;
@@
print("free on line", p1[0].line, "use on line", p2[0].line)
"""
    assert sorted(printed(run(rule)).splitlines()) == ["free on line 11 use on line 12", "free on line 3 use on line 6"]


def test_a_script_binds_new_metavariables_for_later_rules() -> None:
    rule = """\
@r@
identifier f;
expression E;
@@
f(E);

@script:python s@
f << r.f;
g;
@@
coccinelle.g = f + "_checked"

@@
identifier r.f, s.g;
expression E;
@@
- f(E);
+ g(E);
"""
    outcome = run(rule, "void h(int x)\n{\n\tfoo(x);\n\tbar(x);\n}\n")
    assert outcome.text == "void h(int x)\n{\n\tfoo_checked(x);\n\tbar_checked(x);\n}\n"


def test_a_position_handed_on_by_a_script_still_matches_its_place() -> None:
    rule = """\
@r@
position p;
expression E;
@@
kfree@p(E)

@script:python s@
p << r.p;
e << r.E;
q;
@@
if e == "s":
    coccinelle.q = p

@@
position s.q;
expression E;
@@
- kfree@q(E);
+ kvfree(E);
"""
    outcome = run(rule)
    assert "kvfree(s);" in outcome.text and outcome.text.count("kvfree") == 1


def test_initialize_and_finalize_share_state_with_the_scripts_of_every_file() -> None:
    rule = """\
@initialize:python@
@@
coccinelle.count = {}

@r@
identifier f;
@@
f(...);

@script:python@
f << r.f;
@@
coccinelle.count[f] = coccinelle.count.get(f, 0) + 1

@finalize:python@
counts << merge.count;
@@
for name, n in sorted(counts[0].items()):
    print(name, n)
"""
    patterns = compile_rule_file(rule, "t.cocci")
    whole = WholeRun.of(patterns)
    whole.initialize()
    for code in ("void a(void)\n{\n\tf();\n\tg();\n}\n", "void b(void)\n{\n\tf();\n}\n"):
        apply_patterns(patterns, SourceFile("x.c", code), host=whole.host)
    assert "".join(p.text for p in whole.finalize()) == "f 2\ng 1\n"


def test_exit_stops_the_rest_of_the_rule_file_for_this_file() -> None:
    rule = """\
@r@
identifier x;
@@
- f(x);
+ g(x);

@script:python@
x << r.x;
@@
if x == "done":
    cocci.exit()

@@
identifier x;
@@
- g(x);
+ h(x);
"""
    outcome = run(rule, "void m(void)\n{\n\tf(a);\n\tf(done);\n}\n")
    assert outcome.text == "void m(void)\n{\n\tg(a);\n\tg(done);\n}\n"


def test_script_errors_name_the_rule_file_line() -> None:
    with pytest.raises(SmplError, match=r"t.cocci:4:.*Python syntax error"):
        compile_rule_file("@script:python@\n@@\nx = 1\nif x\n", "t.cocci")
    with pytest.raises(SmplError, match=r"script rules in ocaml"):
        compile_rule_file("@script:ocaml@\n@@\nprint_endline \"x\"\n", "t.cocci")
    with pytest.raises(ScriptError, match=r"t.cocci:8: error: script rule .* raised ZeroDivisionError"):
        run("@r@\nidentifier f;\n@@\nf(...);\n@script:python@\nf << r.f;\n@@\nx = 1 / 0\n")


def test_smpl_comment_lines_in_a_script_are_not_python() -> None:
    rule = "@r@\nidentifier f;\n@@\nkfree(f);\n@script:python@\nf << r.f;\n@@\n// a note\nprint(f)\n//----------\n"
    assert printed(run(rule, "void m(int *p)\n{\n\tkfree(p);\n}\n")) == "p\n"


def test_rules_for_other_virtual_names_are_not_compiled_nor_run() -> None:
    rule = """\
virtual patch
virtual report

@depends on patch@
@@
- foo(...);

@r depends on report@
position p;
@@
kfree@p(...);

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "kfree")
"""
    # The patch rule's `- foo(...);` with no added code would be fine; an unsupported
    # construct there must not stop the report rules either.
    unsupported = rule.replace("- foo(...);", "- foo(...);\n* bar();")
    outcome = apply_patterns(compile_rule_file(unsupported, "t.cocci", frozenset({"report"})), SourceFile("x.c", CODE), frozenset({"report"}))
    assert len([p for p in outcome.printed if p.finding]) == 3
    with pytest.raises(SmplError, match="a rule cannot have both"):
        compile_rule_file(unsupported, "t.cocci", frozenset({"patch"}))


def test_no_scripts_refuses_a_rule_file_that_would_run_code(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.c").write_text(CODE)
    (tmp_path / "r.cocci").write_text("@r@\nposition p;\n@@\nkfree@p(...);\n\n@script:python@\np << r.p;\n@@\nprint(p)\n")
    for command in ("diff", "apply", "check"):
        result = CliRunner().invoke(main, [command, "--no-scripts", "r.cocci", "x.c"])
        assert result.exit_code == 2, (command, result.output)
        assert "r.cocci:6: error: --no-scripts" in result.stderr
    assert (tmp_path / "x.c").read_text() == CODE
    (tmp_path / "constraint.cocci").write_text("@@\nidentifier f : script:python() { f == 'kfree' };\n@@\n- f(...);\n")
    result = CliRunner().invoke(main, ["check", "--no-scripts", "constraint.cocci", "x.c"])
    assert result.exit_code == 2 and "constraint.cocci:2: error: --no-scripts" in result.stderr
    (tmp_path / "plain.cocci").write_text("@@\n@@\n- kfree(buf);\n")
    assert CliRunner().invoke(main, ["diff", "--no-scripts", "plain.cocci", "x.c"]).exit_code == 0


def test_a_position_before_an_inline_disjunction_marks_the_token_before_it() -> None:
    # pool_zalloc-simple.cocci writes `x = @p\(dma_pool_alloc\|pci_pool_alloc\)(a,b,c);`;
    # spatch 1.1.1 binds p to the `=` (columns 3-4 here).
    rule = "@r@\nexpression x;\nposition p;\n@@\n x = @p\\(dma_pool_alloc\\|pci_pool_alloc\\)(...);\n" \
           "@script:python@\np << r.p;\n@@\nprint(p[0].line, p[0].column, p[0].column_end)\n"
    code = "void f(void)\n{\n\tx = dma_pool_alloc(a, b, c);\n\ty = pci_pool_alloc(a, b, c);\n}\n"
    assert printed(run(rule, code)).splitlines() == ["3 3 4", "4 3 4"]


def test_a_dropped_tuple_also_hides_the_results_built_on_it() -> None:
    # As spatch 1.1.1: r2's result for x == 1 goes with r1's.
    rule = """\
@r1@
expression x;
@@
a(x);

@r2@
expression r1.x;
position p;
@@
b@p(x);

@script:python@
x << r1.x;
@@
if x == "1":
  cocci.include_match(False)

@script:python@
p << r2.p;
@@
print("r2 at", p[0].line)
"""
    code = "void f(void)\n{\n\ta(1);\n\tb(1);\n\ta(2);\n\tb(2);\n}\n"
    assert printed(run(rule, code)) == "r2 at 6\n"


def test_a_position_bound_in_a_nest_holds_every_place_as_in_spatch() -> None:
    rule = """\
@r@
identifier fn;
position p;
@@
fn(...)
{
	<...
	return g@p(...);
	...>
}

@script:python@
p << r.p;
fn << r.fn;
@@
print(fn, [(l.line, l.column) for l in p])

@s@
position r.p;
@@
- g@p(...)
+ G()
"""
    code = "int f(int a)\n{\n\tif (a)\n\t\treturn g(1);\n\tx();\n\treturn g(2);\n}\nint h(int a)\n{\n\treturn g(3);\n}\n"
    outcome = run(rule, code)
    assert printed(outcome) == "f [('4', '9'), ('6', '8')]\nh [('10', '8')]\n"
    assert outcome.text == code.replace("g(1)", "G()").replace("g(2)", "G()").replace("g(3)", "G()")


def test_a_position_on_a_type_metavariable() -> None:
    # badty.cocci's `sizeof(T@p)`; spatch 1.1.1 gives line 4, columns 21-24.
    rule = "@r@\ntype T;\nT **x;\nposition p;\n@@\n  x = <+...sizeof(T@p)...+>\n" \
           "@script:python@\np << r.p;\n@@\nprint(p[0].line, p[0].column, p[0].column_end)\n"
    code = "void f(void)\n{\n\tu16 **w;\n\tw = alloc(3, sizeof(u16));\n}\n"
    assert printed(run(rule, code)) == "4 21 24\n"

"""The catalogue of rule errors: for each malformed or unsupported rule, the exact message, where it
points (line:col), and the hint a rule author gets.

Every case goes through refactor.smpl.load (parse, metavariable checks, compile), as the command
line does, and is printed compiler-style: `RULE:line:col: error: message`, the offending line, a
caret under the column, `hint: ...`.
"""
from __future__ import annotations

import pickle

import pytest

from refactor.smpl.errors import HINTS, SmplWarning, explain, hint_for
from refactor.smpl.load import load_rule_file
from refactor.smpl.model import SmplError
from refactor.smpl.parser import parse_rule_file

# (id, rule text, "line:col", message, a part of the hint or None for no hint)
ERRORS = [
    # -- declarations
    ("misspelt-kind", "@@\nexpresion E;\n@@\n- foo(E);\n", "2:1",
     "unknown metavariable kind 'expresion'", "did you mean 'expression'?"),
    ("misspelt-kind-identifier", "@@\nidentifer f;\n@@\n- f();\n", "2:1",
     "unknown metavariable kind 'identifer'", "did you mean 'identifier'?"),
    ("type-used-before-declared", "@@\nT x;\ntype T;\n@@\n- foo(x);\n", "2:1",
     "unknown metavariable kind 'T'", "'T' is declared as a type further down"),
    ("misspelt-kind-after-a-typed-one", "@@\nstruct foo *x;\nexpresion y;\n@@\n- bar(x, y);\n", "3:1",
     "unknown metavariable kind 'expresion'", "did you mean 'expression'?"),
    ("missing-semicolon", "@@\nexpression E\n@@\n- foo(E);\n", "2:13",
     "missing ';' after the metavariable declaration", "each declaration ends with ';'"),
    ("missing-at-at", "@@\nexpression E;\n- foo(E);\n", "3:1",
     "missing '@@' after the metavariable declarations", "end the declarations with '@@'"),
    ("declared-twice", "@@\nexpression E;\nidentifier E;\n@@\n- foo(E);\n", "3:12",
     "metavariable 'E' is declared twice in this rule", "first declared as expression on line 2"),
    ("missing-value", "@@\nidentifier f = ;\n@@\n- f();\n", "2:15",
     "missing a value after '=' in the metavariable declaration", "as in 'identifier f = {foo, bar};'"),
    ("unexpected-character", "@@\nexpression E$;\n@@\n- foo(E);\n", "2:13",
     "unexpected character '$' in the metavariable declaration", None),
    ("typed-identifier", "@@\nidentifier struct foo *x;\n@@\n- x();\n", "2:19",
     "unexpected 'foo' in the metavariable declaration; expected '!', '!=', '!~', '##', '(', ')', ',', '.', ...", None),
    # -- rule headers and references between rules
    ("header-typo", "@r depnds on x@\n@@\n- foo();\n", "1:4",
     "unexpected 'depnds' in the rule header; expected 'declaration', 'depends', 'disable', 'exists', "
     "'expression', 'extends', 'field', 'forall', ...", "did you mean 'depends'?"),
    ("depends-on-unknown", "@r depends on nosuch@\nexpression E;\n@@\n- foo(E);\n", "1:15",
     "'depends on' names unknown rule or virtual 'nosuch'", "declare 'virtual nosuch' at the top of the file"),
    ("depends-on-later-rule", "@a depends on b@\n@@\n- foo();\n\n@b@\n@@\n- bar();\n", "1:15",
     "'depends on' names unknown rule or virtual 'b'", "'b' is defined below, on line 5"),
    ("depends-on-misspelt", "@first@\n@@\n- foo();\n\n@second depends on frist@\n@@\n- bar();\n", "5:20",
     "'depends on' names unknown rule or virtual 'frist'", "did you mean 'first'?"),
    ("inherits-unknown-rule", "@@\nexpression r.E;\n@@\n- foo(E);\n", "2:12",
     "'r.E' inherits from unknown rule 'r'", "can only be inherited from a rule defined above"),
    ("inherits-unknown-metavariable", "@r@\nexpression E;\n@@\n- foo(E);\n\n@@\nexpression r.F;\n@@\n- bar(F);\n", "7:12",
     "rule 'r' has no metavariable 'F'", None),
    ("script-binding-without-rule", "@r@\nexpression E;\n@@\n- foo(E);\n\n@script:python@\nx << E;\n@@\nprint(x)\n", "7:6",
     "script metavariable 'x' must name its rule", "write 'x << rule.E;'"),
    ("script-binding-twice", "@r@\nexpression E;\n@@\n- foo(E);\n\n@script:python@\nx << r.E;\nx << r.E;\n@@\nprint(x)\n",
     "8:1", "script metavariable 'x' is declared twice", "first bound to r.E"),
    # -- metavariables and the code that uses them
    ("bound-only-in-added-code", "@@\nexpression A, B;\n@@\n- foo(A);\n+ bar(B, A);\n", "5:7",
     "metavariable 'B' is used in added code but no '-' or context code binds it", "inherit it from an earlier rule"),
    ("fresh-identifier-matched", "@@\nfresh identifier f = \"x\";\n@@\n- f();\n", "4:3",
     "fresh identifier 'f' is used in code to match", "declare 'identifier f;'"),
    ("fresh-seed-undeclared", "@@\nidentifier g;\nfresh identifier f = \"new_\" ## h;\n@@\n- g();\n+ f();\n", "3:18",
     "the name of fresh identifier 'f' uses 'h', which is not a metavariable of this rule", "'identifier h;'"),
    ("position-undeclared", "@@\nexpression E;\n@@\n- foo@p(E);\n", "4:6",
     "'@p': not a position metavariable of this rule", "'position p;'"),
    # -- the shape of the body
    ("plus-with-nothing-to-attach-to", "@@\n@@\n+ foo();\n", "3:1",
     "a '+' line with nothing to attach to: the rule has no '-' or context code", "put a '-' or context line"),
    ("no-code", "@@\nexpression E;\n@@\n", "1:1",
     "the rule has no code to match", "at least one '-' or context line"),
    ("unbalanced-disjunction", "@@\nexpression E;\n@@\n(\n- foo(E);\n|\n- bar(E);\n", "4:1",
     "unbalanced disjunction: '(' without ')'", "close the disjunction with ')' alone on a line"),
    ("bar-outside-disjunction", "@@\nexpression E;\n@@\n- foo(E);\n|\n- bar(E);\n", "5:1",
     "'|' outside a disjunction", "open the disjunction with '('"),
    ("close-outside-disjunction", "@@\nexpression E;\n@@\n- foo(E);\n)\n", "5:1",
     "')' outside a disjunction", "indent it if it is C code"),
    ("inline-disjunction-unclosed", "@@\nexpression E;\n@@\n- \\(foo\\|bar(E);\n", "4:3",
     "an inline disjunction '\\(' must close on its own line (not supported yet across lines)", "within one line"),
    ("c-code-unfinished", "@@\nexpression E;\n@@\n- foo(E;\n", "4:9",
     "cannot parse the rule's C code at 'end of rule'", "an unclosed '(', '[' or '{', or a missing ';'"),
    ("c-code-stray-bracket", "@@\nexpression E;\n@@\n- foo(E) + ) ;\n", "4:12",
     "cannot parse the rule's C code at ')'", "check the brackets and ';' around ')'"),
    ("when-without-dots", "@@\n@@\n  foo();\n  when != bar()\n- baz();\n", "4:1",
     "'when' without a '...' before it", "'... when != x'"),
    ("position-before-any-code", "@@\nposition p;\n@@\n- @p foo();\n", "1:1",
     "position '@p' with no code before it", "as in 'foo@p(...)'"),
    ("when-not-code", "@@\n@@\n  foo();\n  ... when != )\n- baz();\n", "4:1",
     "cannot parse 'when != )'", "must be an expression or a statement"),
    ("when-not-nothing", "@@\n@@\n  foo();\n  ... when !=\n- baz();\n", "4:1",
     "'when !=' with no code after it", "'... when != kfree(x)'"),
    ("position-as-code", "@@\nposition p;\nidentifier g;\n@@\n- g@p(p);\n", "5:7",
     "position 'p' used as code", "as in 'foo@p(...)'"),
    ("character-in-code", "@@\n@@\n- foo(`x);\n", "3:7",
     "the character '`' in rule code: not supported yet", None),
    # -- unsupported SmPL, named with its line
    ("when-equals", "@@\n@@\n  foo();\n  ... when == x\n- baz();\n", "4:1",
     "'when ==' is not supported yet", "supported: 'when != X'"),
    ("ocaml-script-rule", "@script:ocaml@\n@@\nlet x = 1\n", "1:1",
     "script rules in ocaml (@script:ocaml@) are not supported", "only Python scripts run here"),
    ("context-and-changes", "@@\nexpression E;\n@@\n* foo(E);\n- bar(E);\n", "5:1",
     "a rule cannot have both '*' lines and '-' or '+' lines", "rules of their own"),
    ("disjunction-in-nest", "@@\nexpression x;\n@@\n(\n  foo();\n|\n  baz();\n)\n  <...\n(\n  x\n|\n- bar();\n)\n  ...>\n",
     "10:1", "a disjunction inside '<... ...>' in a rule with another outside it is not supported yet",
     "one rule per branch"),
    ("statement-alias", "@@\nstatement S;\n@@\n- foo();\n  S@S\n", "5:5",
     "'@S': binding a statement metavariable with @ is not supported yet", None),
    ("conjunction", "@@\nexpression E;\n@@\n  baz();\n(\n- foo(E);\n&\n- bar(E);\n)\n", "7:1",
     "conjunctions '( & )' are not supported yet except as a whole rule", None),
    ("unsupported-kind", "@@\nformat list fl;\n@@\n- foo(fl);\n", "2:13",
     "metavariable kind 'format list' is not supported yet", "supported kinds: expression, identifier"),
    ("const-typed-metavariable", "@@\nconst struct foo *x;\n@@\n- bar(x);\n", "2:19",
     "const/volatile in the type of a metavariable is not supported yet", "drop the qualifier"),
    ("comments-kind", "@@\ncomments c;\n@@\nfoo@c();\n", "2:10",
     "metavariable kind 'comments' is not supported yet", "supported kinds: expression, identifier"),
    ("position-constraint", "@@\nposition p : script:ocaml() { true };\n@@\n- foo@p();\n", "2:10",
     "script:ocaml code is not supported (only Python runs here)", None),
    ("directive-in-code", "@@\n@@\n#include <x.h>\n- foo();\n", "3:1",
     "preprocessor directives in rule code are not supported", "preprocessor lines only"),
]

# (id, rule text, "line:col", message, a part of the hint)
WARNINGS = [
    ("unused", "@@\nexpression A, B, C;\n@@\n- foo(A, B);\n", "2:18",
     "metavariable 'C' is declared but never used", "use it in the rule's code, or remove the declaration"),
    ("unused-typo", "@@\nexpression E;\n@@\n- foo(e);\n", "2:12",
     "metavariable 'E' is declared but never used", "did you mean 'E' where line 4 has 'e'?"),
    ("other-rules-metavariable", "@r@\nexpression E;\n@@\n- foo(E);\n\n@@\n@@\n- bar(E);\n", "8:7",
     "'E' is a metavariable of rule 'r' but not of this one, so it matches the C name 'E' only",
     "inherit it: 'expression r.E;'"),
]


def _error(text: str) -> SmplError:
    with pytest.raises(SmplError) as info:
        load_rule_file(text, "rule.cocci")
    return info.value


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_message_position_and_hint(case) -> None:
    _, text, where, message, hint = case
    error = _error(text)
    assert f"{error.line}:{error.column}" == where
    assert error.message == message
    if hint is None:
        assert error.hint is None
    else:
        assert error.hint is not None and hint in error.hint


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_prints_the_line_and_a_caret_under_the_column(case) -> None:
    _, text, where, message, _ = case
    error = _error(text)
    printed = str(error).split("\n")
    assert printed[0] == f"rule.cocci:{where}: error: {message}"
    line, column = map(int, where.split(":"))
    assert printed[1] == text.split("\n")[line - 1]
    assert printed[2] == " " * (column - 1) + "^"
    assert (printed[3:] == [f"hint: {error.hint}"]) if error.hint else (len(printed) == 3)


def test_there_are_at_least_thirty_error_cases() -> None:
    assert len(ERRORS) >= 30 and len({c[0] for c in ERRORS}) == len(ERRORS)


@pytest.mark.parametrize("case", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_warnings_leave_the_rule_usable(case) -> None:
    _, text, where, message, hint = case
    loaded = load_rule_file(text, "rule.cocci")
    assert loaded.compiled
    (warning,) = loaded.warnings
    assert isinstance(warning, SmplWarning)
    assert str(warning).startswith(f"rule.cocci:{where}: warning: {message}\n")
    assert hint in warning.hint


def test_a_clean_rule_has_no_warnings() -> None:
    loaded = load_rule_file("@r@\nexpression E;\nposition p;\n@@\n- foo@p(E);\n+ bar(E);\n\n"
                            "@@\nexpression r.E;\nposition r.p;\n@@\n- baz@p(E);\n", "rule.cocci")
    assert loaded.warnings == ()


def test_the_caret_keeps_tabs_so_it_lines_up_in_any_tab_width() -> None:
    error = _error("@@\nexpression E;\n@@\n-\tfoo(E) + ) ;\n")
    assert str(error).split("\n")[1:3] == ["-\tfoo(E) + ) ;", " \t         ^"]


def test_errors_survive_a_process_pool() -> None:
    error = _error("@@\nexpresion E;\n@@\n- foo(E);\n")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    warning = load_rule_file("@@\nexpression A, B;\n@@\n- foo(A);\n", "r").warnings[0]
    assert str(pickle.loads(pickle.dumps(warning))) == str(warning)


def test_every_catalogued_hint_is_given_by_some_case() -> None:
    unreached = [p.pattern for p, _ in HINTS if not any(p.search(case[3]) for case in ERRORS)]
    assert unreached == []


def test_explain_fills_in_the_line_and_hint_and_keeps_what_is_there() -> None:
    assert hint_for("nothing we know") is None
    explained = explain(SmplError("r", 2, 1, "'|' outside a disjunction"), "@@\n|\n")
    assert explained.source_line == "|" and "open the disjunction" in explained.hint
    given = SmplError("r", 2, 1, "'|' outside a disjunction", "my own hint", "x")
    assert explain(given, "@@\n|\n") is given


def test_an_undeclared_word_before_a_name_is_a_type_name_as_in_spatch() -> None:
    # the kernel's do_div.cocci declares `u64 ul64;` with no `typedef u64;`; spatch reads u64 as
    # a type name, and so do we
    rule_file = parse_rule_file("@@\nu64 x;\n@@\n- bar(x);\n", "t.cocci")
    (x,) = rule_file.rules[0].metavars
    assert (x.kind, x.type_text) == ("expression", "u64")

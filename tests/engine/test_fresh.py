"""Fresh identifiers: names pasted together from strings and bound code, once per match."""
from __future__ import annotations

import pytest

from refactor.smpl.model import SmplError
from tests.engine.test_rewrite import rewrite


def test_fresh_name_pastes_the_seed_for_each_match() -> None:
    rule = '@@\ntype t;\nidentifier id;\nfresh identifier copy = "saved_" ## id;\n@@\n\nt id;\n+t copy;\n'
    assert rewrite(rule, "int count;\nlong total;\n") == "int count;\nint saved_count;\nlong total;\nlong saved_total;\n"


def test_seed_from_an_earlier_rule_without_declaring_it() -> None:
    rule = '@r@\nidentifier x;\n@@\n\nf(x);\n\n@@\nfresh identifier a = "foo_" ## r.x;\n@@\n\n- g();\n+ g(a);\n'
    code = "void h(void)\n{\n\tf(bar);\n\tg();\n}\n"
    assert rewrite(rule, code) == "void h(void)\n{\n\tf(bar);\n\tg(foo_bar);\n}\n"


def test_a_python_seed_names_the_identifier() -> None:
    rule = '@@\nidentifier x;\nfresh identifier a = script:python(x) { "saved_" + x.upper() };\n@@\n- g(x);\n+ g(a);\n'
    assert rewrite(rule, "void h(void)\n{\n\tg(len);\n}\n") == "void h(void)\n{\n\tg(saved_LEN);\n}\n"


@pytest.mark.parametrize(
    "declaration, message",
    [
        ("fresh identifier a;", "a fresh identifier without a seed is not supported yet"),
        ('fresh identifier a = script:ocaml(x) { x };', r"script:ocaml code is not supported \(only Python runs here\)"),
        ('fresh identifier a = script:python(nowhere) { "y" + nowhere };', "the script of 'a' uses 'nowhere', which the rule does not declare"),
        ('fresh identifier a = "p" ## nowhere;', "'a' uses 'nowhere', which is not a metavariable of this rule"),
    ],
)
def test_fresh_identifiers_we_cannot_make_are_refused(declaration: str, message: str) -> None:
    with pytest.raises(SmplError, match=message):
        rewrite(f"@@\nidentifier x;\n{declaration}\n@@\n- g(x);\n+ g(a);\n", "int y;\n")

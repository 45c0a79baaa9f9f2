"""verify_output: the gate before a write. Changed code must parse; old unreadable code is no excuse
to refuse, and no hiding place for new breakage."""
from __future__ import annotations

from refactor.output.verify import verify_output
from refactor.source import SourceFile

GOOD = "int a(void)\n{\n\treturn 1;\n}\n\nint b(void)\n{\n\treturn 2;\n}\n"
UNREADABLE = "int c(void)\n{\n\treturn 3 +;\n}\n"


def test_a_change_that_parses_passes():
    source = SourceFile("x.c", GOOD)
    assert verify_output(source, GOOD.replace("return 1", "return one()")) == []


def test_a_change_that_breaks_a_definition_is_reported_with_its_position():
    source = SourceFile("mm/x.c", GOOD)
    (problem,) = verify_output(source, GOOD.replace("return 2;", "return 2 +;"))
    assert problem.startswith("mm/x.c:8:")
    assert "changed code does not parse" in problem and "';'" in problem


def test_untouched_unreadable_code_does_not_block_a_change_elsewhere():
    source = SourceFile("x.c", GOOD + UNREADABLE)
    assert verify_output(source, (GOOD + UNREADABLE).replace("return 1", "return 10")) == []


def test_breaking_one_definition_while_fixing_another_is_still_caught():
    # The count of unparsable definitions stays the same; the texts say which is new.
    before = GOOD + UNREADABLE
    after = GOOD.replace("return 1;", "return 1 +;") + UNREADABLE.replace("3 +;", "3;")
    (problem,) = verify_output(SourceFile("x.c", before), after)
    assert problem.startswith("x.c:3:")


def test_an_unreadable_definition_changed_and_still_unreadable_is_reported():
    before = GOOD + UNREADABLE
    after = GOOD + UNREADABLE.replace("return 3", "return three")
    assert len(verify_output(SourceFile("x.c", before), after)) == 1


def test_crlf_and_bytes_that_are_not_utf8_verify():
    data = GOOD.replace("\n", "\r\n").encode() + b"/* J\xe9r\xf4me */\r\n"
    source = SourceFile.from_bytes(data, "x.c")
    new_text = source.text.replace("return 1", "return 11")
    assert verify_output(source, new_text) == []


def test_the_engine_refuses_what_the_gate_refuses_even_when_the_count_of_failures_stays():
    """Found by the fuzzer: an unbalanced '(' added by a rule merges the function with the
    unreadable code after it; one definition failed before and one after, but not the same."""
    import pytest

    from refactor.engine.apply import BrokenOutput, apply_patterns
    from refactor.smpl.compile import compile_rule_file

    rule = compile_rule_file("@@\nconstant X;\n@@\n- foo(X);\n+ foobar(X, (X;\n")
    source = SourceFile("x.c", "int main() {\n  foo(12);\n}return\n")
    assert len(verify_output(source, "int main() {\n  foobar(12, (12;\n}return\n")) == 1
    with pytest.raises(BrokenOutput):
        apply_patterns(rule, source)


def test_only_definitions_whose_text_is_new_are_parsed(monkeypatch):
    from refactor.c import definitions

    parsed = []
    real = definitions._parse_definition
    monkeypatch.setattr(definitions, "_parse_definition", lambda text, span, *rest: parsed.append(text[span.start:span.end]) or real(text, span, *rest))
    source = SourceFile("x.c", GOOD + UNREADABLE)
    assert verify_output(source, (GOOD + UNREADABLE).replace("return 1", "return 10")) == []
    assert parsed == ["int a(void)\n{\n\treturn 10;\n}"]

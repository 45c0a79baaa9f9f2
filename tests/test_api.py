"""The public API, as a script would use it."""
from __future__ import annotations

import refactor


def test_load_rules_and_run() -> None:
    rules = refactor.load_rules("@@\nexpression E;\n@@\n- anonvma_external_refcount(E)\n+ anonvma_refcount(E)\n", "r.cocci")
    code = "int f(struct anon_vma *av)\n{\n\treturn anonvma_external_refcount(av);\n}\n"
    assert refactor.run(rules, code) == code.replace("anonvma_external_refcount", "anonvma_refcount")


def test_run_keeps_bytes_that_are_not_utf8() -> None:
    rules = refactor.load_rules("@@\n@@\n- foo();\n+ bar();\n")
    out = refactor.run(rules, b"/* \xff */\nvoid f(void)\n{\n\tfoo();\n}\n")
    assert refactor.SourceFile("x", out).to_bytes() == b"/* \xff */\nvoid f(void)\n{\n\tbar();\n}\n"


def test_public_names_exist() -> None:
    for name in refactor.__all__:
        assert hasattr(refactor, name)

"""relex: lexing only around edits gives exactly what lexing the whole new text gives."""
from __future__ import annotations

import random

import pytest

from conftest import SAMPLE_TREE
from refactor.c.lexer import tokenize
from refactor.c.relex import relex
from refactor.edits import Edit, apply_edits
from refactor.source import Span

# Insertions that change how the rest lexes (comments, strings, directives, splices) or not.
PIECES = ["x", "foo_bar2", " ", "\n", "/*", "*/", "//", '"', "'", "#define Q 1\n", "\\\n", "1e", "+", "0x1p", "->",
          "", "{", "}", "/* c */", '"s"', "kmalloc_array2"]


def files() -> list[str]:
    found = sorted(p for p in SAMPLE_TREE.rglob("*") if p.suffix in (".c", ".h"))
    if not found:
        pytest.skip("sample-tree/ is missing")
    return [p.read_text(encoding="utf-8", errors="surrogateescape") for p in found]


def random_edits(rng: random.Random, text: str) -> list[Edit]:
    edits, taken = [], []
    for _ in range(rng.randint(1, 4)):
        start = rng.randrange(len(text) + 1)
        end = min(len(text), start + rng.choice([0, 0, 1, 3, 10, 40]))
        if any(s < end and start < e or s == start for s, e in taken):
            continue
        taken.append((start, end))
        edits.append(Edit(Span(start, end), rng.choice(PIECES)))
    return edits


def test_relex_equals_a_whole_lex_after_random_edits() -> None:
    rng = random.Random(20261126)
    texts = files()
    for round_ in range(600):
        text = texts[round_ % len(texts)]
        edits = random_edits(rng, text)
        new_text = apply_edits(text, edits)
        tokens, directives = tokenize(text)
        assert relex(text, tokens, directives, new_text, edits) == tokenize(new_text), (round_, edits)


def test_a_rename_relexes_only_around_it(monkeypatch) -> None:
    text = "int a(void)\n{\n\treturn kmalloc_array(1, 2);\n}\n" * 50
    at = text.index("kmalloc_array", len(text) // 2)
    edit = Edit(Span(at, at + len("kmalloc_array")), "kmalloc_array2")
    new_text = apply_edits(text, [edit])
    tokens, directives = tokenize(text)
    from refactor.c import relex as module

    matched = []
    real = module._MASTER

    class Counting:
        def match(self, *args):
            matched.append(args[1])
            return real.match(*args)

    monkeypatch.setattr(module, "_MASTER", Counting())
    assert relex(text, tokens, directives, new_text, [edit]) == tokenize(new_text)
    assert 0 < len(matched) < 10


def test_edits_that_do_not_describe_the_change_lex_everything() -> None:
    text = "int a;\nint b;\n"
    tokens, directives = tokenize(text)
    wrong = [Edit(Span(0, 3), "long")]
    assert relex(text, tokens, directives, "char a;\nchar b;\n", wrong) == tokenize("char a;\nchar b;\n")


def test_an_unclosed_quote_before_the_edit_on_its_line_is_lexed_again() -> None:
    # The old `"` was an unknown character (no closing quote on its line); the edit closes it.
    text = 'y = n");\n}\n'
    at = text.index(";") + 1
    edit = Edit(Span(at, at), 'u8"')
    new_text = apply_edits(text, [edit])
    tokens, directives = tokenize(text)
    assert relex(text, tokens, directives, new_text, [edit]) == tokenize(new_text)
    assert ("STRING", 5, 11) in tokenize(new_text)[0] and ("UNKNOWN", 5, 6) in tokens

"""The lexer covers every byte: tokens, and trivia between them."""
from __future__ import annotations

from refactor.c.lexer import tokenize


def words(text: str) -> list[tuple[str, str]]:
    tokens, _ = tokenize(text)
    return [(t.kind, text[t.start:t.end]) for t in tokens]


def test_keywords_and_gnu_spellings() -> None:
    assert words("__inline__ __volatile__ __asm__ __typeof__ int foo") == [
        ("inline", "__inline__"), ("volatile", "__volatile__"), ("asm", "__asm__"),
        ("typeof", "__typeof__"), ("int", "int"), ("IDENT", "foo"),
    ]


def test_longest_punctuators() -> None:
    assert [k for k, _ in words("a->b <<= c ... d ## e")] == ["IDENT", "->", "IDENT", "<<=", "IDENT", "...", "IDENT", "##", "IDENT"]


def test_literals() -> None:
    assert words("0x1fUL 1.5e-3 .5 'c' '\\'' L\"w\" u8\"s\" \"a\\\"b\"") == [
        ("NUMBER", "0x1fUL"), ("NUMBER", "1.5e-3"), ("NUMBER", ".5"), ("CHAR", "'c'"),
        ("CHAR", "'\\''"), ("STRING", 'L"w"'), ("STRING", 'u8"s"'), ("STRING", '"a\\"b"'),
    ]


def test_comments_and_directives_are_trivia() -> None:
    text = "/* a */ x // b\n#define Y(a) \\\n\t(a) /* c\n */\n# if X\ny\n#endif\n"
    tokens, directives = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == ["x", "y"]
    assert [d.kind for d in directives] == ["define", "if", "endif"]
    assert directives[0].argument.endswith("*/")


def test_unterminated_comment_and_string_do_not_crash() -> None:
    for text in ("int x; /* never closed", 'char *s = "never closed\nint y;', "'"):
        tokens, _ = tokenize(text)
        assert all(t.end <= len(text) for t in tokens)


def test_non_ascii_and_stray_characters_become_tokens() -> None:
    text = "int \u00e9t\u00e9 = 1; @ ` \udcff"
    kinds = [k for k, _ in words(text)]
    assert "UNKNOWN" in kinds

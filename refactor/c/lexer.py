"""Lex C text, as it stands in the tree, into significant tokens and trivia.

Every character of the text belongs either to exactly one token or to the trivia between two
tokens: whitespace, comments, line splices and preprocessor directives (with their `\\`
continuations and any comments inside them). Trivia is not materialised; it is simply the text
between consecutive tokens, which makes losslessness a property of the token spans, checked by
`check_cover`. Directives are also returned on their own, because conditionals (`#if`, `#else`,
...) drive the choice of which code the parser sees.

Token kinds are the literal spelling for punctuators and keywords (`"->"`, `"if"`), and
`IDENT`, `NUMBER`, `CHAR`, `STRING`, `UNKNOWN` for the rest. GNU spellings of keywords
(`__inline__`, `__volatile__`, `__asm__`, ...) get the kind of the keyword they stand for.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    """A significant token: its kind and its span in the text.

    A NamedTuple rather than a frozen dataclass: a kernel directory has millions of tokens and
    tuple construction is several times cheaper than a dataclass __init__.
    """

    kind: str
    start: int
    end: int


class Directive(NamedTuple):
    """A preprocessor line: `kind` is its keyword (`if`, `ifdef`, `else`, `define`, ...)."""

    kind: str
    start: int
    end: int
    argument: str  # the rest of the line, continuations joined, comments kept


KEYWORDS: dict[str, str] = {
    word: word
    for word in (
        "auto break case char const continue default do double else enum extern float for goto "
        "if inline int long register restrict return short signed sizeof static struct switch "
        "typedef union unsigned void volatile while _Bool _Complex _Alignas _Alignof _Atomic "
        "_Generic _Noreturn _Static_assert _Thread_local asm typeof __attribute__ __extension__ "
        "__label__ __auto_type __int128 __thread __builtin_va_arg __builtin_offsetof "
        "__real__ __imag__"
    ).split()
}
# GNU alternate spellings map to the keyword they stand for.
KEYWORDS.update(
    {
        "__inline": "inline",
        "__inline__": "inline",
        "__volatile": "volatile",
        "__volatile__": "volatile",
        "__const": "const",
        "__const__": "const",
        "__signed": "signed",
        "__signed__": "signed",
        "__restrict": "restrict",
        "__restrict__": "restrict",
        "__asm": "asm",
        "__asm__": "asm",
        "__typeof": "typeof",
        "__typeof__": "typeof",
        "typeof_unqual": "typeof",
        "__typeof_unqual__": "typeof",
        "__alignof": "_Alignof",
        "__alignof__": "_Alignof",
        "_Alignof": "_Alignof",
        "__attribute": "__attribute__",
        "__int128_t": "__int128",
        "__uint128_t": "__int128",
        "__real": "__real__",
        "__imag": "__imag__",
        "__complex__": "_Complex",
        "_Static_assert": "_Static_assert",
        "static_assert": "_Static_assert",
    }
)

PUNCTUATORS = (
    "... <<= >>= -> ++ -- << >> <= >= == != && || *= /= %= += -= &= ^= |= ## "
    "[ ] ( ) { } . & * + - ~ ! / % < > ^ | ? : ; = , #"
).split()

_PUNCT = "|".join(re.escape(p) for p in PUNCTUATORS if p != "#")
# One match per token, the whitespace before it included, so that most trivia costs nothing.
_MASTER = re.compile(
    r"[ \t\r\n\f\v]*(?:"
    r"(?P<STRING>(?:u8|[uUL])?\"(?:[^\"\\\n]|\\(?:\r\n|[\s\S]))*\")"
    r"|(?P<CHAR>(?:u8|[uUL])?'(?:[^'\\\n]|\\(?:\r\n|[\s\S]))*')"
    r"|(?P<IDENT>[A-Za-z_$][A-Za-z0-9_$]*)"
    r"|(?P<NUMBER>\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*)"
    r"|(?P<COMMENT>/\*[\s\S]*?(?:\*/|\Z)|//(?:[^\n\\]|\\\r?\n|\\)*)"
    rf"|(?P<PUNCT>{_PUNCT})"
    r"|(?P<DIRECTIVE>\#(?:[^\n\\/]|\\\r?\n|\\|/\*[\s\S]*?(?:\*/|\Z)|//[^\n]*|/)*)"
    r"|(?P<SPLICE>\\\r?\n)"
    r"|(?P<UNKNOWN>[\s\S])"
    r"|(?P<END>\Z)"
    r")"
)
_DIRECTIVE_WORD = re.compile(r"#[ \t]*([A-Za-z_]*)")


def tokenize(text: str) -> tuple[list[Token], list[Directive]]:
    """Split `text` into tokens and directives; everything else is trivia."""
    tokens: list[Token] = []
    directives: list[Directive] = []
    append = tokens.append
    keywords = KEYWORDS
    pos = 0
    match = _MASTER.match
    n = len(text)
    while pos <= n:
        m = match(text, pos)
        group = m.lastgroup
        start = m.start(group)
        end = m.end()
        if group == "IDENT":
            word = text[start:end]
            append(Token(keywords.get(word, "IDENT"), start, end))
        elif group == "PUNCT":
            append(Token(text[start:end], start, end))
        elif group == "COMMENT" or group == "SPLICE":
            pass
        elif group == "DIRECTIVE":
            word = _DIRECTIVE_WORD.match(text, start).group(1)
            directives.append(Directive(word or "null", start, end, text[start:end]))
        elif group == "END":
            break
        else:  # NUMBER, STRING, CHAR, UNKNOWN
            append(Token(group, start, end))
        pos = end
    return tokens, directives


def check_cover(text: str, tokens: list[Token]) -> None:
    """Raise ValueError unless the tokens are ordered, disjoint and the gaps hold only trivia."""
    last = 0
    for token in tokens:
        if token.start < last or token.end <= token.start:
            raise ValueError(f"token {token} overlaps or is empty")
        last = token.end
    if last > len(text):
        raise ValueError("token past end of text")

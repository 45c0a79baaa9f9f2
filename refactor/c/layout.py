"""Kernel style for code a rule adds: one statement per line, tabs, Linux spacing.

spatch prints added code with its own pretty printer, so `+ if(x==NULL){foo(x,1);return;}`
comes out as the kernel writes it. We do the same, token by token, on the `+` code before its
metavariables are replaced (they are single words here, and keep their bound code verbatim
later). Relative indentation is in tabs; the transformer adds the indentation of the place.

Where the author's spacing is the only guide (`T *p` against `a * b` after a word we cannot
classify), it is kept. Code with comments or preprocessor lines is left as written: moving
tokens around a comment would change what the comment is about.
"""
from __future__ import annotations

from refactor.c.lexer import Token, tokenize

_CONTROL = frozenset({"if", "while", "for", "switch"})
_SPACED_KEYWORDS = _CONTROL | {"return", "case", "goto", "do", "else"}
_TYPE_WORDS = frozenset(
    "void char short int long float double signed unsigned _Bool const volatile struct union enum static "
    "extern inline register".split()
)
_BINARY = frozenset(
    "== != <= >= < > && || | ^ / % << >> = += -= *= /= %= &= |= ^= <<= >>= ?".split()
)
_AMBIGUOUS = frozenset({"*", "&", "-", "+"})  # unary or binary, by what precedes them
_OPERAND_END = frozenset({"IDENT", "NUMBER", "STRING", "CHAR", ")", "]", "TYPEDEF_NAME"})
_NO_SPACE_BEFORE = frozenset({")", "]", ";", ",", "->", ".", "[", "++", "--"})
_NO_SPACE_AFTER = frozenset({"(", "[", "->", ".", "!", "~"})


def kernel_layout(code: str) -> str:
    """`code` laid out in kernel style, or unchanged when it has comments or directives."""
    tokens, directives = tokenize(code)
    if not tokens or directives or _has_comment(code, tokens):
        return code
    printer = _Printer(code, tokens)
    return printer.run()


def _has_comment(code: str, tokens: list[Token]) -> bool:
    gaps = [code[:tokens[0].start]] + [code[a.end:b.start] for a, b in zip(tokens, tokens[1:])] + [code[tokens[-1].end:]]
    return any("/*" in gap or "//" in gap for gap in gaps)


class _Printer:
    def __init__(self, code: str, tokens: list[Token]):
        self.code = code
        self.tokens = tokens
        self.lines: list[str] = []
        self.line = ""
        self.depth = 0  # block depth, in tabs
        self.parens = 0
        self.braces: list[str] = []  # "block" or "init" for each open brace
        self.one_shot: list[int] = []  # paren/brace depth at which a braceless body's extra tab ends
        self.header_parens: list[int] = []  # paren depths of open control headers
        self.ternaries = 0
        self.header_closed = False  # the last `)` closed a control header
        self.line_start = 0  # index of the first token of the current line

    def word(self, i: int) -> str:
        t = self.tokens[i]
        return self.code[t.start:t.end]

    def run(self) -> str:
        for i, token in enumerate(self.tokens):
            self.emit(i, token)
        self.newline()
        return "\n".join(self.lines)

    def newline(self) -> None:
        if self.line.strip():
            self.lines.append(self.line.rstrip())
        self.line = ""

    def indent(self) -> str:
        return "\t" * (self.depth + len(self.one_shot))

    def put(self, i: int, text: str) -> None:
        if not self.line:
            self.line_start = i
            self.line = self.indent() + text
        else:
            self.line += (" " if self.spaced(i) else "") + text

    def emit(self, i: int, token: Token) -> None:
        kind, text = token.kind, self.word(i)
        following = self.tokens[i + 1].kind if i + 1 < len(self.tokens) else None
        if kind == "{" and not self.initializer_brace(i):
            if i and self.tokens[i - 1].kind == ")" and not self.header_closed and self.depth == 0 and self.defines_function():
                self.newline()  # a function's body: its brace on a line of its own
            self.put(i, "{")
            self.braces.append("block")
            self.depth += 1
            self.newline()
            return
        if kind == "{":
            self.braces.append("init")
        if kind == "}" and self.braces and self.braces[-1] == "block":
            self.braces.pop()
            self.newline()
            self.depth -= 1
            self.put(i, "}")
            self.end_of_statement(following, after_block=True)
            return
        if kind == "}" and self.braces:
            self.braces.pop()
        self.put(i, text)
        if kind == "(":
            self.parens += 1
            if i > 0 and self.tokens[i - 1].kind in _CONTROL:
                self.header_parens.append(self.parens)
        elif kind == ")":
            self.header_closed = bool(self.header_parens) and self.header_parens[-1] == self.parens
            self.parens -= 1
            if self.header_closed:
                self.header_parens.pop()
                self.after_header(following)
        elif kind == "?":
            self.ternaries += 1
        elif kind == ":" and self.ternaries:
            self.ternaries -= 1
        elif kind == ":" and self.parens == 0 and self.labels(i):
            self.newline()
        elif kind in ("else", "do") and following not in ("{", "if", None):
            self.newline()
            self.one_shot.append(self.depth)
        elif kind == ";" and self.parens == 0 and not (self.braces and self.braces[-1] == "init"):
            self.end_of_statement(following, after_block=False)

    def defines_function(self) -> bool:
        """Does the current line declare a function (`static int f(...)`), rather than call an
        iterator macro (`list_for_each(p, head)`)? A name right before `(` that is not the
        line's first word."""
        opening = next(k for k in range(self.line_start, len(self.tokens)) if self.tokens[k].kind == "(")
        return opening - self.line_start >= 2 and self.tokens[opening - 1].kind == "IDENT"

    def labels(self, i: int) -> bool:
        """`case X:`, `default:` or `label:` ends here."""
        first = self.tokens[self.line_start].kind
        return first in ("case", "default") or (i - self.line_start == 1 and first == "IDENT")

    def after_header(self, following: str | None) -> None:
        """After `if (...)`: a braceless body goes on the next line, one tab in."""
        if following not in ("{", ";", None):
            self.newline()
            self.one_shot.append(self.depth)

    def end_of_statement(self, following: str | None, after_block: bool) -> None:
        while self.one_shot and self.one_shot[-1] >= self.depth:
            self.one_shot.pop()
        if after_block and following in ("else", "while", ";", ","):
            return
        self.newline()

    def initializer_brace(self, i: int) -> bool:
        before = self.tokens[i - 1].kind if i else None
        if before == ")" and self.parens > 0:
            return True  # a compound literal inside an expression: `f(&(struct s){ .a = 1 })`
        return before in ("=", ",", "(", "return") or (before == "{" and bool(self.braces) and self.braces[-1] == "init")

    def spaced(self, i: int) -> bool:
        """Is there a space between token i-1 and token i?"""
        a, b = self.tokens[i - 1], self.tokens[i]
        written = self.code[a.end:b.start] != ""
        if b.kind == "(":
            return a.kind in _SPACED_KEYWORDS or a.kind in _BINARY or a.kind in (",", "=") or (
                a.kind in _AMBIGUOUS and not self.unary(i - 1)
            )
        if b.kind == "." and a.kind in ("{", ","):
            return True  # a designator: `{ .a = 1, .b = 2 }`
        if a.kind == ")" and b.kind == "{" and self.parens > 0:
            return False  # a compound literal: `(struct s){ .a = 1 }`
        if a.kind == "{" or b.kind == "}":
            return True  # an initializer's braces
        if a.kind == ")" and b.kind not in _BINARY and b.kind not in _AMBIGUOUS and b.kind != "{":
            return False  # a cast: `(long)x`
        if b.kind in _NO_SPACE_BEFORE or a.kind in _NO_SPACE_AFTER:
            return b.kind == "++" and a.kind not in _OPERAND_END and written
        if a.kind in ("++", "--"):
            return not (i >= 2 and self.tokens[i - 2].kind in _OPERAND_END) or b.kind not in _OPERAND_END
        if b.kind == ":" and not self.ternaries:
            return False
        if a.kind in (",", ";") or a.kind in _BINARY or b.kind in _BINARY or b.kind == "{" or a.kind == ":":
            return True
        if b.kind in _AMBIGUOUS:
            if a.kind == "IDENT" and b.kind in ("*", "&"):
                return written  # `T *p` or `a * b`: only the author knows
            return a.kind in _OPERAND_END or a.kind in _SPACED_KEYWORDS or a.kind in _TYPE_WORDS or a.kind not in (
                "(", "[", "!", "~"
            )
        if a.kind in _AMBIGUOUS:
            if self.unary(i - 1):
                return False
            if i >= 2 and self.tokens[i - 2].kind == "IDENT" and a.kind in ("*", "&"):
                return self.code[a.end:b.start] != ""
            return True
        return True

    def unary(self, i: int) -> bool:
        """Is the operator at i unary (`-x`, `*p`, `&x`)? It is when no operand ends before it."""
        if i == 0:
            return True
        before = self.tokens[i - 1].kind
        if before in _TYPE_WORDS:
            return True  # `struct foo *p`, `char *s`: binds to what follows
        return before not in _OPERAND_END


def break_long_line(line: str, limit: int = 80) -> list[str]:
    """A line of added code longer than `limit` columns (tabs of 8), broken after the commas of
    its first argument list, each piece filled as far as it fits, continuation lines aligned
    just after the `(` (tabs, then spaces), as spatch prints them. Unbreakable: as it was."""
    if _width(line) <= limit:
        return [line]
    tokens, directives = tokenize(line)
    if not tokens or directives or _has_comment(line, tokens):
        return [line]
    opening = next((k for k, t in enumerate(tokens) if t.kind == "("), None)
    if opening is None:
        return [line]
    depth = 0
    cuts = []  # offsets just after each comma of the first argument list
    for t in tokens[opening:]:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(t.kind, 0)
        if depth == 0:
            break
        if depth == 1 and t.kind == ",":
            cuts.append(t.end)
    if not cuts:
        return [line]
    column = _width(line[:tokens[opening].end])
    align = "\t" * (column // 8) + " " * (column % 8)
    pieces, start = [], 0
    for cut, following in zip(cuts, cuts[1:] + [len(line)]):
        head = line[:following] if not pieces else align + line[start:following].lstrip()
        if _width(head.rstrip(",")) > limit:
            pieces.append(line[start:cut] if not pieces else align + line[start:cut].lstrip())
            start = cut
    if not pieces:
        return [line]
    pieces.append(align + line[start:].lstrip())
    return [piece.rstrip() for piece in pieces]


def _width(text: str) -> int:
    return len(text.expandtabs(8))

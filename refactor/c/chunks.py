"""Find a file's top-level definitions with a cheap scan of braces, parentheses and `;`.

A definition ends at a `;` outside any bracket, or at the `}` that closes a function body. Inside
a conditional, the scan restarts each `#else`/`#elif` branch at the depth the `#if` had and
continues after `#endif` with the depth of the first branch, so that a conditional splitting an
`if (...) {` does not unbalance the rest of the file. A definition that was already under way when
a conditional opened does not end inside it: it runs to the `#endif` at least, so that
`int x =` followed by `#ifdef A 1; #else 2; #endif` stays one definition.
"""
from __future__ import annotations

from refactor.c.lexer import Directive, Token

_STRUCT_WORDS = ("struct", "union", "enum")


def split(tokens: list[Token], directives: list[Directive], skip: list[bool]) -> list[tuple[int, int]]:
    """Return [start, end) token index ranges, one per top-level definition.

    Tokens with `skip[i]` set (code under `#if 0`) do not count for brackets.
    """
    ranges: list[tuple[int, int]] = []
    depth = 0
    chunk_start = 0
    body_is_function = False  # decided at the `{` that opens depth 1
    saw_assign = False
    # Per open conditional: depth at #if, depth at the end of its first branch, and whether it
    # opened in the middle of the current definition.
    cond_stack: list[tuple[int, int | None, bool]] = []
    pending_end = False  # the definition is complete but a conditional it opened is not
    d_index = 0
    n_dir = len(directives)
    n = len(tokens)
    for i in range(n):
        token = tokens[i]
        while d_index < n_dir and directives[d_index].start < token.start:
            d = directives[d_index]
            d_index += 1
            if d.kind in ("if", "ifdef", "ifndef"):
                cond_stack.append((depth, None, chunk_start < i))
            elif d.kind in ("elif", "else", "elifdef", "elifndef") and cond_stack:
                at_if, first_end, mid = cond_stack[-1]
                cond_stack[-1] = (at_if, depth if first_end is None else first_end, mid)
                depth = at_if
            elif d.kind == "endif" and cond_stack:
                at_if, first_end, _ = cond_stack.pop()
                if first_end is not None:
                    depth = first_end
                if pending_end and not any(mid for _, _, mid in cond_stack):
                    ranges.append((chunk_start, i))
                    chunk_start = i
                    pending_end = saw_assign = False
        if skip[i]:
            if chunk_start == i:  # `#if 0` code between definitions belongs to none
                chunk_start = i + 1
            continue
        kind = token.kind
        ends = False
        if kind in ("{", "(", "["):
            if kind == "{" and depth == 0:
                body_is_function = not saw_assign and not _opens_struct(tokens, chunk_start, i)
            depth += 1
        elif kind in ("}", ")", "]"):
            depth = max(depth - 1, 0)
            ends = kind == "}" and depth == 0 and body_is_function
        elif depth == 0:
            ends = kind == ";"
            saw_assign = saw_assign or kind == "="
        if ends:
            if any(mid for _, _, mid in cond_stack):
                pending_end = True  # ends at the #endif of the conditional it opened
            else:
                ranges.append((chunk_start, i + 1))
                chunk_start = i + 1
                saw_assign = False
    if chunk_start < n:
        ranges.append((chunk_start, n))
    return ranges


def _opens_struct(tokens: list[Token], chunk_start: int, brace: int) -> bool:
    """Does the `{` at index `brace` open a struct/union/enum body (not a function body)?

    Walks back over a tag, attribute macros and `__attribute__((...))` to the keyword.
    """
    j = brace - 1
    while j >= chunk_start:
        kind = tokens[j].kind
        if kind == "IDENT":
            j -= 1
        elif kind == ")":
            depth = 0
            while j >= chunk_start:
                if tokens[j].kind == ")":
                    depth += 1
                elif tokens[j].kind == "(":
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            while j > chunk_start and tokens[j - 1].kind == "(":
                j -= 1
            if j <= chunk_start or tokens[j - 1].kind != "__attribute__":
                return False
            j -= 2
        else:
            return kind in _STRUCT_WORDS
    return False

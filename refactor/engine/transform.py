"""Turn a match of a pattern into edits of the original text.

A hunk (consecutive `-` and `+` lines) is aligned token by token with the code it adds: tokens
that are the same on both sides (a metavariable, or the same word or punctuation) stay as they
are in the source, so `- foo(E)` / `+ bar(E)` changes the one token `foo`, and the argument
keeps its layout and comments. What differs becomes one edit per run: the removed C tokens'
span is replaced by the added code, the code between the first and last added token as the
rule's author wrote it, with metavariables replaced by the code they matched, verbatim.

Trivia policy (DESIGN.md, section 5):
- removing code removes the whole line when nothing but whitespace would remain on it; comments
  inside the removed span go with it, comments around it stay;
- added lines take the indentation of the code they replace or stand before (or after), and keep
  the relative indentation they have in the rule;
- a metavariable's code is copied from the source verbatim.
"""
from __future__ import annotations

import re
from dataclasses import replace

from refactor.c.layout import break_long_line
from refactor.c.lexer import Token, tokenize
from refactor.c.tree import CNode
from refactor.edits import Edit, apply_edits
from refactor.engine.bindings import Match
from refactor.smpl.compile import Hunk, Pattern
from refactor.source import Span


def edits_for(pattern: Pattern, match: Match, text: str) -> list[Edit]:
    """The edits that one match of `pattern` makes to the source `text`; each match of a nest's
    pattern (`<... P ...>`) makes the edits of P's own hunks."""
    edits = _plain_edits(pattern, match, text)
    if match.braceless_body is not None and edits:
        edits = _braced(match, edits, text)
    for nest_start, inner in match.env.nested:
        edits.extend(edits_for(replace(pattern, hunks=pattern.nested_hunks[nest_start]), inner, text))
    return edits


def _braced(match: Match, edits: list[Edit], text: str) -> list[Edit]:
    """Keep a braceless if/else/loop body one statement: braces (kernel style) when the edits
    make it several, `{}` when they remove it, or the code around would change meaning."""
    body_start, head_end = match.braceless_body
    same_line = "\n" not in text[head_end:body_start]
    region_start = body_start if same_line else text.rfind("\n", 0, body_start) + 1
    line_end = text.find("\n", match.end)
    region_end = len(text) if line_end < 0 else line_end + 1  # the newline too: removals take it
    newline = text[region_end - 1:region_end] == "\n"
    if any(e.span.start < region_start or e.span.end > region_end for e in edits):
        return edits
    region = text[region_start:region_end]
    shifted = [Edit(Span(e.span.start - region_start, e.span.end - region_start), e.text) for e in edits]
    new_region = apply_edits(region, shifted)
    count = _statement_count(new_region)
    if count == 1:
        return edits
    head_line = text.rfind("\n", 0, head_end) + 1
    outer = _indentation(text, head_line)
    if count == 0:  # the branch lost its only statement: an empty block keeps the if an if
        inner = outer + "\t" if same_line else _indentation(text, region_start)
        return [Edit(Span(region_start, region_end), ("" if same_line else inner) + "{}" + ("\n" if newline else ""))]
    lines = new_region.split("\n")
    if same_line:
        inner = outer + "\t"
        body = inner + lines[0].strip() + ("\n" + _reindent(lines[1:], inner) if lines[1:] else "")
    else:
        body = new_region
    after = region_end
    while after < len(text) and text[after] in " \t\n":
        after += 1
    if text.startswith("else", after) and not (text[after + 4:after + 5].isalnum() or text[after + 4:after + 5] == "_"):
        return [Edit(Span(head_end, after), " {\n" + body.rstrip("\n") + "\n" + outer + "} ")]  # } else
    if all(e.span.end <= region_end - newline for e in edits):
        # Leave the newline out of the edit: code added after the whole if goes there.
        return [Edit(Span(head_end, region_end - newline), " {\n" + body.rstrip("\n") + "\n" + outer + "}")]
    return [Edit(Span(head_end, region_end), " {\n" + body.rstrip("\n") + "\n" + outer + "}" + ("\n" if newline else ""))]


_SPECIFIER_WORDS = re.compile(r"\s*(?:[A-Za-z_][A-Za-z0-9_]*\s+)+$")


def _is_word_end(char: str) -> bool:
    return char.isalnum() or char == "_"


def _token_count(tree: CNode) -> int:
    return sum(1 for _ in tree.tokens())


def _whole_code(code: str) -> bool:
    """Is added code a statement, declaration or block edge, which goes on lines of its own?
    (`+ !!` before `E` is inline code, however the rule lays it out.)"""
    stripped = code.strip()
    return stripped.endswith((";", "{", "}", ":")) or stripped.startswith(("#", "//", "/*"))


def _around_directives(text: str, spans: list[Span]) -> list[Span]:
    """Merge the removed spans, except across a preprocessor line, which is never removed."""
    merged: list[Span] = [spans[0]]
    for span in spans[1:]:
        gap = text[merged[-1].end:span.start]
        if any(line.lstrip().startswith("#") for line in gap.split("\n")[1:]):
            merged.append(span)
        else:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
    return merged


def _statement_count(code: str) -> int:
    """Statements at the outer level of `code`: `;` and `}` outside brackets."""
    tokens, _ = tokenize(code)
    depth = count = 0
    for token in tokens:
        if token.kind in ("(", "[", "{"):
            depth += 1
        elif token.kind in (")", "]", "}"):
            depth -= 1
            count += token.kind == "}" and depth == 0
        elif token.kind == ";" and depth == 0:
            count += 1
    return count


def _plain_edits(pattern: Pattern, match: Match, text: str) -> list[Edit]:
    edits: list[Edit] = []
    for hunk in pattern.hunks:
        if hunk.removed and hunk.added:
            edits.extend(_replace(pattern, hunk, match, text))
        elif hunk.removed:  # only removal, or added lines of directives and comments alone
            edits.extend(_replace(pattern, hunk, match, text))
            if hunk.added_text.strip():
                edits.append(_add_lines(pattern, hunk, match, text))
        elif hunk.added_text.strip():
            edits.append(_add_lines(pattern, hunk, match, text))
    return edits


def _replace(pattern: Pattern, hunk: Hunk, match: Match, text: str) -> list[Edit]:
    removed, added = list(hunk.removed), list(hunk.added)
    added_text = hunk.added_text
    removes_everything = len(removed) == len(pattern.minus) == _token_count(pattern.tree) and not added
    whole = _whole_statements_replaced(pattern, hunk, match, text)
    if whole is not None:
        return [whole]
    # A token an isomorphism found absent in C (the `!= NULL` of `if (p)`) has nothing to keep.
    absent = {
        t.start for t in removed
        if t.start not in pattern.meta_at and pattern.text[t.start:t.end] != "..."
        and _element_span(match, t).start == _element_span(match, t).end
    }
    ops = _align(pattern, removed, added_text, added, absent | _rewritten(pattern, removed, match, text))
    edits: list[Edit] = []
    run_removed: list[Token] = []
    run_added: list[Token] = []
    last_kept_end: int | None = None  # in the C text
    last_added_end: int | None = None  # end of the last kept token in the added text

    def flush(next_kept_start: int | None, next_added_start: int | None) -> None:
        if not run_removed and not run_added:
            return
        added_code = _substitute(pattern, added_text, run_added, match, text) if run_added else ""
        if run_removed and all(t.start in absent for t in run_removed):
            run_removed.clear()  # nothing of them is in C: what replaces them is an insertion
            if not run_added:
                return
        if run_removed:
            spans = [_element_span(match, t) for t in run_removed]
            span = Span(min(s.start for s in spans), max(s.end for s in spans))
            if removes_everything and run_removed[0] is removed[0]:
                span = Span(min(span.start, match.start), span.end)  # `static void` of `- f() {...}`
            pieces = _around_directives(text, sorted(spans))
            if len(pieces) > 1:  # `#endif` between removed statements stays
                edits.extend(_removal(text, piece, "", hunk, []) for piece in pieces[1:])
                span = pieces[0]
            if (
                run_added
                and last_kept_end is not None
                and last_added_end is not None
                and added_text[last_added_end:run_added[0].start] == ""
                and text[last_kept_end:span.start] in (" ", "\t")
            ):
                span = Span(last_kept_end, span.end)  # the author wrote `E++`, not `E ++`
            edits.append(_removal(text, span, added_code, hunk, run_added))
        elif last_added_end is not None and "\n" in added_text[last_added_end:run_added[0].start] and _whole_code(added_code):
            # Added on lines of their own after kept code: new lines after that code's line.
            line_end = text.find("\n", last_kept_end)
            line_end = len(text) if line_end < 0 else line_end
            line_start = text.rfind("\n", 0, last_kept_end) + 1
            indent = _indentation(text, line_start)
            edits.append(Edit(Span(line_end, line_end), "\n" + _reindent(added_code.split("\n"), indent)))
        elif next_added_start is not None and "\n" in added_text[run_added[-1].end:next_added_start] and _whole_code(added_code):
            # Added on lines of their own before kept code: new lines before that code's line.
            line_start = text.rfind("\n", 0, next_kept_start) + 1
            indent = _indentation(text, line_start)
            edits.append(Edit(Span(line_start, line_start), _reindent(added_code.split("\n"), indent) + "\n"))
        else:
            # Before the next kept token when there is one: `if (!E)` -> `if (unlikely(!E))`
            # must close the call after all of E, even when E was matched through an isomorphism.
            # The blanks the author wrote between the insertion and that token come along.
            if next_kept_start is not None:
                gap = added_text[run_added[-1].end:next_added_start] if next_added_start is not None else ""
                edits.append(Edit(Span(next_kept_start, next_kept_start), added_code + gap))
            else:
                gap = added_text[last_added_end:run_added[0].start] if last_added_end is not None else ""
                edits.append(Edit(Span(last_kept_end, last_kept_end), gap + added_code))
        run_removed.clear()
        run_added.clear()

    for op, removed_token, added_token in ops:
        if op == "keep":
            span = _element_span(match, removed_token)
            flush(span.start, added_token.start)
            last_kept_end = span.end
            last_added_end = added_token.end
        elif op == "del":
            run_removed.append(removed_token)
        else:
            run_added.append(added_token)
    flush(None, None)
    return edits


def _whole_statements_replaced(pattern: Pattern, hunk: Hunk, match: Match, text: str) -> Edit | None:
    """Whole statements removed and whole statements added, on lines of their own in C: the
    added code replaces those lines as a block, laid out in kernel style, as spatch prints it,
    rather than token by token. None when the hunk is not that."""
    removed = hunk.removed
    if not removed or not hunk.added:
        return None
    added_text = hunk.added_text
    # `- b = tmp` `+ swap(a, b)` then a kept `;`: the statements are replaced all the same, the
    # kept `;` ending the added one (swap.cocci; spatch prints `swap(x, y);` on one line)
    kept_semicolon = None
    after = hunk.after
    if (
        pattern.text[removed[-1].start:removed[-1].end] not in (";", "}")
        and after is not None and pattern.text[after.start:after.end] == ";" and after.start not in pattern.minus
    ):
        kept_semicolon = after
        added_text += ";"
    if not _whole_code(added_text):
        return None
    if kept_semicolon is None and pattern.text[removed[-1].start:removed[-1].end] not in (";", "}"):
        return None
    expression_dots = {n.children[0].start for n in pattern.tree.nodes("dots_expression")}
    words = {pattern.text[t.start:t.end] for t in removed if t.start not in expression_dots}
    if "..." in words or pattern.nests and any(t.kind in ("NEST_OPEN", "STATEMENT_NEST_OPEN") for t in removed):
        return None
    inside = [t for t in pattern.tree.tokens() if removed[0].start <= t.start <= removed[-1].start]
    if len(inside) != len(removed):
        return None  # context code between the removed tokens stays where it is
    spans = [_element_span(match, t) for t in removed]
    if kept_semicolon is not None:
        spans.append(_element_span(match, kept_semicolon))
    if spans[0].start == spans[0].end or spans[-1].start == spans[-1].end:
        return None  # (tokens absent from C inside the statements, as `|| ...` of `if (x)`, are no matter)
    span = Span(min(s.start for s in spans), max(s.end for s in spans))
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:span.start].strip() or text[span.end:line_end].strip():
        return None
    code = _substitute_all(added_text, match, text)
    return Edit(Span(line_start, line_end), _reindent(code.split("\n"), text[line_start:span.start]))


def _removal(text: str, span: Span, added_code: str, hunk: Hunk, run_added: list[Token]) -> Edit:
    """Replace `span`; when it covers whole lines, replace the lines, indenting added lines."""
    if added_code.endswith("*") and re.match(r"[ \t]+[A-Za-z_*(]", text[span.end:]):
        # A pointer type put before a name or a star: `int *x`, `int **y`, kernel style.
        span = Span(span.start, span.end + len(text[span.end:]) - len(text[span.end:].lstrip(" \t")))
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    whole_lines = not text[line_start:span.start].strip() and not text[span.end:line_end].strip()
    if not whole_lines:
        if not added_code:
            return Edit(_with_spacing(text, span), "")
        return Edit(span, added_code)
    indent = text[line_start:span.start]
    if not added_code:
        end = line_end + 1 if line_end < len(text) else line_end
        return Edit(Span(line_start, end), "")
    if "\n" not in hunk.added_text[run_added[0].start:run_added[-1].end]:  # added on one line
        return Edit(span, added_code)
    return Edit(Span(line_start, line_end), _reindent(added_code.split("\n"), indent))


def _with_spacing(text: str, span: Span) -> Span:
    """Widen an inline deletion over the blanks that would be left doubled or dangling, and over
    the comma that would be left alone when an element of a list goes: `(a, b)` minus `a` is
    `(b)`, minus `b` is `(a)`."""
    start, end = _with_list_comma(text, span)
    after = text[end:end + 1]
    if after in (")", "]", ";", ",", "") or after == "\n":
        while start > 0 and text[start - 1] in " \t":
            start -= 1
    elif text[start - 1:start] in ("(", "["):
        while end < len(text) and text[end] in " \t":
            end += 1
    elif text[start - 1:start] in (" ", "\t") and after in (" ", "\t"):
        end += 1
    return Span(start, end)


def _with_list_comma(text: str, span: Span) -> Span:
    start, end = span
    before = start
    while before > 0 and text[before - 1] in " \t\n":
        before -= 1
    after = end
    while after < len(text) and text[after] in " \t\n":
        after += 1
    previous, following = text[before - 1:before], text[after:after + 1]
    if following == "," and previous in ("(", ","):
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return Span(start, after)
    if previous == "," and following == ")":
        return Span(before - 1, end)
    return span


def _add_lines(pattern: Pattern, hunk: Hunk, match: Match, text: str) -> Edit:
    """Added lines with nothing removed: before the line of the code after them, else after.

    The added lines are taken whole, so directives and comments on them come along."""
    code = _substitute_all(hunk.added_text, match, text)
    lines = code.split("\n")
    after = hunk.after
    if not _whole_code(code):
        # Inline code (`+ !!` before `E`): right before the next token, or after the previous.
        inline = " ".join(line.strip() for line in lines if line.strip())
        if after is not None:
            at = _element_span(match, after).start
            space = " " if _is_word_end(inline[-1:]) and _is_word_end(text[at:at + 1]) else ""
            return Edit(Span(at, at), inline + space)
        end = _element_span(match, hunk.before).end
        return Edit(Span(end, end), " " + inline)
    if after is not None and pattern.text[after.start:after.end] != "}":
        # Code added before the whole pattern goes before the whole match (which may start
        # with a `static` that the pattern does not mention).
        anchor = match.start if hunk.before is None else _element_span(match, after).start
        line_start = text.rfind("\n", 0, anchor) + 1
        indent = _indentation(text, line_start)
        block = _reindent(lines, indent)
        if text[line_start:anchor].strip() and not _SPECIFIER_WORDS.match(text[line_start:anchor]):
            # The code after is not first on its line (`if (x) {`): the lines go just before it.
            return Edit(Span(anchor, anchor), block.lstrip() + "\n" + indent)
        return Edit(Span(line_start, line_start), block + "\n")
    before = hunk.before
    anchor = _element_span(match, before).end
    line_start = text.rfind("\n", 0, anchor) + 1
    indent = _indentation(text, line_start)
    if pattern.text[before.start:before.end] == "{" or text[:anchor].rstrip().endswith("{"):
        indent += "\t"  # first in a block: one tab in from the line of its brace
    owner = _owning_if(pattern, before) if lines[0].strip().startswith("else") else None
    if owner is not None:
        # An added `else` lines up with its `if`; its statement goes on the next line, one
        # tab in, as the kernel writes it.
        if_start = _element_span(match, owner).start
        indent = _indentation(text, text.rfind("\n", 0, if_start) + 1)
        lines = _else_on_own_line(lines)
    line_end = text.find("\n", anchor)
    line_end = len(text) if line_end < 0 else line_end
    return Edit(Span(line_end, line_end), "\n" + _reindent(lines, indent))


def _owning_if(pattern: Pattern, token: Token) -> Token | None:
    """The `if` token of the innermost if statement of the pattern that ends at `token`."""
    owners = [n for n in pattern.tree.nodes("if_statement") if n.start <= token.start < n.end]
    if not owners:
        return None
    innermost = min(owners, key=lambda n: n.end - n.start)
    return innermost.children[0] if type(innermost.children[0]) is not CNode else None


def _else_on_own_line(lines: list[str]) -> list[str]:
    first = lines[0].strip()
    rest = first[len("else"):].strip()
    if not rest or rest.startswith("{") or rest.startswith("if"):
        return lines
    return ["else", "\t" + rest] + ["\t" + line for line in lines[1:]]


def _rewritten(pattern: Pattern, removed: list[Token], match: Match, text: str) -> set[int]:
    """Removed tokens that an isomorphism matched to other code (`!E` to `E == NULL`: the `!`
    stands for the whole comparison), and those inside that code: none of them is kept where
    the added code writes the same token again, so that `- !E` `+ unlikely(!E)` prints
    `unlikely(!x)` for `x == NULL`, as spatch does."""
    spans = []
    for t in removed:
        if t.start in pattern.meta_at or pattern.text[t.start:t.end] == "...":
            continue
        span = _element_span(match, t)
        if span.start < span.end and "".join(text[span.start:span.end].split()) != pattern.text[t.start:t.end]:
            spans.append(span)
    if not spans:
        return set()
    out = set()
    for t in removed:
        span = _element_span(match, t)
        if any(s.start <= span.start and span.end <= s.end for s in spans):
            out.add(t.start)
    return out


def _align(pattern: Pattern, removed: list[Token], added_text: str, added: list[Token], absent: set[int]):
    """Longest common subsequence of removed pattern tokens and added tokens, as operations;
    tokens in `absent` never pair up."""

    def key_removed(t: Token):
        return (t.start,) if t.start in absent else pattern.text[t.start:t.end]

    def key_added(t: Token) -> str:
        return added_text[t.start:t.end]

    a = [key_removed(t) for t in removed]
    b = [key_added(t) for t in added]
    n, m = len(a), len(b)
    lengths = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    ops = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            ops.append(("keep", removed[i], added[j]))
            i += 1
            j += 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            ops.append(("del", removed[i], None))
            i += 1
        else:
            ops.append(("ins", None, added[j]))
            j += 1
    ops.extend(("del", removed[k], None) for k in range(i, n))
    ops.extend(("ins", None, added[k]) for k in range(j, m))
    return ops


def _substitute_all(added_text: str, match: Match, text: str) -> str:
    """All of the added text, metavariables replaced."""
    return _substitute_span(added_text, 0, len(added_text), match, text)


def _substitute(pattern: Pattern, added_text: str, tokens: list[Token], match: Match, text: str) -> str:
    """The added code from the first to the last of `tokens`, metavariables replaced."""
    return _substitute_span(added_text, tokens[0].start, tokens[-1].end, match, text)


def _substitute_span(added_text: str, start: int, end: int, match: Match, text: str) -> str:
    out = []
    cursor = start
    all_tokens, _ = tokenize(added_text)
    for token in all_tokens:
        if token.start < start or token.end > end:
            continue
        word = added_text[token.start:token.end]
        binding = match.env.bindings.get(word) if token.kind == "IDENT" else None
        if binding is not None:
            out.append(added_text[cursor:token.start])
            out.append(binding.code)
            cursor = token.end
            if binding.code.endswith("*") and added_text[cursor:cursor + 1] == " ":
                cursor += 1  # a pointer type before a name: `char *p`, not `char * p`
    out.append(added_text[cursor:end])
    return "".join(out)


def _element_span(match: Match, pattern_token: Token) -> Span:
    element = match.env.pairs[pattern_token.start]
    return element if type(element) is Span else Span(element.start, element.end)


def _indentation(text: str, line_start: int) -> str:
    end = line_start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[line_start:end]


def _reindent(lines: list[str], indent: str) -> str:
    """Give `lines` the indentation `indent`, keeping their indentation relative to each other."""
    def width(line: str) -> int:
        return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())

    widths = [width(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    base = min(widths) if widths else 0
    out = []
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        if line.lstrip().startswith("#"):
            out.append(line.strip())  # preprocessor lines start in column 0
            continue
        extra = width(line) - base
        out.extend(break_long_line(indent + "\t" * (extra // 8) + " " * (extra % 8) + line.strip()))
    return "\n".join(out)

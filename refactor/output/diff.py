"""Unified diffs of one file, as `diff -u -p` writes them and `git apply` / `patch -p1` read them.

The output is meant to be byte for byte what GNU diff prints for
`diff -u -p --label a/PATH --label b/PATH` (checked by the tests against the installed diff), so a
patch from us reads like one from spatch, which calls GNU diff. That takes two things:

Which lines pair up: many edit scripts are equally short, and people compare patches, so the
choice is GNU diff's own (refactor/output/gnudiff.py).

How hunks are printed:
- a range is `start,count`; a count of 1 is left out (`-5`), and an empty range names the line
  *before* it (`-0,0` for an empty file, `+4,0` for lines deleted after line 4), as `patch` expects;
- changes at most 2 * context unchanged lines apart share a hunk;
- after `@@ ... @@` comes the nearest line of the old file *before the hunk's first line* (context
  included) that starts with a letter, `_` or `$` (`-p` is the regexp `^[[:alpha:]$_]`; ASCII
  letters, as in the C locale), leading whitespace skipped, cut to its first 40 *bytes* and then
  stripped of trailing whitespace (diffutils' `print_context_function`);
- a last line without a newline is followed by `\\ No newline at end of file` on its own side;
- lines keep their `\\r` (CRLF files), and lone surrogates (bytes that were not UTF-8, decoded with
  `surrogateescape`) are kept for the caller to encode back with the same error handler.
"""
from __future__ import annotations

import os
import re
from pathlib import PurePosixPath

from refactor.output.gnudiff import Change, line_changes

NO_NEWLINE = "\\ No newline at end of file\n"
FUNCTION_BYTES = 40  # diffutils' print_context_function prints at most this many bytes
_FUNCTION_LINE = re.compile(r"[A-Za-z_$]")
_C_SPACE = " \t\n\v\f\r"  # c_isspace(), what diff strips around the function line



def unified_diff(old: str, new: str, path: str, context: int = 3) -> str:
    """The unified diff turning `old` into `new`, labelled a/PATH and b/PATH; "" if they are equal.

    `path` is used as given (relative to where the patch will be applied, e.g. the current
    directory), with the platform's separators turned into forward slashes.
    """
    if old == new:
        return ""
    if context < 0:
        raise ValueError("context must be >= 0")
    label = _label(path)
    a, b = split_lines(old), split_lines(new)
    out = [f"--- a/{label}\n", f"+++ b/{label}\n"]
    for hunk in _hunks(line_changes(old, new, a, b, context), len(a), len(b), context):
        out.append(_hunk_text(hunk, a, b))
    return "".join(out)


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only `\\n` ends a line (`str.splitlines` also splits at `\\f` etc.)."""
    lines = text.split("\n")
    last = lines.pop()
    result = [line + "\n" for line in lines]
    if last:
        result.append(last)
    return result


def _label(path: str) -> str:
    posix = path.replace(os.sep, "/") if os.sep != "/" else path
    if posix.startswith("/"):
        raise ValueError(f"diff paths are relative to where the patch applies, not absolute: {path}")
    return str(PurePosixPath(posix))


# --- hunks ---------------------------------------------------------------------------------------

def _hunks(changes: list[Change], n: int, m: int, context: int):
    """Group changes separated by at most 2 * context unchanged lines (diff's find_hunk)."""
    group: list[Change] = []
    for change in changes:
        if group and change[0] - (group[-1][0] + group[-1][1]) > 2 * context:
            yield _bounds(group, n, m, context)
            group = []
        group.append(change)
    if group:
        yield _bounds(group, n, m, context)


def _bounds(group: list[Change], n: int, m: int, context: int):
    """The hunk's [start, end) lines in old and in new, context included, and its changes."""
    first_i, _, first_j, _ = group[0]
    last_i, deleted, last_j, inserted = group[-1]
    return (max(first_i - context, 0), min(last_i + deleted + context, n),
            max(first_j - context, 0), min(last_j + inserted + context, m), group)


def _hunk_text(hunk, a: list[str], b: list[str]) -> str:
    start_a, end_a, start_b, end_b, group = hunk
    header = f"@@ -{_range(start_a, end_a)} +{_range(start_b, end_b)} @@"
    function = _function_line(a, start_a)
    out = [header + (" " + function if function is not None else "") + "\n"]
    i = start_a
    for ci, deleted, cj, inserted in group:
        out.extend(_line(" ", line) for line in a[i:ci])
        out.extend(_line("-", line) for line in a[ci:ci + deleted])
        out.extend(_line("+", line) for line in b[cj:cj + inserted])
        i = ci + deleted
    out.extend(_line(" ", line) for line in a[i:end_a])
    return "".join(out)


def _range(start: int, end: int) -> str:
    """GNU diff's unidiff range for lines [start, end) (0-based): `l,s`, `l` when s is 1."""
    count = end - start
    if count == 1:
        return str(start + 1)
    if count == 0:
        return f"{start},0"  # the line before an empty range; 0 for the top of the file
    return f"{start + 1},{count}"


def _line(mark: str, line: str) -> str:
    return mark + line if line.endswith("\n") else mark + line + "\n" + NO_NEWLINE


def _function_line(a: list[str], before: int) -> str | None:
    """What `diff -p` shows for a hunk starting at line `before`: see the module docstring."""
    for k in range(before - 1, -1, -1):
        line = a[k]
        if _FUNCTION_LINE.match(line):
            # The cut is in bytes, like diff's; a cut through a UTF-8 sequence leaves surrogates
            # that encode back to exactly the bytes diff would print.
            raw = line.rstrip("\n").lstrip(_C_SPACE).encode("utf-8", "surrogateescape")
            return raw[:FUNCTION_BYTES].decode("utf-8", "surrogateescape").rstrip(_C_SPACE)
    return None

"""Rule errors as a rule author reads them: where, what, the line with a caret, and a hint.

SmplError (refactor.smpl.model) prints `PATH:LINE:COL: error: MESSAGE`, then the offending line,
a caret under the column and `hint: ...`. The rule-file parser has the file's text and fills all
of that in where it raises. The compile steps see one rule at a time and raise with line, column
and message only; `explain` completes such an error from the rule file's text: the offending line
and, for the messages catalogued in HINTS, what to do about it. The hints live here rather than
at each `raise` so that the compile modules stay about compiling, and so that the catalogue is in
one place (tests/smpl/test_rule_errors.py checks every entry).
"""
from __future__ import annotations

import re

from refactor.smpl.model import SmplError


class SmplWarning(SmplError):
    """Something in a rule file that is legal but very likely not what its author meant. Printed
    like an error (`PATH:LINE:COL: warning: ...`), never raised: the rule still runs."""

    severity = "warning"


_KINDS = ("expression, identifier, idexpression, constant, type, statement, symbol, position, "
          "expression list, identifier list, parameter list, statement list, declarer name, "
          "iterator name, attribute name, typedef")

# (message pattern, hint): the first pattern that matches a message without a hint gives it one;
# `{1}`, `{2}` are the pattern's groups.
HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), h) for p, h in (
    (r"^unbalanced disjunction: '\(' without '\)'",
     "close the disjunction with ')' alone on a line, in column 0; alternatives are separated by '|' lines"),
    (r"^'\|' outside a disjunction",
     "open the disjunction with '(' alone on a line, in column 0, before its first alternative"),
    (r"^'\)' outside a disjunction",
     "this ')' in column 0 closes a disjunction that was never opened: indent it if it is C code"),
    (r"^an inline disjunction '\\\(' must close on its own line",
     "write '\\( A \\| B \\)' within one line, or use a column-0 '(' '|' ')' disjunction across lines"),
    (r"^a '\+' line with nothing to attach to",
     "added code goes next to matched code: put a '-' or context line before or after the '+' lines"),
    (r"^'@(\w+)': not a position metavariable of this rule",
     "declare it with the metavariables: 'position {1};'"),
    (r"^position '@(\w+)' with no code before it",
     "a position follows the code it marks, as in 'foo@{1}(...)'"),
    (r"^'when' without a '\.\.\.'",
     "'when' constrains the '...' on its line or the line above: '... when != x'"),
    (r"^'when (\S+)' is not supported yet",
     "supported: 'when != X', 'when any', 'when strict', 'when exists', 'when forall'"),
    (r"^'when !=' with no code after it",
     "say what the '...' must not run over, as in '... when != kfree(x)'"),
    (r"^position '(\w+)' used as code",
     "a position is written right after the code whose place it takes, as in 'foo@{1}(...)'"),
    (r"^cannot parse 'when != ",
     "what follows 'when !=' must be an expression or a statement, as in '... when != kfree(x)'"),
    (r"^cannot parse the rule's C code at 'end of rule'",
     "the code stops before it is complete: look for an unclosed '(', '[' or '{', or a missing ';'"),
    (r"^cannot parse the rule's C code at '(.*)'",
     "the '-' and context lines, read together without the '+' lines, must be C code: an expression, "
     "statements, declarations or a function; check the brackets and ';' around '{1}'"),
    (r"^the rule has no code to match",
     "a rule needs at least one '-' or context line; a rule of '+' lines alone has no place to add them"),
    (r"^metavariable kind '(.*)' is not supported yet",
     "supported kinds: " + _KINDS),
    (r"^const/volatile in the type of a metavariable",
     "drop the qualifier: the inferred types of code are compared without const/volatile"),
    (r"^preprocessor directives in rule code",
     "a rule is either preprocessor lines only (#include, #define, #undef, #pragma) or C code without them"),
    (r"^a disjunction inside '<\.\.\. \.\.\.>'",
     "write one rule per branch of the disjunction outside the nest"),
))


def hint_for(message: str) -> str | None:
    """The catalogued hint for an error message, if there is one."""
    for pattern, hint in HINTS:
        match = pattern.search(message)
        if match is not None:
            for number, group in enumerate(match.groups(), 1):
                hint = hint.replace(f"{{{number}}}", group)
            return hint
    return None


def explain(error: SmplError, text: str) -> SmplError:
    """`error` with its rule-file line and a hint filled in from `text` where they are missing."""
    source_line = error.source_line
    lines = text.splitlines()
    if not source_line and 1 <= error.line <= len(lines):
        source_line = lines[error.line - 1]
    hint = error.hint or hint_for(error.message)
    if source_line == error.source_line and hint == error.hint:
        return error
    return type(error)(error.path, error.line, error.column, error.message, hint, source_line)

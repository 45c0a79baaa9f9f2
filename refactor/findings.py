"""What a run reports besides changes: findings (a place in a file and a message) and the text
that rule scripts print.

Columns are counted from 0 and `end_column` is exclusive, as spatch counts them (its
`print_report` prints `file:line:col-colend: msg`); output formats that count from 1 (SARIF)
convert when they print.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """A place a rule reports: by a script (`coccilib.report.print_report`, an org TODO) or by
    a match of a rule's `*` lines."""

    path: str
    line: int  # 1-based
    column: int  # 0-based, as spatch counts
    end_line: int
    end_column: int  # 0-based, exclusive
    message: str
    rule: str
    kind: str = "report"  # "report" (print_report), "org" (an org TODO), "context" (`*` lines)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.message, self.rule)


@dataclass(frozen=True, slots=True)
class Printed:
    """Text a rule's script printed, in the order it printed it; `finding` is set when the text
    is the report of a place (print_report, print_todo, ...), so that `refactor check` can
    collect it rather than echo it."""

    text: str
    finding: Finding | None = None

"""Findings as `refactor check` prints them: text lines, JSON, or SARIF 2.1.0.

- text: one `path:line:col: message` per finding, sorted by path, line and column; columns
  count from 0, as spatch's print_report counts them;
- JSON: a list of objects with path, line, column, end_line, end_column (0-based, exclusive),
  message, rule and kind (`report` from print_report, `org` from an org TODO, `context` from
  `*` lines), in the same order;
- SARIF 2.1.0: one run whose tool is `refactor`, one result per finding with its ruleId,
  message.text and one physical location (artifactLocation.uri, region with startLine,
  startColumn, endLine, endColumn: SARIF counts columns from 1, and its endColumn is the column
  after the region).

Org-mode TODO lines (coccilib.org) are printed by the scripts themselves; see
refactor/scripts/coccilib.py.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from refactor.findings import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"


def ordered(findings) -> list[Finding]:
    """Distinct findings, sorted by path, then line and column."""
    return sorted(set(findings), key=Finding.sort_key)


def as_text(findings) -> str:
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.message}\n" for f in ordered(findings))


def as_json(findings) -> str:
    items = [
        {
            "path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "message": f.message, "rule": f.rule, "kind": f.kind,
        }
        for f in ordered(findings)
    ]
    return json.dumps(items, indent=2) + "\n"


def as_sarif(findings, tool_version: str, rule_file: str = "") -> str:
    findings = ordered(findings)
    rule_ids = list(dict.fromkeys(f.rule for f in findings))
    driver: dict = {
        "name": "refactor",
        "version": tool_version,
        "rules": [{"id": rule_id, "shortDescription": {"text": f"{rule_file}: {rule_id}" if rule_file else rule_id}}
                  for rule_id in rule_ids],
    }
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": rule_ids.index(f.rule),
            "level": "warning",
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path)},
                    "region": {
                        "startLine": f.line,
                        "startColumn": f.column + 1,
                        "endLine": max(f.end_line, f.line),
                        "endColumn": f.end_column + 1,
                    },
                },
            }],
        }
        for f in findings
    ]
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(log, indent=2) + "\n"


def _uri(path: str) -> str:
    """A relative URI reference for a path (forward slashes; spaces and the like escaped)."""
    return quote(path.replace("\\", "/").removeprefix("./"), safe="/")

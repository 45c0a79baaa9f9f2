"""Findings as text, JSON and SARIF 2.1.0."""
from __future__ import annotations

import json

from refactor.findings import Finding
from refactor.output import report

FINDINGS = [
    Finding("mm/slab.c", 120, 8, 120, 13, "ERROR: reference preceded by free on line 118", "rule starting on line 120"),
    Finding("kernel/fork.c", 7, 1, 9, 2, "rule r matched", "r", "context"),
    Finding("mm/slab.c", 12, 0, 12, 4, "WARNING: kzalloc should be used", "rule starting on line 80"),
    Finding("mm/slab.c", 12, 0, 12, 4, "WARNING: kzalloc should be used", "rule starting on line 80"),  # twice
]


def test_text_is_one_sorted_line_per_distinct_finding() -> None:
    assert report.as_text(FINDINGS) == (
        "kernel/fork.c:7:1: rule r matched\n"
        "mm/slab.c:12:0: WARNING: kzalloc should be used\n"
        "mm/slab.c:120:8: ERROR: reference preceded by free on line 118\n"
    )
    assert report.as_text([]) == ""


def test_json_lists_every_field_in_the_same_order() -> None:
    items = json.loads(report.as_json(FINDINGS))
    assert [i["path"] + ":" + str(i["line"]) for i in items] == ["kernel/fork.c:7", "mm/slab.c:12", "mm/slab.c:120"]
    assert items[0] == {
        "path": "kernel/fork.c", "line": 7, "column": 1, "end_line": 9, "end_column": 2, "message": "rule r matched", "rule": "r",
        "kind": "context",
    }
    assert items[2]["kind"] == "report"
    assert json.loads(report.as_json([])) == []


def test_sarif_has_the_required_structure_and_one_based_columns() -> None:
    log = json.loads(report.as_sarif(FINDINGS, "0.1.0", "kfree.cocci"))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "refactor" and driver["version"] == "0.1.0"
    assert [r["id"] for r in driver["rules"]] == ["r", "rule starting on line 80", "rule starting on line 120"]
    results = run["results"]
    assert len(results) == 3
    for result in results:
        assert set(result) >= {"ruleId", "message", "locations"}
        assert isinstance(result["message"]["text"], str) and result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert set(physical) == {"artifactLocation", "region"}
        region = physical["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert all(isinstance(v, int) and v >= 1 for v in region.values())
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    last = results[2]
    assert last["ruleId"] == "rule starting on line 120"
    assert last["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "mm/slab.c"},
        "region": {"startLine": 120, "startColumn": 9, "endLine": 120, "endColumn": 14},  # spatch's 8-13, from 1
    }


def test_sarif_uris_are_relative_references() -> None:
    finding = Finding("./drivers/my dir/x.c", 1, 0, 1, 1, "m", "r")
    log = json.loads(report.as_sarif([finding], "0"))
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drivers/my%20dir/x.c"
    assert json.loads(report.as_sarif([], "0"))["runs"][0]["results"] == []

"""`refactor check`: findings of scripts and `*` lines, exit statuses, order, formats."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor.cli import main

USE_AFTER_FREE = """\
virtual report
virtual org

@free@
expression E;
position p1;
@@
kfree@p1(E);

@r exists@
expression free.E;
position free.p1, p2;
@@
kfree@p1(E);
...
use(E@p2);

@script:python depends on report@
p1 << free.p1;
p2 << r.p2;
@@
coccilib.report.print_report(p2[0], "ERROR: reference preceded by free on line %s" % p1[0].line)

@script:python depends on org@
p2 << r.p2;
@@
coccilib.org.print_todo(p2[0], "use")
"""

STARRED = """\
@r@
expression E;
@@
* kfree(E);
  ...
* use(E);
"""

FILES = {
    "drivers/b.c": "void b(int *x)\n{\n\tkfree(x);\n\tuse(x);\n}\n",
    "drivers/a.c": "void a(int *x, int *y)\n{\n\tkfree(y);\n\tif (x)\n\t\tuse(y);\n\tkfree(x);\n}\n\nvoid c(int *z)\n{\n\tkfree(z);\n\tz = 0;\n\tuse(z);\n}\n",
    "lib/clean.c": "void clean(int *x)\n{\n\tuse(x);\n\tkfree(x);\n}\n",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, code in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code)
    (tmp_path / "uaf.cocci").write_text(USE_AFTER_FREE)
    (tmp_path / "starred.cocci").write_text(STARRED)
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_findings_sorted_one_per_line_with_report_defined_by_default(tree: Path) -> None:
    result = check("-j", "1", "uaf.cocci", "drivers", "lib")
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "drivers/a.c:5:6: ERROR: reference preceded by free on line 3\n"
        "drivers/a.c:13:5: ERROR: reference preceded by free on line 11\n"
        "drivers/b.c:4:5: ERROR: reference preceded by free on line 3\n"
    )


def test_explicit_defines_replace_report(tree: Path) -> None:
    result = check("-j", "1", "-D", "org", "uaf.cocci", "drivers/b.c")
    assert result.exit_code == 1
    assert result.stdout == "drivers/b.c:4:5: use\n"


def test_no_findings_exit_0(tree: Path) -> None:
    result = check("uaf.cocci", "lib")
    assert result.exit_code == 0 and result.stdout == ""


def test_the_same_output_whatever_the_number_of_workers(tree: Path) -> None:
    for rule in ("uaf.cocci", "starred.cocci"):
        one = check("-j", "1", rule, "drivers", "lib")
        two = check("-j", "2", rule, "drivers", "lib")
        assert one.exit_code == two.exit_code == 1
        assert one.stdout == two.stdout and one.stdout


def test_starred_matches_are_findings_naming_the_rule(tree: Path) -> None:
    result = check("-j", "1", "starred.cocci", ".")
    assert result.exit_code == 1
    assert result.stdout == (
        "drivers/a.c:3:1: rule r matched\n"
        "drivers/a.c:11:1: rule r matched\n"
        "drivers/b.c:3:1: rule r matched\n"
    )


def test_json_and_sarif(tree: Path) -> None:
    items = json.loads(check("--json", "uaf.cocci", "drivers/b.c").stdout)
    assert items == [{"path": "drivers/b.c", "line": 4, "column": 5, "end_line": 4, "end_column": 6,
                      "message": "ERROR: reference preceded by free on line 3", "rule": items[0]["rule"], "kind": "report"}]
    assert [i["kind"] for i in json.loads(check("--json", "-D", "org", "uaf.cocci", "drivers/b.c").stdout)] == ["org"]
    assert {i["kind"] for i in json.loads(check("--json", "starred.cocci", "drivers").stdout)} == {"context"}
    log = json.loads(check("--sarif", "uaf.cocci", "drivers/b.c").stdout)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 6, "endLine": 4, "endColumn": 7}
    assert check("--json", "--sarif", "uaf.cocci", "drivers").exit_code == 2


def test_rule_errors_exit_2_and_failed_files_exit_3(tree: Path) -> None:
    (tree / "bad.cocci").write_text("@r@\nexpression E;\n@@\n* kfree(E);\n- vfree(E);\n")
    result = check("bad.cocci", "drivers")
    assert result.exit_code == 2 and "bad.cocci:5:1: error: a rule cannot have both '*' lines" in result.stderr
    (tree / "boom.cocci").write_text("@r@\nidentifier f;\n@@\nkfree(f);\n@script:python@\nf << r.f;\n@@\nif f == 'y':\n    1 / 0\n")
    result = check("-j", "1", "boom.cocci", "drivers")
    assert result.exit_code == 3
    assert "boom.cocci:9: error: script rule" in result.stderr and "ZeroDivisionError" in result.stderr
    assert check("-D", "nonesuch", "uaf.cocci", "drivers").exit_code == 2


def test_script_prints_go_to_stderr_in_check_and_stdout_in_diff(tree: Path) -> None:
    (tree / "chatty.cocci").write_text("@r@\nidentifier f;\n@@\nkfree(f);\n@script:python@\nf << r.f;\n@@\nprint('saw', f)\n")
    result = check("-j", "1", "chatty.cocci", "drivers/b.c")
    assert result.exit_code == 0 and result.stdout == "" and "saw x\n" in result.stderr
    result = CliRunner().invoke(main, ["diff", "-j", "1", "chatty.cocci", "drivers/b.c"])
    assert result.exit_code == 0 and result.stdout == "saw x\n"


def test_diff_shows_starred_lines_as_removed_and_apply_writes_nothing(tree: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "-j", "1", "starred.cocci", "drivers/b.c"])
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/drivers/b.c\n+++ b/drivers/b.c\n"
        "@@ -1,5 +1,3 @@\n void b(int *x)\n {\n-\tkfree(x);\n-\tuse(x);\n }\n"
    )
    result = CliRunner().invoke(main, ["apply", "starred.cocci", "drivers/b.c"])
    assert result.exit_code == 0 and result.stdout == ""
    assert (tree / "drivers/b.c").read_text() == FILES["drivers/b.c"]


def test_initialize_and_finalize_print_around_the_files_in_one_process(tree: Path) -> None:
    (tree / "count.cocci").write_text(
        "@initialize:python@\n@@\nimport os\nseen = []\npids = set()\nprint('start')\n\n"
        "@r@\nposition p;\n@@\nkfree@p(...);\n\n"
        "@script:python@\np << r.p;\n@@\nseen.append(p[0].file)\npids.add(os.getpid())\n\n"
        "@finalize:python@\n@@\nprint(len(seen), 'frees in', len(set(seen)), 'files,', len(pids), 'process')\n"
    )
    result = CliRunner().invoke(main, ["diff", "-j", "2", "count.cocci", "drivers", "lib"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "start\n5 frees in 3 files, 1 process\n"


def test_no_includes_types_from_the_file_alone(tmp_path: Path) -> None:
    # spatch reads `#include "internal.h"` for types unless --no-includes (noderef.cocci asks for
    # it: with it, `sizeof(info->pages)` is not known to take a pointer)
    (tmp_path / "internal.h").write_text("struct load_info {\n\tstruct page **pages;\n};\n")
    (tmp_path / "a.c").write_text(
        '#include "internal.h"\nvoid f(struct load_info *info)\n{\n\tg(sizeof(info->pages));\n}\n'
    )
    (tmp_path / "r.cocci").write_text("@@\nexpression *x;\n@@\n* sizeof(x)\n")
    runner = CliRunner()
    arguments = ["check", "--no-cache", str(tmp_path / "r.cocci"), str(tmp_path / "a.c")]
    found = runner.invoke(main, arguments)
    assert found.exit_code == 1 and ":4:3:" in found.stdout
    alone = runner.invoke(main, arguments[:2] + ["--no-includes"] + arguments[2:])
    assert (alone.exit_code, alone.stdout) == (0, "")


def test_starred_code_found_by_several_matches_is_one_finding(tmp_path: Path) -> None:
    # one match per path to a return: the `*` line is still one finding
    (tmp_path / "a.c").write_text(
        "void f(int a)\n{\n\tlock();\n\tif (a)\n\t\treturn;\n\tif (a > 1)\n\t\treturn;\n\tunlock();\n}\n"
    )
    (tmp_path / "r.cocci").write_text("@r exists@\n@@\n* lock();\n... when any\nreturn;\n")
    run = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "r.cocci"), str(tmp_path / "a.c")])
    assert run.stdout.count(":3:1: ") == 1

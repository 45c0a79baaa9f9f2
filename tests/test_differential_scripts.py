"""Differential tests of scripts and context mode: spatch 1.1.1 prints the specification.

Script output is compared as sorted lines (spatch runs a rule's environments in an order of its
own); context-mode diffs are compared from their first hunk on (the file labels differ: spatch
names a temporary file). Skipped where spatch is not installed.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor.cli import main

SPATCH = shutil.which("spatch")
pytestmark = pytest.mark.skipif(SPATCH is None, reason="spatch (Debian package coccinelle) is not installed")

CODE = """\
#include <linux/slab.h>

struct item {
\tchar *name;
\tint *data;
};

static int table[4] = { 1, 2, 3, 4 };

void item_free(struct item *it)
{
\tkfree(it->name);
\tif (it->data)
\t\tkfree(it->data);
\tkfree(it);
\tpr_debug("freed %s\\n", it->name);
}

int item_reset(struct item *it, int n)
{
\tint *old = it->data;

\tit->data = kmalloc(n * sizeof(int),
\t\t\t   GFP_KERNEL);
\tkfree(old);
\treturn old[0];
}
"""

REPORTS = """\
virtual report

@r@
expression E;
position p;
@@
kfree@p(E)

@script:python depends on report@
p << r.p;
e << r.E;
@@
coccilib.report.print_report(p[0], "freeing %s in %s" % (e, p[0].current_element))
coccilib.org.print_todo(p[0], "free [%s]" % e)
coccilib.org.print_safe_todo(p[0], "free [%s]" % e)
coccilib.org.print_link(p[0], "link")
cocci.print_main("main", p)
cocci.print_secs("sec", p)

@s@
expression list es;
position q;
@@
kmalloc(es)@q

@script:python@
q << s.q;
es << s.es;
@@
l = q[0]
print(l.line, l.column, l.line_end, l.column_end, l.current_element, l.current_element_line, l.current_element_line_end, es)
"""

USE_AFTER_FREE = """\
virtual report

@free@
expression E;
position p1;
@@
kfree@p1(E);

@r exists@
expression free.E;
position free.p1, p2;
identifier fld;
@@
kfree@p1(E);
...
(
pr_debug(..., E@p2->fld, ...);
|
return E@p2[...];
)

@script:python depends on report@
p1 << free.p1;
p2 << r.p2;
@@
coccilib.report.print_report(p2[0], "ERROR: reference preceded by free on line %s" % p1[0].line)
"""

DROPPING = """\
@r@
expression E;
position p;
@@
kfree@p(E);

@script:python@
e << r.E;
@@
if "->" in e:
    cocci.include_match(False)

@script:python@
p << r.p;
@@
coccilib.report.print_report(p[0], "kept")

@t@
expression r.E;
@@
- kfree(E);
+ kvfree(E);
"""

CONTEXT = """\
@r@
expression E;
identifier fld;
@@
* kfree(E);
  ...
* pr_debug(..., E->fld, ...);
"""


def spatch(rule: Path, source: Path, *options: str) -> str:
    return subprocess.run(
        [SPATCH, "--very-quiet", *options, "--sp-file", str(rule), source.name],
        capture_output=True, text=True, timeout=120, check=True, cwd=source.parent,
    ).stdout


def ours(command: str, rule: Path, source: Path, *options: str) -> str:
    result = CliRunner().invoke(main, [command, "-j", "1", *options, str(rule), source.name])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "item.c").write_text(CODE)
    for name, text in (("reports", REPORTS), ("uaf", USE_AFTER_FREE), ("dropping", DROPPING), ("context", CONTEXT)):
        (tmp_path / f"{name}.cocci").write_text(text)
    return tmp_path


def printed_lines(output: str) -> list[str]:
    """Script output: the lines before the first diff."""
    return sorted(output.split("--- ")[0].splitlines())


def hunks(output: str) -> str:
    return output[output.index("@@"):] if "@@" in output else ""


def test_report_and_org_lines_agree_with_spatch(files: Path) -> None:
    theirs = printed_lines(spatch(files / "reports.cocci", files / "item.c", "-D", "report"))
    assert len(theirs) == 4 * 6 + 1
    assert printed_lines(ours("diff", files / "reports.cocci", files / "item.c", "-D", "report")) == theirs


def test_use_after_free_reports_agree_with_spatch(files: Path) -> None:
    theirs = printed_lines(spatch(files / "uaf.cocci", files / "item.c", "-D", "report"))
    assert theirs  # the rule finds something in this file
    assert sorted(ours("check", files / "uaf.cocci", files / "item.c").splitlines()) == sorted(
        line.replace(line.split(":")[2], line.split(":")[2].split("-")[0], 1) for line in theirs
    )


def test_include_match_agrees_with_spatch(files: Path) -> None:
    theirs = spatch(files / "dropping.cocci", files / "item.c")
    mine = ours("diff", files / "dropping.cocci", files / "item.c")
    assert printed_lines(mine) == printed_lines(theirs)
    assert hunks(mine) == hunks(theirs)


def test_context_mode_diff_agrees_with_spatch(files: Path) -> None:
    theirs = spatch(files / "context.cocci", files / "item.c")
    assert hunks(theirs)
    assert hunks(ours("diff", files / "context.cocci", files / "item.c")) == hunks(theirs)

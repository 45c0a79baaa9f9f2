"""The Linux kernel's own rules (scripts/coccinelle) on our fixtures: our findings are spatch's.

Each fixture under bench/kernel-rule-fixtures is small C of our own that one rule should flag,
plus near misses: `<dir>/<rule>.c`, or a directory `<dir>/<rule>/` holding a header where the
rule needs one. Both tools run on it as bench/kernel_rules.py runs them (from that directory,
`spatch --very-quiet -D report --sp-file RULE --dir FIXTURE [the rule's // Options:]` and
`refactor diff -D report RULE FIXTURE`, ours in-process through click's runner), and the
findings compare as there: the set of `path:line` of the report lines and of the `-` lines.

A rule whose features we do not support (exit status 2) is an xfail with the error as reason.
Known differences are listed in KNOWN_DIFFERENCES, strict: a fix makes the test fail until its
entry goes. Skipped without the kernel's rules ($REFACTOR_KERNEL_RULES, a scripts/coccinelle
directory, else Linux 6.1's in bench/kernel_rules.py's cache) or without spatch. spatch's
results are kept in pytest's cache, keyed by the rule's and the fixture's text.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from refactor.cli import main

_spec = importlib.util.spec_from_file_location("kernel_rules", ROOT / "bench" / "kernel_rules.py")
kernel_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kernel_rules)

FIXTURES = kernel_rules.FIXTURES
SPATCH = shutil.which("spatch")
RULES = Path(os.environ.get("REFACTOR_KERNEL_RULES", kernel_rules.DEFAULT_TREE / "scripts" / "coccinelle"))

# Where we differ from spatch 1.1.1 on a fixture: rule -> what differs and why (the SmPL
# feature our engine gets wrong). Remove an entry when its rule agrees.
KNOWN_DIFFERENCES = {
    "free/clk_put.cocci":
        "misses line 27: `e = clk_get(...)` with e a field (priv->clk), then `if (<+...e...+>) S`",
    "free/iounmap.cocci":
        "misses line 27: `e = ioremap(...)` with e a field (priv->base), then `if (<+...e...+>) S`",
    "free/kfree.cocci":
        "misses lines 15 and 22: uses of a freed field (buf->data[0], priv->name after a kfree under an if)",
    "free/pci_free_consistent.cocci":
        "finds nothing: `local idexpression id` ... `if (id == NULL || ...) { ... return ...; }` ... `when exists`",
    "free/put_device.cocci":
        "finds nothing: `local idexpression id` ... `if (id == NULL || ...) { ... return ...; }` ... return",
    "null/deref_null.cocci":
        "finds nothing: `if@p1 ((E == NULL && ...) || ...) { ... E->f@p ... }` with `expression *E`",
    "iterators/device_node_continue.cocci":
        "finds nothing: a conjunction `( for_each_...(n, e1) S & i@p1(...) { ... } )`",
    "iterators/for_each_child.cocci":
        "misses the return at line 11: the conjunction of rule r, then `return@j1 ...` inside the iterator",
    "iterators/list_entry_update.cocci":
        "finds nothing: `list_for_each_entry@p1(x,...) { <... x =@p2 E ...> }` then the back edge to the loop",
    "tests/odd_ptr_err.cocci":
        "finds nothing: `PTR_ERR@j1@p(y)` (two positions) with `position p != {ok1.p, ok2.p}`",
    "tests/unsigned_lesser_than_zero.cocci":
        "finds nothing: a type-set metavariable `{unsigned int, size_t, ...} v` with `typedef u32`",
    "api/atomic_as_refcounter.cocci":
        "misses 3 of 4: `atomic_dec_and_test@p1(&(a)->x)` (parenthesised a) and `atomic_add_unless(...)@p1`",
    "api/kfree_sensitive.cocci":
        "misses line 6: `memset@m((T)E, 0, ...)` where E has no cast in the code (the drop-cast isomorphism)",
    "api/kstrdup.cocci":
        "finds nothing: `to = kmalloc@p1(strlen(from) + 1,flag)` ... `if (to==NULL || ...) S` ... strcpy",
    "api/kvmalloc.cocci":
        "misses line 7: `if (size cmp E1 || ...)@p { ... } else { ... }` with a binary operator metavariable",
    "api/memdup.cocci":
        "finds nothing: `to = \\(kmalloc@p\\|kzalloc@p\\)(size,flag); if (to==NULL || ...) S memcpy(...)`",
    "api/memdup_user.cocci":
        "finds nothing: a disjunction of flags `\\(GFP_KERNEL\\|GFP_USER\\|...\\)` then `if (to==NULL || ...) S1`",
    "api/stream_open.cocci":
        "finds nothing: file_operations initialisers `{ .open = openfunc, .read = readstream, ... }`",
    "api/alloc/pool_zalloc-simple.cocci":
        "finds nothing: `x = @p\\(dma_pool_alloc\\|pci_pool_alloc\\)(a,b,c);` (a position before the disjunction)",
    "api/alloc/zalloc-simple.cocci":
        "finds nothing: `x = (T)kmalloc@p(E1,E2);` matching an uncast call (the drop-cast isomorphism)",
    "api/debugfs/debugfs_simple_attr.cocci":
        "reports line 17 too: `depends on report && dcf` on a script rule is not checked per binding of dsa",
    "misc/ifcol.cocci":
        "reports lines 6 and 14 where spatch reports nothing: `( if (...) { ... } | if (...) S1 S2 )`, the first "
        "branch matches any if (isomorphism braces0), so spatch never tries the second",
    "misc/orplus.cocci":
        "reports line 28 too: `depends on s` where s inherits r's constants is not checked per binding of r",
    "misc/boolconv.cocci":
        "reports line 10 (`(A && B) ? true : false`, spatch does not) and misses line 26 (`A > B ? false : true`)",
    "misc/noderef.cocci":
        "misses lines 16 and 21: `f(...,(T)(x),...,sizeof@p(x),...)` against an uncast argument (drop-cast)",
    "misc/of_table.cocci":
        "finds nothing: `struct \\(of_device_id \\| ...\\) arr[] = { ..., { .var = E, } @p1 };`",
    "misc/array_size_dup.cocci":
        "reports line 35 too: `when != \\(subE1\\|subE2\\) aop E3` misses `rows += 4` (assignment operator metavariable)",
    "misc/minmax.cocci":
        "finds nothing: `((x) cmp@p (y) ? (x) : (y))` against code without those parentheses (paren isomorphism)",
}


def fixtures() -> list[str]:
    """Rule names (relative to scripts/coccinelle) of the fixtures on disk: each `.c` file, except
    that a directory holding a header is one fixture."""
    names = []
    for path in sorted(FIXTURES.rglob("*.c")):
        fixture = path.parent if any(path.parent.glob("*.h")) else path.with_suffix("")
        names.append(str(fixture.relative_to(FIXTURES)) + ".cocci")
    return sorted(set(names))


def spatch_result(rule: Path, fixture: str, cache) -> dict:
    key = hashlib.sha256(rule.read_bytes() + kernel_rules.fixture_hash(fixture).encode()).hexdigest()[:16]
    entry = f"kernel-rule-fixtures/{fixture.replace('/', '__')}-{key}"
    result = cache.get(entry, None)
    if result is None or result.get("status") != "ok":
        result = kernel_rules.run_spatch(SPATCH, FIXTURES, rule, fixture, 120.0)
        cache.set(entry, result)
    return result


def ours_result(rule: Path, fixture: str, monkeypatch) -> dict:
    monkeypatch.chdir(FIXTURES)
    run = CliRunner().invoke(main, kernel_rules.ours_arguments(rule, fixture, 1))
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        raise run.exception
    return kernel_rules.ours_result(run.exit_code, run.stdout, run.stderr, fixture)


def test_every_rule_has_a_fixture() -> None:
    if not RULES.is_dir():
        pytest.skip(f"the kernel's rules are not at {RULES} (set REFACTOR_KERNEL_RULES)")
    rules = sorted(str(r.relative_to(RULES)) for r in RULES.rglob("*.cocci"))
    assert [r for r in rules if kernel_rules.fixture_of(r) is None] == []


@pytest.mark.parametrize("name", fixtures())
def test_fixture_findings_agree_with_spatch(name: str, request, monkeypatch) -> None:
    rule = RULES / name
    if not rule.is_file():
        pytest.skip(f"the kernel's rule is not at {rule} (set REFACTOR_KERNEL_RULES to a scripts/coccinelle)")
    if SPATCH is None:
        pytest.skip("spatch (Debian package coccinelle) is not installed")
    fixture = kernel_rules.fixture_of(name)
    theirs = spatch_result(rule, fixture, request.config.cache)
    assert theirs["status"] == "ok", theirs.get("error")
    ours = ours_result(rule, fixture, monkeypatch)
    if ours["status"] == "unsupported":
        pytest.xfail(ours["error"])
    if name in KNOWN_DIFFERENCES:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[name], strict=True))
    assert ours["status"] == "ok", ours.get("error")
    headers = "--include-headers" in kernel_rules.rule_options(rule.read_text(errors="replace"))
    comparison = kernel_rules.compare(ours, theirs, headers)
    assert (comparison["only_ours"], comparison["only_spatch"]) == ([], [])

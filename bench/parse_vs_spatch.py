#!/usr/bin/env python3
"""Benchmark: `refactor parse` against `spatch --parse-ch` on directories of a Linux kernel tree.

Both tools read the same .c and .h files, one after the other (never at the same time, so that
neither steals the other's core), and we print side by side how much each understood (good
lines, files parsed perfectly), how long it took (wall and CPU seconds, lines per second) and
how much memory it needed (peak RSS).  This is a measurement, not a test: it never fails
because one tool is slower or parses less than the other.

    python3 bench/parse_vs_spatch.py                  # mm and kernel of Linux 6.1, 1 job
    python3 bench/parse_vs_spatch.py --quick          # mm only
    python3 bench/parse_vs_spatch.py --tree ~/linux --dirs fs/ext4 net/ipv4 --jobs 2
    python3 bench/parse_vs_spatch.py --json-out /tmp/bench.json

Without --tree, the kernel comes from Debian's linux-source-6.1 package, downloaded and
unpacked once into a cache directory outside the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "linux-source-6.1"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = ("mm", "kernel")
QUICK_DIRS = ("mm",)
TOP_CAUSES = 10
# Above this many files, spatch first probes the stack with a 2,000,000-deep recursion
# (Common.check_stack_nbfiles) and dies of "Stack overflow" under the usual 8 MB limit.
SPATCH_STACK_PROBE_FILES = 200

# `refactor parse --failures` lines: "path:line:col: reason".
OUR_FAILURE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): ")
# Other per-file problems `refactor parse` reports on stderr (unreadable, crash, round-trip).
OUR_FILE_PROBLEM = re.compile(r"^(?P<path>.+?): (?:cannot read|internal error|does not round-trip)")

# spatch's final statistics, on stdout (parsing_c/parsing_stat.ml, print_parsing_stat_list).
SPATCH_FILES = re.compile(
    r"NB total files = (?P<files>\d+); perfect = (?P<perfect>\d+); pbs = (?P<pbs>\d+); "
    r"timeout = (?P<timeout>\d+);"
)
SPATCH_PASSED = re.compile(r"nb good = (?P<good>\d+),\s+nb passed = (?P<passed>\d+)")
SPATCH_BAD = re.compile(r"nb good = (?P<good>\d+),\s+nb bad = (?P<bad>\d+) =+> (?P<percent>[\d.]+)% good or passed")
# On stderr: the file being parsed, headers it pulls in, each error and the token ranking.
SPATCH_PARSING = re.compile(r"^PARSING: (?P<path>.+)$")
SPATCH_INCLUDING = re.compile(r"^including (?P<path>.+)$")
SPATCH_ERROR_AT = re.compile(r'^\s*=\s*File "(?P<path>[^"]+)", line (?P<line>\d+)')
SPATCH_SHOWN = re.compile(r"^(?:bad:|BAD:!!!!!) ?(?P<text>.*)$")
SPATCH_TOKEN = re.compile(r"^(?P<token>.+): present in (?P<count>\d+) parsing errors$")


@dataclass
class Measured:
    """One child process's outcome and its own resource use (not its predecessors')."""

    command: list[str]
    returncode: int
    wall_seconds: float
    user_seconds: float
    system_seconds: float
    peak_rss_mb: float
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)

    @property
    def cpu_seconds(self) -> float:
        return self.user_seconds + self.system_seconds


# --------------------------------------------------------------------------------------------
# The kernel tree
# --------------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/refactor-bench, so that the 130 MB download survives across runs."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "refactor-bench"


def refuse_inside_repo(path: Path) -> None:
    """Kernel code must never end up in our repository (licence, size, `git add -A` accidents)."""
    resolved = path.resolve()
    if resolved == REPO_ROOT or REPO_ROOT in resolved.parents:
        sys.exit(f"error: {path} is inside the repository {REPO_ROOT}; choose a cache directory outside it")


def say(message: str) -> None:
    """Progress on stderr, so that stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def run_visibly(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a setup command, telling the user what is being run where."""
    say(f"$ (cd {cwd} && {' '.join(command)})")
    return subprocess.run(command, cwd=cwd, stdout=sys.stderr)


def download_deb(cache_dir: Path) -> Path:
    """Fetch the linux-source .deb with apt; refresh the package lists once if apt does not know it."""
    debs = sorted(cache_dir.glob(f"{PACKAGE}_*.deb"))
    if debs:
        say(f"using {debs[-1]}")
        return debs[-1]
    if run_visibly(["apt-get", "download", PACKAGE], cache_dir).returncode != 0:
        if run_visibly(["apt-get", "update"], cache_dir).returncode != 0:
            sys.exit("error: apt-get update failed; give a kernel tree with --tree")
        if run_visibly(["apt-get", "download", PACKAGE], cache_dir).returncode != 0:
            sys.exit(f"error: apt-get download {PACKAGE} failed; give a kernel tree with --tree")
    debs = sorted(cache_dir.glob(f"{PACKAGE}_*.deb"))
    if not debs:
        sys.exit(f"error: apt-get download left no {PACKAGE}_*.deb in {cache_dir}")
    return debs[-1]


def ensure_tree(cache_dir: Path) -> Path:
    """The cached kernel tree, downloaded and unpacked on first use."""
    refuse_inside_repo(cache_dir)
    tree = cache_dir / PACKAGE
    if tree.is_dir():
        say(f"using cached kernel tree {tree}")
        return tree
    cache_dir.mkdir(parents=True, exist_ok=True)
    deb = download_deb(cache_dir)
    unpacked = cache_dir / "deb"
    tarball = unpacked / "usr" / "src" / f"{PACKAGE}.tar.xz"
    if not tarball.is_file():
        if run_visibly(["dpkg-deb", "-x", str(deb), str(unpacked)], cache_dir).returncode != 0:
            sys.exit(f"error: dpkg-deb -x {deb} failed")
    if run_visibly(["tar", "-xf", str(tarball)], cache_dir).returncode != 0 or not tree.is_dir():
        sys.exit(f"error: extracting {tarball} did not produce {tree}")
    return tree


def c_files(directory: Path) -> list[Path]:
    """The .c and .h files below `directory`, walked like `refactor parse` walks it."""
    found = []
    for parent, subdirs, names in os.walk(directory):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        for name in names:
            path = Path(parent, name)
            if name.endswith((".c", ".h")) and not path.is_symlink():
                found.append(path)
    return sorted(found)


def warm_page_cache(files: list[Path]) -> None:
    """Read every file once so that whichever tool runs first does not pay for the disk alone."""
    for path in files:
        path.read_bytes()


# --------------------------------------------------------------------------------------------
# Running and measuring a child
# --------------------------------------------------------------------------------------------


def run_measured(command: list[str], unlimited_stack: bool = False, cwd: Path | None = None,
                 env: dict[str, str] | None = None) -> Measured:
    """Run `command` (in `cwd`, with `env`) to completion and measure that process tree alone.

    os.wait4 gives the rusage of exactly this child (plus the workers it reaped).  The
    RUSAGE_CHILDREN high-water mark would not do for RSS: it is a maximum over every child so
    far, so the second tool would inherit the first one's peak.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env,
                                   preexec_fn=raise_stack_limit if unlimited_stack else None)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            command=command,
            returncode=process.returncode,
            wall_seconds=wall,
            user_seconds=usage.ru_utime,
            system_seconds=usage.ru_stime,
            peak_rss_mb=usage.ru_maxrss / 1024.0,  # kilobytes on Linux
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def raise_stack_limit() -> None:
    """In the child: the largest stack allowed (what `ulimit -s unlimited` does), for spatch."""
    _, hard = resource.getrlimit(resource.RLIMIT_STACK)
    resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))


def resource_figures(measured: Measured, lines: int) -> dict:
    """Time and memory, with lines/s computed on the same line count for both tools."""
    return {
        "returncode": measured.returncode,
        "wall_seconds": round(measured.wall_seconds, 3),
        "cpu_seconds": round(measured.cpu_seconds, 3),
        "user_seconds": round(measured.user_seconds, 3),
        "system_seconds": round(measured.system_seconds, 3),
        "lines_per_second": round(lines / measured.wall_seconds) if measured.wall_seconds else 0,
        "lines_per_cpu_second": round(lines / measured.cpu_seconds) if measured.cpu_seconds else 0,
        "peak_rss_mb": round(measured.peak_rss_mb, 1),
    }


# --------------------------------------------------------------------------------------------
# Ours
# --------------------------------------------------------------------------------------------


def refactor_command() -> list[str]:
    """The installed console script, or the module when only the source is importable."""
    script = shutil.which("refactor")
    return [script] if script else [sys.executable, "-m", "refactor.cli"]


def files_with_problems_ours(stderr: str) -> set[str]:
    """Files with at least one failed definition, or unreadable, crashing or not round-tripping."""
    bad = set()
    for line in stderr.splitlines():
        match = OUR_FAILURE.match(line) or OUR_FILE_PROBLEM.match(line)
        if match:
            bad.add(os.path.normpath(match["path"]))
    return bad


def run_ours(directory: Path, jobs: int) -> tuple[dict, Measured]:
    """`refactor parse --json --failures`: its own report plus the files that had failures."""
    command = refactor_command() + ["parse", "--json", "--failures", "--top", str(TOP_CAUSES), "-j", str(jobs), str(directory)]
    say(f"$ {' '.join(command)}")
    measured = run_measured(command)
    try:
        report = json.loads(measured.stdout)
    except json.JSONDecodeError:
        say(f"refactor parse exited {measured.returncode} without a JSON report:\n{measured.stderr[-2000:]}")
        return {"error": f"exit status {measured.returncode}, no JSON report"}, measured
    bad = files_with_problems_ours(measured.stderr)
    report["imperfect_files"] = sorted(bad)
    report["perfect_files"] = report["files"] - len(bad)
    return report, measured


# --------------------------------------------------------------------------------------------
# spatch
# --------------------------------------------------------------------------------------------


def spatch_version(spatch: str) -> str:
    """First line of `spatch --version`, recorded because heuristics change between releases."""
    result = subprocess.run([spatch, "--version"], capture_output=True, text=True)
    return (result.stdout or result.stderr).splitlines()[0] if (result.stdout or result.stderr) else "unknown"


def parse_spatch_summary(stdout: str) -> dict:
    """The three statistics lines spatch prints last on stdout.

    spatch counts lines of top-level elements parsed ("good"), lines of failed ones ("bad")
    and tokens its heuristics skipped as comments ("passed"); its percentage is
    (good + passed) / (good + bad + passed), which we keep, next to plain good / (good + bad).
    """
    files = SPATCH_FILES.search(stdout)
    passed = SPATCH_PASSED.search(stdout)
    bad = SPATCH_BAD.search(stdout)
    if not (files and passed and bad):
        return {"error": "spatch printed no statistics"}
    good, bad_lines = int(bad["good"]), int(bad["bad"])
    total_files = int(files["files"])
    return {
        "files": total_files,
        "perfect_files": int(files["perfect"]),
        "perfect_files_percent": round(100.0 * int(files["perfect"]) / total_files, 2) if total_files else 100.0,
        "files_with_problems": int(files["pbs"]),
        "timeouts": int(files["timeout"]),
        "good_lines": good,
        "bad_lines": bad_lines,
        "passed": int(passed["passed"]),
        "lines": good + bad_lines,
        "good_or_passed_percent": float(bad["percent"]),
        "good_lines_percent": round(100.0 * good / (good + bad_lines), 2) if good + bad_lines else 100.0,
    }


@dataclass
class SpatchError:
    """One error in spatch's log: the file being parsed, where it points, and the lines it shows."""

    parsing: str
    where: str
    kind: str
    shown: list[str] = field(default_factory=list)


def spatch_errors(stderr: str) -> tuple[list[SpatchError], set[str], list[list]]:
    """The errors of the log, the headers spatch parsed as includes, and its token ranking.

    After ` = File "path", line N` come `  around = ...`, `  whole content = ...`,
    `badcount: N`, then the lines of the failed element as `bad: text` / `BAD:!!!!! text`.
    """
    errors: list[SpatchError] = []
    includes: set[str] = set()
    tokens: list[list] = []
    current, previous, collecting = "", "", False
    for line in stderr.splitlines():
        if collecting:
            if shown := SPATCH_SHOWN.match(line):
                errors[-1].shown.append(shown["text"])
                continue
            if line.startswith("  ") or line.startswith("badcount:"):
                continue
            collecting = False
        if match := SPATCH_PARSING.match(line):
            current = os.path.normpath(match["path"])
        elif match := SPATCH_INCLUDING.match(line):
            includes.add(os.path.normpath(match["path"]))
        elif match := SPATCH_ERROR_AT.match(line):
            errors.append(SpatchError(current, os.path.normpath(match["path"]), previous.strip() or "error"))
            collecting = True
        elif match := SPATCH_TOKEN.match(line):
            tokens.append([match["token"], int(match["count"])])
        previous = line
    return errors, includes, tokens


def counts_against_parsed_file(error: SpatchError, includes: set[str], lines_of: dict[str, set[str]]) -> bool:
    """Whether spatch counts this error against the file it is parsing (its "pbs").

    Errors in a header parsed only for type information ("including") do not count; errors
    in the file do.  Errors inside a macro expansion point into the macro file (standard.h):
    they count when the lines shown are the parsed file's, not an included header's.
    """
    if error.where == error.parsing:
        return True
    if error.where in includes:
        return False
    if error.parsing not in lines_of:
        try:
            text = Path(error.parsing).read_text(errors="replace")
        except OSError:
            text = ""
        lines_of[error.parsing] = {line.strip() for line in text.splitlines()}
    shown = [line.strip() for line in error.shown if line.strip()]
    return all(line in lines_of[error.parsing] for line in shown)


def parse_spatch_log(stderr: str) -> dict:
    """Which files spatch failed on, the kinds of errors, and its "most problematic tokens"."""
    errors, includes, tokens = spatch_errors(stderr)
    lines_of: dict[str, set[str]] = {}
    bad_files: set[str] = set()
    kinds: dict[str, int] = {}
    for error in errors:
        if counts_against_parsed_file(error, includes, lines_of):
            bad_files.add(error.parsing)
            kind = error.kind
        else:
            kind = "(in an included header, not counted)"
        kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "imperfect_files": sorted(bad_files),
        "error_kinds": sorted(([k, n] for k, n in kinds.items()), key=lambda kn: -kn[1]),
        "most_problematic_tokens": tokens[:TOP_CAUSES],
    }


def run_spatch(spatch: str, directory: Path, jobs: int) -> tuple[dict, Measured]:
    """`spatch --parse-ch DIR`: .c and .h files, the same input `refactor parse` reads.

    (--parse-c would skip the headers.)  -j is passed only when we run ours with more than one
    job, so that a 1-job comparison is per core for both.  The stack limit is raised because
    spatch needs it above 200 files (see SPATCH_STACK_PROBE_FILES).
    """
    command = [spatch, "--parse-ch", str(directory)]
    if jobs > 1:
        command[1:1] = ["-j", str(jobs)]
    say(f"$ {' '.join(command)}")
    measured = run_measured(command, unlimited_stack=True)
    report = parse_spatch_summary(measured.stdout)
    if "error" in report:
        last = measured.stderr.strip().splitlines()[-1:] or [""]
        report["error"] = f"exit status {measured.returncode}, no statistics: {last[0]}"
        say(f"spatch exited {measured.returncode} without statistics:\n{measured.stderr[-2000:]}")
        return report, measured
    log = parse_spatch_log(measured.stderr)
    report.update(log)
    if len(log["imperfect_files"]) != report["files_with_problems"]:
        report["note"] = (f"{len(log['imperfect_files'])} files with errors found in the log, "
                          f"spatch counts {report['files_with_problems']}")
    return report, measured


# --------------------------------------------------------------------------------------------
# One directory, side by side
# --------------------------------------------------------------------------------------------


def ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 2) if theirs else None


def benchmark_directory(tree: Path, name: str, jobs: int, spatch: str | None) -> dict:
    """Run both tools on tree/name, ours first, and gather every figure."""
    directory = tree / name
    files = c_files(directory)
    say(f"\n== {name}: {len(files)} .c/.h files; warming the page cache")
    warm_page_cache(files)
    ours, ours_run = run_ours(directory, jobs)
    lines = int(ours.get("lines") or 0) or sum(p.read_bytes().count(b"\n") for p in files)
    result = {"directory": name, "path": str(directory), "files_found": len(files), "lines": lines,
              "ours": {**ours, **resource_figures(ours_run, lines)}}
    if spatch is None:
        return result
    theirs, spatch_run = run_spatch(spatch, directory, jobs)
    result["spatch"] = {**theirs, **resource_figures(spatch_run, lines)}
    if len(files) > SPATCH_STACK_PROBE_FILES:
        result["spatch"]["stack_probe"] = True
    if "error" in theirs or "error" in ours:
        return result
    result["ratios_ours_over_spatch"] = {
        key: ratio(result["ours"][key], result["spatch"][key])
        for key in ("wall_seconds", "cpu_seconds", "lines_per_second", "peak_rss_mb")
    }
    result["imperfect_files_overlap"] = overlap(ours.get("imperfect_files", []), theirs.get("imperfect_files", []))
    return result


def overlap(ours: list[str], theirs: list[str]) -> dict:
    """How many imperfect files the tools share: tells heuristics that help one but not the other."""
    a, b = set(ours), set(theirs)
    return {"both": len(a & b), "only_ours": len(a - b), "only_spatch": len(b - a),
            "only_ours_files": sorted(a - b), "only_spatch_files": sorted(b - a)}


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def fmt(value, digits: int = 2) -> str:
    """Numbers for the table: thousands separators for counts, fixed decimals otherwise."""
    if value is None or value == "":
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def percent_of(part: int, whole: int) -> str:
    return f"{part:,} ({100.0 * part / whole:.1f}%)" if whole else f"{part:,}"


def table_rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(label, ours, spatch, ours/spatch) rows for one directory."""
    o = {} if "error" in result["ours"] else result["ours"]
    s = {} if "error" in result.get("spatch", {"error": ""}) else result["spatch"]
    r = result.get("ratios_ours_over_spatch", {})
    return [
        ("files", fmt(o.get("files")), fmt(s.get("files")), ""),
        ("lines (ours: wc -l; spatch: good+bad)", fmt(o.get("lines")), fmt(s.get("lines")), ""),
        ("definitions parsed %", f"{fmt(o.get('definitions_parsed_percent'))} of {fmt(o.get('definitions'))}", "-", ""),
        ("good lines %", fmt(o.get("good_lines_percent")), fmt(s.get("good_lines_percent")), ""),
        ("good or passed % (spatch's figure)", "-", fmt(s.get("good_or_passed_percent")), ""),
        ("perfectly parsed files", percent_of(o.get("perfect_files", 0), o.get("files", 0)) if o else "-",
         percent_of(s.get("perfect_files", 0), s.get("files", 0)) if s else "-", ""),
        ("wall seconds", fmt(o.get("wall_seconds")), fmt(s.get("wall_seconds")), fmt(r.get("wall_seconds"))),
        ("CPU seconds (user+sys)", fmt(o.get("cpu_seconds")), fmt(s.get("cpu_seconds")), fmt(r.get("cpu_seconds"))),
        ("lines/s (wall)", fmt(o.get("lines_per_second")), fmt(s.get("lines_per_second")), fmt(r.get("lines_per_second"))),
        ("peak RSS MB", fmt(o.get("peak_rss_mb"), 1), fmt(s.get("peak_rss_mb"), 1), fmt(r.get("peak_rss_mb"))),
    ]


def print_directory(result: dict) -> None:
    """The side-by-side table, then what each tool stumbled on."""
    print(f"\n=== {result['directory']}  ({result['path']})")
    rows = [("", "refactor", "spatch", "ours/spatch")] + table_rows(result)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print(f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}")
    ours, theirs = result["ours"], result.get("spatch", {})
    for tool, report in (("refactor", ours), ("spatch", theirs)):
        if "error" in report:
            print(f"  {tool} FAILED: {report['error']}")
    if theirs.get("stack_probe"):
        print(f"  note: spatch's peak RSS includes the stack probe it makes above {SPATCH_STACK_PROBE_FILES} files"
              " (a 2,000,000-deep recursion, about 155 MB with spatch 1.1.1)")
    if ours.get("roundtrip_failures") or ours.get("crashes") or ours.get("unreadable_files"):
        print(f"  ours: round-trip failures {ours['roundtrip_failures']}, crashes {ours['crashes']}, "
              f"unreadable {ours.get('unreadable_files', 0)}")
    if "imperfect_files_overlap" in result:
        o = result["imperfect_files_overlap"]
        print(f"  imperfect files: {o['both']} in both, {o['only_ours']} only ours, {o['only_spatch']} only spatch")
    if theirs.get("note"):
        print(f"  note: {theirs['note']}")
    print_ranking("our top failure causes", ours.get("failure_causes", []))
    print_ranking("spatch's most problematic tokens", theirs.get("most_problematic_tokens", []))
    print_ranking("spatch's error kinds", theirs.get("error_kinds", []))


def print_ranking(title: str, ranking: list) -> None:
    if not ranking:
        return
    print(f"  {title}:")
    for cause, count in ranking[:TOP_CAUSES]:
        print(f"    {count:>6}  {cause}")


def print_summary(results: list[dict]) -> None:
    """One line per directory, for a quick look across runs."""
    if "spatch" not in results[0]:
        return
    print("\n=== summary (good lines %, perfect files %, wall s; ratio = ours/spatch wall time)")
    print(f"  {'dir':<10} {'lines':>9} {'ours good':>9} {'sp good':>8} {'ours perf':>9} {'sp perf':>8} "
          f"{'ours s':>7} {'sp s':>7} {'ratio':>6}")
    for r in results:
        o, s = r["ours"], r["spatch"]
        if "error" in o or "error" in s:
            print(f"  {r['directory']:<10} {r['lines']:>9,}  (a tool failed, see above)")
            continue
        ours_perfect = 100.0 * o.get("perfect_files", 0) / o["files"] if o.get("files") else 0.0
        print(f"  {r['directory']:<10} {r['lines']:>9,} {o.get('good_lines_percent', 0):>9.2f} "
              f"{s.get('good_lines_percent', 0):>8.2f} {ours_perfect:>9.1f} {s.get('perfect_files_percent', 0):>8.1f} "
              f"{o['wall_seconds']:>7.2f} {s['wall_seconds']:>7.2f} {fmt(r['ratios_ours_over_spatch']['wall_seconds']):>6}")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Compare `refactor parse` with `spatch --parse-ch` on directories of a Linux tree.")
    parser.add_argument("--tree", type=Path, help="kernel tree to use (default: Debian's linux-source-6.1, cached)")
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir(),
                        help="where linux-source-6.1 is downloaded and unpacked (default: %(default)s)")
    parser.add_argument("--dirs", nargs="+", default=list(DEFAULT_DIRS),
                        help="directories relative to the tree (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="only mm, for a fast check")
    parser.add_argument("--jobs", "-j", type=int, default=1,
                        help="worker processes for both tools (default: 1, so lines/s is per core)")
    parser.add_argument("--spatch", default=shutil.which("spatch"), help="spatch executable (default: from PATH)")
    parser.add_argument("--json-out", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.dirs = list(QUICK_DIRS)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat; None elsewhere than Linux."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def busy_cores(seconds: float = 1.0) -> float | None:
    """How many cores other processes keep busy right now: they would skew every timing.

    Sampled over a second rather than read from the load average, which lags by minutes.
    """
    before = cpu_ticks()
    time.sleep(seconds)
    after = cpu_ticks()
    if before is None or after is None or after[1] == before[1]:
        return None
    cores = os.cpu_count() or 1
    return round(cores * (after[0] - before[0]) / (after[1] - before[1]), 2)


def git_commit() -> str:
    """Our commit, so that a JSON result can be tied to the code that produced it."""
    result = subprocess.run(["git", "-C", str(REPO_ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tree = args.tree if args.tree else ensure_tree(args.cache_dir)
    if not tree.is_dir():
        sys.exit(f"error: no kernel tree at {tree}")
    spatch = args.spatch if args.spatch and shutil.which(args.spatch) else None
    if spatch is None:
        say("spatch not found: measuring refactor alone")
    missing = [d for d in args.dirs if not (tree / d).is_dir()]
    if missing:
        sys.exit(f"error: not directories of {tree}: {' '.join(missing)}")
    load = busy_cores()
    if load is not None and load > 0.3:
        say(f"warning: other processes keep {load} cores busy; the timings will be skewed")
    results = [benchmark_directory(tree, name, args.jobs, spatch) for name in args.dirs]
    print(f"refactor {git_commit()} vs {spatch_version(spatch) if spatch else 'no spatch'}; "
          f"jobs {args.jobs}; cores busy before start {load}; tree {tree}")
    for result in results:
        print_directory(result)
    print_summary(results)
    if args.json_out:
        document = {"tree": str(tree), "jobs": args.jobs, "cores_busy_before_start": load, "refactor_commit": git_commit(),
                    "spatch_version": spatch_version(spatch) if spatch else None,
                    "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "directories": results}
        args.json_out.write_text(json.dumps(document, indent=2) + "\n")
        say(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `refactor` command line."""
from __future__ import annotations

import json
import signal
import sys

import click

from refactor import runner
from refactor.parse_report import Totals, parse_file_stats

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FILES_FAILED = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="refactor")
def main() -> None:
    """Semantic patches for C, in the spirit of Coccinelle.

    A rule file with script rules (@script:python@, @initialize:python@, @finalize:python@)
    runs their Python code with your permissions, as spatch does: read a rule file before you
    run it, or pass --no-scripts to refuse rule files that would run code.

    Exit status: 0 the run worked; 1 a rule test failed (`test`) or `check` found something; 2
    usage or rule error; 3 some files could not be read, did not round-trip, or could not be
    changed.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--failures", is_flag=True, help="Also list every definition that did not parse, as path:line:col.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="How many failure causes to list.")
def parse(paths: tuple[str, ...], as_json: bool, jobs: int | None, failures: bool, top: int) -> None:
    """Parse the .c and .h files under PATHS and report how much was understood.

    Like `spatch --parse-c`: files, definitions, definitions parsed, lines, lines inside parsed
    definitions, round-trip failures, time, and the most frequent failure causes.
    """
    files = runner.c_files(paths)
    totals = Totals()
    problem_files = []
    for stats in runner.run_each(parse_file_stats, files, jobs or runner.default_jobs()):
        totals.add(stats)
        if stats.error or stats.crash or stats.roundtrip_problems:
            problem_files.append(stats)
        if failures:
            for failure in stats.failures:
                click.echo(str(failure), err=as_json)
    totals.finish()
    for stats in problem_files:
        message = stats.error or stats.crash or f"{stats.path}: does not round-trip: {'; '.join(stats.roundtrip_problems)}"
        click.echo(message, err=True)
    if as_json:
        click.echo(json.dumps(totals.as_json(top), indent=2))
    else:
        click.echo(totals.as_text(top))
    sys.exit(EXIT_FILES_FAILED if problem_files else EXIT_OK)


def _load_patterns(rule_path: str, defines: tuple[str, ...], no_scripts: bool = False, rule_file=None):
    """Parse and compile the rules of a rule file that the -D names let run, or exit 2 with the
    rule error (or, with --no-scripts, naming the first script that would run)."""
    from refactor.smpl.model import SmplError
    from refactor.smpl.rule_set import compile_rules, first_python

    try:
        rule_file = rule_file or _parse_rule_file(rule_path)
        unknown = sorted(set(defines) - set(rule_file.virtuals))
        if unknown:
            raise click.UsageError(f"-D {unknown[0]}: not a virtual rule of {rule_path}")
        patterns = compile_rules(rule_file, rule_path, frozenset(defines))
    except SmplError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    python = first_python(patterns) if no_scripts else None
    if python is not None:
        click.echo(f"{rule_path}:{python[0]}: error: --no-scripts: this rule file runs Python code ({python[1]})", err=True)
        sys.exit(EXIT_USAGE)
    return patterns


def _parse_rule_file(rule_path: str):
    from refactor.smpl.parser import parse_rule_file

    with open(rule_path, encoding="utf-8", errors="surrogateescape") as f:
        return parse_rule_file(f.read(), rule_path)


def _rule_run_options(command):
    """The arguments and options shared by the commands that run a rule over files."""
    for decorator in reversed((
        click.argument("rule", type=click.Path(exists=True, dir_okay=False)),
        click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True)),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores)."),
        click.option("-D", "defines", multiple=True, metavar="NAME", help="Define a virtual rule name."),
        click.option(
            "-I", "include_dirs", multiple=True, metavar="DIR", type=click.Path(file_okay=False),
            help="Directory of headers to read declarations from, for typed metavariables.",
        ),
        click.option("--no-scripts", is_flag=True, help="Refuse a rule file whose script rules would run Python code (exit 2)."),
    )):
        command = decorator(command)
    return command


def _headers(include_dirs: tuple[str, ...]) -> list[str]:
    return [f for f in runner.c_files(include_dirs) if f.endswith(".h")]


def _changes(rule, paths, jobs, defines, include_dirs, failures: list[str], no_scripts=False, on_printed=None, patterns=None):
    """Each file's FileChange, in order; a file that failed is reported on stderr, listed in
    `failures`, and not yielded. What scripts print outside files (initialize, finalize) and on
    each file goes to `on_printed` (default: stdout), files in order."""
    from refactor.engine.run_files import WholeRun, transform_files
    from refactor.scripts.host import ScriptError

    on_printed = on_printed or _echo_printed
    if patterns is None:
        patterns = _load_patterns(rule, defines, no_scripts)
    files = runner.c_files(paths)
    whole = WholeRun.of(patterns)
    try:
        if whole is not None:
            on_printed(whole.initialize())
        for result in transform_files(
            patterns, files, frozenset(defines), jobs or runner.default_jobs(), _headers(include_dirs),
            host=whole.host if whole else None,
        ):
            on_printed(result.reports)
            if result.error:
                click.echo(result.error, err=True)
                failures.append(result.path)
                continue
            yield result
        if whole is not None:
            on_printed(whole.finalize())
    except ScriptError as error:  # an initialize or finalize script raised
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)


def _echo_printed(printed) -> None:
    for item in printed:
        if item.text:
            click.echo(item.text, nl=False)


@main.command()
@_rule_run_options
def diff(rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
         no_scripts: bool) -> None:
    """Apply RULE to the .c and .h files under PATHS and print the changes as a unified diff.

    Nothing is written: this is the dry run of `refactor apply`. The diff's paths are relative to
    the current directory, so `git apply` or `patch -p1` can apply it. Code that `*` lines
    (context mode) match shows as removed lines, as spatch shows it; what scripts print comes
    before each file's diff.
    """
    if hasattr(signal, "SIGPIPE") and sys.stdout is sys.__stdout__:  # not when embedded (tests)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `refactor diff ... | head` ends like diff does
    out = sys.stdout.buffer  # the diff is written as bytes: non-UTF-8 source bytes survive
    failures: list[str] = []
    for result in _changes(rule, paths, jobs, defines, include_dirs, failures, no_scripts):
        if result.diff:
            out.write(result.diff)
            out.flush()
    sys.exit(EXIT_FILES_FAILED if failures else EXIT_OK)


@main.command()
@_rule_run_options
def apply(rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
          no_scripts: bool) -> None:
    """Apply RULE to the .c and .h files under PATHS, writing changed files in place.

    Each file is written atomically (a temporary file renamed over it); unchanged files are not
    touched. The changed files are listed.
    """
    from refactor.output.write import WriteError, write_atomic

    failures: list[str] = []
    for result in _changes(rule, paths, jobs, defines, include_dirs, failures, no_scripts):
        if result.new_bytes is None:
            continue
        try:
            if write_atomic(result.path, result.new_bytes):
                click.echo(result.path)
        except WriteError as error:
            click.echo(str(error), err=True)
            failures.append(result.path)
    sys.exit(EXIT_FILES_FAILED if failures else EXIT_OK)


@main.command()
@_rule_run_options
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option("--sarif", is_flag=True, help="Print the findings as SARIF 2.1.0 (columns from 1).")
def check(rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
          no_scripts: bool, as_json: bool, sarif: bool) -> None:
    """Run RULE over the .c and .h files under PATHS and print what it finds.

    Findings are what the rule's scripts report (coccilib.report.print_report, org TODOs) and
    the matches of its `*` lines (context mode). Without -D, the virtual rule `report` is
    defined (as `-D report`) when the rule file declares it, as the kernel's rules expect.
    Nothing is written. One finding per line, `path:line:col: message`, sorted; columns count
    from 0, as spatch prints them. Other script output goes to stderr.

    Exit status: 0 no findings, 1 findings, 2 usage or rule error, 3 some files failed.
    """
    from refactor.output import report

    if as_json and sarif:
        raise click.UsageError("--json and --sarif: choose one")
    rule_file = _parse_rule_file_or_exit(rule)
    if not defines and "report" in rule_file.virtuals:
        defines = ("report",)
    patterns = _load_patterns(rule, defines, no_scripts, rule_file)
    findings = []

    def collect(printed) -> None:
        for item in printed:
            if item.finding is not None:
                findings.append(item.finding)
            elif item.text:
                click.echo(item.text, nl=False, err=True)

    failures: list[str] = []
    for _ in _changes(rule, paths, jobs, defines, include_dirs, failures, no_scripts, collect, patterns):
        pass
    if sarif:
        from importlib.metadata import PackageNotFoundError, version

        try:
            tool_version = version("refactor")
        except PackageNotFoundError:
            tool_version = "0"
        click.echo(report.as_sarif(findings, tool_version, rule), nl=False)
    elif as_json:
        click.echo(report.as_json(findings), nl=False)
    else:
        click.echo(report.as_text(findings), nl=False)
    sys.exit(EXIT_FILES_FAILED if failures else EXIT_FINDINGS if findings else EXIT_OK)


def _parse_rule_file_or_exit(rule_path: str):
    from refactor.smpl.model import SmplError

    try:
        return _parse_rule_file(rule_path)
    except SmplError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)


@main.command(name="test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--exact", is_flag=True, help="Compare bytes, not tokens.")
@click.option("-D", "defines", multiple=True, metavar="NAME", help="Define a virtual rule name.")
def test_command(paths: tuple[str, ...], exact: bool, defines: tuple[str, ...]) -> None:
    """Run rule tests: each NAME.cocci with NAME.c (and NAME_verN.c), compared with NAME.res.

    Without a .res file the output must equal the input. Tokens are compared, as
    `spatch --testall` does; --exact compares bytes.
    """
    from refactor import testing

    passed = failed = 0
    for rule_test in testing.discover(list(paths)):
        for verdict in testing.run(rule_test, exact, frozenset(defines)):
            if verdict.passed:
                passed += 1
                click.echo(f"ok    {verdict.source}")
            else:
                failed += 1
                click.echo(f"FAIL  {verdict.source}: {verdict.message}")
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


if __name__ == "__main__":
    main()

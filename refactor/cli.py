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

    Exit status: 0 the run worked; 1 a rule test failed (`test`); 2 usage or rule error; 3 some
    files could not be read, did not round-trip, or could not be changed.
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


def _load_patterns(rule_path: str, defines: tuple[str, ...]):
    """Parse and compile a rule file, or exit 2 with the rule error."""
    from refactor.smpl.compile import compile_rule
    from refactor.smpl.model import SmplError
    from refactor.smpl.parser import parse_rule_file

    try:
        with open(rule_path, encoding="utf-8", errors="surrogateescape") as f:
            rule_file = parse_rule_file(f.read(), rule_path)
        unknown = sorted(set(defines) - set(rule_file.virtuals))
        if unknown:
            raise click.UsageError(f"-D {unknown[0]}: not a virtual rule of {rule_path}")
        return [compile_rule(rule, rule_path) for rule in rule_file.rules]
    except SmplError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)


def _rule_run_options(command):
    """The arguments and options shared by the commands that run a rule over files."""
    for decorator in reversed((
        click.argument("rule", type=click.Path(exists=True, dir_okay=False)),
        click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True)),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores)."),
        click.option("-D", "defines", multiple=True, metavar="NAME", help="Define a virtual rule name."),
        click.option(
            "-I", "include_dirs", multiple=True, metavar="DIR", type=click.Path(file_okay=False),
            help="Where #include <...> finds headers, whose declarations type expressions for typed metavariables.",
        ),
        click.option("-v", "--verbose", is_flag=True, help="Say where an unknown type kept a typed metavariable from matching."),
        click.option(
            "--no-cache", is_flag=True,
            help="Neither read nor write the on-disk cache of header declarations (also: REFACTOR_NO_CACHE=1).",
        ),
    )):
        command = decorator(command)
    return command


def _changes(rule, paths, jobs, defines, include_dirs, verbose: bool, no_cache: bool, failures: list[str]):
    """Each file's FileChange, in order; a file that failed is reported on stderr, listed in
    `failures`, and not yielded. With `verbose`, notes on unknown types go to stderr."""
    from refactor.c.symbol_cache import default_directory
    from refactor.engine.run_files import transform_files

    patterns = _load_patterns(rule, defines)
    files = runner.c_files(paths)
    cache = None if no_cache else default_directory()
    changes = transform_files(
        patterns, files, frozenset(defines), jobs or runner.default_jobs(), tuple(include_dirs),
        str(cache) if cache is not None else None, tuple(paths),
    )
    for result in changes:
        if verbose:
            for note in result.notes:
                click.echo(note, err=True)
        if result.error:
            click.echo(result.error, err=True)
            failures.append(result.path)
            continue
        yield result


@main.command()
@_rule_run_options
def diff(
    rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
    verbose: bool, no_cache: bool,
) -> None:
    """Apply RULE to the .c and .h files under PATHS and print the changes as a unified diff.

    Nothing is written: this is the dry run of `refactor apply`. The diff's paths are relative to
    the current directory, so `git apply` or `patch -p1` can apply it.
    """
    if hasattr(signal, "SIGPIPE") and sys.stdout is sys.__stdout__:  # not when embedded (tests)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `refactor diff ... | head` ends like diff does
    out = sys.stdout.buffer  # the diff is written as bytes: non-UTF-8 source bytes survive
    failures: list[str] = []
    for result in _changes(rule, paths, jobs, defines, include_dirs, verbose, no_cache, failures):
        if result.diff:
            out.write(result.diff)
            out.flush()
    sys.exit(EXIT_FILES_FAILED if failures else EXIT_OK)


@main.command()
@_rule_run_options
def apply(
    rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
    verbose: bool, no_cache: bool,
) -> None:
    """Apply RULE to the .c and .h files under PATHS, writing changed files in place.

    Each file is written atomically (a temporary file renamed over it); unchanged files are not
    touched. The changed files are listed.
    """
    from refactor.output.write import WriteError, write_atomic

    failures: list[str] = []
    for result in _changes(rule, paths, jobs, defines, include_dirs, verbose, no_cache, failures):
        if result.new_bytes is None:
            continue
        try:
            if write_atomic(result.path, result.new_bytes):
                click.echo(result.path)
        except WriteError as error:
            click.echo(str(error), err=True)
            failures.append(result.path)
    sys.exit(EXIT_FILES_FAILED if failures else EXIT_OK)


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

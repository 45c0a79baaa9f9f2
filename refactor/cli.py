"""The `refactor` command line."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from functools import partial
from pathlib import Path

import click

from refactor import runner
from refactor.progress import Progress

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FILES_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED = 128 + signal.SIGINT  # as a shell reports a process ended by Ctrl-C


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="refactor")
def main() -> None:
    """Semantic patches for C, in the spirit of Coccinelle.

    A rule file with script rules (@script:python@, @initialize:python@, @finalize:python@)
    runs their Python code with your permissions, as spatch does: read a rule file before you
    run it, or pass --no-scripts to refuse rule files that would run code.

    \b
    Exit status:
      0  the run worked (and found nothing, where findings count)
      1  findings: changes (`diff --exit-code`), failed rule tests (`test`),
         findings (`check`)
      2  usage or rule error (or a refused precondition's rule): nothing was run
      3  some files failed: unreadable, edits that would not parse or
         conflict, unwritable, over --timeout (the other files were done)
      130  interrupted (Ctrl-C): every file is wholly old or wholly new
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
    from refactor.parse_report import Totals, parse_file_stats

    files = runner.c_files(paths)
    totals = Totals()
    problem_files = []
    bar = Progress(len(files))
    for stats in runner.run_each(parse_file_stats, files, jobs or runner.default_jobs(), on_done=bar.update):
        totals.add(stats)
        if stats.error or stats.crash or stats.roundtrip_problems:
            problem_files.append(stats)
        if failures and stats.failures:
            with bar.suspended():
                for failure in stats.failures:
                    click.echo(str(failure), err=as_json)
    bar.close()
    totals.finish()
    for stats in problem_files:
        message = stats.error or stats.crash or f"{stats.path}: does not round-trip: {'; '.join(stats.roundtrip_problems)}"
        click.echo(message, err=True)
    if as_json:
        click.echo(json.dumps(totals.as_json(top), indent=2))
    else:
        click.echo(totals.as_text(top))
    sys.exit(EXIT_FILES_FAILED if problem_files else EXIT_OK)


def _load_patterns(rule_path: str, defines: tuple[str, ...], no_scripts: bool = False):
    """Parse, check and compile the rules of a rule file that the -D names let run, or exit 2
    with the rule error (or, with --no-scripts, naming the first script that would run);
    warnings go to stderr."""
    return _load(rule_path, defines, no_scripts)[0]


def _load(rule_path: str, defines: tuple[str, ...], no_scripts: bool, text: str | None = None):
    """_load_patterns (of `text`, when the caller read the file), and the rule file's summary
    when it runs no Python (refactor.engine.result_cache)."""
    from refactor.smpl.load import load_rule_file
    from refactor.smpl.model import SmplError
    from refactor.smpl.rule_set import first_python

    try:
        if text is None:
            text = _rule_text(rule_path)
        loaded = load_rule_file(text, rule_path, frozenset(defines))
    except SmplError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    unknown = sorted(set(defines) - set(loaded.rule_file.virtuals))
    if unknown:
        raise click.UsageError(f"-D {unknown[0]}: not a virtual rule of {rule_path}")
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    patterns = list(loaded.compiled)
    python = first_python(patterns)
    if python is not None and no_scripts:
        click.echo(f"{rule_path}:{python[0]}: error: --no-scripts: this rule file runs Python code ({python[1]})", err=True)
        sys.exit(EXIT_USAGE)
    if python is not None:
        return patterns, None
    from refactor.engine.result_cache import RuleSummary
    from refactor.engine.word_formula import file_tests

    summary = RuleSummary(loaded.rule_file.virtuals, tuple(str(w) for w in loaded.warnings),
                          file_tests(patterns, frozenset(defines)))
    return patterns, summary


def _rule_text(rule_path: str) -> str:
    with open(rule_path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def _load_rules(rule_path: str, defines: tuple[str, ...], no_scripts: bool, cache: Path | None):
    """The rule file's compiled rules and its key for cached results (None: not cached). When
    the same text was compiled before by this same code, LazyRules instead, which compile only
    when a file's result is not cached (refactor.engine.result_cache)."""
    from refactor.engine import result_cache

    if cache is None or not result_cache.enabled():
        return _load_patterns(rule_path, defines, no_scripts), None
    text = _rule_text(rule_path)
    key = result_cache.rule_key(rule_path, text, defines)
    summary = result_cache.get_summary(cache, key)
    if summary is not None:  # compiled before without error, with these -D names, and runs no Python
        for warning in summary.warnings:
            click.echo(warning, err=True)
        return result_cache.LazyRules(summary, partial(_compile, text, rule_path, defines)), key
    patterns, summary = _load(rule_path, defines, no_scripts, text)
    if summary is None:
        return patterns, None
    result_cache.put_summary(cache, key, summary)
    return patterns, key


def _compile(text: str, rule_path: str, defines: tuple[str, ...]) -> list:
    from refactor.smpl.load import load_rule_file

    return list(load_rule_file(text, rule_path, frozenset(defines)).compiled)


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
            help="Where #include <...> finds headers, whose declarations type expressions for typed metavariables.",
        ),
        click.option(
            "--no-includes", is_flag=True,
            help="Follow no #include, not even local ones, for types (spatch's --no-includes; kernel "
                 "rules ask for it in their `// Options:` line).",
        ),
        click.option("-v", "--verbose", is_flag=True, help="Say where an unknown type kept a typed metavariable from matching."),
        click.option(
            "--no-cache", is_flag=True,
            help="Neither read nor write the on-disk caches of parsed files and header declarations "
                 "(also: REFACTOR_NO_CACHE=1).",
        ),
        click.option(
            "--cache-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
            help="Where parsed files and header declarations are cached (default: $REFACTOR_CACHE_DIR, "
                 "else $XDG_CACHE_HOME/refactor or ~/.cache/refactor).",
        ),
        click.option(
            "--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
            help="Skip (and report) a file that takes longer than this; 0: no limit.",
        ),
        click.option("--no-scripts", is_flag=True, help="Refuse a rule file whose script rules would run Python code (exit 2)."),
    )):
        command = decorator(command)
    return command


def _changes(rule, paths, jobs, defines, include_dirs, verbose: bool, no_cache: bool, timeout, failures: list[str],
             no_scripts: bool = False, on_printed=None, patterns=None, cache_dir: str | None = None, rule_key=None,
             no_includes: bool = False):
    """Each file's FileChange, in order. A file that failed is reported on stderr, listed in
    `failures`, and not yielded; a skipped one is noted on stderr. A file whose real path is
    outside `paths` (a symlink named on the command line) is skipped: nothing outside the paths
    given is read for changing, or written. With `verbose`, notes on unknown types go to stderr.
    What scripts print outside files (initialize, finalize) and on each file goes to
    `on_printed` (default: stdout), files in order."""
    from refactor import git_grep
    from refactor.c.symbol_cache import default_root
    from refactor.engine.formulas import grep_words
    from refactor.engine.result_cache import LazyRules, ResultCache
    from refactor.engine.run_files import WholeRun, transform_files
    from refactor.output.write import is_within, tree_roots

    on_printed = on_printed or _echo_printed
    cache = None if no_cache else (Path(cache_dir) if cache_dir else default_root())
    if patterns is None:
        patterns, rule_key = _load_rules(rule, defines, no_scripts, cache)
    lazy = isinstance(patterns, LazyRules)
    if lazy:
        tests = patterns.tests()
    else:
        from refactor.engine.word_formula import file_tests

        tests = file_tests(patterns, frozenset(defines))
    # Files that cannot change are known from git before the walk ends (refactor.git_grep).
    words = grep_words(tests[0])
    lacking = git_grep.start(paths, words) if words is not None else git_grep.LackingFiles()
    try:
        roots = tree_roots(paths)
        # A walked file is within its root by construction (no symlink is followed on the way):
        # only the files named on the command line need their real path checked.
        named = {os.path.normpath(path) for path in paths if os.path.isfile(path)}
        files = []
        for path in runner.c_files(paths):
            if path not in named or is_within(path, roots):
                files.append(path)
            else:
                click.echo(f"{path}: skipped: a symlink to outside the paths given (not followed)", err=True)
    except BaseException:
        lacking.cancel()
        raise
    if words is not None and not words:
        files = []  # no file can change: the rules' dependencies cannot hold (virtual names)
    dropped = lacking.files()
    if dropped:
        files = [path for path in files if path not in dropped]
    bar = Progress(len(files))  # on a terminal only
    whole = None if lazy else WholeRun.of(patterns)
    cached = ResultCache(cache, ResultCache.run_key(rule_key, tuple(include_dirs), tuple(paths), no_includes)) \
        if cache is not None and rule_key is not None else None
    try:
        if whole is not None:
            on_printed(whole.initialize())
        results = transform_files(
            patterns, files, frozenset(defines), jobs or runner.default_jobs(), tuple(include_dirs),
            str(cache / "symbols") if cache is not None else None, tuple(paths), timeout or None,
            host=whole.host if whole else None, on_done=bar.update,
            parse_cache_directory=str(cache / "parsed") if cache is not None else None, results=cached,
            follow_includes=not no_includes,
        )
        try:
            for result in results:
                if not (result.error or result.note or result.changed or result.reports or (verbose and result.notes)):
                    yield result
                    continue
                with bar.suspended():  # what is printed for this file does not cut the bar
                    on_printed(result.reports)
                    if verbose:
                        for note in result.notes:
                            click.echo(note, err=True)
                    if result.error:
                        click.echo(result.error, err=True)
                        failures.append(result.path)
                        continue
                    if result.note:
                        click.echo(result.note, err=True)
                    yield result
        finally:
            results.close()  # on Ctrl-C or an early stop: the worker pool drops the files not started
            bar.close()
        if whole is not None:
            on_printed(whole.finalize())
    except Exception as error:  # noqa: BLE001 - re-raised unless a ScriptError (imported only here: a run
        from refactor.scripts.host import ScriptError  # with its results cached imports no rule code)

        if not isinstance(error, ScriptError):
            raise
        click.echo(str(error), err=True)  # an initialize or finalize script raised
        sys.exit(EXIT_USAGE)


def _echo_printed(printed) -> None:
    for item in printed:
        if item.text:
            click.echo(item.text, nl=False)


def _interrupted() -> None:
    click.echo("refactor: interrupted; every file is wholly old or wholly new", err=True)
    sys.exit(EXIT_INTERRUPTED)


@main.command()
@_rule_run_options
@click.option("--exit-code", "exit_code", is_flag=True, help="Exit with 1 when there are changes (like git diff).")
def diff(
    rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
    no_includes: bool, verbose: bool, no_cache: bool, cache_dir: str | None, timeout: float, no_scripts: bool, exit_code: bool,
) -> None:
    """Apply RULE to the .c and .h files under PATHS and print the changes as a unified diff.

    Nothing is written: this is the dry run of `refactor apply`. The diff's paths are relative to
    the current directory, so `git apply` or `patch -p1` can apply it. Code that `*` lines
    (context mode) match shows as removed lines, as spatch shows it; what scripts print comes
    before each file's diff. A file that fails (status 3) is reported and the others go on.
    """
    if hasattr(signal, "SIGPIPE") and sys.stdout is sys.__stdout__:  # not when embedded (tests)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `refactor diff ... | head` ends like diff does
    out = sys.stdout.buffer  # the diff is written as bytes: non-UTF-8 source bytes survive
    failures: list[str] = []
    changed = False
    try:
        with contextlib.closing(_changes(rule, paths, jobs, defines, include_dirs, verbose, no_cache, timeout, failures, no_scripts,
                                          cache_dir=cache_dir, no_includes=no_includes)) as changes:
            for result in changes:
                if result.diff:
                    changed = True
                    out.write(result.diff)
                    out.flush()
    except KeyboardInterrupt:
        _interrupted()
    if failures:
        sys.exit(EXIT_FILES_FAILED)
    sys.exit(EXIT_FINDINGS if exit_code and changed else EXIT_OK)


@main.command()
@_rule_run_options
@click.option("--all-or-nothing", is_flag=True,
              help="Write nothing unless every file could be changed, verified and written.")
@click.option("--ignore-preconditions", is_flag=True,
              help="Write even though a precondition rule (// Precondition: FILE) reports findings.")
def apply(
    rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
    no_includes: bool, verbose: bool, no_cache: bool, cache_dir: str | None, timeout: float, no_scripts: bool, all_or_nothing: bool,
    ignore_preconditions: bool,
) -> None:
    """Apply RULE to the .c and .h files under PATHS, writing changed files in place.

    Each changed file is checked first (every changed definition must parse again), then written
    atomically: a temporary file beside it, synced, renamed over it, mode bits kept. A file that
    fails is reported and left as it was; the others are written. Unchanged files are not touched;
    the changed ones are listed. Temporaries left by a killed run are removed.

    A rule file may name preconditions (a line `// Precondition: FILE`, FILE relative to the
    rule file): rule files that must find nothing on PATHS first; when one finds something, its
    findings are listed, nothing is written and the exit status is 1.
    """
    from refactor.output.write import clean_leftovers, tree_roots

    if not ignore_preconditions and not _preconditions_hold(
        rule, paths, jobs, include_dirs, verbose, no_cache, timeout, no_scripts, cache_dir, no_includes
    ):
        sys.exit(EXIT_FINDINGS)
    roots = tree_roots(paths)
    for directory in sorted({os.path.dirname(f) or "." for f in runner.c_files(paths)}):
        for leftover in clean_leftovers(directory):
            click.echo(f"{leftover}: removed, a temporary left by an interrupted run", err=True)
    failures: list[str] = []
    try:
        # closing(): on Ctrl-C the worker pool is shut down here, not whenever the generator is freed
        with contextlib.closing(_changes(rule, paths, jobs, defines, include_dirs, verbose, no_cache, timeout, failures,
                                          no_scripts, cache_dir=cache_dir, no_includes=no_includes)) as changes:
            if all_or_nothing:
                _write_all_or_nothing(changes, roots, failures)
            else:
                _write_each(changes, roots, failures)
    except KeyboardInterrupt:
        _interrupted()
    sys.exit(EXIT_FILES_FAILED if failures else EXIT_OK)


def _write_each(changes, roots, failures: list[str]) -> None:
    """Write each changed file as soon as it is ready."""
    from refactor.output.write import WriteError, write_atomic

    for result in changes:
        if not result.changed:
            continue
        try:
            if write_atomic(result.path, result.new_bytes, within=roots, was=result.was):
                click.echo(result.path)
        except WriteError as error:
            click.echo(str(error), err=True)
            failures.append(result.path)


def _write_all_or_nothing(changes, roots, failures: list[str]) -> None:
    """Stage every changed file as a synced temporary; rename them all only when every file ran,
    verified and staged. Otherwise remove the temporaries: nothing is written."""
    from refactor.output.write import WriteError, prepare_write, signals_deferred

    staged = []
    try:
        for result in changes:
            if not result.changed:
                continue
            with signals_deferred():  # no Ctrl-C between creating a temporary and recording it
                try:
                    pending = prepare_write(result.path, result.new_bytes, within=roots, was=result.was)
                except WriteError as error:
                    click.echo(str(error), err=True)
                    failures.append(result.path)
                    continue
                if pending is not None:
                    staged.append(pending)
        if failures:
            click.echo(f"refactor: --all-or-nothing: {len(failures)} file(s) failed; nothing written", err=True)
            return
        committed = []
        with signals_deferred():  # the renames take milliseconds: let Ctrl-C wait for all of them
            for pending in staged:
                try:
                    pending.commit()
                except WriteError as error:  # rare (the temporary is ready); say exactly what was written
                    click.echo(str(error), err=True)
                    failures.append(pending.path)
                    continue
                committed.append(pending)
                click.echo(pending.path)
        if failures:
            click.echo(f"refactor: --all-or-nothing: renaming failed after {len(committed)} file(s) were "
                       "written (listed above)", err=True)
    finally:
        for pending in staged:
            pending.discard()  # a no-op for those renamed


@main.command()
@_rule_run_options
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option("--sarif", is_flag=True, help="Print the findings as SARIF 2.1.0 (columns from 1).")
def check(
    rule: str, paths: tuple[str, ...], jobs: int | None, defines: tuple[str, ...], include_dirs: tuple[str, ...],
    no_includes: bool, verbose: bool, no_cache: bool, cache_dir: str | None, timeout: float, no_scripts: bool, as_json: bool, sarif: bool,
) -> None:
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
    failures: list[str] = []
    findings = _findings(rule, paths, jobs, defines, include_dirs, verbose, no_cache, timeout, no_scripts, failures, cache_dir,
                         no_includes)
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


def _findings(rule, paths, jobs, defines, include_dirs, verbose, no_cache, timeout, no_scripts, failures: list[str],
              cache_dir: str | None = None, no_includes: bool = False) -> list:
    """What RULE finds under PATHS (as `refactor check` runs it: `-D report` by default when the
    rule file declares `virtual report`); other script output goes to stderr."""
    rule_file = _parse_rule_file_or_exit(rule)
    if not defines and "report" in rule_file.virtuals:
        defines = ("report",)
    from refactor.c.symbol_cache import default_root

    cache = None if no_cache else (Path(cache_dir) if cache_dir else default_root())
    patterns, rule_key = _load_rules(rule, defines, no_scripts, cache)
    findings = []

    def collect(printed) -> None:
        for item in printed:
            if item.finding is not None:
                findings.append(item.finding)
            elif item.text:
                click.echo(item.text, nl=False, err=True)

    changes = _changes(rule, paths, jobs, defines, include_dirs, verbose, no_cache, timeout, failures, no_scripts,
                       collect, patterns, cache_dir, rule_key, no_includes)
    for _ in changes:
        pass
    # A place a script reports needs no second line for the `*` code that found it.
    reported = {(f.path, f.line) for f in findings if f.kind != "context"}
    # `*` code found by several matches (one per path to a return) is one finding
    starred: dict[tuple, object] = {}
    for f in findings:
        if f.kind == "context" and (f.path, f.line) not in reported:
            starred.setdefault((f.path, f.line, f.column, f.message), f)
    return [f for f in findings if f.kind != "context"] + list(starred.values())


def _preconditions_hold(rule, paths, jobs, include_dirs, verbose, no_cache, timeout, no_scripts, cache_dir=None,
                        no_includes: bool = False) -> bool:
    """Run each rule file RULE names as its precondition (`// Precondition: FILE`) over PATHS;
    False, with the findings listed, when one reports something."""
    from refactor.output import report
    from refactor.smpl.model import SmplError
    from refactor.smpl.preconditions import preconditions

    try:
        required = preconditions(rule)
    except SmplError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    for precondition in required:
        failures: list[str] = []
        findings = _findings(str(precondition), paths, jobs, (), include_dirs, verbose, no_cache, timeout, no_scripts,
                             failures, cache_dir, no_includes)
        if findings or failures:
            click.echo(report.as_text(findings), nl=False, err=True)
            what = f"{len(findings)} finding(s)" if findings else f"{len(failures)} file(s) it could not check"
            click.echo(f"refactor: precondition {os.path.relpath(precondition)} reports {what}; nothing written "
                       "(--ignore-preconditions writes anyway)", err=True)
            return False
    return True


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

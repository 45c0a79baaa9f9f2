"""The `refactor` command line."""
from __future__ import annotations

import json
import sys

import click

from refactor import runner
from refactor.parse_report import Totals, parse_file_stats

EXIT_OK, EXIT_USAGE, EXIT_FILES_FAILED = 0, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="refactor")
def main() -> None:
    """Semantic patches for C, in the spirit of Coccinelle.

    Exit status: 0 the run worked; 2 usage error; 3 some files could not be read or did not
    round-trip.
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


if __name__ == "__main__":
    main()

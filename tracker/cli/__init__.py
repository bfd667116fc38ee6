"""Thin click commands: parse options, call the library (``tracker/__init__.py``), print,
pick the exit code.

Exit codes: 0 done with no errors (warnings allowed unless --strict), 1 the data has errors
(or a screening hit, or warnings under --strict), 2 usage or I/O error, 130 interrupted
(Ctrl-C: 128 + SIGINT, as a shell reports it).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from tracker.cli import extract, lists, records, screening, serve, watch
from tracker.errors import InputError
from tracker.render import printable

INTERRUPTED = 130  # the exit code of Ctrl-C: 128 + SIGINT, what a shell reports
MAX_MESSAGE = 1_000  # characters of an error line: a hostile file's text may be quoted in it


def shortened(text: str) -> str:
    """An error message cut to a readable line, saying how much was left out."""
    if len(text) <= MAX_MESSAGE:
        return text
    return f"{text[: MAX_MESSAGE - 40]}... ({len(text) - MAX_MESSAGE + 40:,} more characters)"


class Tracker(click.Group):
    """Every command's unusable input or closed pipe ends in one line and exit 2; an interrupt
    in one line and exit 130."""

    def invoke(self, ctx: click.Context) -> Any:
        for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        ctx.color = True  # click would strip what looks like colour codes from the data
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"error: {shortened(printable(exc))}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing was written or changed", err=True)
            ctx.exit(INTERRUPTED)
        except BrokenPipeError:  # the reader of our output went away (`| head`)
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more reaches the pipe
            ctx.exit(2)
        except PermissionError as exc:  # a path under a folder this user may not search
            where = exc.filename or "a file"
            click.echo(
                f"error: permission denied: {shortened(printable(str(where)))} (it, or a folder "
                "on its path, may not be read or written by this user); nothing was written",
                err=True,
            )
            ctx.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors and exits: click reports them (exit 2 for usage)
        except Exception as exc:  # a bug of ours: one line, not a traceback, unless asked
            if os.environ.get("TRACKER_DEBUG"):
                raise
            click.echo(
                f"error: internal error ({type(exc).__name__}: {shortened(printable(exc))}); "
                "nothing was written. Please report it with the command; TRACKER_DEBUG=1 shows "
                "the details",
                err=True,
            )
            ctx.exit(2)


@click.group(cls=Tracker, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tracker")
def main() -> None:
    """Sanctions and export-control tracker.

    Keeps facts from announcements and news (sanctions actions, export-control list revisions,
    quantitative claims, events, officials) as typed CSV records, each quoting its source;
    validates them, checks their arithmetic and consistency, and writes Excel reports.
    Imports official sanctions lists into a local store, with every version kept.
    """


for group in (records, lists, screening, extract, serve, watch):
    for command in group.COMMANDS:
        main.add_command(command)

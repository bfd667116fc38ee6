"""Command of the server: serve (and its keys and decision files)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from tracker.cli.options import as_of_option, db_option, run_date
from tracker.errors import InputError, StoreError
from tracker.lists.store import Store, db_path
from tracker.optional import require
from tracker.outputs import atomic_output, check_output
from tracker.render import plural
from tracker.serve import auth, decide
from tracker.serve.state import MAX_BODY, MAX_QUERIES, MAX_UPLOAD, TIMEOUT, Settings, utc_now

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def opened(db: Path | None) -> Path:
    """The store to serve: it must exist; it is brought up to date once (its decisions,
    keys and watches tables) before anything is served."""
    path = db_path(db)
    if not path.is_file():
        raise StoreError(f"no store at {path}: `tracker import` creates one")
    with Store(path, "w"):
        pass
    return path


@click.command(name="serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--max-queries",
    type=click.IntRange(1, 10_000),
    default=MAX_QUERIES,
    show_default=True,
    help="Queries one /match request may hold.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1_000, 1_000_000_000),
    default=MAX_BODY,
    show_default=True,
    help="Bytes a request body may hold (larger ones are refused as they arrive: 413).",
)
@click.option(
    "--max-upload",
    type=click.IntRange(1_000, 1_000_000_000),
    default=MAX_UPLOAD,
    show_default=True,
    help="Bytes an uploaded query file may hold.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=TIMEOUT,
    show_default=True,
    help="Seconds a request may screen for (an upload: ten times as long).",
)
@click.option(
    "--log-queries",
    is_flag=True,
    help="Write the query texts to the log (by default it holds no name nor search text).",
)
@click.option(
    "--create-key",
    metavar="NAME",
    help="Create an API key named NAME (with --role), print it once and exit.",
)
@click.option(
    "--role",
    type=click.Choice(auth.ROLES),
    default="read",
    show_default=True,
    help="The role of --create-key: read (screen, search, fetch) or decide (also decisions).",
)
@click.option("--revoke-key", metavar="NAME", help="Delete the API key named NAME and exit.")
@click.option("--list-keys", is_flag=True, help="List the API keys (names and roles) and exit.")
@click.option(
    "--export-decisions",
    type=click.Path(path_type=Path),
    metavar="FILE.csv",
    help="Write every decision in the store as a decision file and exit.",
)
@click.option(
    "--import-decisions",
    type=click.Path(path_type=Path),
    metavar="FILE.csv",
    help="Append the decisions of a decision file to the store and exit.",
)
@as_of_option
def serve(
    db: Path | None,
    host: str,
    port: int,
    max_queries: int,
    max_body: int,
    max_upload: int,
    timeout: float,
    log_queries: bool,
    create_key: str | None,
    role: str,
    revoke_key: str | None,
    list_keys: bool,
    export_decisions: Path | None,
    import_decisions: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """Serve the screening over HTTP: yente's API (/match/{dataset}, /search/{dataset},
    /entities/{id}, /catalog, /algorithms, /healthz, /readyz), decisions (/decisions) and
    watches (/watch/{name}/changes), and a web page at / to screen a name or a file and clear
    or confirm hits. The store is read-only but for decisions, keys and watches.

    Bound to 127.0.0.1 unless --host says otherwise (then API keys must exist). Once a key
    exists every endpoint but the health checks needs one; decisions always need a key of
    the decide role. Stop it with Ctrl-C.
    """
    path = opened(db)
    now = utc_now()  # the server's clock: when keys and decisions were made
    if create_key is not None:
        with Store(path, "w") as store:
            key = auth.create_key(store, create_key, role, now)
        click.echo(f"created key {create_key!r} ({role}); it is shown once, keep it:")
        click.echo(key)
        return
    if revoke_key is not None:
        with Store(path, "w") as store, store.transaction():
            if not store.remove_api_key(revoke_key):
                raise InputError(f"no key named {revoke_key!r}")
        click.echo(f"revoked key {revoke_key!r}")
        return
    if list_keys:
        with Store(path) as store:
            keys = store.api_keys()
        for name, key_role, created in keys:
            click.echo(f"{name}  {key_role}  created {created}")
        if not keys:
            click.echo("no keys: every endpoint but decisions is open (to this machine)")
        return
    if export_decisions is not None:
        check_output(export_decisions, (".csv",), [path], "--export-decisions")
        with Store(path) as store:
            found = store.decisions()
        with atomic_output(export_decisions) as temp, temp.open("w", encoding="utf-8") as out:
            count = decide.write_file(found, out)
        click.echo(f"wrote {export_decisions}: {plural(count, 'decision')}")
        return
    if import_decisions is not None:
        with Store(path, "w") as store:
            added, kept = decide.import_file(store, import_decisions, now, run_date(as_of))
        click.echo(
            f"imported {import_decisions}: {plural(added, 'decision')} added, {kept:,} there "
            "already"
        )
        return
    if host not in LOOPBACK:
        with Store(path) as store:
            if not store.api_keys():
                raise InputError(
                    f"--host {host}: beyond this machine the server needs API keys; create one "
                    "with --create-key NAME --role read|decide"
                )
    settings = Settings(
        db=path,
        host=host,
        port=port,
        max_queries=max_queries,
        max_body=max_body,
        max_upload=max_upload,
        timeout=timeout,
        log_queries=log_queries,
    )
    app = require("tracker.serve.app", "serve", "tracker serve")
    click.echo(f"serving {path} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    app.serve(settings)
    sys.exit(0)


COMMANDS = (serve,)

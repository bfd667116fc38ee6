"""The server put together: the API and the page on one FastAPI application, wrapped (outermost
first) by the guard that turns anything unexpected into a problem document, the body limit,
the host check (a page bound to 127.0.0.1 answers only to a loopback name, so a web page that
rebinds its name to this machine cannot read it), the security headers and the access log
(method, path, status and time; the query string only with ``--log-queries``)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import uvicorn
from fastapi import FastAPI

from tracker.screening.score import Candidate, Query, score
from tracker.serve import api, page
from tracker.serve.faults import Guard, install, respond
from tracker.serve.limits import ASGIApp, BodyLimit, Message, Receive, Scope, Send
from tracker.serve.state import Served, Settings

log = logging.getLogger("tracker.serve")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
]


class Edge:
    """ASGI middleware: the host check, security headers and the access log."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        loopback = settings.host in LOOPBACK
        self.hosts = {"127.0.0.1", "[::1]", "localhost"} if loopback else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 0
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host  # the port aside

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        try:
            if self.hosts is not None and name.lower() not in self.hosts:
                await respond(
                    sending, 421, "wrong-host", "this server answers to its loopback names only"
                )
            else:
                await self.app(scope, receive, sending)
        finally:
            path = scope["path"]
            if self.settings.log_queries and scope.get("query_string"):
                path += "?" + scope["query_string"].decode("latin-1")
            took = 1000 * (time.monotonic() - started)
            log.info("%s %s %s %.0f ms", scope["method"], path, status or "-", took)


def warm() -> None:
    """Score one pair, so that what the score loads on first use (rigour's name data) is
    loaded before the first request, not during it."""
    for kind, name in (("organization", "Warm Up Trading Ltd"), ("person", "Ivan Petrov")):
        score(Query(id="warm", name=name, type=kind), Candidate("warm", 0, "1", kind, (name,)))


@asynccontextmanager
async def lifespan(application: FastAPI) -> AsyncIterator[None]:
    await anyio.to_thread.run_sync(warm)
    yield


def create_app(settings: Settings) -> ASGIApp:
    """The ASGI application of ``tracker serve``."""
    application = FastAPI(
        lifespan=lifespan,
        title="tracker serve",
        description="Screening against the official lists in a tracker store, with yente's API.",
        version="1",
        docs_url=None,  # its page loads scripts from outside: /openapi.json is the document
        redoc_url=None,
    )
    application.state.served = Served(settings)
    install(application, page.error_page, settings.log_queries)
    application.include_router(api.router)
    application.include_router(page.router)
    guarded = BodyLimit(application, settings.max_body, settings.max_upload, page.UPLOADS)
    return Guard(Edge(guarded, settings), verbose=settings.log_queries)


def serve(settings: Settings) -> None:
    """Run the server until interrupted (uvicorn, its own access log off: ours leaves the
    query text out)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_level="info",
        timeout_keep_alive=5,
        limit_concurrency=200,
        server_header=False,
    )

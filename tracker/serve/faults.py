"""Every error the server answers is a problem document (RFC 9457, ``application/problem+json``:
type, title, status, detail, and ``errors`` where a request had several), or, to a browser
asking for HTML, the same as a page. Never a traceback: an unexpected exception is logged as
its type and place (not its message, which may hold query text) and answered with a 500."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from tracker.errors import InputError, StoreError
from tracker.serve.limits import ASGIApp, Message, Receive, Refused, Scope, Send, TooLarge

log = logging.getLogger("tracker.serve")
PROBLEM = "application/problem+json"
HtmlRenderer = Callable[[int, str, str, list[dict[str, Any]]], str]


def document(
    status: int, code: str, detail: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"urn:tracker:problem:{code}" if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def wants_html(headers: Any) -> bool:
    accept = str(headers.get("accept", ""))
    return "text/html" in accept and "json" not in accept


def answer(
    request_headers: Any,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    html: HtmlRenderer | None = None,
) -> Response:
    if html is not None and wants_html(request_headers):
        page = html(status, HTTPStatus(status).phrase, detail, errors or [])
        return Response(page, status, headers=headers, media_type="text/html; charset=utf-8")
    return JSONResponse(
        document(status, code, detail, errors), status, headers=headers, media_type=PROBLEM
    )


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where and what, never the value sent (it may be a name: no query text in answers
    that are logged by proxies)."""
    return [
        {"location": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors()
    ]


def install(app: FastAPI, html: HtmlRenderer | None = None, verbose: bool = False) -> None:
    """Problem documents for every exception the application raises."""

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return answer(
            request.headers, exc.status, exc.code, exc.detail, exc.errors, exc.headers, html
        )

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc)
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5])
        return answer(request.headers, 422, "invalid-request", detail, errors, None, html)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if isinstance(exc.__cause__, TooLarge):  # FastAPI wraps what reading the body raised
            return too_large(request, exc.__cause__)
        detail = str(exc.detail) if exc.detail else HTTPStatus(exc.status_code).phrase
        return answer(
            request.headers, exc.status_code, "", detail, None, dict(exc.headers or {}), html
        )

    async def input_error(request: Request, exc: Exception) -> Response:
        return answer(request.headers, 400, "bad-input", str(exc), None, None, html)

    async def store_error(request: Request, exc: Exception) -> Response:
        log.warning("store: %s", exc)
        return answer(
            request.headers,
            503,
            "store-unavailable",
            f"the store cannot be used now: {exc}",
            None,
            {"Retry-After": "5"},
            html,
        )

    def too_large(request: Request, exc: TooLarge) -> Response:
        headers = {"Connection": "close"}
        return answer(request.headers, 413, "too-large", str(exc), None, headers, html)

    async def unexpected(request: Request, exc: Exception) -> Response:
        if isinstance(exc, TooLarge):
            return too_large(request, exc)
        logged(exc, verbose)
        detail = "internal error; the server log says where"
        return answer(request.headers, 500, "internal", detail, None, None, html)

    app.add_exception_handler(Refused, refused)
    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(StoreError, store_error)


def logged(exc: BaseException, verbose: bool) -> None:
    """An unexpected exception in the log: its type and place; with ``verbose``
    (--log-queries) the whole traceback, messages and all."""
    if verbose:
        log.error("internal error", exc_info=exc)
    else:
        log.error("internal error: %s at %s", type(exc).__name__, where(exc))


def where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return f"{last.filename}:{last.lineno}" if last else "?"


class Guard:
    """ASGI middleware, outermost: a body past its limit is a 413, anything unexpected a 500
    problem document; the exception is logged as its type and place only."""

    def __init__(self, app: ASGIApp, verbose: bool = False) -> None:
        self.app = app
        self.verbose = verbose  # --log-queries: the whole traceback, messages and all

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except TooLarge as exc:
            if not started:
                await respond(send, 413, "too-large", str(exc), {"Connection": "close"})
        except Exception as exc:  # the application's handler answered and logged it, if it could
            if not started:
                logged(exc, self.verbose)
                await respond(send, 500, "internal", "internal error; the server log says where")


async def respond(
    send: Send, status: int, code: str, detail: str, headers: dict[str, str] | None = None
) -> None:
    response = JSONResponse(document(status, code, detail), status, headers, media_type=PROBLEM)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": response.raw_headers,
        }
    )
    await send({"type": "http.response.body", "body": response.body})

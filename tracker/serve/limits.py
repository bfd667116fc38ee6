"""What a request may hold: a body of at most so many bytes (an upload: its own, larger limit),
read as it arrives and refused as soon as it passes the limit; and texts without control
characters, of a bounded length, that do not start like a spreadsheet formula."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from tracker.render import FORMULA_START, PLAIN_NUMBER

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

NAME_LIMIT = 300  # characters in a name: the longest on the lists is under 250
NOTE_LIMIT = 2_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Refused(Exception):
    """A request we answer with a 4xx or 5xx: ``code`` names the problem type."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


class TooLarge(Exception):
    """The body passed its limit while it was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit:,} bytes")
        self.limit = limit


def text_fault(field: str, value: str, limit: int = NAME_LIMIT, lines: bool = False) -> str | None:
    """Why ``value`` is refused for ``field``, or None. ``lines``: tabs and line breaks are
    allowed (a note)."""
    if len(value) > limit:
        return f"{field} is {len(value):,} characters long; at most {limit:,}"
    found = (_CONTROL_IN_TEXT if lines else _CONTROL).search(value)
    if found:
        return (
            f"{field} holds the control character U+{ord(found.group()):04X} at position "
            f"{found.start() + 1}"
        )
    stripped = value.strip()
    if stripped.startswith(FORMULA_START) and not PLAIN_NUMBER.match(stripped):
        return f"{field} starts like a spreadsheet formula ({stripped[:1]!r})"
    return None


class BodyLimit:
    """ASGI middleware: a body declared or read past the limit of its path is refused (413)
    before it is all read; ``upload_paths`` get ``upload_limit``."""

    def __init__(
        self, app: ASGIApp, limit: int, upload_limit: int, upload_paths: tuple[str, ...]
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_paths = upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] in self.upload_paths else self.limit
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > limit:
                    raise TooLarge(limit)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        await self.app(scope, counted, send)

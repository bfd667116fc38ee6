"""The web page for a person: screen one name (hits with their band, the alias matched and
why, and a clear/confirm form on each), upload a query file and get the hits workbook back,
the lists with their dates, ages and latest change, the watches and what is new in them, and
the decisions taken. Server-rendered HTML (Jinja2, escaped), no script, one stylesheet served
from here; every form has labels, works from the keyboard and posts its session's CSRF token.

Once the store holds an API key, the page asks for one (sign in); a decision needs a key with
the decide role, and its ``who`` is the key's name."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile

from tracker.lists.diff import diff, lists_overview
from tracker.problems import Location
from tracker.screening.output import write as write_hits
from tracker.screening.queries import parse_map, query_of, read_queries, value_problems
from tracker.screening.run import record
from tracker.screening.score import ALGORITHM_ID, MATCH, REVIEW
from tracker.serve import decide, watch
from tracker.serve.auth import (
    NOBODY,
    SESSION_COOKIE,
    Caller,
    Session,
    caller_of,
    key_of,
    same_token,
)
from tracker.serve.limits import Refused, text_fault
from tracker.serve.runs import screen
from tracker.serve.state import Served

HERE = Path(__file__).parent
TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
UPLOADS = ("/upload", "/watches")  # paths whose bodies may be as large as --max-upload
UPLOAD_ROWS = 10_000  # queries in one uploaded file
UPLOAD_TIME = 10  # an upload may screen for this many times --timeout
LISTED = 10  # entries of each section of a list's latest change shown
FIELDS = {
    "name": "Name",
    "type": "Type",
    "birth_date": "Birth date",
    "country": "Country",
    "imo": "IMO number",
}
router = APIRouter(include_in_schema=False)


def error_page(status: int, title: str, detail: str, errors: list[dict[str, Any]]) -> str:
    return TEMPLATES.get_template("error.html").render(
        status=status, title=title, detail=detail, errors=errors, user=None, csrf="", nav=""
    )


def served(request: Request) -> Served:
    state: Served = request.app.state.served
    return state


ServedDep = Annotated[Served, Depends(served)]


class Visit:
    """A page request: its session (made on the first visit) and who signed in."""

    def __init__(self, request: Request, state: Served) -> None:
        self.request = request
        self.state = state
        self.new_cookie: str | None = None
        session = state.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            self.new_cookie, session = state.sessions.start(NOBODY)
        self.session: Session = session
        self.by_header: Caller | None = None  # a program may read the page with its key
        key = key_of(request.headers.get("authorization"))
        if key is not None:
            with state.reader() as store:
                self.by_header = caller_of(store, key)

    @property
    def caller(self) -> Caller:
        return self.by_header if self.by_header is not None else self.session.caller

    def render(self, template: str, status: int = 200, **values: Any) -> Response:
        html = TEMPLATES.get_template(template).render(
            user=self.caller,
            csrf=self.session.csrf,
            match=MATCH,
            review=REVIEW,
            algorithm=ALGORITHM_ID,
            **values,
        )
        return self.done(HTMLResponse(html, status))

    def done(self, response: Response) -> Response:
        if self.new_cookie is not None:
            response.set_cookie(
                SESSION_COOKIE, self.new_cookie, httponly=True, samesite="strict", path="/"
            )
        return response

    def redirect(self, to: str) -> Response:
        return self.done(RedirectResponse(to, 303))

    def check_csrf(self, given: Any) -> None:
        if not isinstance(given, str) or not same_token(given, self.session.csrf):
            raise Refused(
                403, "csrf", "the form's token is not this session's: reload the page and retry"
            )

    def needs_key(self) -> bool:
        """True when the store holds keys and this session has not signed in with one."""
        if self.caller.name is not None:
            return False
        with self.state.reader() as store:
            return bool(store.api_keys())


def visit(request: Request, state: ServedDep) -> Visit:
    return Visit(request, state)


VisitDep = Annotated[Visit, Depends(visit)]


def local(path: Any) -> str:
    """A path on this server to go back to (never another site)."""
    text = path if isinstance(path, str) else "/"
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


def sign_in_first(v: Visit) -> Response:
    return v.redirect("/login?" + urlencode({"next": local(str(v.request.url.path))}))


# --- screening one name --------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(v: VisitDep) -> Response:
    if v.needs_key():
        return sign_in_first(v)
    given = {f: v.request.query_params.get(f, "").strip() for f in FIELDS}
    errors: dict[str, str] = {}
    result = None
    if any(given.values()):
        for field, value in given.items():
            if fault := text_fault(FIELDS[field], value):
                errors[field] = fault
        values = {k: x for k, x in given.items() if x}
        values["id"] = query_id(given)
        for problem in value_problems(values, lambda f: Location("", None, f)):
            errors.setdefault(problem.field or "name", problem.message)
        if not errors:
            query = query_of(values)
            deadline = time.monotonic() + v.state.settings.timeout
            with v.state.reader() as store:
                result = screen(v.state.settings.db, store, [query], (), REVIEW, 10, deadline)
    return v.render(
        "search.html",
        400 if errors else 200,
        given=given,
        errors=errors,
        result=result,
        back=str(v.request.url.path)
        + ("?" + str(v.request.url.query) if v.request.url.query else ""),
        nav="search",
    )


def query_id(given: dict[str, str]) -> str:
    """A page query's id: its name as written (so a decision on it holds for the next
    screening of that name), else its IMO."""
    name = " ".join(given.get("name", "").split())
    return name or (f"IMO {given['imo']}" if given.get("imo") else "query")


@router.post("/decide")
async def decide_form(v: VisitDep) -> Response:
    form = await v.request.form()
    v.check_csrf(form.get("csrf"))
    who = v.caller
    if who.name is None or not who.can_decide:
        raise Refused(403, "decide-key-needed", "sign in with a key of the decide role to decide")
    values = {k: form.get(k) for k in ("query", "dataset", "entry_id", "decision", "note")}
    if not all(
        isinstance(values[k], str) and values[k]
        for k in ("query", "dataset", "entry_id", "decision")
    ):
        raise Refused(400, "bad-decision", "a decision needs its query, list, entry and decision")
    note = values["note"] if isinstance(values["note"], str) else ""

    def record() -> None:
        with v.state.writer() as store:
            decide.record(
                store, str(values["query"]), str(values["dataset"]), str(values["entry_id"]),
                str(values["decision"]), str(who.name), note, v.state.now(), "page",
            )  # fmt: skip

    await anyio.to_thread.run_sync(record)
    return v.redirect(local(form.get("back")))


# --- a file of queries ---------------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
def upload_page(v: VisitDep) -> Response:
    if v.needs_key():
        return sign_in_first(v)
    return v.render("upload.html", nav="upload", problems=[])


async def saved_upload(form: Any, folder: str) -> tuple[Path, str]:
    """The uploaded file, written to ``folder`` under its own extension."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise Refused(400, "no-file", "choose a file of queries (.csv, .xlsx or .ods)")
    label = Path(upload.filename).name[:100]
    suffix = Path(label).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm", ".ods"):
        raise Refused(400, "bad-file", "a file of queries is .csv, .xlsx or .ods")
    path = Path(folder) / f"queries{suffix}"
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 16):
            out.write(chunk)
    return path, label


def mapping_of(form: Any) -> tuple[str, ...]:
    text = form.get("map")
    if not isinstance(text, str):
        return ()
    items = tuple(line.strip() for line in text.splitlines() if line.strip())
    for item in items:
        if fault := text_fault("a column mapping", item):
            raise Refused(400, "bad-map", fault)
    return items


@router.post("/upload")
async def upload(v: VisitDep) -> Response:
    if v.needs_key():
        raise Refused(401, "key-needed", "sign in first")
    form = await v.request.form(max_files=1, max_fields=10)
    v.check_csrf(form.get("csrf"))
    mapping = mapping_of(form)
    settings = v.state.settings
    with tempfile.TemporaryDirectory(prefix="tracker-upload-") as folder:
        path, label = await saved_upload(form, folder)

        def work() -> bytes:
            queries, problems = read_queries(path, parse_map(mapping))
            if problems.errors:
                raise Refused(
                    400,
                    "bad-queries",
                    f"{label}: {problems.errors:,} rows cannot be screened; nothing was screened",
                    [
                        {"location": f"{label}:{p.location.row}:{p.field}", "message": p.message}
                        for p in problems.sorted()
                        if p.severity == "error"
                    ][:100],
                )
            if len(queries) > UPLOAD_ROWS:
                raise Refused(
                    400, "too-many-queries", f"{label}: more than {UPLOAD_ROWS:,} queries"
                )
            if not queries:
                raise Refused(400, "no-queries", f"{label}: no queries")
            deadline = time.monotonic() + settings.timeout * UPLOAD_TIME
            with v.state.reader() as store:
                result = screen(settings.db, store, queries, (), REVIEW, 10, deadline)
                now = v.state.now()
                record(result, store, now.date(), run_at=now)  # dated, as `tracker screen -o`
            out = Path(folder) / "hits.xlsx"
            write_hits(result, out)
            return out.read_bytes()

        body = await anyio.to_thread.run_sync(work)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(label).stem)[:60]
    return v.done(
        Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={
                "Content-Disposition": f'attachment; filename="hits-{stem or "queries"}.xlsx"'
            },
        )
    )


# --- the lists, the watches, the decisions -------------------------------------------------------


@router.get("/lists", response_class=HTMLResponse)
def lists_page(v: VisitDep) -> Response:
    if v.needs_key():
        return sign_in_first(v)
    with v.state.reader() as store:
        overview = lists_overview(store)
        diffs = {c.source: diff(store, c.source, c.before.id, c.after.id) for c in overview.changes}
    today = v.state.now().date()
    latest = {}
    for snapshot in overview.snapshots:
        latest[snapshot.source] = snapshot
    ages = {s.id: age(today, s.list_date) for s in overview.snapshots}
    changes = {c.source: c for c in overview.changes}
    return v.render(
        "lists.html", nav="lists", latest=sorted(latest.values(), key=lambda s: s.source),
        snapshots=overview.snapshots, ages=ages, changes=changes, today=today.isoformat(),
        diffs=diffs, shown=LISTED,
    )  # fmt: skip


def age(today: dt.date, list_date: str) -> int | None:
    """Days from a list date (a year or month counts from its first day) to today."""
    try:
        return (today - dt.date.fromisoformat((list_date + "-01-01")[:10])).days
    except ValueError:
        return None


@router.get("/watches", response_class=HTMLResponse)
def watches_page(v: VisitDep) -> Response:
    if v.needs_key():
        return sign_in_first(v)
    with v.state.reader() as store:
        found = [watch.changes(store, name) for name, *_ in store.watches()]
    return v.render("watches.html", nav="watches", watches=[w for w in found if w], problems=[])


@router.post("/watches")
async def add_watch(v: VisitDep) -> Response:
    form = await v.request.form(max_files=1, max_fields=10)
    v.check_csrf(form.get("csrf"))
    if v.caller.name is None or not v.caller.can_decide:
        raise Refused(
            403, "decide-key-needed", "sign in with a key of the decide role to add a watch"
        )
    name = form.get("name")
    if not isinstance(name, str) or not name.strip():
        raise Refused(400, "no-name", "a watch needs a name")
    mapping = mapping_of(form)
    with tempfile.TemporaryDirectory(prefix="tracker-watch-") as folder:
        path, label = await saved_upload(form, folder)

        def work() -> None:
            watch.add(v.state.settings.db, name.strip(), path, mapping, v.state.now(), label)

        await anyio.to_thread.run_sync(work)
    return v.redirect("/watches")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(v: VisitDep) -> Response:
    if v.needs_key():
        return sign_in_first(v)
    with v.state.reader() as store:
        found = list(reversed(store.decisions()))
    return v.render("audit.html", nav="audit", decisions=found[:500], total=len(found))


# --- signing in ----------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(v: VisitDep) -> Response:
    return v.render(
        "login.html", nav="login", next=local(v.request.query_params.get("next", "/")), failed=False
    )


@router.post("/login")
async def login(v: VisitDep) -> Response:
    form = await v.request.form(max_fields=5)
    v.check_csrf(form.get("csrf"))
    key = form.get("key")
    with v.state.reader() as store:
        found = caller_of(store, key.strip() if isinstance(key, str) and key.strip() else None)
    if found is None or found.name is None:
        return v.render("login.html", 401, nav="login", next=local(form.get("next")), failed=True)
    v.state.sessions.end(v.request.cookies.get(SESSION_COOKIE))
    session_id, _ = v.state.sessions.start(found)
    v.new_cookie = session_id
    return v.redirect(local(form.get("next")))


@router.post("/logout")
async def logout(v: VisitDep) -> Response:
    form = await v.request.form(max_fields=5)
    v.check_csrf(form.get("csrf"))
    v.state.sessions.end(v.request.cookies.get(SESSION_COOKIE))
    v.new_cookie, _ = v.state.sessions.start(NOBODY)
    return v.redirect("/")


@router.get("/page.css")
def stylesheet() -> Response:
    return Response(
        (HERE / "static" / "page.css").read_text(encoding="utf-8"), media_type="text/css"
    )

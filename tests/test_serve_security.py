"""What a bank's reviewer checks of `tracker serve`: keys (stored hashed, required once one
exists, always for decisions, roles), CSRF on the page's forms, the loopback host check, size,
count and time limits, problem documents and never a traceback, no query text in the logs,
and hostile requests answered with a 4xx and nothing stored."""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serving import NOW, Running, build_store, copy_store, fixed_clock, running
from tracker.lists.store import Store
from tracker.serve import auth
from tracker.serve.state import Settings

SHIP = {"queries": {"q": {"schema": "Vessel", "properties": {"name": ["Petrel 8"]}}}}
LISTS = (
    ("uk", [Path(__file__).parent / "fixtures" / "official-current" / "uk_fcdo"], "2026-09-08"),
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("secure") / "lists.db", LISTS)


@pytest.fixture
def db(base: Path, tmp_path: Path) -> Path:
    return copy_store(base, tmp_path)


@pytest.fixture
def server(db: Path) -> Iterator[Running]:
    with running(Settings(db=db, clock=fixed_clock, max_queries=10, max_body=20_000)) as found:
        yield found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decisions(db: Path) -> int:
    with Store(db) as store:
        return len(store.decisions())


def key(db: Path, name: str, role: str) -> str:
    with Store(db, "w") as store:
        return auth.create_key(store, name, role, NOW)


def as_key(found: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {found}"}


DECISION = {"query": "Petrel 8", "dataset": "uk", "entry_id": "DPR0075", "decision": "cleared"}


# --- keys ----------------------------------------------------------------------------------------


def test_without_keys_everything_is_open_but_decisions(server: Running) -> None:
    assert httpx.post(f"{server.url}/match/default", json=SHIP).status_code == 200
    assert httpx.get(f"{server.url}/catalog").status_code == 200
    answer = httpx.post(f"{server.url}/decisions", json=DECISION)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("ApiKey")
    assert decisions(server.settings.db) == 0


def test_once_a_key_exists_every_endpoint_but_health_needs_one(server: Running) -> None:
    reader = key(server.settings.db, "analyst", "read")
    paths = ["/catalog", "/algorithms", "/search/default?q=x", "/entities/uk-DPR0075",
             "/decisions", "/", "/lists", "/decisions.csv"]  # fmt: skip
    for method, path in [("GET", p) for p in paths]:
        answer = httpx.request(method, server.url + path, follow_redirects=False)
        if path in ("/", "/lists"):  # the page sends a person to sign in
            assert (answer.status_code, answer.headers["location"].split("?")[0]) == (303, "/login")
        else:
            assert answer.status_code == 401, path
        assert httpx.request(method, server.url + path, headers=as_key(reader)).status_code == 200
    assert httpx.post(f"{server.url}/match/default", json=SHIP).status_code == 401
    assert (
        httpx.post(f"{server.url}/match/default", json=SHIP, headers=as_key(reader)).status_code
        == 200
    )
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    assert httpx.get(f"{server.url}/readyz").status_code == 200
    wrong = httpx.get(f"{server.url}/catalog", headers=as_key("trk_not-a-key"))
    assert (wrong.status_code, wrong.json()["detail"]) == (
        401,
        "this API key is not one the server knows",
    )


def test_decisions_need_the_decide_role_and_record_the_keys_name(server: Running) -> None:
    reader = key(server.settings.db, "analyst", "read")
    decider = key(server.settings.db, "j.doe", "decide")
    refused = httpx.post(f"{server.url}/decisions", json=DECISION, headers=as_key(reader))
    assert refused.status_code == 403
    made = httpx.post(
        f"{server.url}/decisions", json={**DECISION, "note": "other ship"}, headers=as_key(decider)
    )
    assert made.status_code == 201
    assert {k: made.json()[k] for k in ("who", "when", "decided_at", "snapshot", "note")} == {
        "who": "j.doe", "when": "2026-12-03", "decided_at": "2026-12-03T09:30:00+00:00",
        "snapshot": 1, "note": "other ship",
    }  # fmt: skip
    with Store(server.settings.db) as store:
        (stored,) = store.decisions()
    assert stored.entry_state is not None and stored.entry_state["imo"] == "9562233"


def test_keys_are_stored_as_digests_only(db: Path) -> None:
    made = key(db, "analyst", "read")
    assert made.startswith("trk_") and len(made) > 40
    raw = db.read_bytes()
    assert made.encode() not in raw
    assert hashlib.sha256(made.encode()).hexdigest().encode() in raw
    with Store(db, "w") as store, pytest.raises(Exception, match="exists"):
        auth.create_key(store, "analyst", "decide", NOW)


def test_decisions_are_append_only_in_the_store(db: Path) -> None:
    with Store(db, "w") as store, store.transaction():
        store.add_decision(
            "q", "uk", "DPR0075", "cleared", "a", "2026-12-03", "t", 1, None, "", "api"
        )
    connection = sqlite3.connect(db)
    for statement in ("UPDATE decisions SET decision = 'confirmed'", "DELETE FROM decisions"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(statement)
    connection.close()
    assert decisions(db) == 1


# --- the page's forms ----------------------------------------------------------------------------


def page_token(client: httpx.Client, url: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(url).text)
    assert found
    return found.group(1)


def test_page_forms_refuse_a_missing_or_foreign_csrf_token(server: Running) -> None:
    decider = key(server.settings.db, "j.doe", "decide")
    with httpx.Client(base_url=server.url) as browser:
        token = page_token(browser, "/login")
        signed = browser.post("/login", data={"key": decider, "csrf": token, "next": "/"})
        assert signed.status_code == 303
        token = page_token(browser, "/?name=Petrel+8")
        form = {**DECISION, "back": "/"}
        for given in ({}, {"csrf": "forged"}, {"csrf": token + "x"}):
            answer = browser.post(
                "/decide", data={**form, **given}, headers={"accept": "text/html"}
            )
            assert answer.status_code == 403
            assert "reload the page" in answer.text
        assert decisions(server.settings.db) == 0
        assert browser.post("/decide", data={**form, "csrf": token}).status_code == 303
    assert decisions(server.settings.db) == 1
    with httpx.Client(base_url=server.url) as other:  # another session's token is not this one's
        assert other.post("/decide", data={**form, "csrf": token}).status_code == 403


def test_the_session_cookie_is_httponly_and_samesite_strict(server: Running) -> None:
    cookie = httpx.get(f"{server.url}/").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie


def test_a_redirect_after_a_form_never_leaves_the_server(server: Running) -> None:
    decider = key(server.settings.db, "j.doe", "decide")
    with httpx.Client(base_url=server.url) as browser:
        token = page_token(browser, "/login")
        answer = browser.post(
            "/login", data={"key": decider, "csrf": token, "next": "//evil.example/x"}
        )
        assert answer.headers["location"] == "/"


def test_page_headers_forbid_framing_sniffing_and_outside_assets(server: Running) -> None:
    headers = httpx.get(f"{server.url}/").headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


def test_a_foreign_host_name_is_refused(server: Running) -> None:
    answer = httpx.get(f"{server.url}/catalog", headers={"host": "attacker.example"})
    assert answer.status_code == 421


# --- limits --------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_413_before_it_is_read(server: Running) -> None:
    huge = {"queries": {"q": {"schema": "Vessel", "properties": {"notes": ["x" * 30_000]}}}}
    answer = httpx.post(f"{server.url}/match/default", json=huge)
    assert answer.status_code == 413
    assert answer.json()["type"] == "urn:tracker:problem:too-large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"queries": {"q": {"schema": "Vessel", "properties": {"notes": ["'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"]}}}}'

    streamed = httpx.post(
        f"{server.url}/match/default",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert streamed.status_code == 413


def test_more_queries_than_max_queries_is_400(server: Running) -> None:
    many = {
        "queries": {
            str(i): {"schema": "Thing", "properties": {"name": [f"n{i}"]}} for i in range(11)
        }
    }
    answer = httpx.post(f"{server.url}/match/default", json=many)
    assert (answer.status_code, answer.json()["detail"]) == (
        400,
        "Too many queries in one batch (limit: 10)",
    )


def test_a_request_past_its_time_is_503_and_says_how_far_it_got(db: Path) -> None:
    with running(Settings(db=db, clock=fixed_clock, timeout=0.0)) as server:
        answer = httpx.post(f"{server.url}/match/default", json=SHIP)
    assert answer.status_code == 503
    assert "0 of 1 queries were screened" in answer.json()["detail"]


# --- errors and logs -----------------------------------------------------------------------------


def test_an_internal_error_is_a_500_problem_and_logs_no_message(
    server: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tracker.serve import api

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret query text Petrel 8")

    monkeypatch.setattr(api, "screen", broken)
    with caplog.at_level(logging.INFO, logger="tracker.serve"):
        answer = httpx.post(f"{server.url}/match/default", json=SHIP)
    assert answer.status_code == 500
    assert answer.json()["detail"] == "internal error; the server log says where"
    assert "Traceback" not in answer.text and "Petrel" not in answer.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "internal error: RuntimeError at" in logged
    assert "Petrel" not in logged


def test_logs_hold_no_query_text_unless_asked(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Quentin Zylberstein"]}}}}
    for log_queries in (False, True):
        caplog.clear()
        with (
            running(Settings(db=db, clock=fixed_clock, log_queries=log_queries)) as server,
            caplog.at_level(logging.INFO, logger="tracker.serve"),
        ):
            assert httpx.post(f"{server.url}/match/default", json=body).status_code == 200
            assert (
                httpx.get(
                    f"{server.url}/search/default", params={"q": "Quentin Zylberstein"}
                ).status_code
                == 200
            )
            assert (
                httpx.get(f"{server.url}/", params={"name": "Quentin Zylberstein"}).status_code
                == 200
            )
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "POST /match/default 200" in logged
        assert ("Zylberstein" in logged) == log_queries


# --- hostile requests ----------------------------------------------------------------------------

HOSTILE_MATCHES = [
    ("formula", {"schema": "Person", "properties": {"name": ['=HYPERLINK("http://x")']}}, 400),
    ("control", {"schema": "Person", "properties": {"name": ["Ali\x1b[31m Baba"]}}, 400),
    ("bidi", {"schema": "Person", "properties": {"name": ["Ali\u202e Baba"]}}, 400),
    ("huge", {"schema": "Person", "properties": {"name": ["A" * 5_000]}}, 400),
    ("many values", {"schema": "Person", "properties": {"alias": ["a"] * 51}}, 400),
    ("not text", {"schema": "Person", "properties": {"name": [{"nested": 1}]}}, 400),
    ("schema not on lists", {"schema": "CryptoWallet", "properties": {"publicKey": ["x"]}}, 400),
    ("unknown schema", {"schema": "Spaceship", "properties": {"name": ["x"]}}, 400),
    ("no schema", {"properties": {"name": ["x"]}}, 422),
    (
        "bad date",
        {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["1999-02-31"]}},
        400,
    ),
    ("bad imo", {"schema": "Vessel", "properties": {"name": ["x"], "imoNumber": ["1234568"]}}, 400),
]


@pytest.mark.parametrize(
    ("case", "example", "status"), HOSTILE_MATCHES, ids=[c[0] for c in HOSTILE_MATCHES]
)
def test_hostile_match_queries_are_4xx_problems(
    server: Running, case: str, example: dict[str, Any], status: int
) -> None:
    before = digest(server.settings.db)
    answer = httpx.post(f"{server.url}/match/default", json={"queries": {"q": example}})
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == status and answer.json()["detail"]
    assert "Traceback" not in answer.text
    assert digest(server.settings.db) == before


@pytest.mark.parametrize(
    ("case", "body", "status"),
    [
        ("malformed json", b'{"queries": {"q": ', 422),
        ("not an object", b"[1, 2, 3]", 422),
        ("no queries", b'{"queries": {}}', 400),
        (
            "config for another algorithm",
            b'{"queries": {"q": {"schema": "Thing", "properties": {"name": "x"}}}, '
            b'"config": {"nm_number_mismatch": 0.4}}',
            400,
        ),
        ("nan threshold", None, 400),
    ],
)
def test_malformed_requests_are_4xx_problems(
    server: Running, case: str, body: bytes | None, status: int
) -> None:
    if body is None:
        answer = httpx.post(f"{server.url}/match/default?threshold=nan", json=SHIP)
    else:
        answer = httpx.post(
            f"{server.url}/match/default",
            content=body,
            headers={"content-type": "application/json"},
        )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "input" not in str(answer.json().get("errors", ""))  # the values sent are not echoed


@pytest.mark.parametrize(
    ("case", "change", "status"),
    [
        ("formula note", {"note": "=cmd|' /C calc'!A0"}, 400),
        ("control in query", {"query": "Petrel\x008"}, 400),
        ("huge note", {"note": "n" * 3_000}, 422),
        ("unknown decision", {"decision": "maybe"}, 422),
        ("unknown entry", {"entry_id": "NOSUCH"}, 404),
        ("unknown list", {"dataset": "nowhere"}, 404),
        ("extra field", {"who": "someone else"}, 422),
    ],
)
def test_hostile_decisions_are_refused_and_nothing_is_stored(
    db: Path, case: str, change: dict[str, str], status: int
) -> None:
    decider = key(db, "j.doe", "decide")
    with running(Settings(db=db, clock=fixed_clock)) as server:
        before = digest(db)
        answer = httpx.post(
            f"{server.url}/decisions", json={**DECISION, **change}, headers=as_key(decider)
        )
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert digest(db) == before
    assert decisions(db) == 0


def test_hostile_search_and_fetch_are_4xx(server: Running) -> None:
    cases: list[tuple[str, dict[str, str]]] = [
        ("/search/default", {"q": "=1+1"}),
        ("/search/default", {"q": "x" * 400}),
        ("/search/default", {"q": "a\x07b"}),
        ("/search/default", {"q": "x", "schema": "Nope"}),
        ("/search/nowhere", {"q": "x"}),
        ("/entities/" + "x" * 400, {}),
    ]
    for path, params in cases:
        answer = httpx.get(server.url + path, params=params)
        assert 400 <= answer.status_code < 500, (path, params, answer.status_code)
        assert answer.headers["content-type"] == "application/problem+json"

"""The page in a real browser (Debian's chromium, driven by Playwright; skipped only when
chromium is not installed): screen a name, upload a file and get the hits workbook, decide on
a hit and see the next screening of that name cleared, the lists with their dates and latest
change; from the keyboard alone, without JavaScript, nothing fetched from elsewhere, labels
on every control and text contrast of at least 7:1. Screenshots go to docs/ when
TRACKER_SCREENSHOTS is set."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.hostile import cli
from tests.serving import FTM, NOW, UK, Running, build_store, copy_store, fixed_clock, running
from tracker.lists.store import Store
from tracker.serve import auth
from tracker.serve.state import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
sync_api = pytest.importorskip("playwright.sync_api")

FIXTURES = Path(__file__).parent / "fixtures"
CSL = FIXTURES / "official" / "us_trade_csl"
SHIPS = FIXTURES / "screening" / "ships.xlsx"
DOCS = Path(__file__).resolve().parent.parent / "docs"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LISTS = (
    ("uk", [UK], "2026-09-08"),
    ("ftm", [FTM], "2026-09-08"),
    ("csl", [CSL / "csl_2019_subset.csv"], "2019-06-01"),
    ("csl", [CSL / "consolidated_2025_subset.csv"], "2025-06-01"),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("page") / "lists.db", LISTS)


@pytest.fixture
def served(store: Path, tmp_path: Path) -> Iterator[tuple[Running, str]]:
    db = copy_store(store, tmp_path)
    with Store(db, "w") as opened:
        key = auth.create_key(opened, "j.doe", "decide", NOW)
    with running(Settings(db=db, clock=fixed_clock)) as server:
        yield server, key


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, served: tuple[Running, str]) -> Iterator[Any]:
    server, _ = served
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    found = context.new_page()
    asked: list[str] = []
    found.on("request", lambda request: asked.append(request.url))
    yield found
    assert all(url.startswith(server.url) for url in asked), "the page fetched from elsewhere"
    context.close()


def shot(page: Any, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("TRACKER_SCREENSHOTS"):
        shutil.copyfile(path, DOCS / name)


def sign_in(page: Any, server: Running, key: str) -> None:
    page.goto(server.url + "/")
    assert page.url.startswith(server.url + "/login")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == server.url + "/"
    assert "Signed in as j.doe (decide)" in page.locator("header").inner_text()


def screen_name(page: Any, name: str, kind: str = "") -> None:
    page.get_by_label("Name", exact=True).fill(name)
    if kind:
        page.get_by_label("Type").select_option(kind)
    page.get_by_role("button", name="Screen", exact=True).click()


def test_a_name_screened_shows_hits_with_band_alias_and_reason(
    page: Any, served: tuple[Running, str], tmp_path: Path
) -> None:
    server, key = served
    sign_in(page, server, key)
    screen_name(page, "Jal Vahini", "vessel")
    hit = page.locator("li.hit").first
    assert hit.locator("h3").inner_text().startswith("match 1.00 Petrel 8")
    assert "Matched: Jal Vahini" in hit.inner_text()
    assert "Why: name 'Jal Vahini' ~ 'Jal Vahini': 1.00" in hit.inner_text()
    hit.get_by_text("The score's features").click()
    assert hit.locator("table tbody tr").first.inner_text().startswith("name\t1.00\t1.0")
    shot(page, "serve-search.png", tmp_path)


def test_a_decision_in_the_browser_clears_the_next_screening(
    page: Any, served: tuple[Running, str], tmp_path: Path
) -> None:
    server, key = served
    sign_in(page, server, key)
    screen_name(page, "Petrel 8")
    assert page.locator("li.hit").count() == 1
    page.get_by_label("Clear: not this party (a false positive)").check()
    page.get_by_label("Note").fill("Our Petrel 8 is a tug, IMO 9100000")
    page.get_by_role("button", name="Record the decision").click()
    assert page.url.startswith(server.url + "/?name=Petrel+8")
    assert page.locator("li.hit").count() == 0
    cleared = page.locator("ul.cleared").inner_text()
    assert "Petrel 8 (uk DPR0075, 1.00): cleared on 2026-12-03 by j.doe" in cleared
    assert "(Our Petrel 8 is a tug, IMO 9100000)" in cleared
    shot(page, "serve-decision.png", tmp_path)
    page.goto(server.url + "/?name=Petrel+8")  # the next screening of that name
    assert page.locator("li.hit").count() == 0 and page.locator("ul.cleared li").count() == 1
    page.get_by_role("link", name="Decisions").click()
    assert "j.doe" in page.locator("table").inner_text()
    # the command reads the same decision from the server's decision file
    decisions = tmp_path / "decisions.csv"
    assert cli("serve", "--db", server.settings.db, "--export-decisions", decisions).code == 0
    queries = tmp_path / "q.csv"
    queries.write_text("id,name\nPetrel 8,Petrel 8\n", encoding="utf-8")
    args = ("screen", queries, "--db", server.settings.db, "--format", "json")
    document = json.loads(cli(*args, "--decisions", decisions).output)
    assert document["queries"][0]["hits"] == []
    assert document["cleared"][0]["entry_id"] == "DPR0075"


def test_an_uploaded_file_returns_the_hits_workbook(
    page: Any, served: tuple[Running, str], tmp_path: Path
) -> None:
    server, key = served
    sign_in(page, server, key)
    page.get_by_role("link", name="Screen a file").click()
    page.get_by_label("File of queries").set_input_files(str(SHIPS))
    mapping = "Ref=id\nVessel or company=name\nIMO number=imo\nKind=type"
    page.get_by_label("Columns with other headers (optional)").fill(mapping)
    with page.expect_download() as download:
        page.get_by_role("button", name="Screen the file").click()
    got = tmp_path / "from-page.xlsx"
    download.value.save_as(got)
    assert download.value.suggested_filename == "hits-ships.xlsx"
    expected = tmp_path / "from-command.xlsx"
    options = [f"--map={m}" for m in mapping.splitlines()]
    run = cli("screen", SHIPS, *options, "--db", server.settings.db, "-o", expected)
    assert run.code == 1

    def hits(path: Path) -> list[tuple[Any, ...]]:
        return list(openpyxl.load_workbook(path)["Hits"].iter_rows(values_only=True))

    assert hits(got) == hits(expected) and len(hits(got)) > 2


def test_the_lists_show_dates_ages_and_the_latest_change(
    page: Any, served: tuple[Running, str], tmp_path: Path
) -> None:
    server, key = served
    sign_in(page, server, key)
    page.get_by_role("link", name="Lists").click()
    row = page.locator("tbody tr", has=page.locator("th", has_text="csl")).first
    cells = row.locator("td").all_inner_texts()
    diff = json.loads(cli("diff", "csl", "--db", server.settings.db, "--format", "json").output)
    counts = f"{len(diff['added']):,} added, {len(diff['removed']):,} removed"
    assert cells[1] == "2025-06-01" and cells[3] == "550 days"
    assert counts in cells[5] and "since snapshot 3 (2019-06-01)" in cells[5]
    shot(page, "serve-lists.png", tmp_path)


def test_the_keyboard_alone_screens_a_name(page: Any, served: tuple[Running, str]) -> None:
    server, key = served
    sign_in(page, server, key)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert order == ["name", "type", "birth_date", "country", "imo", "Screen"]
    page.focus("#name")
    page.keyboard.type("Kalashnikov Concern")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?name=Kalashnikov*")
    assert page.locator("li.hit").count() == 1


def test_every_control_has_a_label_and_text_has_contrast(
    page: Any, served: tuple[Running, str]
) -> None:
    server, key = served
    sign_in(page, server, key)
    screen_name(page, "Petrel 8")
    for url in ("/?name=Petrel+8", "/upload", "/lists", "/watches", "/audit"):
        page.goto(server.url + url)
        unlabeled = page.evaluate(
            "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
            ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"
        )
        assert unlabeled == [], url
    page.goto(server.url + "/?name=Petrel+8")
    for selector in ("body", ".band-match", ".hint", "nav a", "footer", ".error"):
        colours = page.evaluate(COLOURS, selector) if page.query_selector(selector) else None
        if colours is not None:
            assert contrast(*colours) >= 7, (selector, colours)
    page.goto(server.url + "/?name=x&imo=123")  # an error message shown
    assert contrast(*page.evaluate(COLOURS, ".error")) >= 7


# the text colour of the first element a selector finds, and the background it is drawn on
COLOURS = """selector => {
  const element = document.querySelector(selector);
  let back = element, colour = "rgba(0, 0, 0, 0)";
  while (back && (colour = getComputedStyle(back).backgroundColor) === "rgba(0, 0, 0, 0)")
    back = back.parentElement;
  return [getComputedStyle(element).color, back ? colour : "rgb(255, 255, 255)"];
}"""


def rgb(text: str) -> tuple[float, float, float]:
    r, g, b = (int(p) for p in text[text.index("(") + 1 : text.index(")")].split(",")[:3])

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return linear(r), linear(g), linear(b)


def contrast(fore: str, back: str) -> float:
    """WCAG 2's contrast ratio of two CSS colours."""

    def luminance(colour: str) -> float:
        r, g, b = rgb(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(fore), luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_page_works_without_javascript(browser: Any, served: tuple[Running, str]) -> None:
    server, key = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, server, key)
    screen_name(page, "Petrel 8")
    page.get_by_label("Confirm: this is the listed party").check()
    page.get_by_role("button", name="Record the decision").click()
    assert "confirmed on 2026-12-03 by j.doe" in page.locator("li.hit").inner_text()
    context.close()


def test_a_watch_uploaded_on_the_page_shows_what_is_new(
    page: Any, served: tuple[Running, str], tmp_path: Path
) -> None:
    server, key = served
    sign_in(page, server, key)
    customers = tmp_path / "fleet.csv"
    customers.write_text(
        "id,name,type\nv1,Petrel 8,vessel\nv2,Zyxwv Qwerty,vessel\n", encoding="utf-8"
    )
    page.get_by_role("link", name="Watches").click()
    page.get_by_label("Name", exact=True).fill("fleet")
    page.get_by_label("File of queries").set_input_files(str(customers))
    page.get_by_role("button", name="Save and screen").click()
    assert page.url == server.url + "/watches"
    table = page.locator("table", has=page.locator("caption", has_text="fleet"))
    assert table.locator("tbody tr").count() == 1
    assert (
        table.locator("tbody tr")
        .inner_text()
        .startswith("new hit\tv1: Petrel 8\tPetrel 8 (uk DPR0075)")
    )
    shot(page, "serve-watches.png", tmp_path)

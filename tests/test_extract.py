"""`tracker extract`: numbers in digits and words, counts that are not counts, list changes,
qualifiers, the dating rule, names with roles; every quote verbatim; a draft dataset that
validates; press releases the rules were not written from; bad input (the measures on real
announcements and on the five bundled articles: test_extract_eval.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import tracker
from tests.conftest import BUNDLED
from tests.hostile import cli
from tracker.extract.dates import Anchor, date_in
from tracker.extract.rules import propose
from tracker.extract.text import sentences
from tracker.records import models as m

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ARTICLES = sorted((BUNDLED / "sources").glob("*.txt"))


def kinds(text: str, published: dt.date | None = None) -> dict[str, list[dict[str, object]]]:
    found: dict[str, list[dict[str, object]]] = {}
    for proposal in propose(text, published):
        found.setdefault(proposal.type, []).append(proposal.values)
    return found


def test_counts_in_words_and_digits_by_kind() -> None:
    text = (
        "South Korea also imposed additional sanctions on four Russian ships, five "
        "organizations, and eight individuals for various activities."
    )
    (action,) = kinds(text)["actions"]
    assert {k: action[k] for k in ("stated_vessels", "stated_organizations", "stated_persons")} == {
        "stated_vessels": 4, "stated_organizations": 5, "stated_persons": 8,
    }  # fmt: skip
    assert action["authority"] == "South Korea"
    assert action["target_country"] == "RU"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The UK sanctioned 17 officials and organizations.", {"stated_total": 17}),
        ("OFAC designated two hundred and forty-three entities.", {"stated_organizations": 243}),
        ("The EU listed a dozen individuals under its sanctions.", {"stated_persons": 12}),
        (
            "Japan sanctioned 15 entities in Hong Kong and 2 individuals.",
            {"stated_organizations": 15, "stated_persons": 2},
        ),
    ],
)
def test_totals_words_and_sums_in_parts(text: str, expected: dict[str, int]) -> None:
    (action,) = kinds(text)["actions"]
    assert {k: v for k, v in action.items() if k.startswith("stated_")} == expected


@pytest.mark.parametrize(
    "text",
    [
        "OFAC sanctioned the vessel under Executive Order 14024 in 2024.",
        "The 70th anniversary was marked; sanctions were imposed on June 19.",
        "The U.S. sanctioned a firm that paid $5 million under section 1(b).",
        "OFAC has designated more than 4,000 individuals and entities since 2022.",
    ],
)
def test_numbers_that_are_not_counts_are_not_proposed_as_counts(text: str) -> None:
    assert "actions" not in kinds(text)


def test_list_growth_in_one_sentence_or_two() -> None:
    (one,) = kinds("The list grew from 1,159 items by 243 to 1,402.")["control_list_revisions"]
    assert (one["previous_count"], one["added"], one["new_count"]) == (1159, 243, 1402)
    text = (
        "Currently, there are 1,159 items subject to export controls to Moscow. "
        "Seoul will add 243 new items, bringing the total number of sanctioned items to 1,402."
    )
    (two,) = propose(text)
    assert (two.values["previous_count"], two.values["added"], two.values["new_count"]) == (
        1159, 243, 1402,
    )  # fmt: skip
    assert two.quote == text
    assert two.values["authority"] == "Seoul"


@pytest.mark.parametrize(
    ("words", "qualifier"),
    [("more than", "more_than"), ("over", "more_than"), ("at least", "at_least"),
     ("about", "about"), ("up to", "at_most")],
)  # fmt: skip
def test_claim_qualifiers(words: str, qualifier: str) -> None:
    (claim,) = kinds(f"The White House says North Korea sent {words} 1,000 containers to Russia.")[
        "claims"
    ]
    assert (claim["quantity"], claim["qualifier"], claim["unit"]) == (1000, qualifier, "containers")
    assert claim["claimant"] == "White House"


def test_dozens_is_a_claim_without_a_quantity() -> None:
    (claim,) = kinds("The U.S. has accused North Korea of supplying dozens of ballistic missiles.")[
        "claims"
    ]
    assert (claim["quantity"], claim["qualifier"], claim["unit"]) == (
        None,
        "dozens",
        "ballistic missiles",
    )


def test_the_dating_rule() -> None:
    published = Anchor(dt.date(2024, 6, 24), True)  # a Monday
    assert str(date_in("On Thursday, he said so.", published).on) == "2024-06-20"  # type: ignore[union-attr]
    event = Anchor(dt.date(2024, 6, 19), False)  # a Wednesday, dated in the text
    assert str(date_in("On Thursday, he said so.", event).on) == "2024-06-20"  # type: ignore[union-attr]
    assert str(date_in("They met on Sunday.", event).on) == "2024-06-23"  # type: ignore[union-attr]
    assert str(date_in("In April, Russia vetoed it.", event).on) == "2024-04"  # type: ignore[union-attr]
    stated = date_in("It was signed on June 19, 2024.", None)
    assert stated is not None and (str(stated.on), stated.basis) == ("2024-06-19", "stated")
    open_weekday = date_in("On Friday the ministry said so.", None)
    assert open_weekday is not None and open_weekday.on is None
    assert open_weekday.weekday is not None and open_weekday.weekday.value == "Friday"


def test_a_day_after_follows_the_event_dated_before_it() -> None:
    text = "The treaty was signed on June 19, 2024. The condemnation came a day after the summit."
    dates = [p.values.get("on") for p in propose(text) if p.type == "events"]
    assert dates == ["2024-06-19", "2024-06-20"]


@pytest.mark.parametrize(
    ("text", "name", "role", "country"),
    [
        ("South Korea's national security adviser, Chang Ho-jin, said so.", "Chang Ho-jin",
         "national security adviser", "KR"),
        ("Russian Defense Minister Sergei Shoigu arrived.", "Sergei Shoigu", "defense minister",
         "RU"),
        ("Japanese Chief Cabinet Secretary Yoshimasa Hayashi vowed to cooperate.",
         "Yoshimasa Hayashi", "chief cabinet secretary", "JP"),
    ],
)  # fmt: skip
def test_names_with_roles(text: str, name: str, role: str, country: str) -> None:
    (official,) = kinds(text)["officials"]
    assert (official["name"], official["role"], official["country"]) == (name, role, country)


def test_an_imo_number_becomes_a_vessel_designation() -> None:
    (found,) = kinds("The vessel STAR OCEAN (IMO 9074729) was designated.")["designations"]
    assert found == {"entity_type": "vessel", "name": "STAR OCEAN", "imo": "9074729"}
    assert "designations" not in kinds("The vessel STAR OCEAN (IMO 9074728) was designated.")


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_every_quote_is_verbatim(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    proposals = propose(text)
    assert proposals
    assert all(p.quote and p.quote in text for p in proposals)
    assert all(text[s.start : s.end] == s.text for s in sentences(text))


EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_press_releases_it_was_not_written_from(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    published = EXPECTED[name].get("published")
    found = kinds(text, dt.date.fromisoformat(published) if published else None)
    expected = EXPECTED[name]["facts"]
    for kind, records in expected.items():
        for wanted in records:
            assert any(all(got.get(k) == v for k, v in wanted.items()) for got in found[kind]), (
                kind, wanted,
            )  # fmt: skip
    assert all(p.quote in text for p in propose(text))
    proposed = {k: v for k, v in found.items() if k != "events"}
    assert sum(map(len, proposed.values())) <= sum(map(len, expected.values())) + 1


# --- the command ---------------------------------------------------------------------------------


def test_json_lists_each_record_with_quote_confidence_and_values() -> None:
    article = BUNDLED / "sources" / "004_171b71cd68a9b9aa.txt"
    run = cli("extract", article, "--source-id", "kr-consider-weapons")
    assert run.code == 0
    document = json.loads(run.output)
    assert document["source"]["id"] == "kr-consider-weapons"
    kinds_found = {r["type"] for r in document["records"]}
    assert {"actions", "control_list_revisions", "claims", "events", "officials"} <= kinds_found
    assert all(set(r) == {"type", "quote", "confidence", "values"} for r in document["records"])


def test_a_draft_dataset_validates_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    run = cli("extract", *ARTICLES, "-o", out, "--published", "2024-06-24")
    assert run.code == 0, run.output
    assert "0 errors, 0 warnings" in run.output
    assert sorted(p.name for p in (out / "sources").iterdir()) == [a.name for a in ARTICLES]
    check = cli("check", out, "--as-of", "2024-06-24")
    assert check.code == 0, check.output
    draft = tracker.load(out)
    assert len(draft.table(m.Action).records) == 2
    assert len(draft.table(m.ControlListRevision).records) == 1


def test_csv_has_one_row_per_proposal() -> None:
    run = cli("extract", ARTICLES[0], "--format", "csv")
    lines = run.output.splitlines()
    assert lines[0] == "source,type,confidence,quote,values"
    assert len(lines) - 1 == len(propose(ARTICLES[0].read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "missing.txt", "text not found"),
        (lambda d: (d / "bad.txt").write_bytes(b"\xff\xfe bad") and d / "bad.txt", "not UTF-8"),
    ],
)
def test_bad_texts_are_exit_2(tmp_path: Path, make: object, words: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    assert cli("extract", path).failed_cleanly(words)


def test_a_draft_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "draft").mkdir()
    (tmp_path / "draft" / "keep.txt").write_text("mine")
    run = cli("extract", ARTICLES[0], "-o", tmp_path / "draft")
    assert run.failed_cleanly("is not an empty folder")
    assert (tmp_path / "draft" / "keep.txt").read_text() == "mine"


def test_source_id_names_one_text() -> None:
    assert cli("extract", *ARTICLES[:2], "--source-id", "x").failed_cleanly("names one text")
    assert cli("extract", ARTICLES[0], "--source-id", "Bad Id").code == 2

"""The sentence shapes of official releases that `tracker extract` reads (the issue's own
examples, not sentences of the evaluation corpus): designations and identifications with their
kinds, parts of a group that are not additions, lists' sizes and additions, header dates in
many forms, long titles of officials."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract.dates import Anchor, header_date, text_order
from tracker.extract.rules import propose


def of(text: str, kind: str) -> list[dict[str, object]]:
    return [p.values for p in propose(text) if p.type == kind]


def counted(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if k.startswith("stated_")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Department today designated 12 entities and identified 4 vessels as blocked "
         "property.", {"stated_organizations": 12, "stated_vessels": 4}),
        ("The Council decided to list six individuals and one entity.",
         {"stated_persons": 6, "stated_organizations": 1}),
        ("Pursuant to E.O. 14024, OFAC designated 5 companies.", {"stated_organizations": 5}),
        ("Since 13 entities and 15 persons were additionally designated, Japan froze their "
         "assets.", {"stated_organizations": 13, "stated_persons": 15}),
        ("Canberra has also imposed sanctions on 16 Iranian law enforcement, political and "
         "military officials.", {"stated_persons": 16}),
        ("Today's action targets 16 entities and 5 vessels.",
         {"stated_organizations": 16, "stated_vessels": 5}),
        ("The Government has imposed sanctions against forty (40) individuals and two (2) "
         "entities.", {"stated_persons": 40, "stated_organizations": 2}),
        ("Japan will freeze the assets of 36 individuals.", {"stated_persons": 36}),
        ("State is also designating two entities and identifying one vessel as blocked "
         "property.", {"stated_organizations": 2, "stated_vessels": 1}),
    ],
)  # fmt: skip
def test_counts_of_an_action_by_kind(text: str, expected: dict[str, int]) -> None:
    (action,) = of(text, "actions")
    assert counted(action) == expected


def test_a_part_of_a_group_is_a_claim_not_an_action() -> None:
    text = "OFAC designated nine entities. Two of the nine entities are based in the UAE."
    (action,) = of(text, "actions")
    assert counted(action) == {"stated_organizations": 9}
    assert [(c["quantity"], c["unit"]) for c in of(text, "claims")] == [(2, "nine entities")] or [
        c["quantity"] for c in of(text, "claims")
    ] == [2]


def test_a_lists_size_after_a_change_is_one_revision_per_unit() -> None:
    text = "EU restrictive measures now apply to a total of 195 individuals and 35 entities."
    found = of(text, "control_list_revisions")
    assert [(r["new_count"], r["unit"]) for r in found] == [(195, "individuals"), (35, "entities")]
    assert of(text, "actions") == []


def test_an_addition_to_the_entity_list_is_a_revision() -> None:
    (found,) = of("Commerce adds 22 entities to the Entity List.", "control_list_revisions")
    assert (found["added"], found["unit"], found["list"]) == (22, "entities", "Entity List")
    assert of("Commerce adds 22 entities to the Entity List.", "actions") == []


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("FOR IMMEDIATE RELEASE | Monday, May 6, 2024\nOFAC acts.", dt.date(2024, 5, 6)),
        ("14/05/2024 10:15 | Press release\nThe Council acts.", dt.date(2024, 5, 14)),
        ("Brussels, 6 May 2024\nThe Council acts.", dt.date(2024, 5, 6)),
        ("Bern, 09.07.2024 - The EAER acts.", dt.date(2024, 7, 9)),
        ("gepubliceerd op vrijdag 10 september 2021.\nThe Council acts.", dt.date(2021, 9, 10)),
        ("12/1/2023\nTreasury acts\nDecember 1, 2023", dt.date(2023, 12, 1)),
    ],
)
def test_header_and_byline_dates(header: str, day: dt.date) -> None:
    assert header_date(header, text_order(header)) == day


def test_a_date_inside_the_body_is_no_anchor() -> None:
    text = "Ministers met in London, ahead of their bilateral meeting, Feb. 1, 2023. " * 3
    assert header_date(text, text_order(text)) is None
    (event,) = of(text + "\nAustralia Tuesday announced sanctions.", "events")[-1:]
    assert event.get("on") is None and event["stated_weekday"] == "Tuesday"


def test_months_alone_and_this_year() -> None:
    text = (
        "Friday, April 5, 2013\n"
        "North Korea launched missiles in April and December 2012 and held a test in "
        "February this year. The ban is due to expire on April 13."
    )
    assert [e.get("on") for e in of(text, "events")] == [
        "2013-04-05", "2012-04", "2012-12", "2013-02", "2013-04-13",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("said Assistant Secretary for Export Enforcement Jane Doe.", "Jane Doe",
         "assistant secretary for export enforcement"),
        ("the High Representative for Foreign Affairs John Roe said.", "John Roe",
         "high representative for foreign affairs"),
        ("said Acting Under Secretary of the Treasury for Terrorism and Financial Intelligence "
         "Bradley T. Smith.", "Bradley T. Smith",
         "acting under secretary of the treasury for terrorism and financial intelligence"),
        ("We act. \u2013 Josep Borrell, High Representative for Foreign Affairs and Security "
         "Policy", "Josep Borrell", "high representative for foreign affairs and security policy"),
    ],
)  # fmt: skip
def test_officials_with_long_titles(text: str, name: str, role: str) -> None:
    (official,) = of(text, "officials")
    assert (official["name"], official["role"]) == (name, role)


def test_a_number_it_cannot_place_is_never_a_count() -> None:
    text = "OFAC designated entities under Section 1758 and 88 FR 32640 on 5/22/2023."
    assert of(text, "actions") == []
    assert of(text, "claims") == []


def test_a_header_dates_today() -> None:
    text = "March 11, 2013\nToday, the Department of State designated three individuals."
    (action,) = of(text, "actions")
    assert action["announced_on"] == "2013-03-11"
    assert Anchor.of(text, None) is not None


@pytest.mark.parametrize(
    ("text", "size", "unit"),
    [
        ("These designations bring the total number of listed individuals to 1,200.", 1200,
         "individuals"),
        ("The number of individuals under sanctions now stands at 195.", 195, "individuals"),
    ],
)  # fmt: skip
def test_a_lists_size_as_the_number_of_its_members(text: str, size: int, unit: str) -> None:
    (found,) = of(text, "control_list_revisions")
    assert (found["new_count"], found["unit"]) == (size, unit)
    assert of(text, "actions") == []


def test_the_assets_of_those_named_before_are_no_new_action() -> None:
    text = "Japan has frozen the assets of the 10 entities designated in the Annex."
    assert of(text, "actions") == []

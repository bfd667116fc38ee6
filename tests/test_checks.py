"""Every reconciliation rule: a passing case, a failing case naming its rows, and edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import MakeDataset, Rows, minimal_tables
from tracker.checks import RULES, run_checks
from tracker.checks.quotes import states
from tracker.context import Context
from tracker.records import models as m
from tracker.records.claims import bounds
from tracker.records.load import load_dataset
from tracker.records.numbers import stated_numbers

AS_OF = dt.date(2024, 12, 31)
Finding = tuple[str, str, str, int | None, str | None]


def findings(directory: Path, rule: str, as_of: dt.date = AS_OF) -> list[Finding]:
    """(severity, rule, file, row, field) of one rule's findings; validation must be clean."""
    dataset = load_dataset(directory)
    assert list(dataset.problems) == [], list(dataset.problems)
    problems = run_checks(dataset, Context(as_of=as_of), [rule])
    return [(p.severity.value, p.code, p.file, p.row, p.field) for p in problems.sorted()]


def one(table: str, **changes: str) -> dict[str, Rows]:
    """The minimal table with its one row changed."""
    return {table: [dict(minimal_tables()[table][0], **changes)]}


def rows(table: str, *changes: dict[str, str]) -> dict[str, Rows]:
    base = minimal_tables()[table][0]
    return {table: [dict(base, **c) for c in changes]}


def test_every_rule_is_registered_with_a_description() -> None:
    assert set(RULES) == {
        "revision-arithmetic", "revision-chain", "items-vs-revision", "stated-total",
        "stated-vs-itemized", "claim-series", "event-weekday", "name-conflict",
        "quote-verbatim", "quote-numbers", "duplicate", "date-order", "action-vs-list",
        "designation-on-list",
    }  # fmt: skip
    assert all(rule.description for rule in RULES.values())


# --- revision-arithmetic -----------------------------------------------------------------------


def test_revision_arithmetic_passes_when_it_adds_up(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "revision-arithmetic") == []


def test_revision_arithmetic_flags_off_by_one(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("control_list_revisions.csv", new_count="1403"))
    assert findings(directory, "revision-arithmetic") == [
        ("error", "revision-arithmetic", "control_list_revisions.csv", 2, "new_count")
    ]


def test_revision_arithmetic_counts_removals(make_dataset: MakeDataset) -> None:
    ok = make_dataset(one("control_list_revisions.csv", removed="3", new_count="1399"))
    assert findings(ok, "revision-arithmetic") == []
    bad = make_dataset(one("control_list_revisions.csv", removed="3"))
    assert [f[4] for f in findings(bad, "revision-arithmetic")] == ["new_count"]


def test_revision_arithmetic_skips_revisions_missing_a_count(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("control_list_revisions.csv", previous_count=""))
    assert findings(directory, "revision-arithmetic") == []


# --- revision-chain ----------------------------------------------------------------------------

CHAIN = [
    {"id": "r1", "announced_on": "2024-01-10", "previous_count": "100", "added": "10",
     "new_count": "110", "quote": "x"},
    {"id": "r2", "announced_on": "2024-03-01", "previous_count": "110", "added": "5",
     "new_count": "115", "quote": "x"},
    {"id": "r3", "announced_on": "2024-06-20", "previous_count": "115", "added": "7",
     "new_count": "122", "quote": "x"},
]  # fmt: skip


def test_revision_chain_passes_in_date_order_whatever_the_file_order(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(rows("control_list_revisions.csv", CHAIN[2], CHAIN[0], CHAIN[1]))
    assert findings(directory, "revision-chain") == []


def test_revision_chain_flags_a_break_at_the_later_row(make_dataset: MakeDataset) -> None:
    broken = [CHAIN[0], dict(CHAIN[1], previous_count="111", new_count="116"), CHAIN[2]]
    directory = make_dataset(rows("control_list_revisions.csv", *broken))
    assert findings(directory, "revision-chain") == [
        ("error", "revision-chain", "control_list_revisions.csv", 3, "previous_count"),
        ("error", "revision-chain", "control_list_revisions.csv", 4, "previous_count"),
    ]


def test_revision_chain_orders_ties_in_dates_by_chaining(make_dataset: MakeDataset) -> None:
    same_day = [dict(c, announced_on="2024-01-10") for c in CHAIN]
    directory = make_dataset(
        rows("control_list_revisions.csv", same_day[2], same_day[1], same_day[0])
    )
    assert findings(directory, "revision-chain") == []


def test_revision_chain_warns_when_a_revision_has_no_date(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        rows("control_list_revisions.csv", CHAIN[0], dict(CHAIN[1], announced_on=""))
    )
    assert findings(directory, "revision-chain") == [
        ("warning", "revision-chain", "control_list_revisions.csv", 3, "announced_on")
    ]


def test_revision_chain_on_no_revisions_finds_nothing(make_dataset: MakeDataset) -> None:
    directory = make_dataset({"control_list_revisions.csv": []})
    assert findings(directory, "revision-chain") == []


# --- items-vs-revision -------------------------------------------------------------------------


def items(count: int, **fields: str) -> dict[str, Rows]:
    return {"control_items.csv": [
        {"id": f"i{n}", "list_id": "list", "code": f"84{n:02d}", "code_system": "HS",
         "source_id": "src", "quote": "There are 1,159 items on the list", **fields}
        for n in range(count)
    ]}  # fmt: skip


SMALL_REVISION = {
    "previous_count": "0",
    "added": "3",
    "new_count": "3",
    "quote": "There are 1,159 items on the list; Seoul will add 243 new items",
}


def test_items_vs_revision_passes_when_items_match(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        one("control_list_revisions.csv", **SMALL_REVISION) | items(3, revision_id="rev")
    )
    assert findings(directory, "items-vs-revision") == []


def test_items_vs_revision_flags_more_items_than_added(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        one("control_list_revisions.csv", **SMALL_REVISION) | items(4, revision_id="rev")
    )
    assert findings(directory, "items-vs-revision") == [
        ("error", "items-vs-revision", "control_list_revisions.csv", 2, "added"),
        ("error", "items-vs-revision", "control_list_revisions.csv", 2, "new_count"),
    ]


def test_items_vs_revision_warns_on_partial_itemization(make_dataset: MakeDataset) -> None:
    directory = make_dataset(items(2, revision_id="rev"))
    assert findings(directory, "items-vs-revision") == [
        ("warning", "items-vs-revision", "control_list_revisions.csv", 2, "added"),
        ("warning", "items-vs-revision", "control_list_revisions.csv", 2, "new_count"),
    ]


def test_items_vs_revision_skips_lists_without_items(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "items-vs-revision") == []


# --- stated-total ------------------------------------------------------------------------------


def test_stated_total_passes_when_parts_add_up(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "stated-total") == []


def test_stated_total_flags_a_total_that_does_not_add_up(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("actions.csv", stated_total="18"))
    assert findings(directory, "stated-total") == [
        ("error", "stated-total", "actions.csv", 2, "stated_total")
    ]


def test_stated_total_with_a_missing_part_only_flags_parts_above_total(
    make_dataset: MakeDataset,
) -> None:
    below = make_dataset(one("actions.csv", stated_persons="", stated_total="17"))
    assert findings(below, "stated-total") == []
    above = make_dataset(one("actions.csv", stated_persons="", stated_total="8"))
    assert [f[1] for f in findings(above, "stated-total")] == ["stated-total"]


def test_stated_total_skips_actions_without_a_total(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(one("actions.csv", stated_total="")), "stated-total") == []


# --- stated-vs-itemized ------------------------------------------------------------------------

VESSELS = [
    {"id": f"v{n}", "name": f"Vessel {n}", "imo": imo}
    for n, imo in enumerate(["9074729", "9187629", "9328510", "9339818"])
]


def test_stated_vs_itemized_passes_when_all_parties_are_itemized(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(
        one("actions.csv", stated_organizations="", stated_persons="", stated_total="")
        | rows("designations.csv", *VESSELS)
    )
    assert findings(directory, "stated-vs-itemized") == []


def test_stated_vs_itemized_warns_on_coverage_gaps_per_type(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "stated-vs-itemized") == [
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_organizations"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_persons"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_vessels"),
    ]


def test_stated_vs_itemized_errors_on_more_rows_than_stated(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        one(
            "actions.csv",
            stated_vessels="3",
            stated_organizations="",
            stated_persons="",
            stated_total="",
        )
        | rows("designations.csv", *VESSELS)
    )
    dataset = load_dataset(directory)
    (problem,) = run_checks(dataset, Context(as_of=AS_OF), ["stated-vs-itemized"])
    assert (problem.severity, problem.row, problem.field) == ("error", 2, "stated_vessels")
    assert [r.row for r in problem.related] == [2, 3, 4, 5]  # the designation rows


def test_stated_vs_itemized_uses_the_total_when_no_type_is_stated(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(
        one(
            "actions.csv",
            stated_vessels="",
            stated_organizations="",
            stated_persons="",
            stated_total="2",
            quote="2 parties",
        )
    )
    assert findings(directory, "stated-vs-itemized") == [
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_total")
    ]


# --- claim-series ------------------------------------------------------------------------------


def claims(*specs: tuple[str, str, str]) -> dict[str, Rows]:
    """(quantity, qualifier, as_of) per claim, all on one subject."""
    return rows("claims.csv", *[
        {"id": f"c{n}", "quantity": q, "qualifier": qual, "as_of": as_of}
        for n, (q, qual, as_of) in enumerate(specs)
    ])  # fmt: skip


def test_claim_series_later_lower_bounds_agree(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        claims(
            ("1000", "more_than", "2023-10-13"),
            ("10000", "at_least", "2024-03-01"),
            ("11000", "more_than", "2024-06-20"),
        )
    )
    assert findings(directory, "claim-series") == []


def test_claim_series_later_exact_below_earlier_lower_bound_contradicts(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(
        claims(("10000", "at_least", "2024-03-01"), ("9000", "exact", "2024-06-20"))
    )
    assert findings(directory, "claim-series") == [
        ("error", "claim-series", "claims.csv", 3, "quantity")
    ]


def test_claim_series_later_at_most_equal_to_earlier_more_than_contradicts(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(
        claims(("1000", "more_than", "2024-01-01"), ("1000", "at_most", "2024-02-01"))
    )
    assert [f[3] for f in findings(directory, "claim-series")] == [3]


def test_claim_series_earlier_exact_above_later_lower_bound_is_fine(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(
        claims(("500", "exact", "2024-01-01"), ("100", "more_than", "2024-02-01"))
    )
    assert findings(directory, "claim-series") == []


def test_claim_series_same_date_claims_must_overlap(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        claims(("10000", "at_least", "2024-06-20"), ("9000", "exact", "2024-06-20"))
    )
    assert [f[1] for f in findings(directory, "claim-series")] == ["claim-series"]


def test_claim_series_warns_when_undated_claims_could_contradict(
    make_dataset: MakeDataset,
) -> None:
    directory = make_dataset(claims(("10000", "at_least", "2024-03-01"), ("9000", "exact", "")))
    assert findings(directory, "claim-series") == [
        ("warning", "claim-series", "claims.csv", 3, "as_of")
    ]


def test_claim_series_undated_lower_bounds_never_contradict(make_dataset: MakeDataset) -> None:
    directory = make_dataset(claims(("1000", "more_than", ""), ("11000", "more_than", "")))
    assert findings(directory, "claim-series") == []


def test_claim_series_compares_only_one_subject_and_unit(make_dataset: MakeDataset) -> None:
    data = claims(("10000", "at_least", "2024-03-01"), ("9000", "exact", "2024-06-20"))
    data["claims.csv"][1]["unit"] = "shells"
    assert findings(make_dataset(data), "claim-series") == []


# --- event-weekday -----------------------------------------------------------------------------


def test_event_weekday_passes_for_wednesday_june_19_2024(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "event-weekday") == []


def test_event_weekday_flags_a_wrong_weekday(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("events.csv", on="2024-06-18"))
    assert findings(directory, "event-weekday") == [
        ("error", "event-weekday", "events.csv", 2, "stated_weekday")
    ]


def test_event_weekday_says_so_when_the_date_has_no_day(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("events.csv", on="2024-06"))
    assert findings(directory, "event-weekday") == [
        ("warning", "event-weekday", "events.csv", 2, "on")
    ]


def test_event_weekday_skips_events_without_date_or_weekday(make_dataset: MakeDataset) -> None:
    directory = make_dataset(
        rows("events.csv", {"id": "a", "on": ""}, {"id": "b", "stated_weekday": ""})
    )
    assert findings(directory, "event-weekday") == []


# --- name-conflict -----------------------------------------------------------------------------


def officials(*names: str, role: str = "national security adviser") -> dict[str, Rows]:
    return rows(
        "officials.csv",
        *[
            {
                "id": f"o{n}",
                "name": name,
                "role": role,
                "quote": "National Security Adviser Chang Ho-jin",
            }
            for n, name in enumerate(names)
        ],
    )


def test_name_conflict_passes_for_one_spelling(make_dataset: MakeDataset) -> None:
    directory = make_dataset(officials("Chang Ho-jin", "Chang Ho-jin", "chang ho jin"))
    assert findings(directory, "name-conflict") == []


def test_name_conflict_warns_with_both_spellings(make_dataset: MakeDataset) -> None:
    directory = make_dataset(officials("Chang Ho-jin", "Song Ho-jin", "Chang Ho-jin"))
    dataset = load_dataset(directory)
    (problem,) = run_checks(dataset, Context(as_of=AS_OF), ["name-conflict"])
    assert (problem.severity, problem.row, problem.field) == ("warning", 3, "name")
    assert "'Song Ho-jin'" in problem.message
    assert "'Chang Ho-jin'" in problem.message
    assert [r.row for r in problem.related] == [2, 4]


def test_name_conflict_separates_countries_and_roles(make_dataset: MakeDataset) -> None:
    data = officials("Chang Ho-jin", "Jake Sullivan")
    data["officials.csv"][1]["country"] = "US"
    assert findings(make_dataset(data), "name-conflict") == []


def test_name_conflict_on_no_officials_finds_nothing(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset({"officials.csv": []}), "name-conflict") == []


# --- quote-verbatim ----------------------------------------------------------------------------


def test_quote_verbatim_passes_with_different_spacing(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("officials.csv", quote="National  Security\nAdviser Chang Ho-jin"))
    assert findings(directory, "quote-verbatim") == []


def test_quote_verbatim_flags_a_quote_not_in_its_source(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("officials.csv", quote="National Security Adviser Song Ho-jin"))
    assert findings(directory, "quote-verbatim") == [
        ("error", "quote-verbatim", "officials.csv", 2, "quote")
    ]


def test_quote_verbatim_reports_a_source_text_that_is_not_utf8(make_dataset: MakeDataset) -> None:
    directory = make_dataset()
    (directory / "sources" / "src.txt").write_bytes(b"caf\xe9")
    assert findings(directory, "quote-verbatim") == [
        ("error", "quote-verbatim", "sources.csv", 2, "file")
    ]


# --- quote-numbers -----------------------------------------------------------------------------


def test_quote_numbers_passes_for_digits_separators_and_words(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "quote-numbers") == []


def test_quote_numbers_flags_a_count_missing_from_its_quote(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("actions.csv", stated_persons="9", stated_total=""))
    assert findings(directory, "quote-numbers") == [
        ("error", "quote-numbers", "actions.csv", 2, "stated_persons")
    ]


@pytest.mark.parametrize(
    ("qualifier", "words"),
    [("thousands", "thousands of IT workers"),
     ("hundreds_of_millions", "hundreds of millions of dollars"), ("several", "several firms")],
)  # fmt: skip
def test_quote_numbers_understands_every_vague_magnitude(
    make_dataset: MakeDataset, qualifier: str, words: str
) -> None:
    ok = make_dataset(
        one("claims.csv", quantity="", qualifier=qualifier, quote=words), source_text=words
    )
    assert findings(ok, "quote-numbers") == []
    bad = make_dataset(one("claims.csv", quantity="", qualifier=qualifier))
    assert findings(bad, "quote-numbers") == [
        ("error", "quote-numbers", "claims.csv", 2, "qualifier")
    ]


def test_quote_numbers_understands_dozens(make_dataset: MakeDataset) -> None:
    ok = make_dataset(
        one("claims.csv", quantity="", qualifier="dozens", quote="dozens of ballistic missiles"),
        source_text="dozens of ballistic missiles",
    )
    assert findings(ok, "quote-numbers") == []
    bad = make_dataset(one("claims.csv", quantity="", qualifier="dozens"))
    assert findings(bad, "quote-numbers") == [
        ("error", "quote-numbers", "claims.csv", 2, "qualifier")
    ]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,402 items", 1402),
        ("1402 items", 1402),
        ("more than 11,000", 11000),
        ("four Russian ships", 4),
        ("twenty vessels", 20),
        ("seventeen parties", 17),
        ("two hundred and forty-three", 243),
        ("eleven thousand", 11000),
        ("a dozen", 12),
        ("three hundred thousand", 300000),
        ("1.5 million", 1500000),
        ("eight individuals", 8),
    ],
)
def test_stated_numbers_reads_digits_and_words(text: str, number: int) -> None:
    assert stated_numbers(text).states(number)  # type: ignore[arg-type]


def test_stated_numbers_keeps_listed_words_apart() -> None:
    found = stated_numbers("four ships, five organizations and eight individuals").values
    assert sorted(found) == [4, 5, 8]


# --- duplicate ---------------------------------------------------------------------------------


def test_duplicate_passes_for_distinct_parties(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(rows("designations.csv", *VESSELS)), "duplicate") == []


def test_duplicate_flags_one_party_twice_in_an_action(make_dataset: MakeDataset) -> None:
    twice = [VESSELS[0], dict(VESSELS[1], id="v9", name="Vessel 0", imo="")]
    data = rows("designations.csv", VESSELS[1], dict(VESSELS[2], imo=""), *twice)
    data["designations.csv"][1]["name"] = "VESSEL-0"
    assert findings(make_dataset(data), "duplicate") == [
        ("error", "duplicate", "designations.csv", 5, "name")
    ]


def test_duplicate_flags_one_imo_on_two_vessels_of_one_action(make_dataset: MakeDataset) -> None:
    data = rows("designations.csv", VESSELS[0], dict(VESSELS[1], imo="9074729"))
    assert findings(make_dataset(data), "duplicate") == [
        ("error", "duplicate", "designations.csv", 3, "name")
    ]


def test_duplicate_warns_on_one_imo_under_two_names_across_actions(
    make_dataset: MakeDataset,
) -> None:
    second_action = dict(minimal_tables()["actions.csv"][0], id="act2")
    data = {"actions.csv": [minimal_tables()["actions.csv"][0], second_action]} | rows(
        "designations.csv", VESSELS[0], dict(VESSELS[1], imo="9074729", action_id="act2")
    )
    assert findings(make_dataset(data), "duplicate") == [
        ("warning", "duplicate", "designations.csv", 3, "imo")
    ]


def test_duplicate_on_no_designations_finds_nothing(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset({"designations.csv": []}), "duplicate") == []


# --- date-order --------------------------------------------------------------------------------


def test_date_order_passes_for_past_dates_in_order(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("control_list_revisions.csv", effective_on="2024-07-01"))
    assert findings(directory, "date-order") == []


def test_date_order_flags_effect_before_announcement(make_dataset: MakeDataset) -> None:
    directory = make_dataset(one("control_list_revisions.csv", effective_on="2024-06-01"))
    assert findings(directory, "date-order") == [
        ("error", "date-order", "control_list_revisions.csv", 2, "effective_on")
    ]


def test_date_order_flags_dates_after_as_of(make_dataset: MakeDataset) -> None:
    assert findings(make_dataset(), "date-order", as_of=dt.date(2024, 6, 19)) == [
        ("error", "date-order", "control_list_revisions.csv", 2, "announced_on")
    ]


def test_date_order_compares_partial_dates_by_their_range(make_dataset: MakeDataset) -> None:
    same_month = make_dataset(one("control_list_revisions.csv", effective_on="2024-06"))
    assert findings(same_month, "date-order") == []
    year_only = make_dataset(
        one("events.csv", on="2024") | one("control_list_revisions.csv", announced_on="")
    )
    assert findings(year_only, "date-order", as_of=dt.date(2024, 1, 1)) == []


@pytest.mark.parametrize(
    ("quote", "value", "found"),
    [
        ("1,243 items", 243, False),
        ("243 items", 243, True),
        ("add 243.", 243, True),
        ("2430 items", 243, False),
        ("1.5 million", 5, False),
        ("(1,402)", 1402, True),
        ("1402", 1402, True),
        ("four ships", 4, True),
        ("14 ships", 4, False),
    ],
)
def test_quote_numbers_matches_whole_numbers_only(quote: str, value: int, found: bool) -> None:
    assert states(quote, value) is found


@pytest.mark.parametrize(
    ("qualifier", "least"),
    [("several", 3), ("dozens", 24), ("hundreds", 200), ("thousands", 2_000),
     ("hundreds_of_millions", 200_000_000), ("billions", 2_000_000_000)],
)  # fmt: skip
def test_a_vague_magnitude_is_read_as_the_least_its_word_can_mean(
    qualifier: str, least: int
) -> None:
    claim = m.Claim(
        id="c", source_id="s", quote=f"{qualifier} of workers", claimant="X", subject="workers",
        unit="workers", qualifier=qualifier,
    )  # fmt: skip
    found = bounds(claim)
    assert found is not None and (found.low, found.high) == (least, None)
    below = m.Claim(
        id="d", source_id="s", quote="q", claimant="X", subject="workers", unit="workers",
        qualifier="exact", quantity=least - 1,
    )  # fmt: skip
    assert bounds(below).below(found)  # type: ignore[union-attr]

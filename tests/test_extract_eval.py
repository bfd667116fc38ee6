"""The extraction evaluation (bench/extract_eval.py): how a proposal meets a label, the split
of the corpus, and a smoke run of the whole table."""

from __future__ import annotations

import json
from pathlib import Path

from bench import extract_eval as ev
from tracker.extract.rules import Proposal

TEXT = (
    "Today OFAC designated four entities and two vessels. "
    "The list now has 40 entities. It was signed on May 6, 2024."
)


def items(facts: list[dict[str, object]]) -> list[ev.Item]:
    return ev.label_items(TEXT, facts)  # type: ignore[arg-type]


def scored(labels: list[ev.Item], proposals: list[Proposal]) -> ev.Result:
    result = ev.Result()
    ev.score_text("t", TEXT, labels, ev.proposal_items(TEXT, proposals), result)
    return result


FIRST = "Today OFAC designated four entities and two vessels."
ACTION = {"kind": "action", "quote": FIRST, "values": {"organizations": 4, "vessels": 2}}


def test_a_count_meets_its_label_when_field_value_and_quote_agree() -> None:
    right = Proposal("actions", FIRST, 0.9, {"stated_organizations": 4, "stated_vessels": 3})
    score = scored(items([ACTION]), [right]).scores["numeric"]
    assert (score.labelled, score.proposed, score.right) == (2, 2, 1)


def test_a_count_quoted_from_another_sentence_does_not_meet_its_label() -> None:
    elsewhere = Proposal(
        "actions", "The list now has 40 entities.", 0.9, {"stated_organizations": 4}
    )
    assert scored(items([ACTION]), [elsewhere]).scores["numeric"].right == 0


def test_a_subset_labelled_as_a_claim_is_wrong_as_an_action_count() -> None:
    claim = {"kind": "claim", "quote": FIRST, "values": {"quantity": 4, "unit": "entities"}}
    action = Proposal("actions", FIRST, 0.9, {"stated_organizations": 4})
    assert scored(items([claim]), [action]).scores["numeric"].right == 0


def test_a_claim_needs_its_qualifier_and_over_is_more_than() -> None:
    claim = {"kind": "claim", "quote": FIRST, "values": {"quantity": 4, "qualifier": "over"}}
    more = Proposal("claims", FIRST, 0.9, {"quantity": 4, "qualifier": "more_than"})
    exact = Proposal("claims", FIRST, 0.9, {"quantity": 4, "qualifier": "exact"})
    assert scored(items([claim]), [more]).scores["numeric"].right == 1
    assert scored(items([claim]), [exact]).scores["numeric"].right == 0


def test_an_optional_label_neither_counts_for_recall_nor_against_precision() -> None:
    counted = {
        "kind": "action",
        "quote": FIRST,
        "values": {"organizations": 4, "count_stated": False},
    }
    found = scored(items([counted]), [Proposal("actions", FIRST, 0.9, {"stated_organizations": 4})])
    score = found.scores["numeric"]
    assert (score.labelled, score.proposed, score.right) == (0, 0, 0)


def test_an_event_needs_its_date_and_a_stated_weekday() -> None:
    quote = "It was signed on May 6, 2024."
    label = {"kind": "event", "quote": quote, "values": {"date": "2024-05-06"}}
    good = Proposal("events", quote, 0.8, {"on": "2024-05-06", "stated_weekday": "Monday"})
    bad = Proposal("events", quote, 0.8, {"on": "2024-05-07"})
    assert scored(items([label]), [good]).scores["event"].right == 1
    assert scored(items([label]), [bad]).scores["event"].right == 0
    with_day = {
        "kind": "event",
        "quote": quote,
        "values": {"date": "2024-05-06", "weekday": "Monday"},
    }
    undated_day = Proposal("events", quote, 0.8, {"on": "2024-05-06"})
    assert scored(items([with_day]), [undated_day]).scores["event"].right == 0


def test_an_official_meets_by_name_anywhere_in_the_text() -> None:
    label = {"kind": "official", "quote": FIRST, "values": {"name": "Jane  Doe", "role": "x"}}
    proposal = Proposal("officials", "Secretary jane doe", 0.8, {"name": "Jane Doe", "role": "y"})
    assert scored(items([label]), [proposal]).scores["official"].right == 1


def test_the_split_is_by_text_and_covers_every_text_once() -> None:
    split = json.loads((ev.CORPUS / "split.json").read_text(encoding="utf-8"))["texts"]
    texts = sorted(p.stem for p in ev.CORPUS.glob("*.txt"))
    assert sorted(split) == texts
    halves = {h: [t for t, v in split.items() if v["half"] == h] for h in ("dev", "test")}
    assert len(halves["dev"]) + len(halves["test"]) == len(texts)
    families = {v["family"] for v in split.values()}
    for family in families:
        members = [v["half"] for v in split.values() if v["family"] == family]
        if len(members) > 1:
            assert set(members) == {"dev", "test"}, family


def test_every_label_quote_is_in_its_text() -> None:
    for half in ("dev", "test"):
        for name, text, facts in ev.corpus(half):
            assert all(f["quote"] in text for f in facts), name


def test_the_table_runs_on_every_set_and_every_quote_is_verbatim() -> None:
    found = ev.results()
    lines = ev.table(found).splitlines()
    assert lines[0].startswith("| set | measured |")
    assert {line.split(" | ")[0] for line in lines[2:]} == {f"| {t}" for t in ev.SETS.values()}
    assert all(r.verbatim == r.quotes for r in found.values())


DOCS = Path(__file__).parent.parent / "docs" / "extract.md"


def test_the_docs_table_is_this_run_and_the_bundled_articles_stay_at_one() -> None:
    found = ev.results()
    start, end = (
        "<!-- extract-measured: bench/extract_eval.py -->\n",
        "\n<!-- end of extract-measured -->",
    )
    shown = DOCS.read_text(encoding="utf-8").split(start)[1].split(end)[0]
    assert shown == ev.table(found)
    bundled = found["bundled"].scores
    assert bundled["numeric"].recall == bundled["numeric"].precision == 1.0
    assert bundled["magnitude"].recall == 1.0

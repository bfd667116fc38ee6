"""Tiny-scale runs of the screening benchmarks (bench/screening*.py): each case runs and its
figures are what the pairs say; no timing is asserted (bench/RESULTS.md holds the figures)."""

from __future__ import annotations

import pytest

from bench import screening_real as real
from tests.conftest import REPO


def test_the_real_pairs_are_split_once_by_party() -> None:
    pairs = real.read()
    assert {p.split for p in pairs} == {"dev", "test"}
    assert all(p.pair_id.startswith(p.split + "-") for p in pairs)
    parties = {}
    for p in pairs:  # one party's names never sit on both sides
        for key in (f"{p.left_source}:{p.left_entry}", f"{p.right_source}:{p.right_entry}"):
            assert parties.setdefault(key, p.split) == p.split
    assert {p.label for p in pairs} == {0, 1}


@pytest.mark.parametrize(
    ("left", "right", "kind"),
    [
        ("Сергей Шойгу", "Sergei Shoigu", "script"),
        ("KIM, Yong Chol", "Yong Chol Kim", "order"),
        ("Gazprom Aktiengesellschaft", "Gazprom AG", "legal form"),
        ("2nd Economic Committee", "Second Economic Committee", "ordinal"),
        ("KODO-KAI", "KODOKAI", "spacing"),
        ("Kim Jong-nnam", "Kim Jong-nam", "typo"),
        ("GAGLOEV, Vladimir", "GAGLOEV, Vladimir Georgyevich", "parts"),
        ("AL QAYSI, Nayif Salih", "AL QAISI, Naif Saleh", "transliteration"),
        ("Abdul Qadir Haqqani", "Abdul Qadir Basir", "other parts"),
        ("NORTH DRILLING COMPANY", "NDCO", "other name"),
    ],
)
def test_a_pair_is_of_the_kind_its_text_says(left: str, right: str, kind: str) -> None:
    party = "person" if "," in left or kind in ("typo", "script") else "organization"
    assert real.kind_of(left, right, party) == kind


def scored(label: int, value: float, kind: str = "typo") -> real.Scored:
    pair = real.Pair("p", "dev", kind, label, "person", "a", "b", "", "", "", "", "", "", "")
    return real.Scored(pair, value)


def test_precision_recall_and_recall_at_precision_count_what_they_say() -> None:
    found = [scored(1, 0.95), scored(1, 0.80), scored(1, 0.50), scored(0, 0.75), scored(0, 0.2)]
    precision, recall, f1 = real.confusion(found, 0.70)
    assert (precision, recall) == (2 / 3, 2 / 3) and f1 == pytest.approx(2 / 3)
    assert real.recall_at(found, 0.90) == (2 / 3, 0.80)  # at 0.75 precision falls to 2/3
    # a kind's negatives weigh its share of the positives: 1 of 3 here
    view, weight = real.kind_view([*found, scored(1, 0.9, "order")], "order")
    assert weight == 1 / 4 and real.confusion(view, 0.70, weight)[0] == 1 / 1.25


def test_the_accuracy_tables_run_on_a_few_pairs() -> None:
    pairs = real.read()
    few = [p for p in pairs if p.kind == "typo"][:20] + [p for p in pairs if not p.label][:20]
    few += [p for p in pairs if p.split == "test"][:20]
    table = real.accuracy_tables(few, real.scorers(("tracker-screen/1",), peer=False))
    assert "| typo |" in table and "#### test part" in table


def test_the_docs_accuracy_tables_are_the_recorded_figures() -> None:
    """Every row of docs/screening.md's real-pairs tables stands in bench/RESULTS.md, in the
    section the docs cite, so a figure cannot be edited in one and not the other."""
    docs = (REPO / "docs" / "screening.md").read_text(encoding="utf-8")
    shown = docs[docs.index("<!-- real-pairs -->") : docs.index("<!-- /real-pairs -->")]
    rows = [line for line in shown.splitlines() if line.startswith("| ") and "---" not in line]
    results = (REPO / "bench" / "RESULTS.md").read_text(encoding="utf-8")
    recorded = results[results.rindex("### screening accuracy on real name variants") :]
    assert len(rows) >= 2 * 16
    for row in rows:
        assert row in recorded, row

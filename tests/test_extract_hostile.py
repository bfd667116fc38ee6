"""Hostile texts for `tracker extract` (issue 19 item 10, issue 22): binary, too long, one
huge line, 10,000-digit numbers, nested quotes and text crafted to make a regular expression
backtrack end in a clear message or a draft; the time the rules take grows in proportion to the
text (a 10x input is timed against the 1x input in the same run: a ratio, not seconds)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile import cli
from tracker.extract.draft import LONGEST_TEXT, read_texts
from tracker.extract.review import write_review
from tracker.extract.rules import propose
from tracker.extract.text import LONGEST, sentences

CRAFTED: dict[str, Callable[[int], str]] = {
    "one long token": lambda n: "A" * n,
    "initials and dots": lambda n: "Ab. " * (n // 4),
    "one long sentence of counts": lambda n: (
        "the council designated four entities and " * (n // 41)
    ),
    "numbers": lambda n: "1 2 3 4 5 " * (n // 10),
    "dates": lambda n: "May 5, 2024 (Fri) " * (n // 18),
    "nested quotes": lambda n: "\u201c'\"" * (n // 6) + "\"'\u201d" * (n // 6),
    "titles without names": lambda n: "Minister Secretary of the Treasury for " * (n // 39),
    "wrapped lines": lambda n: ("x" * 70 + "\n") * (n // 71),
    "capitals before IMO": lambda n: "STAR OCEAN " * (n // 11) + "IMO 9074729",
    "dots": lambda n: "." * n,
}


def seconds(text: str) -> float:
    start = time.perf_counter()
    propose(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_time_grows_in_proportion_to_the_text(name: str) -> None:
    make = CRAFTED[name]
    seconds(make(2_000))  # warm the caches of compiled patterns
    small = min(seconds(make(20_000)) for _ in range(2))
    large = seconds(make(200_000))
    # linear work gives about 10x; work that grows with the square gives 100x
    assert large < 30 * max(small, 0.002), (name, small, large)


def test_a_long_run_of_text_is_cut_into_verbatim_pieces() -> None:
    text = "word " * 1_000
    found = sentences(text)
    assert all(len(s.text) <= LONGEST for s in found)
    assert all(text[s.start : s.end] == s.text for s in found)


def test_a_10000_digit_number_is_no_count(tmp_path: Path) -> None:
    text = "OFAC designated " + "9" * 10_000 + " entities and 3 vessels."
    numbers = [
        v for p in propose(text) for v in p.values.values() if isinstance(v, int)
    ]  # the pieces of the cut number are as long as it, never a count
    assert numbers == [3]
    path = tmp_path / "digits.txt"
    path.write_text(text * 3, encoding="utf-8")
    assert cli("extract", path, "-o", tmp_path / "draft").code == 0


def test_nested_quotes_give_verbatim_quotes() -> None:
    text = (
        "\u201cThe minister said \u2018OFAC designated \u201cfour\u201d entities\u2019.\u201d " * 50
    )
    assert all(p.quote in text for p in propose(text))


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    assert cli("extract", path).failed_cleanly("binary file")


def test_a_50_mb_text_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        for _ in range(50):
            file.write(b"The Council designated four entities. " * 27_000)
    start = time.perf_counter()
    run = cli("extract", path)
    elapsed = time.perf_counter() - start
    assert run.failed_cleanly("longer than 500,000 characters")
    small = tmp_path / "small.txt"
    small.write_bytes(b"The Council designated four entities. " * 300)
    start = time.perf_counter()
    assert cli("extract", small).code == 0
    # refusing 50 MB costs about what reading 10 KB does: the file is not read through
    assert elapsed < 3 * (time.perf_counter() - start) + 0.5


def test_one_line_of_a_megabyte_is_refused_and_a_shorter_one_drafted(tmp_path: Path) -> None:
    sentence = "The Council designated four entities and "
    path = tmp_path / "line.txt"
    path.write_text(sentence * (2**20 // len(sentence) + 1), encoding="utf-8")  # 1 MB
    assert cli("extract", path).failed_cleanly("longer than")
    path.write_text(sentence * (LONGEST_TEXT // len(sentence) // 4), encoding="utf-8")
    run = cli("extract", path, "-o", tmp_path / "draft")
    assert run.code == 0, run.output
    assert "records from" in run.output


def test_a_review_workbook_of_many_proposals_grows_in_proportion(tmp_path: Path) -> None:
    def review_seconds(lines: int) -> float:
        path = tmp_path / f"many-{lines}.txt"
        line = "The Council designated {} entities on 5 May 2024.\n"
        path.write_text("".join(line.format(i) for i in range(1, lines)), encoding="utf-8")
        texts = read_texts([path], None, None)
        start = time.perf_counter()
        write_review(tmp_path / f"many-{lines}.xlsx", texts)
        return time.perf_counter() - start

    review_seconds(20)
    small, large = review_seconds(200), review_seconds(2_000)
    assert large < 30 * max(small, 0.01), (small, large)

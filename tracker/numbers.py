"""The numbers a piece of prose states: "1,402", "1402", "11,000", "four", "two hundred and
forty-three", "1.5 million", "a dozen"; and whether it speaks of "dozens". Exact: Decimal only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"dozen": 12, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS = set(UNITS) | set(SCALES) | {"hundred"}

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+", re.IGNORECASE)


@dataclass(frozen=True)
class StatedNumbers:
    values: frozenset[Decimal]
    dozens: bool

    def states(self, number: Decimal) -> bool:
        return number in self.values


def stated_numbers(text: str) -> StatedNumbers:
    """Every number the text states, in digits or words."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    values: set[Decimal] = set()
    words: list[str] = []
    scaled = False  # the previous token was digits and this one is their scale ("1.5 million")
    for index, token in enumerate(tokens):
        if scaled:
            scaled = False
            continue
        if token[0].isdigit():
            _flush(words, values)
            value = Decimal(token.replace(",", ""))
            values.add(value)
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if following in SCALES or following == "hundred":
                values.add(value * (SCALES.get(following) or 100))
                scaled = True
        elif token in NUMBER_WORDS or (token == "and" and words):
            words.append(token)
        elif token == "a" and index + 1 < len(tokens) and tokens[index + 1] in NUMBER_WORDS:
            words.append("one")
        else:
            _flush(words, values)
    _flush(words, values)
    return StatedNumbers(frozenset(values), dozens="dozens" in tokens)


def _flush(words: list[str], values: set[Decimal]) -> None:
    """Turn a run of number words into values: "two hundred and forty-three" -> 243, and
    "four, five and eight" -> 4, 5, 8 (a unit that cannot extend the number starts a new one)."""
    total = current = 0
    started = False
    for word in words:
        if word == "and":
            continue
        if word in UNITS:
            value = UNITS[word]
            extends = current % 100 == 0 or (
                current % 10 == 0 and current % 100 >= 20 and value < 10
            )
            if started and not extends:
                values.add(Decimal(total + current))
                total = current = 0
            current += value
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * SCALES[word]
            current = 0
        started = True
    if started:
        values.add(Decimal(total + current))
    words.clear()

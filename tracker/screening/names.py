"""Names as screening compares them: Unicode NFKC, every script transliterated to ASCII
(anyascii), casefolded, punctuation dropped, digits kept; "SURNAME, Given" read as "Given
SURNAME" for people; legal forms recognised and canonicalised ("Limited Liability Company",
"OOO" and "LLC" are one form) but kept apart, never deleted, so they weigh little and still
count. The same analysis runs when the index is built and when a query arrives."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii

# canonical form -> the normalised words that stand for it (longest are matched first)
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc",
        "l l c",
        "limited liability company",
        "limited liability co",
        "ooo",
        "tov",
        "too",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu",
        "obshchestvo s ogranichennoj otvetstvennostju",
        "gmbh",
        "sp z o o",
        "srl",
        "s r l",
        "sarl",
        "s a r l",
        "bv",
        "b v",
        "fz llc",
        "fzco",
        "fze",
        "fzc",
        "dmcc",
    ),
    "jsc": (
        "jsc",
        "joint stock company",
        "joint stock co",
        "ao",
        "zao",
        "oao",
        "pao",
        "pjsc",
        "ojsc",
        "cjsc",
        "pat",
        "prat",
        "jscb",
        "public joint stock company",
        "open joint stock company",
        "closed joint stock company",
        "aktsionernoe obshchestvo",
        "aktsionernoye obshchestvo",
        "publichnoe aktsionernoe obshchestvo",
        "otkrytoe aktsionernoe obshchestvo",
        "zakrytoe aktsionernoe obshchestvo",
        "ag",
        "sa",
        "s a",
        "societe anonyme",
        "sociedad anonima",
        "spa",
        "s p a",
        "nv",
        "n v",
        "as",
        "a s",
        "ab",
        "oyj",
    ),
    "ltd": (
        "ltd",
        "limited",
        "co ltd",
        "company limited",
        "pte ltd",
        "pte",
        "pty ltd",
        "pty",
        "private limited",
        "plc",
        "public limited company",
        "sdn bhd",
        "bhd",
        "pvt ltd",
    ),
    "corp": ("corp", "corporation", "inc", "incorporated", "co", "company", "cia", "compania"),
    "lp": ("lp", "llp", "l p", "limited partnership", "kg", "gmbh co kg", "co kg"),
    "pt": ("pt", "tbk", "cv"),
}
_FORMS = sorted(
    ((tuple(f.split()), canonical) for canonical, forms in LEGAL_FORMS.items() for f in forms),
    key=lambda item: -len(item[0]),
)
_LONGEST = max(len(words) for words, _ in _FORMS)
_FORM_OF = {words: canonical for words, canonical in _FORMS}
# words so frequent in names that a name made only of them says little
COMMON = frozenset(
    [
        "a",
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "abu",
        "abd",
        "abdul",
        "abdel",
        "ben",
        "bint",
        "de",
        "del",
        "da",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "the",
        "of",
        "and",
        "for",
        "y",
        "e",
        "mohammad",
        "mohammed",
        "muhammad",
        "mohamed",
        "muhammed",
        "ali",
        "ahmed",
        "ahmad",
        "hassan",
        "hasan",
        "hussein",
        "husain",
        "trading",
        "trade",
        "international",
        "intl",
        "group",
        "general",
        "global",
        "holding",
        "holdings",
        "industries",
        "industrial",
        "industry",
        "services",
        "service",
        "enterprise",
        "enterprises",
        "import",
        "export",
        "commercial",
        "investment",
        "investments",
        "development",
        "management",
        "technology",
        "technologies",
        "company",
        "shipping",
        "logistics",
        "co",
        "bank",
        "petroleum",
        "oil",
        "gas",
        "energy",
        "new",
        "national",
    ]
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
COMMON_WEIGHT = 0.4


@dataclass(frozen=True, slots=True)
class Name:
    """A name analysed: its words (legal forms apart), their sounds, and all of it joined."""

    text: str
    tokens: tuple[str, ...]
    legal: tuple[str, ...]
    phonetic: tuple[str, ...]
    weights: tuple[float, ...]  # what each word says of who is named (see ``weight``)
    total: float  # the sum of the weights

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def only_common(self) -> bool:
        """Every word common or a single letter: such a name cannot identify anyone alone."""
        return all(t in COMMON or len(t) < 2 for t in self.tokens)


def ascii_words(text: str) -> list[str]:
    """NFKC, transliterated, casefolded words; punctuation splits, digits stay."""
    plain = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    return [w for w in _NOT_WORD.split(plain) if w]


@lru_cache(maxsize=200_000)
def analyse(text: str, person: bool = False) -> Name:
    """``person``: read "SURNAME, Given" as "Given SURNAME" (lists put the family name first)."""
    if person and text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if family and split_legal(ascii_words(given))[0]:  # not "ROSEKSIMBANK, ZAO"
            text = f"{given} {family}"
    tokens, legal = split_legal(ascii_words(text))
    return named(text, tokens, legal)


def named(text: str, tokens: Sequence[str], legal: Sequence[str]) -> Name:
    weights = tuple(weight(t) for t in tokens)
    return Name(
        text=text,
        tokens=tuple(tokens),
        legal=tuple(legal),
        phonetic=tuple(sound(t) for t in tokens),
        weights=weights,
        total=sum(weights),
    )


def weight(token: str) -> float:
    """Common words and initials say little; numbers ("PETREL 8") say much."""
    if token.isdigit():
        return 1.0
    return COMMON_WEIGHT if token in COMMON or len(token) == 1 else 1.0


def split_legal(words: list[str]) -> tuple[list[str], list[str]]:
    """The words that are not a legal form, and the canonical legal forms found (longest
    match first)."""
    tokens: list[str] = []
    legal: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            canonical = _FORM_OF.get(tuple(words[i : i + size]))
            if canonical is not None and (size > 1 or len(words) > 1):
                legal.append(canonical)
                i += size
                break
        else:
            tokens.append(words[i])
            i += 1
    return tokens, legal


def sound(token: str) -> str:
    """A phonetic key (Metaphone); numbers sound like themselves."""
    if token.isdigit() or len(token) < 3:
        return token
    return jellyfish.metaphone(token) or token

"""Candidate keys: what a query and a list entry must share for the entry to be scored at all.
Pure functions of the names and identifiers, used alike when the index is built and when a
query arrives, so a query scores tens of candidates, not the whole list.

Two levels, so that building the index costs little per entry: an entry is indexed by its
**tokens** (each word of each name as written, casefolded; a Korean syllable each; two
adjacent words run together, so "GAZPROM BANK" meets "GAZPROMBANK"; ``imo:`` and ``id:`` for
its IMO, document, registration and MMSI numbers), and each distinct token of the list by its
**spelling keys** (``token_keys``: the word in ASCII, its sound, its consonants as Arabic
script writes them, its Korean syllable form, and its romanisation skeleton with each letter
left out, for 5 to 16 letters, so that one typo leaves a key in common; a pair run together
only as itself). A query's word finds the list's words
that share a spelling key with it, then the entries that have those words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from tracker.screening.names import sound
from tracker.screening.parts import ascii_of, bare_v2, consonants_of, korean
from tracker.screening.score import Candidate, Query, normal_number

IDENTIFIER_PREFIXES = ("imo:", "id:")
_WORD = re.compile(r"[^\W_]+")
_HANGUL = re.compile(r"([\uac00-\ud7a3])")


def words_of(text: str) -> tuple[str, ...]:
    """The words of a name as the index knows them: NFKC, casefolded, split at anything that
    is not a letter or digit, Korean Hangul one syllable a word."""
    plain = _HANGUL.sub(r" \1 ", unicodedata.normalize("NFKC", text).casefold())
    return tuple(_WORD.findall(plain))


# a query's words, looked up again by every snapshot and by the score
name_tokens = lru_cache(maxsize=200_000)(words_of)


JOINED = "+"  # a pair of adjacent words run together: looked up as itself only


def joined_tokens(words: Sequence[str]) -> list[str]:
    """Each pair of adjacent words run together."""
    return [JOINED + a + b for a, b in pairwise(words)]


def entry_tokens(names: Iterable[str], imo: str | None, numbers: Iterable[str]) -> set[str]:
    """Everything an entry is indexed by."""
    found: set[str] = set()
    for text in names:
        words = words_of(text)  # each entry once: no cache to fill
        found.update(words)
        found.update(joined_tokens(words))
    if imo:
        found.add("imo:" + imo)
    found.update("id:" + n for n in numbers)
    return found


def candidate_tokens(candidate: Candidate) -> set[str]:
    return entry_tokens(candidate.names, candidate.imo, candidate.numbers)


def spelling_keys(token: str) -> frozenset[str]:
    """A word's spelling keys: two words that may be one name spelt two ways share one."""
    if token.startswith(IDENTIFIER_PREFIXES):
        return frozenset({"t:" + token})
    text = ascii_of(token)
    if not text:
        return frozenset({"t:" + token.removeprefix(JOINED)})
    keys = {"t:" + text}
    if text.isdigit() or token.startswith(JOINED):
        return frozenset(keys)
    bare = bare_v2(text)
    if len(text) >= 3:
        keys.add("p:" + sound(text))
    consonants = consonants_of(text, token)
    if len(consonants) >= 2:
        keys.add("c:" + consonants)
    if len(text) <= 5 and text.isalpha():
        keys.add("h:" + korean(text))
    keys.add("d:" + bare)
    if 5 <= len(bare) <= 16:
        keys.update("d:" + bare[:i] + bare[i + 1 :] for i in range(len(bare)))
    return frozenset(keys)


# a query's words' keys, looked up again by every snapshot; an index build computes each
# distinct word's once (``spelling_keys``), and would only fill the cache
token_keys = lru_cache(maxsize=200_000)(spelling_keys)


def query_groups(query: Query) -> list[str]:
    """The query's tokens: each word and pair of adjacent words of each of its names, then
    its identifiers (each looked up as itself)."""
    found: list[str] = []
    for text in (query.name, *query.aliases):
        words = name_tokens(text)
        for token in (*words, *joined_tokens(words)):
            if token not in found:
                found.append(token)
    if query.imo:
        found.append("imo:" + query.imo)
    if number := normal_number(query.id_number or ""):
        found.append("id:" + number)
    return found


def is_identifier(token: str) -> bool:
    return token.startswith(IDENTIFIER_PREFIXES)

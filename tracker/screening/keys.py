"""Candidate keys: what a query and a list entry must share for the entry to be scored at all.
A pure function of the names and identifiers, used alike when the index is built and when a
query arrives, so a query scores tens of candidates, not the whole list.

Keys of a name: each word (``t:``), each pair of adjacent words run together (``t:``, so
"GAZPROM BANK" meets "GAZPROMBANK"), each word's sound (``p:``, Metaphone: "Mohammed" meets
"Muhammad") and romanisation skeleton (``k:``: "Djairan" meets "Jairan"), and, for words of
4 to 12 letters, the skeleton whole and with each letter left out (``d:``: a typo, or a
letter added or dropped, leaves one such key in common). Identifiers: ``imo:`` and ``id:``
(document, registration and MMSI numbers).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from tracker.screening.names import Name, analyse
from tracker.screening.score import Candidate, Query, normal_number

IDENTIFIER_PREFIXES = ("imo:", "id:")


def word_keys(token: str, sound: str, bare: str) -> set[str]:
    keys = {"t:" + token}
    if len(token) >= 3 and not token.isdigit():
        keys.add("p:" + sound)
        keys.add("k:" + bare)
    if 4 <= len(bare) <= 12:  # whole and one letter less: a typo, a letter added or dropped
        keys.add("d:" + bare)
        keys.update("d:" + bare[:i] + bare[i + 1 :] for i in range(len(bare)))
    return keys


def key_groups(name: Name) -> list[set[str]]:
    """The keys of a name, grouped by the word (or pair of words) they stand for: an entry
    counts once per group, however many of its keys it shares."""
    words = zip(name.tokens, name.phonetic, name.skeletons, strict=True)
    groups = [word_keys(t, s, k) for t, s, k in words]
    groups += [{"t:" + first + second} for first, second in pairwise(name.tokens)]
    return groups


def name_keys(name: Name) -> set[str]:
    return set().union(*key_groups(name)) if name.tokens else set()


def names_keys(texts: Iterable[str], person: bool) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        keys |= name_keys(analyse(text, person))
    return keys


def candidate_keys(candidate: Candidate) -> set[str]:
    keys = names_keys(candidate.names, candidate.type == "person")
    if candidate.imo:
        keys.add("imo:" + candidate.imo)
    keys |= {"id:" + n for n in candidate.numbers}
    return keys


def query_key_groups(query: Query) -> list[set[str]]:
    """The query's keys, grouped by word (see ``key_groups``); each identifier its own group."""
    person = query.type in (None, "person")
    groups = [g for text in (query.name, *query.aliases) for g in key_groups(analyse(text, person))]
    if query.imo:
        groups.append({"imo:" + query.imo})
    if number := normal_number(query.id_number or ""):
        groups.append({"id:" + number})
    return groups


def query_keys(query: Query) -> set[str]:
    return set().union(*query_key_groups(query))


def is_identifier(key: str) -> bool:
    return key.startswith(IDENTIFIER_PREFIXES)

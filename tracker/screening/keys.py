"""Candidate keys: what a query and a list entry must share for the entry to be scored at all.
A pure function of the names and identifiers, used alike when the index is built and when a
query arrives, so a query scores tens of candidates, not the whole list.

Keys of a name: each word's keys (``names.word_keys``: the word, its sound, its romanisation
skeleton, and the skeleton with each letter left out), and each pair of adjacent words run
together (``t:``, so "GAZPROM BANK" meets "GAZPROMBANK"). Identifiers: ``imo:`` and ``id:``
(document, registration and MMSI numbers).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from tracker.screening.names import Name, analyse
from tracker.screening.score import Candidate, Query, normal_number

IDENTIFIER_PREFIXES = ("imo:", "id:")


def key_groups(name: Name) -> list[set[str]]:
    """The keys of a name, grouped by the word (or pair of words) they stand for: an entry
    counts once per group, however many of its keys it shares."""
    groups: list[set[str]] = [set(keys) for keys in name.signatures]
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

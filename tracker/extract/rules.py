"""The rules that read records out of a text, sentence by sentence. Each proposal names its
record type, carries a verbatim quote (a sentence, or two for a list's change) and a
confidence, and its values in the dataset's own field names.

* actions: a sentence about sanctions (sanction, designate, blacklist, asset freeze) with
  counts of vessels, organizations and persons ("four Russian ships, five organizations and
  eight individuals"); a count of several kinds at once ("17 officials and organizations") is
  the total; the authority is the sentence's subject.
* control-list revisions: items counted before, added, removed and after ("from 1,159 items by
  243 to 1,402"; "there are 1,159 items ... will add 243 new items, bringing the total ... to
  1,402").
* claims: a number (or "dozens") of something, with its qualifier ("more than", "at least",
  "over", "about", "up to"), claimed by the sentence's subject or "according to" someone.
* events: a sentence that dates what happened (``dates.py`` states the dating rule).
* officials: a name with its role ("National Security Adviser Chang Ho-jin", "Park Won-gon,
  professor of ... at ...").
* designations: a vessel named with its IMO number, in a text that also announces sanctions.

Numbers that are not counts are never proposed as counts: years, ordinals, money, percentages,
executive-order, section and resolution numbers, IMO numbers, dates, ages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tracker.extract.dates import HEADER_CHARS, Anchor, Dated, date_in, dates_in, day_after
from tracker.extract.dates import mentions as date_mentions
from tracker.extract.grammar import Counted, Role, counted
from tracker.extract.text import Sentence, nationality, sentences
from tracker.records.numbers import Mention, mentions
from tracker.values import Qualifier, is_valid_imo_ship

QUALIFIER_NAMES = frozenset(q.value for q in Qualifier)

RECORD_KINDS = (
    "actions",
    "control_list_revisions",
    "claims",
    "events",
    "officials",
    "designations",
)


@dataclass
class Proposal:
    type: str  # the record type's file name without .csv
    quote: str
    confidence: float
    values: dict[str, Any] = field(default_factory=dict)


# --- numbers that are counts ---------------------------------------------------------------------

NOT_COUNT_BEFORE = re.compile(
    r"(?:\$|€|£|¥|₩|US\$|USD|EUR|GBP|No\.|[Nn]o|number|E\.O\.|EO|Order|[Ss]ection|[Rr]esolutions?|"
    r"[Aa]rticles?|IMO|[Aa]ged?|[Pp]aragraphs?|[Cc]hapter|[Rr]ule|[Cc]ode|[Pp]art|[Ss]chedule|"
    r"[Ii]tem|[Aa]nnex|[Ss]upplement|FR|CFR|U\.S\.C\.|[Pp]ages?|[Cc]lauses?|[Vv]olume|[Dd]ocket|"
    r"[Rr]eference|[Ff]ile|SOR|[Pp]ackage|[Rr]ound|[Tt]ranche|[Pp]hase|[Ll]evel|[Dd]epartment|"
    r"[Bb]ureau|[Uu]nit|[Bb]rigade|[Bb]attalion|[Rr]egiment|[Dd]ivision|[Ff]light|[Oo]ffice)"
    r"[\s.:#-]*$"
)
NOT_COUNT_AFTER = re.compile(
    r"^(?:(?i:st|nd|rd|th)\b|%|\)|[/.:]\d|-\d|\s*(?i:years? old|dollars|euros|won|yen|rubles|"
    r"roubles|am|pm|a\.m\.|p\.m\.)\b|\s*(?:GMT|UTC|CET|[A-Z]{2,})\b)"
)
LONGEST_NUMBER = 12  # digits: no count or quantity announced is longer


@lru_cache(maxsize=512)
def counts(sentence: str) -> tuple[Mention, ...]:
    """The numbers of a sentence that can be counts (or quantities): not years, dates,
    ordinals, money, percentages, times, identifiers ("Resolution 2397", "88 FR 32640")."""
    found = []
    in_dates = [(d.start, d.end) for d in date_mentions(sentence)]
    every = mentions(sentence)
    widest: dict[int, int] = {}
    for m in every:
        widest[m.start] = max(widest.get(m.start, m.end), m.end)
    for m in every:
        if m.end < widest[m.start]:
            continue  # "300 million": the number is 300,000,000, not 300
        if sum(c.isdigit() for c in sentence[m.start : m.end]) > LONGEST_NUMBER:
            continue
        if any(a <= m.start < b for a, b in in_dates):
            continue
        before, after = sentence[max(0, m.start - 24) : m.start], sentence[m.end : m.end + 16]
        if NOT_COUNT_BEFORE.search(before) or NOT_COUNT_AFTER.match(after):
            continue
        written = sentence[m.start : m.end]
        if not m.words and written.isdigit() and len(written) == 4 and 1900 <= m.value <= 2100:
            continue  # a year
        if m.value != m.value.to_integral() or m.value < 0:
            continue
        if m.value == 0 and m.words:
            continue
        found.append(m)
    return tuple(found)


def percent_or_money(sentence: str, m: Mention) -> str | None:
    """The unit of a percentage or a sum of money, if the number is one."""
    after = sentence[m.end : m.end + 12].lower()
    if re.match(r"^\s*(?:%|percent\b|per cent\b)", after):
        return "percent"
    before = sentence[max(0, m.start - 4) : m.start]
    for sign, currency in (("US$", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")):
        if before.rstrip().endswith(sign):
            return currency
    return None


# --- actions -------------------------------------------------------------------------------------

SANCTIONS = re.compile(
    r"\b(?:sanction(?:s|ed|ing)?|designat(?:e|es|ed|ing|ion|ions)|blacklist(?:s|ed|ing)?|"
    r"asset[- ]freezes?|freez(?:e|es|ing) (?:of )?the assets|froze the assets|entity list|"
    r"restrictive measures|blocked property|travel bans?|penalties|listings?|advertising ban|"
    r"lists|listed|to list|(?:today\u2019s|today's|this) action)\b",
    re.IGNORECASE,
)
KINDS = {
    "stated_vessels": r"ships?|vessels?|tankers?|boats?|carriers?|oil tankers",
    "stated_organizations": r"organi[sz]ations?|entit(?:y|ies)|compan(?:y|ies)|firms?|"
    r"institutions?|banks?|businesses|enterprises?|corporations?|outlets|ministr(?:y|ies)|"
    r"airlines?|subsidiaries|agenc(?:y|ies)",
    "stated_persons": r"individuals?|persons?|people|nationals?|officials?|executives?|"
    r"citizens?|leaders?|businesspersons?|businessmen|oligarchs?|members",
}
_NOUNS = "|".join(KINDS.values())
# "Russian", "additional", "North Korean", "law enforcement, political and military": words
# before the noun, none a noun of a kind, a number or a verb of the sentence
_MODIFIERS = (
    rf"(?:(?!(?:and|or|of|to|in|for|on|that|who|which|{_NOUNS})\b)"
    r"[A-Za-z\u2019'\u2018\u201c-]+,?\s+(?:and\s+|or\s+)?){0,6}?"
)
KIND_AFTER = {
    name: re.compile(
        rf"^\s+{_MODIFIERS}[\u2018'\u201c\"]?(?P<noun>{nouns})\b[\u2019'\u201d\"]?(?P<rest>[^.;]{{0,40}})",
        re.I,
    )
    for name, nouns in KINDS.items()
}
VERBS = re.compile(
    r"\s(?:has |have |had |will |would |also |on \w+ |last week |this week |today |is |are |"
    r"to |therefore |further |additionally |been )*"
    r"(?:impos(?:e|es|ed|ing)|announc(?:e|es|ed|ing)|sanction(?:s|ed|ing)?|"
    r"designat(?:e|es|ed|ing)|plac(?:e|es|ed|ing)|blacklist(?:s|ed|ing)?|"
    r"target(?:s|ed|ing)?|slapped|unveil(?:s|ed)?|issu(?:e|es|ed)|levied|froze|freez(?:e|es|ing)|"
    r"block(?:s|ed)?|implement(?:s|ed|ing)?|adopt(?:s|ed)?|list(?:s|ed|ing)?|"
    r"identif(?:y|ies|ied|ying)|launch(?:es|ed|ing)?|includ(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)
SUBSET = re.compile(r"^\s+of\s+(?:the|these|those|them|whom|which|its|their)\b", re.I)
PART_OF = re.compile(
    r"^\s+of\s+(?:the|these|those|its|their)\s+(?P<whole>(?:[\w,-]+\s+){0,3}?(?:"
    + _NOUNS
    + r"))\b",
    re.I,
)


def kind_of(sentence: str, mention: Mention) -> tuple[str, str] | None:
    """The count field a number is (and the noun that says so); a number followed by nouns of
    two kinds ("17 officials and organizations") is a total."""
    after = sentence[mention.end : mention.end + 160]
    if re.match(r"^-\w", after):
        return None  # "two-year", "24-hour"
    if mention.words:  # "forty (40) individuals": the digits restate the words
        after = re.sub(r"^\s*\(\d[\d,]*\)", "", after)
    for name, pattern in KIND_AFTER.items():
        match = pattern.match(after)
        if match is None:
            continue
        rest = match["rest"]
        joined = re.match(r"^\s*(?:and(?:/or)?|or|,|/)\s+(?:[A-Za-z-]+\s+){0,2}?(\w+)", rest)
        if joined and any(
            re.fullmatch(nouns, joined[1], re.I) for other, nouns in KINDS.items() if other != name
        ):
            return "stated_total", f"{match['noun']} and {joined[1]}"
        return name, match["noun"]
    if re.match(
        r"^\s+(?:new\s+|additional\s+)?(?:designations|targets|parties|listings)\b", after, re.I
    ):
        return "stated_total", "designations"
    return None


def subject(sentence: str, verbs: re.Pattern[str] = VERBS) -> str | None:
    """Who does what the sentence tells: the words before its verb (time words dropped)."""
    match = verbs.search(sentence)
    return None if match is None else subject_of(sentence[: match.start()])


def subject_of(before: str) -> str | None:
    """The subject in the words before a verb: after a "that", a dash or a colon, without the
    words of time around it."""
    words = before[-200:].strip(' ,\u201c"')
    words = re.split(r"\bthat\b", words)[-1].strip(" ,")  # "X announced that Y has imposed"
    words = re.split(r"\s+[\u2014\u2013-]\s+|:\s+|\n", words)[-1]  # "WASHINGTON \u2014 Today, ..."
    words = re.sub(
        r"^(?:(?:On|Since|In|As of|By|Based on|Following|After) [\w ]+?,|Meanwhile,?|However,?|"
        r"Also,?|In addition,?|Additionally,?|Today,?|Yesterday,?|Currently,?|Now,?|Finally,?|"
        r"In turn,?|Furthermore,?)\s+",
        "",
        words,
    )
    words = re.sub(
        r"(?:\s+(?:also|last week|this week|on \w+|recently|earlier|now|today|yesterday|"
        r"decided to|agreed to|moved to|plans to|has|have|had|is|are|will|would|therefore|"
        r"decided|agreed|moved|plans|intends|today|"
        r"further|additionally|decided today to|today decided to|Tuesday|Monday|Wednesday|"
        r"Thursday|Friday|Saturday|Sunday|\u2019s action today|'s action today))+$",
        "",
        words,
    )
    words = re.sub(r"^(?:The|the)\s+", "", words)
    if (
        not words
        or len(words) > 80
        or not words[0].isupper()
        or words in ("There", "It", "This", "These", "I", "We", "They", "He", "She")
    ):
        return None
    return words


TARGET = re.compile(
    r"\b(Russian|North Korean|Iranian|Chinese|Belarusian|Syrian|Burmese|Myanmar)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:ships?|vessels?|entities|companies|individuals|organizations|officials)"
)
TARGET_ON = re.compile(
    r"\b(?:on|against|in|to|of) (?:the )?(Russia|North Korea|the DPRK|DPRK|Iran|Belarus|Syria|"
    r"Myanmar|China)\b"
)
TARGET_CODES = {
    "russia": "RU", "north korea": "KP", "the dprk": "KP", "dprk": "KP", "iran": "IR",
    "belarus": "BY", "syria": "SY", "myanmar": "MM", "burmese": "MM", "china": "CN",
}  # fmt: skip


def target_of(sentence: str) -> str | None:
    target = TARGET.search(sentence)
    if target:
        return nationality(target[1]) or TARGET_CODES.get(target[1].lower())
    on = TARGET_ON.search(sentence)
    return TARGET_CODES.get(on[1].lower()) if on else None


def actions(found: list[Sentence], anchor: Anchor | None, taken: set[int]) -> Iterator[Proposal]:
    """Sanctions imposed, with their counts (``grammar.py``: the objects a verb of designation
    governs); ``taken`` gets the place of each number used."""
    stated: set[tuple[str, int]] = set()  # counts proposed already: a restatement is not new
    for sentence in found:
        text = sentence.text
        objects = [o for o in objects_of(text) if o.role is Role.action]
        if (
            objects
            and all((o.field, o.value) in stated for o in objects)
            and all(NOMINAL_TRIGGER.match(text, max(o.trigger, 0)) for o in objects)
        ):
            taken.update(sentence.start + o.number_start for o in objects)
            continue  # "Today's designations of three senior members" after "designated three"
        stated.update((o.field, o.value) for o in objects)
        values: dict[str, int] = {}
        nouns: list[str] = []
        qualified = False
        # a kind counted twice in one row ("two companies, a bank") is a sum the text does not
        # state: neither number is that kind's count
        rows = Counter((o.row, o.field) for o in objects)
        summed = {field for (_, field), n in rows.items() if n > 1}
        for found_object in objects:
            if found_object.field in summed:
                taken.add(sentence.start + found_object.number_start)
                continue
            if found_object.field in values:
                continue  # the same kind counted again ("... of whom", "under E.O. ..."): once
            values[found_object.field] = found_object.value
            said = text[found_object.start : found_object.end]
            nouns.append(said)
            qualified = qualified or found_object.qualifier != "exact"
            taken.add(sentence.start + found_object.number_start)
        if not values:
            continue
        authority = authority_of(text, [o for o in objects if not o.passive])
        dated = date_in(text, anchor)
        values_out: dict[str, Any] = dict(values)
        values_out["authority"] = authority or ""
        if dated and dated.on:
            values_out["announced_on"] = str(dated.on)
        elif anchor is not None and re.search(r"\b[Tt]oday\b", text):
            values_out["announced_on"] = anchor.day.isoformat()
        target = target_of(text)
        if target:
            values_out["target_country"] = target
        values_out["summary"] = f"Sanctions by {authority or 'an authority'} on {', '.join(nouns)}"
        # a count said with "over" or "about" is what the text says, not an exact count
        confidence = (0.9 if authority else 0.75) - (0.3 if qualified else 0.0)
        yield Proposal("actions", text, round(confidence, 2), values_out)


NOUN_LIKE = frozenset(("sanctions", "lists", "listing", "targets", "includes", "issues"))
CLAUSE_START = re.compile(r"\bthat\b|\s[\u2014\u2013]\s|:\s")


def authority_of(text: str, objects: list[Counted]) -> str | None:
    """Who acts: the subject of the last verb before the first word that governs a count
    ("Australia has imposed ... sanctions and travel bans on 55 individuals": the verb is
    "has imposed", not "on"); none for a passive sentence."""
    first = min((o.trigger for o in objects if o.trigger >= 0), default=-1)
    if first < 0:
        return None
    clause = max((b.end() for b in CLAUSE_START.finditer(text, 0, first)), default=0)
    verb = next(
        (
            v
            for v in VERBS.finditer(text, clause, first + 1)
            if v.group().split()[-1].lower() not in NOUN_LIKE
        ),
        None,
    )
    return subject_of(text[: verb.start()] if verb else text[:first])


NOMINAL_TRIGGER = re.compile(r"(?i:designations?|listings?|sanctioning|blacklisting)\b")


def objects_of(sentence: str) -> tuple[Counted, ...]:
    return counted(sentence, counts(sentence))


# --- control-list revisions ----------------------------------------------------------------------

ITEMS = r"(?:items?|goods|products|technologies|commodities|entries)"
FROM_BY_TO = re.compile(
    rf"from (?P<before>[\d,]+)(?: {ITEMS})?(?: by (?P<added>[\d,]+))?(?: {ITEMS})? to "
    rf"(?P<after>[\d,]+)",
    re.I,
)
THERE_ARE = re.compile(
    rf"(?:there are|currently|now|has|had) (?P<n>[\d,]+) (?:\w+ ){{0,2}}{ITEMS}", re.I
)
ADD = re.compile(rf"\badd(?:s|ed|ing)? (?P<n>[\d,]+) (?:new |more |additional )?{ITEMS}", re.I)
REMOVE = re.compile(rf"\bremov(?:e|es|ed|ing) (?P<n>[\d,]+) (?:\w+ )?{ITEMS}", re.I)
TOTAL = re.compile(
    rf"(?:bringing|brings|bring|raising|raises|taking|takes) the (?:total|number)"
    rf"(?: number)?(?: of (?:\w+ ){{0,3}}{ITEMS})? to (?P<n>[\d,]+)",
    re.I,
)


LIST = re.compile(r"\b(?:export control|control list|entity list|items? to (?:its|the) )", re.I)


def number(text: str) -> int:
    return int(text.replace(",", ""))


def revisions(found: list[Sentence], text: str, taken: set[int]) -> Iterator[Proposal]:
    """A list's change, stated in one sentence or two that follow each other; a list's size
    after a change ("now apply to a total of 183 individuals and 26 entities": one revision
    per unit); an addition to a list ("adds 57 entities to the Entity List")."""
    used: set[int] = set()
    for index, sentence in enumerate(found):
        if index in used:
            continue
        sizes = list(size_by_number_of(sentence.text))
        sizes += [s for s in list_changes(sentence.text) if s[1] not in {x[1] for x in sizes}]
        if sizes:
            for proposal, start in sizes:
                taken.add(sentence.start + start)
                yield proposal
            continue
        window = [sentence]
        if index + 1 < len(found):
            window.append(found[index + 1])
        values = revision_values(sentence.text)
        if len(values) < 3 and len(window) == 2:
            both = revision_values(window[1].text)
            if both and (values or TOTAL.search(window[1].text)):
                values = {**values, **{k: v for k, v in both.items() if k not in values}}
                if values:
                    used.add(index + 1)
                    quote = text[sentence.start : window[1].end]
                    for part in window:
                        taken.update(part.start + m.start for m in counts(part.text))
                    yield revision_proposal(quote, values)
                    continue
        if len(values) >= 2 or (
            values and values.keys() <= {"added", "removed"} and LIST.search(sentence.text)
        ):
            taken.update(sentence.start + m.start for m in counts(sentence.text))
            yield revision_proposal(sentence.text, values)


NUMBER_OF = re.compile(
    r"\bnumber of (?:[\w-]+ ){0,3}?(?P<noun>" + _NOUNS + r")(?: and (?P<noun2>" + _NOUNS + r"))?\b"
    r"[^.;\d]{0,60}?\b(?:to|at|is now|is|stands at|reached|now stands at) "
    r"(?P<qualifier>over |more than |at least |about |nearly )?(?P<n>\d[\d,]*)\b",
    re.I,
)


SIZE_QUALIFIERS = {"over": "more_than", "more than": "more_than", "at least": "at_least"}


def size_by_number_of(sentence: str) -> Iterator[tuple[Proposal, int]]:
    """ "bring the total number of listed individuals to 1,200", "the number of individuals
    under sanctions now stands at 195": a list's new size."""
    for match in NUMBER_OF.finditer(sentence):
        unit = match["noun"].lower() + (f" and {match['noun2'].lower()}" if match["noun2"] else "")
        values: dict[str, Any] = {"new_count": number(match["n"]), "unit": unit}
        values.update(list_of(sentence, keeper=False))
        if match["qualifier"]:
            words = match["qualifier"].lower().strip()
            values["qualifier"] = SIZE_QUALIFIERS.get(words, "about")
        yield Proposal("control_list_revisions", sentence, 0.7, values), match.start("n")


CHANGES = {Role.size: "new_count", Role.added: "added", Role.removed: "removed"}


def list_changes(sentence: str) -> Iterator[tuple[Proposal, int]]:
    """A list's size ("now apply to a total of 183 individuals and 26 entities": one revision
    per unit counted), an addition to a list ("adds 57 entities to the Entity List"), a
    removal ("removes one individual from Schedule 1")."""
    for found in objects_of(sentence):
        name = CHANGES.get(found.role) if found.role is not None else None
        if name is None:
            continue
        values: dict[str, Any] = {name: found.value, "unit": found.unit}
        values.update(list_of(sentence, keeper=found.role is not Role.size))
        if found.qualifier != "exact":
            values["qualifier"] = found.qualifier
        confidence = 0.85 if found.qualifier == "exact" else 0.6
        yield Proposal("control_list_revisions", sentence, confidence, values), found.number_start


NAMED_LIST = re.compile(
    r"\b(?P<list>(?:the )?(?:[A-Z0-9][\w.-]*\s+){0,4}(?:List|list)\b)"
    r"|(?P<measures>(?:EU |UN )?(?:restrictive measures|sanctions)(?: listings)? "
    r"(?:on|against|in respect of|over) "
    r"(?:the )?[A-Z][\w\u2019']+(?: [A-Z][\w\u2019']+)?)"
)


def list_of(sentence: str, keeper: bool = True) -> dict[str, Any]:
    """The list a sentence counts, and who keeps it (``keeper``: the subject of the sentence
    is the one that changes the list), as far as the sentence says."""
    found: dict[str, Any] = {"list": "sanctions list"}
    named = NAMED_LIST.search(sentence)
    if named:
        name = (named["list"] or named["measures"]).strip()
        found["list"] = re.sub(r"^the\s+", "", name)
    if not keeper:
        found["authority"] = ""  # "Altogether, ... are now subject to": a size, said by no one
        return found
    found["authority"] = (
        subject(
            sentence,
            re.compile(
                r"\s(?:will|would|has|have|is|are|now|adds|added|adding|removed|is amending|"
                r"decided|issued|amended)\b"
            ),
        )
        or ""
    )
    return found


def revision_values(sentence: str) -> dict[str, int]:
    values: dict[str, int] = {}
    if match := FROM_BY_TO.search(sentence):
        values["previous_count"] = number(match["before"])
        values["new_count"] = number(match["after"])
        if match["added"]:
            values["added"] = number(match["added"])
    for pattern, name in (
        (THERE_ARE, "previous_count"),
        (ADD, "added"),
        (REMOVE, "removed"),
        (TOTAL, "new_count"),
    ):
        if name not in values and (match := pattern.search(sentence)):
            values[name] = number(match["n"])
    return values


def revision_proposal(quote: str, values: dict[str, int]) -> Proposal:
    list_name = re.search(
        r"(export controls?|control list|entity list|sanctions list)"
        r"(?: (?:to|on|for|against) (\w+))?",
        quote,
        re.I,
    )
    unit = re.search(rf"\b({ITEMS})\b", quote, re.I)
    extra: dict[str, Any] = {"unit": unit[1].lower() if unit else "items"}
    if list_name:
        extra["list"] = list_name[0]
        if list_name[2]:
            extra["target"] = list_name[2]
    doing = re.compile(
        r"\s(?:will|would|has|have|plans to|is to|is|are|added|adds|adding|removed)\b"
    )
    parts = re.split(r"(?<=[.!?])\s+", quote)
    extra["authority"] = next((who for part in parts if (who := subject(part, doing))), "")
    confidence = 0.95 if len(values) >= 3 else 0.75
    return Proposal("control_list_revisions", quote, confidence, {**values, **extra})


# --- claims --------------------------------------------------------------------------------------

QUALIFIERS = [
    (re.compile(r"(?:more than|over|in excess of|upwards of|above|exceeding)\s*$", re.I),
     "more_than"),
    (re.compile(r"(?:at least|no fewer than|no less than|a minimum of)\s*$", re.I), "at_least"),
    (re.compile(r"(?:about|around|roughly|approximately|some|nearly|almost|an estimated|"
                r"close to|circa)\s*$", re.I), "about"),
    (re.compile(r"(?:up to|at most|no more than|fewer than|less than|under|within|limited to|"
                r"a maximum of)\s*$", re.I), "at_most"),
]  # fmt: skip
MASS = r"personnel|equipment|ammunition|aircraft|artillery|weaponry|materiel|cargo|crude|oil"
UNIT = re.compile(
    rf"^[\u2019'\u201d\"]?\s+(?P<unit>(?:[a-z][a-z-]+,?\s+){{0,2}}?(?:[a-z][a-z-]+s|{MASS}))\b"
    r"(?P<of>\s+of\s+[^,.;:\u201d\"]{3,80})?"
)
DURATION = re.compile(r"^-(?P<unit>year|month|week|day|hour)s?\b", re.I)
SAYS = re.compile(
    r"\s(?:says|said|say|has accused|accused|accuses|believes|believe|estimates|estimated|"
    r"claims|claimed|alleges|alleged|reported|reports|told|warned|stated|has said|noted)\b",
    re.I,
)
ACCORDING = re.compile(r"\b[Aa]ccording to (?:the )?(?P<who>[A-Z][\w.\u2019' -]{1,60}?)[,.]")
NOT_UNITS = re.compile(r"^(?:times|others|ones|cases)$")


def claims(found: list[Sentence], taken: set[int]) -> Iterator[Proposal]:
    """Every other number the text counts something with: "more than 11,000 containers",
    "up to 90 percent", "for a further six months", "two of the nine entities" (a part of a
    group is a claim, never a second action)."""
    for sentence in found:
        claimant = claimant_of(sentence.text)
        for piece in objects_of(sentence.text):
            if piece.role is Role.restated:
                taken.add(sentence.start + piece.number_start)
            if piece.role is not Role.part or sentence.start + piece.number_start in taken:
                continue
            taken.add(sentence.start + piece.number_start)
            yield claim(sentence.text, claimant, piece.value, piece.unit, "", piece.qualifier)
        for mention in counts(sentence.text):
            if sentence.start + mention.start in taken:
                continue
            if mention.words and sentence.text[mention.start : mention.end].lower() in (
                "a",
                "an",
                "one",
            ):
                continue  # "a" and "one" count too often to be claims
            after = sentence.text[mention.end : mention.end + 140]
            part = PART_OF.match(after)
            if part is not None:  # "two of the nine entities": a part of a group
                whole = part["whole"].strip()
                taken.update(
                    sentence.start + m.start
                    for m in counts(sentence.text)
                    if mention.end < m.start < mention.end + part.end()
                )
                yield claim(sentence.text, claimant, int(mention.value), whole, "", "exact")
                continue
            special = percent_or_money(sentence.text, mention)
            duration = DURATION.match(after)
            unit_match = UNIT.match(after)
            if special is not None:
                unit, of = special, ""
            elif duration is not None:
                unit, of = duration["unit"].lower() + "s", ""
            elif unit_match is not None and not NOT_UNITS.match(unit_match["unit"].split()[-1]):
                unit, of = unit_match["unit"].strip().rstrip(","), unit_match["of"] or ""
            else:
                continue
            before = sentence.text[max(0, mention.start - 30) : mention.start]
            if re.search(r"\b(?:these|those|the same)\s+$", before, re.I):
                continue  # "these 10 individuals": counted before
            if re.search(r"\b(?:the|both|all)\s+$", before, re.I) and mention.value <= 4:
                continue  # "the three nations": a group the text names, not a quantity
            if (
                special is None
                and SANCTIONS.search(sentence.text)
                and kind_of(sentence.text, mention) is not None
                and not SUBSET.match(after)
            ):
                continue  # the count of an action, said again
            qualifier = next(
                (name for pattern, name in QUALIFIERS if pattern.search(before)), "exact"
            )
            yield claim(sentence.text, claimant, int(mention.value), unit, of, qualifier)
        yield from money(sentence.text, claimant)
        yield from magnitudes(sentence.text, claimant)


CURRENCY_BEFORE = re.compile(
    r"(?P<sign>US\$|USD|A\$|AU\$|AUD|NZ\$|NZD|C\$|CA\$|CAD|HK\$|\$|€|EUR|£|GBP|¥|JPY|₩|KRW|CHF)"
    r"\s?$"
)
CURRENCY_AFTER = re.compile(
    r"^\s+(?:(?:US|U\.S\.|Australian|Canadian|New Zealand)\s+)?(?P<word>dollars|euros|pounds"
    r"(?: sterling)?|yen|won|francs|roubles|rubles)\b",
    re.I,
)
CURRENCIES = {
    "us$": "USD", "usd": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "aud": "AUD",
    "nz$": "NZD", "nzd": "NZD", "c$": "CAD", "ca$": "CAD", "cad": "CAD", "hk$": "HKD",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "₩": "KRW",
    "krw": "KRW", "chf": "CHF", "dollars": "USD", "euros": "EUR", "pounds": "GBP",
    "pounds sterling": "GBP", "yen": "JPY", "won": "KRW", "francs": "CHF", "roubles": "RUB",
    "rubles": "RUB",
}  # fmt: skip


def money(sentence: str, claimant: str | None) -> Iterator[Proposal]:
    """Sums of money, in the currency stated ("£100 billion", "more than $5 million", "300
    million euros"): a claim each, the amount exact (the scale word multiplied in)."""
    longest: dict[int, Mention] = {}
    for m in mentions(sentence):
        if m.start not in longest or m.end > longest[m.start].end:
            longest[m.start] = m
    for m in longest.values():
        if sum(c.isdigit() for c in sentence[m.start : m.end]) > LONGEST_NUMBER:
            continue
        sign = CURRENCY_BEFORE.search(sentence[max(0, m.start - 4) : m.start])
        word = CURRENCY_AFTER.match(sentence[m.end : m.end + 30])
        if sign is None and word is None:
            continue
        if m.value != m.value.to_integral() or m.value <= 0:
            continue
        currency = CURRENCIES[(sign["sign"] if sign else word["word"]).lower()]  # type: ignore[index]
        start = m.start - (len(sign.group()) if sign else 0)
        before = sentence[max(0, start - 30) : start]
        qualifier = next((name for pattern, name in QUALIFIERS if pattern.search(before)), "exact")
        yield claim(sentence, claimant, int(m.value), currency, "", qualifier)


# vague magnitudes: "thousands of workers", "hundreds of millions of dollars", "billions of
# pounds", "dozens of missiles", "several vessels" (the claim qualifier says how many)
MAGNITUDE = re.compile(
    r"\b(?P<size>hundreds of millions|tens of millions|tens of thousands|hundreds of thousands|"
    r"dozens|hundreds|thousands|millions|billions|several)"
    r"(?P<unit>(?:\s+of)?(?:\s+[\w()-]+){0,6}?\s+(?:[a-z][a-z-]+s|[A-Z][A-Za-z]+s)|"
    r"\s+of\s+(?:dollars|euros|pounds|yen|won))\b"
    r"(?P<of>\s+of\s+[^,.;:\u201d\"]{3,80})?",
    re.I,
)
MAGNITUDES = {
    "hundreds of millions": "hundreds_of_millions", "tens of millions": "millions",
    "tens of thousands": "thousands", "hundreds of thousands": "thousands", "dozens": "dozens",
    "hundreds": "hundreds", "thousands": "thousands", "millions": "millions",
    "billions": "billions", "several": "several",
}  # fmt: skip
# "several" counts days, weeks and times as often as anything: only things are claims
NOT_SEVERAL = re.compile(
    r"^(?:times|occasions|years|months|weeks|days|hours|decades|ways|reasons|steps|rounds|"
    r"sources|others|countries|jurisdictions)$",
    re.I,
)


def magnitudes(sentence: str, claimant: str | None) -> Iterator[Proposal]:
    for match in MAGNITUDE.finditer(sentence):
        size = MAGNITUDES[" ".join(match["size"].lower().split())]
        unit = re.sub(r"^\s*of\s+", "", match["unit"]).strip()
        if size not in QUALIFIER_NAMES:
            continue  # "millions of": no word of the vocabulary says it
        last = unit.split()[-1].lower()
        if size == "several" and (
            NOT_SEVERAL.match(last) or match["unit"].lstrip().startswith("of")
        ):
            continue
        currency = CURRENCIES.get(last)
        yield claim(sentence, claimant, None, currency or unit, match["of"] or "", size)


def claimant_of(sentence: str) -> str | None:
    """Who makes a claim: "according to" someone, or the subject of a verb of saying, or of
    a verb of having done ("... has delivered")."""
    if match := ACCORDING.search(sentence):
        return match["who"].strip()
    who = subject(sentence, SAYS) or subject(sentence, HAS)
    return re.sub(r"\s+[Bb]y\s+.*$", "", who) if who else None


HAS = re.compile(r"\s(?:has|have|had)\s+(?:\w+ed|sent|given|supplied|shipped|delivered)\b")


def claim(
    sentence: str, claimant: str | None, quantity: int | None, unit: str, of: str, qualifier: str
) -> Proposal:
    """A claim; its confidence says how much of it was read: who claims it, a qualifier."""
    of = re.sub(r"\s+since\s+.*$", "", of.strip())
    values: dict[str, Any] = {
        "claimant": claimant or "",
        "subject": f"{unit} {of}".strip(),
        "quantity": quantity,
        "unit": unit,
        "qualifier": qualifier,
    }
    confidence = 0.85 if claimant and qualifier != "exact" else 0.7 if claimant else 0.5
    return Proposal("claims", sentence, confidence, values)


# --- events --------------------------------------------------------------------------------------

PLACE = re.compile(
    r"\b(?:in|at) (?P<place>(?:[A-Z][\w\u2019'-]+)(?: (?:[A-Z][\w\u2019'-]+|Il|of|de))*)"
)
NOT_PLACES = re.compile(
    r"(?:The|A|An|This|That|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def events(found: list[Sentence], anchor: Anchor | None) -> Iterator[Proposal]:
    """One event per date a sentence gives ("missiles in April and December 2012": two), a
    text's own header date once, a weekday without a date once per text."""
    previous: Dated | None = None
    header: set[str] = set()
    open_days: set[str] = set()
    for sentence in found:
        dated = dates_in(sentence.text, anchor)
        if not dated:
            shifted = day_after(sentence.text, previous)
            dated = [shifted] if shifted else []
        seen: set[str] = set()
        for date in dated:
            key = str(date.on) if date.on else f"open {date.weekday}"
            if date.on is None and date.weekday is None:
                key = f"open {date.start}"
            if key in seen:
                continue
            seen.add(key)
            if date.on is None and date.weekday is not None:
                if key in open_days:
                    continue  # the same weekday named again
                open_days.add(key)
            alone = len(sentence.text) - (date.end - date.start) <= 3
            if alone and date.on is not None and sentence.start < HEADER_CHARS:
                if str(date.on) in header:
                    continue  # a header's date printed twice
                header.add(str(date.on))
            if date.on is not None:
                previous = date
            yield event(sentence, date, len(dated) > 1)


def event(sentence: Sentence, dated: Dated, several: bool) -> Proposal:
    description = sentence.text[:300]
    if several:  # which of the sentence's dates this event is
        description = f"{sentence.text[dated.start : dated.end]}: {description}"
    values: dict[str, Any] = {"description": description}
    if dated.on:
        values["on"] = str(dated.on)
        values["date_basis"] = dated.basis
    if dated.weekday:
        values["stated_weekday"] = dated.weekday.value
    place = PLACE.search(sentence.text)
    if place and not NOT_PLACES.match(place["place"]):
        values["place"] = place["place"]
    confidence = 0.8 if dated.basis == "stated" else 0.65 if dated.on else 0.55
    return Proposal("events", sentence.text, confidence, values)


# --- officials -----------------------------------------------------------------------------------

# the gazetteer of titles: the head of a role, and the words that go before it or after "of"
ROLE_HEADS = (
    r"President|Prime Minister|Minister|Secretary|Adviser|Advisor|Spokesman|Spokesperson|"
    r"Spokeswoman|Leader|Ambassador|Professor|Head|Chief|Director|Chairman|Chairwoman|Chair|"
    r"Governor|Envoy|Commander|Chancellor|Premier|Counterpart|Deputy|Representative|Senator|"
    r"General|Commissioner|Administrator|Coordinator|Counsel|Attorney General|Treasurer|"
    r"Undersecretary|Under-Secretary|Vice-President|Vice President|King|Queen|Emir|Sultan|"
    r"Foreign Secretary|High Representative|Special Rapporteur|Mayor|Member|Officer|Chargé"
)
ROLE_WORDS = (
    r"Defen[cs]e|Foreign|Vice|Chief|Cabinet|National|Security|State|Deputy|First|Senior|"
    r"Finance|Trade|Interior|Economy|Industry|Energy|Justice|Home|Unification|Special|"
    r"Department|Treasury|Ministry|Supreme|Acting|Assistant|Under|of|Affairs|Press|"
    r"Presidential|Principal|Executive|General|Permanent|Russian|North|South|Korean|"
    r"Japanese|US|U\.S\.|American|Chinese|Ukrainian|British|French|German|Australian|"
    r"Canadian|European|Swiss|Australia's|Britain's|EU|UN|Federal|Economic|Parliamentary|"
    r"Associate|Principal Deputy|Commerce|Export|Enforcement|Administration|Terrorism|"
    r"Financial|Intelligence|Political|International|Trade|Development|Budget"
)
_UPPER, _LOWER = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}]+)?"
NAME = (  # two to four capitalised words, an initial ("Bradley T. Smith"), accents, hyphens
    rf"(?P<name>(?-i:{_WORD}(?:\s+(?:[{_UPPER}]\.|{_WORD})){{1,3}}))"
)
_OF = r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+(?:and\s+)?[A-Z][\w.-]*){0,3})"
ROLE_THEN_NAME = re.compile(
    rf"(?P<role>(?:(?:{ROLE_WORDS})\s+){{0,5}}(?:{ROLE_HEADS}){_OF}{{0,3}}),?\s+{NAME}\b",
    re.IGNORECASE | re.UNICODE,
)
NAME_THEN_ROLE = re.compile(
    rf"{NAME},\s+(?:a |an |the )?(?P<role>(?:[\w.\u2019'-]+\s+){{0,4}}?(?i:{ROLE_HEADS})"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Za-z][\w.-]*(?:\s+(?:and\s+)?[A-Z][\w.-]*){{0,4}})?)"
    rf"(?:\s+(?:at|of)\s+(?P<org>[A-Z][\w\s.]{{2,50}}?))?(?=[,.;)\u201d\n]|$)",
)
NAME_IS_ROLE = re.compile(
    rf"{NAME} (?:is|was|has been|became) (?:the |a |an )(?P<role>(?i:(?:[\w-]+\s+){{0,3}}?"
    rf"(?:secretary|minister|director|chairman|head|chief|leader|governor|commander|president|"
    rf"ambassador|envoy|spokesperson|spokesman)))(?:\s+of\s+(?P<org>(?:[\w.-]+\s+){{0,3}}?"
    rf"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*))?"
)
NOT_NAME_ENDS = "He|She|It|They|The|This|That|On|In|And|But|Also|Says|Said|Today|Tuesday"
NOT_NAMES = re.compile(
    r"^(?:North|South|Korea|Russia|United|States|Kim Il|Security|Council|State|The|His|Her|"
    r"Seoul|Moscow|Pyongyang|Washington|Japan|China|Ukraine|European|Federal|Foreign|Office|"
    r"Department|Ministry|Government|Treasury|Commerce|Committee|Republic|Democratic|Minister|"
    r"Secretary|President|General|Assets|Control|Council)\b"
)
ORGANIZATION_WORDS = re.compile(
    r"\b(?:University|Ministry|Department|Council|Committee|Office|Bureau|Agency|Institute|"
    r"Corporation|Company|Bank|Group|Commission|Party|Army|Forces|Government|Service|Centre|"
    r"Center|School|College|Association|Foundation|Airlines|Times|News|Post)$"
)
ROLE_ONLY = re.compile(rf"^(?:(?:{ROLE_WORDS}|{ROLE_HEADS})\s*)+$", re.I)


HEAD = re.compile(rf"\b(?:{ROLE_HEADS})\b", re.I)


def officials(found: list[Sentence]) -> Iterator[Proposal]:
    seen: set[str] = set()
    for sentence in found:
        if not HEAD.search(sentence.text):
            continue  # no title, no official
        candidates: list[tuple[re.Match[str], str, str | None]] = [
            (match, match["role"], None) for match in ROLE_THEN_NAME.finditer(sentence.text)
        ]
        candidates += [
            (match, match["role"], match["org"]) for match in NAME_THEN_ROLE.finditer(sentence.text)
        ]
        candidates += [
            (match, match["role"], match["org"]) for match in NAME_IS_ROLE.finditer(sentence.text)
        ]
        for match, role, org in sorted(candidates, key=lambda c: c[0].start()):
            proposal = official(sentence, match, role, org)
            if proposal and proposal.values["name"] not in seen:
                seen.add(proposal.values["name"])
                yield proposal


def official(
    sentence: Sentence, match: re.Match[str], role: str, org: str | None
) -> Proposal | None:
    name = re.sub(rf"(?:\s+(?:{NOT_NAME_ENDS}))+$", "", match["name"].strip())
    name = re.sub(r"^(?:Honourable|Honorable|Hon|Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+", "", name)
    while re.match(rf"^(?:{ROLE_WORDS}|{ROLE_HEADS})\s+\S+\s+\S", name):
        first, name = name.split(None, 1)  # a role's last word read as a first name
        role = f"{role} {first}"
    if (
        NOT_NAMES.match(name)
        or " " not in name
        or ROLE_ONLY.match(name)
        or ORGANIZATION_WORDS.search(name)
        or not re.search(ROLE_HEADS, role, re.I)
    ):
        return None
    words = role.split()
    country = None
    while words and (code := nationality(" ".join(words[:2])) or nationality(words[0])):
        country = country or code
        words = words[2:] if nationality(" ".join(words[:2])) else words[1:]
    before = sentence.text[max(0, match.start() - 40) : match.start()].rstrip()
    possessive = re.search(r"(\b[A-Z][a-z]+(?: [A-Z][a-z]+)?)[\u2019']s\s*$", before)
    if possessive and country is None:
        country = nationality(possessive[1])
    clean = " ".join(words).strip(" ,").lower() or role.lower()
    values: dict[str, Any] = {"name": name, "role": clean}
    if org:
        values["organization"] = org.strip()
    if country:
        values["country"] = country
    quote = sentence.text[match.start() : match.end()].strip(" ,.")
    return Proposal("officials", quote, 0.8, values)


# --- designations --------------------------------------------------------------------------------

VESSEL_IMO = re.compile(
    r"(?P<name>(?:[A-Z][A-Z0-9-]+|[A-Z][a-z]+)(?: (?:[A-Z][A-Z0-9-]+|[A-Z][a-z]+|\d+)){0,4})"
    r"\s*\(?(?:,\s*)?IMO(?: number| No\.?)?:?\s*(?P<imo>\d{7})\)?"
)


def designations(found: list[Sentence]) -> Iterator[Proposal]:
    for sentence in found:
        for imo in re.finditer(r"IMO", sentence.text):  # the name stands just before it
            match = VESSEL_IMO.search(sentence.text, max(0, imo.start() - 80), imo.end() + 20)
            if match is None or match.start("imo") < imo.start():
                continue
            if not is_valid_imo_ship(match["imo"]):
                continue
            values = {"entity_type": "vessel", "name": match["name"].strip(), "imo": match["imo"]}
            yield Proposal("designations", sentence.text, 0.85, values)


# --- the whole text ------------------------------------------------------------------------------


# spaces that are not " " (no-break, narrow, thin, figure): read as spaces, quoted as written;
# between the digits of a number ("2\u202f200") they separate its thousands and stay
SPACES = re.compile(r"[\u00a0\u202f\u2009\u2007](?!(?<=\d.)\d{3}(?!\d))")
# apostrophes and hyphens as PDFs and word processors write them ("Treasury\u02bcs"), read as
# the usual ones (one character for one, so every place in the text stays where it was)
MARKS = str.maketrans({"\u02bc": "\u2019", "\u201b": "\u2019", "\u2032": "'", "\u2010": "-",
                       "\u2011": "-"})  # fmt: skip


def propose(text: str, published: dt.date | None = None) -> list[Proposal]:
    """Every proposal for a text, in the order of the record types. The rules read the text
    with its no-break and thin spaces as spaces; every quote is the text as written."""
    written, text = text, SPACES.sub(" ", text).translate(MARKS)
    found = sentences(text)
    anchor = Anchor.of(text, published)
    taken: set[int] = set()  # where the numbers stand that actions and lists have used
    proposals = list(actions(found, anchor, taken))
    proposals += revisions(found, text, taken)
    proposals += claims(found, taken)
    proposals = restated(proposals, found, text)
    proposals += events(found, anchor)
    proposals += officials(found)
    proposals += designations(found)
    unique: dict[tuple[str, str, str], Proposal] = {}
    for proposal in proposals:  # a caption printed twice is one record
        key = (proposal.type, proposal.quote, repr(sorted(proposal.values.items())))
        unique.setdefault(key, proposal)
    found_quotes = list(unique.values())
    if written != text:  # the same places in the text as written
        for proposal in found_quotes:
            at = text.find(proposal.quote)
            proposal.quote = written[at : at + len(proposal.quote)]
    return found_quotes


NUMERIC_TYPES = ("actions", "control_list_revisions", "claims")


def restated(proposals: list[Proposal], found: list[Sentence], text: str) -> list[Proposal]:
    """A text states a fact once: a count its title gives again in the body is proposed from
    the body ("Ukraine: EU sanctions ... prolonged for a further six months" above "... for a
    further six months until 15 March 2022"), and a claim said again by the same claimant is
    one claim."""
    title = found[0].text if found and is_title(found[0], text) else None
    body = {
        (p.type, value) for p in proposals if p.quote != title for value in numbers_of(p).values()
    }
    kept, claimed = [], set()
    for p in proposals:
        numbers = numbers_of(p).values()
        if p.quote == title and numbers and all((p.type, v) in body for v in numbers):
            continue
        if p.type == "claims":
            key = tuple(sorted((k, str(v)) for k, v in p.values.items() if k != "subject"))
            if key in claimed:
                continue
            claimed.add(key)
        kept.append(p)
    return kept


def is_title(sentence: Sentence, text: str) -> bool:
    """The text's first line, when it is a line of its own without a closing full stop."""
    line_end = text.find("\n", sentence.start)
    return (
        not text[: sentence.start].strip()
        and (line_end < 0 or line_end >= sentence.end)
        and not sentence.text.endswith(".")
    )


def numbers_of(proposal: Proposal) -> dict[str, Decimal]:
    """The numeric facts of a proposal (field -> value)."""
    return {
        k: Decimal(v)
        for k, v in proposal.values.items()
        if isinstance(v, int) and not isinstance(v, bool)
    }

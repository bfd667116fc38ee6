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
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tracker.extract.dates import Anchor, Dated, date_in, day_after
from tracker.extract.text import Sentence, nationality, sentences
from tracker.fields import is_valid_imo_ship
from tracker.numbers import Mention, mentions

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
    r"(?:\$|€|£|US\$|USD|EUR|No\.|number|E\.O\.|EO|Order|[Ss]ection|[Rr]esolution|[Aa]rticle|"
    r"IMO|[Aa]ged?|[Pp]aragraph|[Cc]hapter|[Rr]ule|[Cc]ode|[Pp]art|[Ss]chedule|[Ii]tem)\s*$"
)
NOT_COUNT_AFTER = re.compile(
    r"^(?:st|nd|rd|th|%|\s*(?:percent|per cent|years? old|dollars|euros|won|yen|rubles|roubles|"
    r"million dollars|billion|trillion|km|kilometers|miles|tons|tonnes|am|pm|a\.m\.|p\.m\.))\b",
    re.IGNORECASE,
)


def counts(sentence: str) -> list[Mention]:
    """The numbers of a sentence that can be counts."""
    found = []
    for m in mentions(sentence):
        before, after = sentence[: m.start], sentence[m.end :]
        if NOT_COUNT_BEFORE.search(before) or NOT_COUNT_AFTER.match(after):
            continue
        if not m.words and 1900 <= m.value <= 2100 and m.value == m.value.to_integral():
            continue  # a year
        if re.search(r"(?:January|February|March|April|May|June|July|August|September|"
                     r"October|November|December)\s*$", before) or re.match(r"^\s*(?:January|"
                     r"February|March|April|May|June|July|August|September|October|November|"
                     r"December)\b", after):  # fmt: skip
            continue  # a day of a month
        if m.value != m.value.to_integral() or m.value <= 0:
            continue
        found.append(m)
    return found


# --- actions -------------------------------------------------------------------------------------

SANCTIONS = re.compile(
    r"\b(?:sanction(?:s|ed|ing)?|designat(?:e|es|ed|ing|ion|ions)|blacklist(?:s|ed|ing)?|"
    r"asset freezes?|froze the assets|entity list|restrictive measures|blocked property)\b",
    re.IGNORECASE,
)
KINDS = {
    "stated_vessels": r"ships?|vessels?|tankers?|boats?|carriers?",
    "stated_organizations": r"organi[sz]ations?|entit(?:y|ies)|compan(?:y|ies)|firms?|"
    r"institutions?|banks?|businesses|groups|enterprises?|corporations?",
    "stated_persons": r"individuals?|persons?|people|nationals?|officials?|executives?|"
    r"citizens?|leaders?|people",
}
_NOUNS = "|".join(KINDS.values())
# "Russian", "additional", "North Korean": words before the noun, none a noun of a kind or "and"
_MODIFIERS = rf"(?:(?!(?:and|or|{_NOUNS})\b)[A-Za-z\u2019'-]+\s+){{0,3}}?"
KIND_AFTER = {
    name: re.compile(rf"^\s+{_MODIFIERS}(?P<noun>{nouns})\b(?P<rest>[^.;]{{0,40}})", re.I)
    for name, nouns in KINDS.items()
}
VERBS = re.compile(
    r"\s(?:has |have |had |will |would |also |on \w+ |last week |this week |today |is |are )*"
    r"(?:impos(?:e|es|ed|ing)|announc(?:e|es|ed|ing)|sanction(?:s|ed|ing)?|"
    r"designat(?:e|es|ed|ing)|add(?:s|ed|ing)?|plac(?:e|es|ed|ing)|blacklist(?:s|ed|ing)?|"
    r"target(?:s|ed|ing)?|slapped|unveil(?:s|ed)?|issu(?:e|es|ed)|levied|froze|freez(?:e|es)|"
    r"block(?:s|ed)?|implement(?:s|ed|ing)?|adopt(?:s|ed)?|list(?:s|ed|ing)?|identif(?:y|ies|ied|ying))\b",
    re.IGNORECASE,
)


def imposing(sentence: str) -> re.Match[str] | None:
    """The verb by which the sentence imposes sanctions: "sanctioned", "designated",
    "blacklisted", "listed"; or "imposed", "announced", "implemented" ... with sanctions,
    restrictive measures or asset freezes as their object; or "added ... to the list"."""
    for verb in VERBS.finditer(sentence):
        word = verb.group().split()[-1].lower()
        after = sentence[verb.end() : verb.end() + 80]
        direct = re.match(r"(?:sanction|designat|blacklist|list|identif)\w*(?:ed|ing)$", word)
        if direct and not re.match(r"^\s+(?:that|whether)\b", after):
            return verb
        if word.startswith("add"):
            if re.search(r"\bto (?:the |its |a )?(?:[\w-]+ ){0,3}list\b", after):
                return verb
            continue
        if re.match(
            r"^(?:\s+[\w-]+){0,3}?\s+(?:sanctions|restrictive measures|measures|designations|"
            r"penalties|asset freezes|restrictions)\b",
            after,
        ):
            return verb
    return None


def kind_of(sentence: str, mention: Mention) -> tuple[str, str] | None:
    """The count field a number is (and the noun that says so); a number followed by nouns of
    two kinds ("17 officials and organizations") is a total."""
    after = sentence[mention.end :]
    for name, pattern in KIND_AFTER.items():
        match = pattern.match(after)
        if match is None:
            continue
        rest = match["rest"]
        joined = re.match(r"^\s*(?:and|or|,)\s+(?:[A-Za-z-]+\s+){0,2}?(\w+)", rest)
        if joined and any(
            re.fullmatch(nouns, joined[1], re.I) for other, nouns in KINDS.items() if other != name
        ):
            return "stated_total", match["noun"]
        return name, match["noun"]
    if re.match(r"^\s+(?:in all|in total|targets|parties|designations)\b", after, re.I):
        return "stated_total", "in all"
    return None


def subject(sentence: str, verbs: re.Pattern[str] = VERBS) -> str | None:
    """Who does what the sentence tells: the words before its verb (time words dropped)."""
    match = verbs.search(sentence)
    return None if match is None else subject_of(sentence[: match.start()])


def subject_of(before: str) -> str | None:
    """The subject in the words before a verb: after a "that", a dash or a colon, without the
    words of time around it."""
    words = before.strip(' ,\u201c"')
    words = re.split(r"\bthat\b", words)[-1].strip(" ,")  # "X announced that Y has imposed"
    words = re.split(r"\s+[\u2014\u2013-]\s+|:\s+", words)[-1]  # "WASHINGTON \u2014 Today, ..."
    words = re.sub(
        r"^(?:(?:On|Since|In|As of|By) [\w ]+?,|Meanwhile,?|However,?|Also,?|In addition,?|"
        r"Additionally,?|Today,?|Yesterday,?|Currently,?|Now,?)\s+",
        "",
        words,
    )
    words = re.sub(
        r"(?:\s+(?:also|last week|this week|on \w+|recently|earlier|now|today|yesterday|"
        r"decided to|agreed to|moved to|plans to|has|have|had))+$",
        "",
        words,
    )
    words = re.sub(r"^(?:The|the)\s+", "", words)
    if not words or len(words) > 80 or not words[0].isupper() or words in ("There", "It", "This"):
        return None
    return words


TARGET = re.compile(
    r"\b(Russian|North Korean|Iranian|Chinese|Belarusian|Syrian)\s+"
    r"(?:ships?|vessels?|entities|companies|individuals|organizations)"
)


def actions(found: list[Sentence], anchor: Anchor | None) -> Iterator[Proposal]:
    for sentence in found:
        if not SANCTIONS.search(sentence.text):
            continue
        verb = imposing(sentence.text)
        if verb is None:
            continue  # sanctions spoken of, not imposed
        values: dict[str, Any] = {}
        nouns = []
        for mention in counts(sentence.text):
            if mention.start < verb.start():
                continue  # counts come after the verb: "imposed sanctions on four ships"
            if any(q.search(sentence.text[: mention.start]) for q, _ in QUALIFIERS):
                continue  # "more than 4,000": not a stated count
            kind = kind_of(sentence.text, mention)
            if kind is None or kind[0] in values:
                continue
            values[kind[0]] = int(mention.value)
            nouns.append(f"{sentence.text[mention.start : mention.end]} {kind[1]}")
        if not values:
            continue
        authority = subject_of(sentence.text[: verb.start()])
        dated = date_in(sentence.text, anchor)
        values["authority"] = authority or ""
        if dated and dated.on:
            values["announced_on"] = str(dated.on)
        target = TARGET.search(sentence.text)
        if target:
            values["target_country"] = nationality(target[1])
        values["summary"] = f"Sanctions by {authority or 'an authority'} on {', '.join(nouns)}"
        confidence = 0.9 if authority else 0.7
        yield Proposal("actions", sentence.text, confidence, values)


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


def revisions(found: list[Sentence], text: str) -> Iterator[Proposal]:
    """A list's change, stated in one sentence or two that follow each other."""
    used: set[int] = set()
    for index, sentence in enumerate(found):
        if index in used:
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
                    yield revision_proposal(quote, values)
                    continue
        if len(values) >= 2 or (
            values.keys() <= {"added", "removed"} and LIST.search(sentence.text)
        ):
            yield revision_proposal(sentence.text, values)


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
    (re.compile(r"(?:more than|over|in excess of|upwards of|above)\s*$", re.I), "more_than"),
    (re.compile(r"(?:at least|no fewer than|no less than|a minimum of)\s*$", re.I), "at_least"),
    (re.compile(r"(?:about|around|roughly|approximately|some|nearly|almost|an estimated|"
                r"close to)\s*$", re.I), "about"),
    (re.compile(r"(?:up to|at most|no more than|fewer than|less than|under)\s*$", re.I), "at_most"),
]  # fmt: skip
MASS = r"personnel|equipment|ammunition|aircraft|artillery|weaponry|materiel|cargo"
UNIT = re.compile(
    rf"^\s+(?P<unit>(?:[a-z][a-z-]+\s+){{0,2}}?(?:[a-z][a-z-]+s|{MASS}))\b"
    r"(?P<of>\s+of\s+[^,.;:\u201d\"]{3,80})?"
)
SAYS = re.compile(
    r"\s(?:says|said|say|has accused|accused|accuses|believes|believe|estimates|estimated|"
    r"claims|claimed|alleges|alleged|reported|reports|told|warned|stated|has said|noted)\b",
    re.I,
)
ACCORDING = re.compile(r"\b[Aa]ccording to (?:the )?(?P<who>[A-Z][\w.\u2019' -]{1,60}?)[,.]")
DOZENS = re.compile(
    r"\bdozens of(?P<unit>\s+(?:[a-z][a-z-]+\s+){0,2}?[a-z][a-z-]+s)\b"
    r"(?P<of>\s+of\s+[^,.;:\u201d\"]{3,80})?"
)
NOT_UNITS = re.compile(r"^(?:years|times|days|weeks|months|hours|minutes|percent|points|people)$")


def claims(found: list[Sentence], taken: set[tuple[int, int]]) -> Iterator[Proposal]:
    for sentence in found:
        claimant = claimant_of(sentence.text)
        for mention in counts(sentence.text):
            if (sentence.start + mention.start, sentence.start + mention.end) in taken:
                continue
            unit = UNIT.match(sentence.text[mention.end :])
            if unit is None or NOT_UNITS.match(unit["unit"].split()[-1]):
                continue
            if kind_of(sentence.text, mention) is not None and SANCTIONS.search(sentence.text):
                continue  # a count of an action
            before = sentence.text[: mention.start]
            qualifier = next(
                (name for pattern, name in QUALIFIERS if pattern.search(before)), "exact"
            )
            if qualifier == "exact" and claimant is None:
                continue  # a number in passing ("the three nations"), not a claim
            yield claim(sentence.text, claimant, int(mention.value), unit, qualifier)
        for dozens in DOZENS.finditer(sentence.text):
            yield claim(sentence.text, claimant, None, dozens, "dozens")


def claimant_of(sentence: str) -> str | None:
    """Who makes a claim: "according to" someone, or the subject of a verb of saying, or of
    a verb of having done ("... has delivered")."""
    if match := ACCORDING.search(sentence):
        return match["who"].strip()
    who = subject(sentence, SAYS) or subject(sentence, HAS)
    return re.sub(r"\s+[Bb]y\s+.*$", "", who) if who else None


HAS = re.compile(r"\s(?:has|have|had)\s+(?:\w+ed|sent|given|supplied|shipped|delivered)\b")


def claim(
    sentence: str, claimant: str | None, quantity: int | None, unit: re.Match[str], qualifier: str
) -> Proposal:
    noun = unit["unit"].strip()
    of = re.sub(r"\s+since\s+.*$", "", (unit["of"] or "").strip())
    values: dict[str, Any] = {
        "claimant": claimant or "",
        "subject": f"{noun} {of}".strip(),
        "quantity": quantity,
        "unit": noun,
        "qualifier": qualifier,
    }
    confidence = 0.85 if claimant and qualifier != "exact" else 0.7 if claimant else 0.5
    return Proposal("claims", sentence, confidence, values)


# --- events --------------------------------------------------------------------------------------

EVENT_VERBS = re.compile(
    r"\b(?:signed|sign|met|meet|held|hold|summoned|summons|vetoed|veto|condemned|condemn|"
    r"announced|accused|warned|said|says|told|attended|attend|visited|visit|spoke|speaks|"
    r"found|launched|fired|arrived|agreed|called|denounced|expressed|imposed|added|"
    r"blocked|flaunted|gave|walk|walked|discussed|pledged|voted|adopted|approved|issued|"
    r"sanctioned|designated|listed|froze|came|took place|happened|occurred)\b",
    re.I,
)
PLACE = re.compile(
    r"\b(?:in|at) (?P<place>(?:[A-Z][\w\u2019'-]+)(?: (?:[A-Z][\w\u2019'-]+|Il|of|de))*)"
)


def events(found: list[Sentence], anchor: Anchor | None) -> Iterator[Proposal]:
    previous: Dated | None = None
    for sentence in found:
        if not EVENT_VERBS.search(sentence.text):
            continue
        dated = date_in(sentence.text, anchor) or day_after(sentence.text, previous)
        if dated is None:
            continue
        if dated.on is not None:
            previous = dated
        values: dict[str, Any] = {"description": sentence.text[:300]}
        if dated.on:
            values["on"] = str(dated.on)
            values["date_basis"] = dated.basis
        if dated.weekday:
            values["stated_weekday"] = dated.weekday.value
        place = PLACE.search(sentence.text)
        if (
            place
            and place["place"] not in ("The", "A", "An")
            and not re.match(
                r"(?:January|February|March|April|May|June|July|August|September|October|"
                r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
                place["place"],
            )
        ):
            values["place"] = place["place"]
        confidence = 0.8 if dated.basis == "stated" else 0.65 if dated.on else 0.55
        yield Proposal("events", sentence.text, confidence, values)


# --- officials -----------------------------------------------------------------------------------

ROLE_HEADS = (
    r"President|Prime Minister|Minister|Secretary|Adviser|Advisor|Spokesman|Spokesperson|"
    r"Spokeswoman|Leader|Ambassador|Professor|Head|Chief|Director|Chairman|Chair|Governor|"
    r"Envoy|Commander|Chancellor|Premier|Counterpart|Deputy|Representative|Senator|General"
)
ROLE_WORDS = (
    r"Defen[cs]e|Foreign|Vice|Chief|Cabinet|National|Security|State|Deputy|First|Senior|"
    r"Finance|Trade|Interior|Economy|Industry|Energy|Justice|Home|Unification|Special|"
    r"Department|Treasury|Ministry|Supreme|Acting|Assistant|Under|of|Affairs|Press|"
    r"Presidential|Principal|Executive|General|Permanent|Russian|North|South|Korean|"
    r"Japanese|US|U\.S\.|American|Chinese|Ukrainian|British|French|German"
)
_UPPER, _LOWER = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"
NAME = (  # two or three capitalised words, accented letters and hyphenated parts too
    rf"(?P<name>(?-i:[{_UPPER}][{_LOWER}]+(?:-[{_LOWER}]+)?"
    rf"(?:\s+[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}]+)?){{1,2}}))"
)
ROLE_THEN_NAME = re.compile(
    rf"(?P<role>(?:(?:{ROLE_WORDS})\s+){{0,5}}(?:{ROLE_HEADS})"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?(?:{ROLE_WORDS})(?:\s+(?:{ROLE_WORDS})){{0,2}})?),?\s+{NAME}\b",
    re.IGNORECASE | re.UNICODE,
)
NAME_THEN_ROLE = re.compile(
    rf"{NAME},\s+(?:a |an |the )?(?P<role>(?:[\w.\u2019'-]+\s+){{0,4}}?(?i:{ROLE_HEADS})"
    rf"(?:\s+of\s+[\w\s.]{{3,40}}?)?)(?:\s+(?:at|of)\s+(?P<org>[A-Z][\w\s.]{{2,50}}?))?[,.]",
)
NOT_NAME_ENDS = "He|She|It|They|The|This|That|On|In|And|But|Also|Says|Said"
NOT_NAMES = re.compile(
    r"^(?:North|South|Korea|Russia|United|States|Kim Il|Security|Council|State|The|His|Her|"
    r"Seoul|Moscow|Pyongyang|Washington|Japan|China|Ukraine)\b"
)


def officials(found: list[Sentence]) -> Iterator[Proposal]:
    seen: set[str] = set()
    for sentence in found:
        for match in ROLE_THEN_NAME.finditer(sentence.text):
            proposal = official(sentence, match, match["role"], None)
            if proposal and proposal.values["name"] not in seen:
                seen.add(proposal.values["name"])
                yield proposal
        for match in NAME_THEN_ROLE.finditer(sentence.text):
            proposal = official(sentence, match, match["role"], match["org"])
            if proposal and proposal.values["name"] not in seen:
                seen.add(proposal.values["name"])
                yield proposal


def official(
    sentence: Sentence, match: re.Match[str], role: str, org: str | None
) -> Proposal | None:
    name = re.sub(rf"(?:\s+(?:{NOT_NAME_ENDS}))+$", "", match["name"].strip())
    name = re.sub(r"^(?:Honourable|Honorable|Hon|Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+", "", name)
    if NOT_NAMES.match(name) or " " not in name or not re.search(ROLE_HEADS, role, re.I):
        return None
    words = role.split()
    country = None
    while words and (code := nationality(" ".join(words[:2])) or nationality(words[0])):
        country = country or code
        words = words[2:] if nationality(" ".join(words[:2])) else words[1:]
    before = sentence.text[: match.start()].rstrip()
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
        for match in VESSEL_IMO.finditer(sentence.text):
            if not is_valid_imo_ship(match["imo"]):
                continue
            values = {"entity_type": "vessel", "name": match["name"].strip(), "imo": match["imo"]}
            yield Proposal("designations", sentence.text, 0.85, values)


# --- the whole text ------------------------------------------------------------------------------


def propose(text: str, published: dt.date | None = None) -> list[Proposal]:
    """Every proposal for a text, in the order of the record types."""
    found = sentences(text)
    anchor = Anchor.of(text, published)
    proposals = list(actions(found, anchor))
    revised = list(revisions(found, text))
    proposals += revised
    taken = {
        (s.start + m.start, s.start + m.end)
        for p in [*proposals]
        for s in found
        if s.text in p.quote
        for m in counts(s.text)
    }
    proposals += claims(found, taken)
    proposals += events(found, anchor)
    proposals += officials(found)
    proposals += designations(found)
    unique: dict[tuple[str, str, str], Proposal] = {}
    for proposal in proposals:  # a caption printed twice is one record
        key = (proposal.type, proposal.quote, repr(sorted(proposal.values.items())))
        unique.setdefault(key, proposal)
    return list(unique.values())


def numbers_of(proposal: Proposal) -> dict[str, Decimal]:
    """The numeric facts of a proposal (field -> value)."""
    return {
        k: Decimal(v)
        for k, v in proposal.values.items()
        if isinstance(v, int) and not isinstance(v, bool)
    }

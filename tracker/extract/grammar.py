"""The grammar of counted objects: what a number in a sentence of an official release counts,
and what the sentence does with it.

A sentence is read as words (``tokens``). A **counted object** is a number with the noun it
counts: ``[qualifier] NUMBER [(digits)] [modifiers] KIND [and KIND]`` ("over 370 new
individuals and entities", "forty (40) individuals", "16 Iranian law enforcement, political
and military officials", "three 'leaders'"). KIND comes from a lexicon of the nouns releases
count parties with (persons, organizations, vessels, and words that count several kinds at
once: "designations", "targets"); a number followed by nouns of two kinds ("22 individuals
and entities") counts them together. Objects in a row ("two individuals, four entities and
three vessels") share what governs the first.

Each object is given a **role** by the nearest word that governs it in its clause:

* ``action``: a verb of designation, listing, identification or targeting, or its
  nominalisation (designate, sanction, list, blacklist, identify, target, penalise, freeze the
  assets of, take action against, the designation of, sanctions/measures/bans ... on or
  against; "the listings concern"), before the object, or passive after it ("13 entities and
  15 persons were additionally designated");
* ``added`` / ``removed``: added to, placed on, removed from, delisted from a named list;
* ``size``: the size of a list: "a total of" with "now", "currently", "apply to", "to date",
  "so far", "altogether", "bringing the total to", "are now subject to" (an action verb with a
  cumulative word, "has now sanctioned more than 1,600", is a size too);
* ``part``: a part of a group, never added to it: "of whom", "of which", "of these",
  "including", "among them", "two of the nine entities";
* ``restated``: "these 10 individuals", "the same three", "the 10 entities designated in ...":
  counted before, never proposed again.

An object with no role is not proposed as a count. The qualifier ("over", "more than", "at
least", "nearly", "around", "up to") is kept with the object. The work is linear in the
sentence: each object looks back and forward over a bounded number of words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from tracker.records.numbers import NUMBER_WORDS, Mention

# words, numbers (with their separators), a hyphenated or possessive word as one, punctuation
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:\.\d+)?|"
    r"[^\W\d_]+(?:[-\u2019'][^\W\d_]+)*|[^\w\s]"
)


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    start: int
    end: int


def tokens(sentence: str) -> list[Token]:
    return [
        Token(t.group(), t.group().lower().replace("\u2019", "'"), t.start(), t.end())
        for t in _TOKEN.finditer(sentence)
    ]


# --- the lexicon ---------------------------------------------------------------------------------

PERSONS = frozenset(
    [
        "individual",
        "individuals",
        "person",
        "persons",
        "people",
        "nationals",
        "national",
        "officials",
        "official",
        "executives",
        "executive",
        "citizens",
        "leaders",
        "leader",
        "businessmen",
        "businessman",
        "businesspeople",
        "businesspersons",
        "businesswomen",
        "oligarchs",
        "oligarch",
        "members",
        "figures",
        "officers",
        "commanders",
        "generals",
        "judges",
        "ministers",
        "politicians",
        "deputies",
        "operatives",
        "facilitators",
        "financiers",
        "brokers",
        "associates",
        "relatives",
        "elites",
        "propagandists",
        "men",
        "women",
        "residents",
        "agents",
        "prosecutors",
        "governors",
        "diplomats",
        "lawmakers",
        "legislators",
        "parliamentarians",
        "mps",
        "senators",
        "businesspeople",
        "'leaders'",
        "\u2018leaders\u2019",
    ]
)
ORGANIZATIONS = frozenset(
    [
        "entity",
        "entities",
        "organization",
        "organizations",
        "organisation",
        "organisations",
        "company",
        "companies",
        "firms",
        "firm",
        "institutions",
        "institution",
        "banks",
        "bank",
        "businesses",
        "enterprises",
        "enterprise",
        "corporations",
        "corporation",
        "outlets",
        "ministries",
        "ministry",
        "airlines",
        "airline",
        "subsidiaries",
        "agencies",
        "agency",
        "groups",
        "manufacturers",
        "suppliers",
        "producers",
        "exporters",
        "importers",
        "distributors",
        "traders",
        "refineries",
        "universities",
        "bodies",
        "militias",
        "funds",
        "foundations",
        "exchanges",
        "operators",
        "providers",
        "shipyards",
        "conglomerates",
        "institutes",
        "charities",
        "shipowners",
        "insurers",
    ]
)
VESSELS = frozenset(
    ["vessel", "vessels", "ship", "ships", "tankers", "tanker", "boats", "carriers"]
)
TOGETHER = frozenset(
    ["designations", "targets", "parties", "listings", "names", "entries", "sanctions"]
)
# nouns that say by themselves that parties were designated: "a tranche of 23 sanctions"
ACTED = frozenset(["designations", "listings", "sanctions"])
KIND_FIELDS = {
    **dict.fromkeys(PERSONS, "stated_persons"),
    **dict.fromkeys(ORGANIZATIONS, "stated_organizations"),
    **dict.fromkeys(VESSELS, "stated_vessels"),
    **dict.fromkeys(TOGETHER, "stated_total"),
}
QUOTES = frozenset(["'", "\u2018", "\u2019", "\u201c", "\u201d", '"'])

# words that end a run of modifiers: a noun phrase does not go on through them
NOT_MODIFIERS = frozenset(
    [
        "of",
        "to",
        "in",
        "for",
        "on",
        "at",
        "by",
        "from",
        "with",
        "as",
        "into",
        "onto",
        "under",
        "over",
        "than",
        "that",
        "who",
        "whom",
        "whose",
        "which",
        "where",
        "while",
        "when",
        "if",
        "because",
        "after",
        "before",
        "since",
        "until",
        "during",
        "against",
        "among",
        "between",
        "including",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "not",
        "no",
        "nor",
        "but",
        "the",
        "a",
        "an",
        "these",
        "those",
        "this",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "them",
        "they",
        "it",
        "he",
        "she",
        "we",
        "you",
        "i",
        "there",
        "here",
        "whose",
        "also",
    ]
)

QUALIFIERS = {
    ("more", "than"): "more_than",
    ("over",): "more_than",
    ("in", "excess", "of"): "more_than",
    ("upwards", "of"): "more_than",
    ("above",): "more_than",
    ("exceeding",): "more_than",
    ("at", "least"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("about",): "about",
    ("around",): "about",
    ("roughly",): "about",
    ("approximately",): "about",
    ("some",): "about",
    ("nearly",): "about",
    ("almost",): "about",
    ("an", "estimated"): "about",
    ("close", "to"): "about",
    ("circa",): "about",
    ("up", "to"): "at_most",
    ("at", "most"): "at_most",
    ("no", "more", "than"): "at_most",
    ("fewer", "than"): "at_most",
    ("less", "than"): "at_most",
    ("under",): "at_most",
    ("within",): "at_most",
    ("a", "maximum", "of"): "at_most",
}


class Role(StrEnum):
    action = "action"
    added = "added"
    removed = "removed"
    size = "size"
    part = "part"
    restated = "restated"


@dataclass(frozen=True)
class Counted:
    """A number with the noun it counts, and what the sentence does with it."""

    value: int
    start: int  # of the number (or its qualifier) in the sentence
    end: int  # of its noun (or nouns)
    number_start: int
    field: str  # stated_persons, stated_organizations, stated_vessels, stated_total
    noun: str  # as written: "individuals", "individuals and entities"
    qualifier: str  # exact, more_than, at_least, about, at_most
    role: Role | None
    trigger: int  # where the word that governs it starts (-1: none)
    passive: bool = False
    row: int = 0  # objects in one row ("two individuals, four entities") share a number

    @property
    def unit(self) -> str:
        return self.noun.lower().strip("'\u2018\u2019")


# --- what governs an object ----------------------------------------------------------------------

ACTION_VERB = re.compile(
    r"^(?:designat(?:e|es|ed|ing)|sanction(?:s|ed|ing)?|re-?designat(?:e|es|ed|ing)|"
    r"list(?:s|ed|ing)?|blacklist(?:s|ed|ing)?|identif(?:y|ies|ied|ying)|"
    r"target(?:s|ed|ing)?|penali[sz](?:e|es|ed|ing)|block(?:s|ed|ing)?|"
    r"froze|freez(?:e|es|ing)|frozen)$"
)
ADD_VERB = re.compile(r"^(?:add(?:s|ed|ing)?|plac(?:e|es|ed|ing)|includ(?:e|es|ed|ing)|put)$")
REMOVE_VERB = re.compile(
    r"^(?:remov(?:e|es|ed|ing)|delist(?:s|ed|ing)?|de-list(?:s|ed|ing)?|"
    r"revok(?:e|es|ed|ing)|lift(?:s|ed|ing)?)$"
)
# the nouns of a measure: "sanctions ... on", "asset freezes against", "action against"
MEASURES = frozenset(
    [
        "sanctions",
        "sanction",
        "measures",
        "measure",
        "restrictions",
        "restriction",
        "bans",
        "ban",
        "freezes",
        "freeze",
        "penalties",
        "designations",
        "listings",
        "action",
        "actions",
        "prohibitions",
        "package",
        "tranche",
        "prohibition",
        "embargo",
    ]
)
ON = frozenset(("on", "against", "upon", "targeting", "covering", "concerning", "affecting"))
# a verb whose subject is the measures ("the listings concern 12 individuals")
MEASURE_VERBS = frozenset(
    [
        "concern",
        "concerns",
        "cover",
        "covers",
        "include",
        "includes",
        "comprise",
        "comprises",
        "affect",
        "affects",
        "target",
        "targets",
        "hit",
        "hits",
        "involve",
        "involves",
    ]
)
NOMINAL = frozenset(
    [
        "designation",
        "designations",
        "listing",
        "listings",
        "sanctioning",
        "blacklisting",
        "identification",
        "delisting",
        "delistings",
        "addition",
        "additions",
        "removal",
        "removals",
        "deletion",
        "deletions",
    ]
)
NOMINAL_ROLES = {"addition": Role.added, "additions": Role.added}
# verbs that make an action of what they count only when it is designations or listings
# ("announced 50 new designations", "adopted 12 listings")
ANNOUNCE = re.compile(r"^(?:announc|unveil|impos|introduc|adopt|issu|mak|made|agree|approv)\w*$")
CUMULATIVE = frozenset(
    ("now", "currently", "altogether", "overall", "already", "so far", "to date", "in all",
     "in total", "since")
)  # fmt: skip
CLAUSE_ENDS = frozenset(
    [
        ";",
        ":",
        ".",
        "?",
        "!",
        "(",
        ")",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "whereas",
        "because",
        "although",
        "though",
        "when",
        "if",
        "after",
        "before",
    ]
)
PASSIVE_AUX = frozenset(["were", "was", "are", "is", "been", "be", "being"])
LIST_WORDS = re.compile(r"\b(?:[Ll]ists?|Schedules?|Annex(?:es)?|[Rr]egister|[Ll]istings)\b")
LOOK_BACK = 14  # words (counted objects aside) an object looks back for what governs it
LOOK_AHEAD = 8


def qualifier_before(words: list[Token], index: int) -> tuple[str, int]:
    """The qualifier that ends just before ``words[index]``, and where it starts."""
    for length in (3, 2, 1):
        if index - length < 0:
            continue
        key = tuple(w.lower for w in words[index - length : index])
        if key in QUALIFIERS:
            return QUALIFIERS[key], index - length
    return "exact", index


def noun_after(words: list[Token], index: int) -> tuple[int, int] | None:
    """The kind noun that a number at ``words[index - 1]`` counts: (its index, the index of
    the last noun when two kinds are counted together), across at most six modifiers."""
    i = index
    if (
        i + 2 < len(words)
        and words[i].text == "("
        and words[i + 2].text == ")"
        and words[i + 1].text[0].isdigit()
    ):
        i += 3  # "forty (40) individuals": the digits restate the words
    passed = 0
    while i < len(words) and passed <= 6:
        word = words[i]
        if word.lower in KIND_FIELDS:
            if compound(words, i):
                return None  # "the 2206 Sanctions List", "1718 Sanctions Committee"
            return i, together(words, i)
        if word.text in QUOTES or word.text == ",":
            i += 1
            continue
        if word.lower in ("and", "or") and passed:
            i += 1
            continue
        if (
            word.lower in NOT_MODIFIERS
            or word.text[0].isdigit()
            or not word.text[0].isalpha()
            or word.lower in ("and", "or")
        ):
            return None
        i += 1
        passed += 1
    return None


COMPOUNDS = frozenset(
    ["list", "lists", "regime", "regimes", "committee", "package", "packages", "programme",
     "program", "measures", "law", "laws", "regulations", "authority", "order", "team"]
)  # fmt: skip


def compound(words: list[Token], index: int) -> bool:
    """A noun of the lexicon that names something else with the noun after it ("Sanctions
    List", "sanctions regime", "Designations Committee")."""
    following = words[index + 1] if index + 1 < len(words) else None
    return (
        words[index].lower in TOGETHER
        and following is not None
        and (following.lower in COMPOUNDS or following.text[0].isupper())
    )


def together(words: list[Token], index: int) -> int:
    """The last noun of "individuals and entities": another kind joined without a number."""
    first = KIND_FIELDS[words[index].lower]
    i = index + 1
    if i < len(words) and words[i].text in QUOTES:
        i += 1
    if i + 1 < len(words) and words[i].lower in ("and", "or", "and/or", "/", ","):
        for j in range(i + 1, min(i + 4, len(words))):
            other = KIND_FIELDS.get(words[j].lower)
            if other is not None and other != first:
                return j
            if (
                words[j].text[0].isdigit()
                or words[j].lower in NOT_MODIFIERS
                or words[j].lower.split("-")[0] in NUMBER_WORDS
            ):
                break
    return index


@lru_cache(maxsize=512)
def counted(sentence: str, numbers: tuple[Mention, ...]) -> tuple[Counted, ...]:
    """The counted objects of a sentence, each with its role (``numbers``: the sentence's
    numbers that can be counts)."""
    words = tokens(sentence)
    ends = {w.end: i for i, w in enumerate(words)}
    starts = {w.start: i for i, w in enumerate(words)}
    objects: list[tuple[int, int, int, Mention]] = []  # first word, noun, last noun, number
    parts: list[tuple[int, int, int, Mention]] = []  # "51 of whom are oligarchs"
    totals: list[tuple[int, int, int, Mention]] = []  # "... and over 1,000 in total"
    for mention in numbers:
        if mention.end not in ends or mention.start not in starts:
            continue
        if mention.words and sentence[mention.start : mention.end].lower() in ("a", "an"):
            continue
        first, last = starts[mention.start], ends[mention.end]
        found = noun_after(words, last + 1)
        if found is not None:
            objects.append((first, found[0], found[1], mention))
        elif (part := part_noun(words, first, last, objects)) is not None:
            parts.append((first, part, part, mention))
        elif objects and [w.lower for w in words[last + 1 : last + 3]] in (
            ["in", "total"],
            ["in", "all"],
        ):
            totals.append((first, objects[-1][1], objects[-1][2], mention))  # "1,000 in total"
    objects = with_articles(words, objects)
    inside: set[int] = set()
    for first, _, end, _ in objects:
        inside.update(range(first, end + 1))
    result = []
    rows = series(words, objects)
    roles: list[tuple[Role | None, int, bool]] = []
    for n, (first, noun, end, mention) in enumerate(objects):
        qualifier, begin = qualifier_before(words, first)
        role, trigger, passive = role_of(sentence, words, objects, rows, n, inside)
        if rows[n] != n and roles[rows[n]][0] in (Role.part, Role.restated):
            role, trigger, passive = roles[rows[n]]  # "the 10 entities and 12 persons"
        roles.append((role, trigger, passive))
        noun_text = sentence[words[noun].start : words[end].end]
        if end != noun:
            noun_text = f"{words[noun].text} and {words[end].text}"
        field = "stated_total" if end != noun else KIND_FIELDS[words[noun].lower]
        result.append(
            Counted(
                value=int(mention.value),
                start=words[begin].start,
                end=words[end].end,
                number_start=mention.start,
                field=field,
                noun=noun_text,
                qualifier=qualifier,
                role=role,
                trigger=trigger,
                passive=passive,
                row=rows[n],
            )
        )
    for first, noun, end, mention in totals:
        qualifier, begin = qualifier_before(words, first)
        noun_text = words[noun].text
        if end != noun:
            noun_text = f"{words[noun].text} and {words[end].text}"
        result.append(
            Counted(
                value=int(mention.value),
                start=words[begin].start,
                end=words[last_word(words, first)].end,
                number_start=mention.start,
                field="stated_total" if end != noun else KIND_FIELDS[words[noun].lower],
                noun=noun_text,
                qualifier=qualifier,
                role=Role.size,
                trigger=-1,
            )
        )
    for first, noun, _, mention in parts:
        qualifier, begin = qualifier_before(words, first)
        result.append(
            Counted(
                value=int(mention.value),
                start=words[begin].start,
                end=mention.end,
                number_start=mention.start,
                field=KIND_FIELDS.get(words[noun].lower, "stated_total"),
                noun=words[noun].text,
                qualifier=qualifier,
                role=Role.part,
                trigger=-1,
            )
        )
    return tuple(sorted(result, key=lambda o: o.start))


def last_word(words: list[Token], first: int) -> int:
    """The last word of "1,000 in total"."""
    return min(first + 2, len(words) - 1)


GROUPS = frozenset(("whom", "which", "them", "these", "those"))


def part_noun(
    words: list[Token], first: int, last: int, objects: list[tuple[int, int, int, Mention]]
) -> int | None:
    """A number that counts a part of a group without naming its noun ("51 of whom are
    oligarchs", "of these, 4 are based in Iran"): where the noun of the part stands (named
    after it, else the group's), or None."""
    after = [w.lower for w in words[last + 1 : last + 3]]
    _, begin = qualifier_before(words, first)
    before = [w.lower for w in words[max(0, begin - 3) : begin] if w.text != ","]
    opening = [w.lower for w in words[:2]]
    of_the = opening in (["of", "the"], ["of", "these"], ["of", "those"]) and any(
        o[2] < first for o in objects
    )  # "Of the 12 entities designated today, 7 are based in China"
    if not (
        (after[:1] == ["of"] and after[1:2] and after[1] in GROUPS)
        or (before[-2:-1] == ["of"] and before[-1:] and before[-1] in GROUPS)
        or (of_the and after[:1] in (["are"], ["were"], ["is"], ["was"]))
    ):
        return None
    for i in range(last + 1, min(len(words), last + 8)):
        if words[i].lower in KIND_FIELDS or (
            words[i - 1].lower in ("are", "were", "is", "as") and words[i].lower.endswith("s")
        ):
            return i
        if words[i].lower in CLAUSE_ENDS - {"whom", "which"}:
            break
    earlier = [o for o in objects if o[2] < first]
    return earlier[-1][1] if earlier else None


def with_articles(
    words: list[Token], objects: list[tuple[int, int, int, Mention]]
) -> list[tuple[int, int, int, Mention]]:
    """The objects, and "a" or "an" that counts one in a row after a number ("16 individuals
    and an entity", "two companies, a bank and a vessel"); an article alone counts nothing."""
    found = list(objects)
    n = 0
    while n < len(found):
        i = found[n][2] + 1
        while i < len(words) and (words[i].lower in JOINERS or words[i].text in QUOTES):
            i += 1
        if (
            i > found[n][2] + 1
            and i < len(words)
            and words[i].lower in ("a", "an")
            and not any(o[0] == i for o in found)
            and (noun := noun_after(words, i + 1)) is not None
        ):
            one = Mention(Decimal(1), words[i].start, words[i].end, words=True)
            found.insert(n + 1, (i, noun[0], noun[1], one))
        n += 1
    return found


JOINERS = frozenset(("and", "or", ",", "as", "well", "plus", "also", "and/or"))


def series(words: list[Token], objects: list[tuple[int, int, int, Mention]]) -> list[int]:
    """For each object, the first object of the row it stands in ("two individuals, four
    entities and three vessels": one row): only words of joining stand between them."""
    rows: list[int] = []
    for n, (first, _, _, _) in enumerate(objects):
        _, begin = qualifier_before(words, first)
        between = words[objects[n - 1][2] + 1 : begin] if n else None
        if between is not None and all(w.lower in JOINERS or w.text in QUOTES for w in between):
            rows.append(rows[n - 1])
        else:
            rows.append(n)
    return rows


def role_of(
    sentence: str,
    words: list[Token],
    objects: list[tuple[int, int, int, Mention]],
    rows: list[int],
    n: int,
    inside: set[int],
) -> tuple[Role | None, int, bool]:
    """What the sentence does with object ``n``: (role, where the governing word starts,
    passive)."""
    first, _, end, _ = objects[n]
    head = objects[rows[n]][0]  # the first object of its row
    _, begin = qualifier_before(words, first)
    before = [w.lower for w in words[max(0, begin - 4) : begin]]
    # a part of a group: "two of the nine entities", "51 of whom", "including 3 vessels"
    group = [w.lower for w in words[end + 1 : end + 5]]
    if (
        group[:1] == ["of"]
        and group[1:2]
        and group[1] in PART_WORDS
        and any(w in KIND_FIELDS or w[0].isdigit() or w in NUMBER_WORDS for w in group[2:])
    ):
        return Role.part, -1, False  # "three vessels of the 10 designated", "... of these entities"
    if words[first + 1 : first + 3] and [w.lower for w in words[first + 1 : first + 3]] == [
        "of",
        "them",
    ]:
        return Role.part, -1, False
    if before[-2:] in (["of", "whom"], ["of", "which"]) or (
        before[-1:] in (["including"], ["among"], ["includes"])
        and any(o[2] < begin for o in objects)
    ):
        return Role.part, -1, False
    if before[-1:] in (["including"], ["among"]):
        return Role.part, -1, False
    if before[-1:] in (["these"], ["those"], ["same"], ["such"]) or (
        before[-1:] == ["the"] and not named_after(words, end)
    ):
        return Role.restated, -1, False  # "the 10 entities designated in the Annex": known
    found = governor(sentence, words, head, inside)
    passive = passive_after(words, objects, rows, n)
    if found is None:
        if passive is not None:
            return passive[0], passive[1], True
        if words[objects[n][1]].lower in ACTED and objects[n][1] == objects[n][2]:
            clause = clause_before(words, first) | clause_after(words, first)
            cumulative = any(c in clause for c in CUMULATIVE)
            return (Role.size if cumulative else Role.action), -1, False
        return None, -1, False
    role, trigger = found
    return role, trigger, False


def named_after(words: list[Token], end: int) -> bool:
    """ "the four media outlets Voice of Europe, RIA Novosti ...": the names that follow
    introduce them, so they are not counted before."""
    following = words[end + 1 : end + 3]
    return bool(following) and (
        following[0].text == ":"
        or (following[0].text[0].isupper() and following[0].lower not in NOT_MODIFIERS)
    )


FRESH = frozenset(["additional", "new", "further", "more", "another"])
PART_WORDS = frozenset(["the", "these", "those", "them", "whom", "which", "its", "their", "our"])


def governor(
    sentence: str, words: list[Token], head: int, inside: set[int]
) -> tuple[Role, int] | None:
    """The nearest word before the object (counted objects aside) that governs it, within its
    clause: (role, where it starts)."""
    seen = 0
    i = head - 1
    while i >= 0 and seen < LOOK_BACK:
        word = words[i]
        if i in inside:
            i -= 1
            continue
        if word.lower in CLAUSE_ENDS and not (word.text == ":" and i == head - 1):
            return None  # "were designated: 12 individuals and 3 entities" reads on
        role = trigger_at(sentence, words, i, head)
        if role is not None:
            return role, word.start
        seen += 1
        i -= 1
    return None


def trigger_at(sentence: str, words: list[Token], i: int, head: int) -> Role | None:
    word = words[i].lower
    clause = clause_before(words, i)
    around = clause | clause_after(words, head)
    cumulative = any(c in around for c in CUMULATIVE) and not any(
        w.startswith("today") for w in around
    )
    if word == "total" and i + 1 < len(words) and words[i + 1].lower in ("of", "to"):
        if any(w in clause for w in ("now", "currently", "bringing", "brings", "bring")):
            return Role.size
        prior = [w.lower for w in words[max(0, i - 3) : i]]
        if any(w in ("bringing", "brings", "bring", "raising", "taking") for w in prior):
            return Role.size
        return None  # "a total of": the count is said whole, what governs it is before
    if (
        word in ("apply", "applies", "applied")
        and words[i + 1 : i + 2]
        and (words[i + 1].lower == "to")
    ):
        if any(w.lower in FRESH for w in words[i + 2 : head + 3]):
            return Role.action  # "the measures apply to 5 additional persons": new ones
        return Role.size
    if word == "subject" and "now" in clause:
        return Role.size
    if word in ("contains", "contain", "comprises", "comprise", "lists", "includes") and (
        "currently" in clause or "now" in clause or "list" in clause or "register" in clause
    ):
        return Role.size  # "the list comprises 300 individuals"
    if word in ("stands", "stand") and words[i + 1 : i + 2] and words[i + 1].lower == "at":
        return Role.size
    if word in ("be", "is", "are", "becomes", "reaches", "reach", "to") and "number of" in clause:
        return Role.size  # "the number of those subject to the measures will be 66 individuals"
    if (word in ("now", "totals", "total") and i == head - 1) or (
        word == "now" and i == head - 2 and words[head - 1].lower in ("at", "to")
    ):
        return Role.size  # "is now 23 entities", "now totals 1,200 individuals"
    if word in NOMINAL and words[i + 1 : i + 2] and words[i + 1].lower == "of":
        if word.startswith(("delisting", "removal", "deletion")):
            return Role.removed
        return NOMINAL_ROLES.get(word, Role.action)
    if ANNOUNCE.match(word) and together_noun(words, head):
        return Role.size if cumulative else Role.action
    if ACTION_VERB.match(word):
        if (
            word in ("list", "listing", "lists")
            and not (i + 1 == head or words[i + 1].lower in ("a", "an", "additional"))
            and not (i > 0 and words[i - 1].lower == "to")
        ):
            return None  # "the list", "the listing of" is nominal (below)
        if word.startswith(("freez", "froze", "block")) and not assets_of(words, i, head):
            return None
        return Role.size if cumulative else Role.action
    if word in ON and measure_before(words, i):
        return Role.size if cumulative else Role.action
    if word in MEASURE_VERBS and measure_before(words, i, 4):
        return Role.size if cumulative else Role.action
    if ADD_VERB.match(word) and LIST_WORDS.search(sentence[words[i].end :]):
        if word.startswith("includ") and "list" not in sentence[words[i].end :].lower():
            return None
        return Role.added
    if REMOVE_VERB.match(word):
        return Role.removed
    return None


def together_noun(words: list[Token], head: int) -> bool:
    """Whether the object at ``head`` counts designations, listings or targets."""
    found = noun_after(words, head + 1)
    return found is not None and words[found[0]].lower in TOGETHER


def assets_of(words: list[Token], i: int, head: int) -> bool:
    """ "freeze the assets of", "blocking the property of": the verb reaches its object
    through the word for assets."""
    between = [w.lower for w in words[i + 1 : head]]
    return any(w in ("assets", "property", "funds") for w in between) and (
        "of" in between or between[-1:] == ["assets"]
    )


def measure_before(words: list[Token], i: int, reach: int = 8) -> bool:
    """A noun of a measure ("sanctions", "travel bans", "action") before ``words[i]``."""
    for word in reversed(words[max(0, i - reach) : i]):
        if word.lower in MEASURES:
            return True
        if word.lower in CLAUSE_ENDS:
            return False
    return False


def clause_before(words: list[Token], i: int) -> set[str]:
    """The words (and pairs of words) of the clause up to ``words[i]``."""
    found: set[str] = set()
    previous = ""
    for word in reversed(words[max(0, i - 20) : i]):
        if word.lower in (";", ".", ":"):
            break
        found.add(word.lower)
        found.add(f"{word.lower} {previous}".strip())
        previous = word.lower
    return found


def clause_after(words: list[Token], head: int) -> set[str]:
    """The words (and pairs of words) of the clause from ``words[head]`` on."""
    found: set[str] = set()
    previous = ""
    for word in words[head : head + 20]:
        if word.lower in (";", ".", ":", ","):
            break
        found.add(word.lower)
        found.add(f"{previous} {word.lower}".strip())
        previous = word.lower
    return found


def passive_after(
    words: list[Token], objects: list[tuple[int, int, int, Mention]], rows: list[int], n: int
) -> tuple[Role, int] | None:
    """ "13 entities and 15 persons were additionally designated": the participle after the
    row an object stands in."""
    last = max(o[2] for m, o in enumerate(objects) if rows[m] == rows[n])
    i = last + 1
    limit = min(len(words), last + 1 + LOOK_AHEAD)
    aux = False
    while i < limit:
        word = words[i].lower
        if word in PASSIVE_AUX or word in ("have", "has", "had", "will", "would"):
            aux = aux or word in PASSIVE_AUX
        elif aux and ACTION_VERB.match(word) and word.endswith(("ed", "en", "ze")):
            return Role.action, words[i].start
        elif aux and word in ("added", "placed"):
            return Role.added, words[i].start
        elif aux and word in ("removed", "delisted", "de-listed"):
            return Role.removed, words[i].start
        elif aux and word == "subject":
            return Role.size, words[i].start
        elif word in CLAUSE_ENDS or word.isdigit():
            return None
        i += 1
    return None

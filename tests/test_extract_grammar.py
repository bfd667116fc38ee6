"""The grammar of counted objects (tracker/extract/grammar.py) on sentences written for these
tests in the ordinary phrasing of official releases (Treasury, State, Commerce, the Council of
the EU, the UK, Canada, Australia, New Zealand, Japan, Korea), none taken from the evaluation
corpus: every numeric fact a sentence states is proposed, and nothing else (a number that
cannot be placed is never a count)."""

from __future__ import annotations

import pytest
from num2words import num2words
from text_to_num import text2num

from tracker.extract.grammar import Role, counted
from tracker.extract.rules import counts, propose
from tracker.records.numbers import mentions

NUMERIC = {
    "actions": ("stated_persons", "stated_organizations", "stated_vessels", "stated_total"),
    "control_list_revisions": ("previous_count", "added", "removed", "new_count"),
}


def numeric(text: str) -> set[tuple[str, ...]]:
    """The numeric facts proposed: (type, field, value[, qualifier or unit])."""
    found: set[tuple[str, ...]] = set()
    for p in propose(text):
        if p.type in NUMERIC:
            for name in NUMERIC[p.type]:
                if p.values.get(name) is not None:
                    extra = (p.values["unit"],) if p.type == "control_list_revisions" else ()
                    found.add((p.type[:7], name, str(p.values[name]), *extra))
        elif p.type == "claims":
            amount = p.values["quantity"]
            found.add(("claims", str(amount), p.values["qualifier"]))
    return found


A, L, C = "actions", "control", "claims"
P, G, V, T = "stated_persons", "stated_organizations", "stated_vessels", "stated_total"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Today, the Department of the Treasury's Office of Foreign Assets Control (OFAC) "
         "sanctioned 22 individuals and entities involved in the network.", {(A, T, "22")}),
        ("OFAC is designating 10 individuals and 5 entities pursuant to E.O. 14024 and "
         "identifying 3 vessels as blocked property.", {(A, P, "10"), (A, G, "5"), (A, V, "3")}),
        ("The Council today adopted restrictive measures against an additional 9 individuals "
         "and 6 entities responsible for actions undermining the sovereignty of Ukraine.",
         {(A, P, "9"), (A, G, "6")}),
        ("The UK has today sanctioned over 50 individuals and entities supplying the military.",
         {(A, T, "50")}),
        ("Canada is imposing sanctions on 9 individuals and 17 entities under the Special "
         "Economic Measures Regulations.", {(A, P, "9"), (A, G, "17")}),
        ("Australia is imposing targeted financial sanctions and travel bans on 10 individuals "
         "and 2 entities.", {(A, P, "10"), (A, G, "2")}),
        ("New Zealand is sanctioning a further twelve individuals and four entities linked to "
         "the military-industrial complex.", {(A, P, "12"), (A, G, "4")}),
        ("The Government of Japan will implement measures to freeze the assets of 11 "
         "individuals and 3 entities.", {(A, P, "11"), (A, G, "3")}),
        ("The Republic of Korea designated 11 individuals and 4 entities as subject to "
         "financial sanctions.", {(A, P, "11"), (A, G, "4")}),
        ("In total, today's actions target more than 300 individuals and entities.",
         {(A, T, "300")}),
        ("The State Department is concurrently designating seven entities and one individual.",
         {(A, G, "7"), (A, P, "1")}),
        ("Specifically, OFAC designated the following three entities pursuant to E.O. 13846:",
         {(A, G, "3")}),
        ("The listings concern 12 individuals and 8 entities.", {(A, P, "12"), (A, G, "8")}),
        ("The package includes the listing of 116 individuals and 88 entities.",
         {(A, P, "116"), (A, G, "88")}),
        ("Treasury took action against five Hong Kong-based companies and two individuals.",
         {(A, G, "5"), (A, P, "2")}),
        ("A total of 19 individuals and 8 entities were designated today.",
         {(A, P, "19"), (A, G, "8")}),
        ("Sanctions were also imposed on four vessels.", {(A, V, "4")}),
        ("The Minister announced sanctions against 14 Russian military officers and three "
         "defence companies.", {(A, P, "14"), (A, G, "3")}),
        ("Korea has decided to designate 8 individuals, including bank representatives, and "
         "2 institutions for unilateral sanctions.", {(A, P, "8"), (A, G, "2")}),
        ("These measures target twenty-five (25) entities and nine (9) tankers.",
         {(A, G, "25"), (A, V, "9")}),
        ("The UK has today announced 50 new designations.", {(A, T, "50")}),
        ("Today's decision lists 10 individuals responsible for human rights violations.",
         {(A, P, "10")}),
        ("These measures impose a dealings prohibition on 10 individuals and 5 entities.",
         {(A, P, "10"), (A, G, "5")}),
        ("The new sanctions target 23 individuals and entities.", {(A, T, "23")}),
        ("The ROK government has designated 11 individuals and 4 institutions.",
         {(A, P, "11"), (A, G, "4")}),
        ("OFAC is sanctioning 8 individuals, 8 entities, and 1 vessel.",
         {(A, P, "8"), (A, G, "8"), (A, V, "1")}),
        ("The Department of State is imposing visa restrictions on 50 individuals.",
         {(A, P, "50")}),
        ("Japan has decided to designate thirty-six individuals and ten entities as subject "
         "to the measures.", {(A, P, "36"), (A, G, "10")}),
        ("The EU has sanctioned nine persons and one entity.", {(A, P, "9"), (A, G, "1")}),
        ("Today's designations of three senior members of the government follow earlier "
         "actions.", {(A, P, "3")}),
        ("The following were designated today: 12 individuals and 3 entities.",
         {(A, P, "12"), (A, G, "3")}),
        ("The Treasury\u02bcs action today designates 4 vessels.", {(A, V, "4")}),
        ("Japan will take measures to freeze assets against 11 individuals.", {(A, P, "11")}),
        ("Canberra imposed sanctions on 16 individuals and an entity.",
         {(A, P, "16"), (A, G, "1")}),
        ("OFAC designated two companies, a bank and a vessel.", {(A, V, "1")}),
        ("Australia sanctioned 27 individuals and 2 more individuals.", set()),
        ("The Government announced a new tranche of 23 sanctions today.", {(A, T, "23")}),
        ("The Committee's 49 designations cover ships and companies.", {(A, T, "49")}),
        ("The measures apply to 5 additional persons.", {(A, P, "5")}),
        ("The sanctions package comprises 10 individuals and 5 entities.",
         {(A, P, "10"), (A, G, "5")}),
    ],
)  # fmt: skip
def test_actions(text: str, expected: set[tuple[str, ...]]) -> None:
    assert numeric(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("With today's decision, restrictive measures now apply to a total of 233 individuals "
         "and 37 entities.",
         {(L, "new_count", "233", "individuals"), (L, "new_count", "37", "entities")}),
        ("The UK has now sanctioned more than 1,700 individuals and entities under its Russia "
         "regime.", {(L, "new_count", "1700", "individuals and entities")}),
        ("Overall, EU sanctions now cover more than 2,100 individuals and entities.",
         {(L, "new_count", "2100", "individuals and entities")}),
        ("The list currently contains 250 individuals and 75 entities.",
         {(L, "new_count", "250", "individuals"), (L, "new_count", "75", "entities")}),
        ("To date, Australia has sanctioned more than 1,200 individuals and entities in "
         "relation to Russia.", {(L, "new_count", "1200", "individuals and entities")}),
        ("This brings the total number of persons designated under the regime to 520.",
         {(L, "new_count", "520", "persons")}),
        ("Commerce added 22 entities to the Entity List.", {(L, "added", "22", "entities")}),
        ("The rule places 12 entities on the Entity List.", {(L, "added", "12", "entities")}),
        ("The Committee removed one individual from its sanctions list.",
         {(L, "removed", "1", "individual")}),
        ("The Regulations amend Schedule 1 to remove two entities.",
         {(L, "removed", "2", "entities")}),
        ("Three individuals were delisted.", {(L, "removed", "3", "individuals")}),
        ("The Council added 9 individuals and 6 entities to the list of those subject to "
         "restrictive measures.",
         {(L, "added", "9", "individuals"), (L, "added", "6", "entities")}),
        ("A total of 1,950 individuals and entities are now subject to an asset freeze.",
         {(L, "new_count", "1950", "individuals and entities")}),
        ("OFAC designated 5 entities, bringing the total to 120 entities.",
         {(A, G, "5"), (L, "new_count", "120", "entities")}),
        ("In addition, 7 individuals and 3 entities have been added to the list.",
         {(L, "added", "7", "individuals"), (L, "added", "3", "entities")}),
        ("There are now 1,800 individuals and entities on the list.",
         {(L, "new_count", "1800", "individuals and entities")}),
        ("The Consolidated List now includes 1,500 names.", {(L, "new_count", "1500", "names")}),
        ("EU sanctions against Russia now apply to almost 2,200 individuals and entities.",
         {(L, "new_count", "2200", "individuals and entities")}),
        ("The number of individuals and entities subject to the measures will be 66 "
         "individuals and 22 entities.",
         {(L, "new_count", "66", "individuals"), (L, "new_count", "22", "entities")}),
        ("The UK sanctioned 370 new individuals and entities, and over 1,000 in total.",
         {(A, T, "370"), (L, "new_count", "1000", "individuals and entities")}),
        ("The list comprises 300 individuals.", {(L, "new_count", "300", "individuals")}),
        ("This brings the total to 1,700 individuals and entities.",
         {(L, "new_count", "1700", "individuals and entities")}),
        ("BIS removes 3 entities from the Entity List.", {(L, "removed", "3", "entities")}),
        ("The Committee added the following 3 entries to its sanctions list.",
         {(L, "added", "3", "entries")}),
        ("The Committee approved the addition of 2 entries to its sanctions list.",
         {(L, "added", "2", "entries")}),
        ("The Committee approved the removal of one individual from its list.",
         {(L, "removed", "1", "individual")}),
        ("The Regulations remove the name of one individual from Schedule 1.",
         {(L, "removed", "1", "individual")}),
    ],
)  # fmt: skip
def test_list_sizes_additions_and_removals(text: str, expected: set[tuple[str, ...]]) -> None:
    assert numeric(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OFAC designated 12 entities, including seven Chinese entities.",
         {(A, G, "12"), (C, "7", "exact")}),
        ("The UK sanctioned 120 individuals, 51 of whom are oligarchs.",
         {(A, P, "120"), (C, "51", "exact")}),
        ("Two of the nine entities are based in the United Arab Emirates.", {(C, "2", "exact")}),
        ("Of the 12 entities designated today, 7 are based in China.", {(C, "7", "exact")}),
        ("Details of these 10 individuals are in the Consolidated List.", set()),
        ("OFAC designated a network of companies.", set()),
        ("Member States may submit listing requests for the 2206 Sanctions List.", set()),
        ("Among them are three vessels that carried oil.", {(C, "3", "exact")}),
        ("OFAC designated 9 entities; of these, over 4 are based in Iran.",
         {(A, G, "9"), (C, "4", "more_than")}),
        ("The 27 member states agreed on the package.", {(C, "27", "exact")}),
        ("Resolution 2397 was adopted in 2017 under Chapter 7 with 15 votes.",
         {(C, "15", "exact")}),
        ("The State Department sanctioned the same three individuals in 2019.", set()),
    ],
)  # fmt: skip
def test_parts_restatements_and_numbers_that_are_not_counts(
    text: str, expected: set[tuple[str, ...]]
) -> None:
    assert numeric(text) == expected


def test_objects_in_a_row_share_what_governs_the_first() -> None:
    text = "OFAC sanctioned two individuals, four entities and three vessels today."
    found = counted(text, counts(text))
    assert [(o.value, o.field, o.role) for o in found] == [
        (2, P, Role.action), (4, G, Role.action), (3, V, Role.action),
    ]  # fmt: skip


def test_a_qualified_count_keeps_its_qualifier_and_lowers_the_confidence() -> None:
    (action,) = [p for p in propose("The UK sanctioned over 50 individuals.") if p.type == A]
    (exact,) = [p for p in propose("The UK sanctioned 50 individuals.") if p.type == A]
    assert "over 50 individuals" in action.values["summary"]
    assert action.confidence < exact.confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia has lost access to more than £100 billion of its reserves.",
         {(C, "100000000000", "more_than", "GBP")}),
        ("The company paid a $5 million settlement.", {(C, "5000000", "exact", "USD")}),
        ("The scheme generated 300 million euros for the regime.",
         {(C, "300000000", "exact", "EUR")}),
        ("Assets worth about A$2.5 million were frozen.", {(C, "2500000", "about", "AUD")}),
    ],
)  # fmt: skip
def test_sums_of_money_are_claims_in_the_currency_stated(
    text: str, expected: set[tuple[str, ...]]
) -> None:
    found = {
        ("claims", str(p.values["quantity"]), p.values["qualifier"], p.values["unit"])
        for p in propose(text)
        if p.type == "claims"
    }
    assert found == expected


@pytest.mark.parametrize(
    ("text", "qualifier", "unit"),
    [
        ("The DPRK dispatches thousands of highly skilled IT workers abroad.", "thousands",
         "highly skilled IT workers"),
        ("The scheme raised hundreds of millions of dollars for the regime.",
         "hundreds_of_millions", "USD"),
        ("Oligarchs hold billions of pounds in the UK.", "billions", "GBP"),
        ("The regime has detained hundreds of protesters.", "hundreds", "protesters"),
        ("The network used several front companies.", "several", "front companies"),
        ("Tens of thousands of workers were sent abroad.", "thousands", "workers"),
    ],
)  # fmt: skip
def test_vague_magnitudes_are_claims_without_a_quantity(
    text: str, qualifier: str, unit: str
) -> None:
    (found,) = [p.values for p in propose(text) if p.type == "claims"]
    assert (found["quantity"], found["qualifier"], found["unit"]) == (None, qualifier, unit)


@pytest.mark.parametrize(
    "text",
    ["They met several times.", "It took several years.", "Millions of people watched."],
)
def test_magnitudes_of_time_or_outside_the_vocabulary_are_not_claims(text: str) -> None:
    assert [p for p in propose(text) if p.type == "claims"] == []


def test_a_count_in_the_title_said_again_in_the_body_is_proposed_once() -> None:
    text = (
        "EU sanctions prolonged for a further six months\n\n"
        "The Council prolonged the sanctions for a further six months until 15 March."
    )
    (found,) = [p for p in propose(text) if p.type == "claims"]
    assert found.quote.startswith("The Council")


SPELLED = [*range(0, 1000), *range(1000, 100_000, 997), 1_000_000, 1_500_000, 2_000_000_000]


def test_number_words_are_read_as_num2words_writes_them() -> None:
    """The dataset's number parser (the one extract and quote-numbers share) against an
    independent spelling of every number to 999 and a spread beyond, in its three usual forms
    ("two hundred and forty-three", without commas, without "and")."""
    for n in SPELLED:
        written = num2words(n)
        for form in (written, written.replace(",", ""), written.replace(" and ", " ")):
            whole = [m for m in mentions(form) if (m.start, m.end) == (0, len(form))]
            assert [m.value for m in whole] == [n], form


@pytest.mark.parametrize("words", ["twenty one", "one hundred twenty three", "seventy-one"])
def test_number_words_agree_with_text2num(words: str) -> None:
    (whole,) = [m for m in mentions(words) if (m.start, m.end) == (0, len(words))]
    assert whole.value == text2num(words, "en")

"""Two names compared part by part, as `tracker-screen/2` does (the parts: ``parts.py``).

Parts are paired one to one, the most alike first; two adjacent parts may pair with one
("GAZPROM BANK" / "GAZPROMBANK", "Jong Nam" / "Jongnam"). Two parts are alike when they are
the same; when rigour links them as one given name or its short form (0.90); when their
romanisation skeletons or Korean syllable forms are the same (0.95); when written in Arabic
script, by their consonants (0.85); else by edit distance, where a short part (four letters or
fewer) may differ in a vowel but not in a consonant ("Chol" / "Chul" alike, "Yong" / "Song" not:
two Korean given names) and a doubled letter counts for nothing ("Jong-nnam"); a number only
equals itself; an initial is 0.8 of the part it begins.

The name score is the weighted share of parts matched, the query's parts counting 0.6 and the
entry's 0.4, a common word or an initial weighing 0.4 and a part missing on either side in full;
then a part on each side left unmatched is a conflict (two different parts where one was
expected: "Kim Yong Chol" / "Kim Song Chol", a different link in an Arabic name chain) and
costs ``CONFLICT`` each, and different numbers ("Vessel 1" / "Vessel 2") hold the score below
review. Legal forms weigh 0.2 and agree by class across languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from tracker.screening.parts import Parsed, Part

TOKEN_FLOOR = 0.5  # two parts less alike than this do not pair at all
CLOSE, PARTIAL = 0.75, 0.8  # parts less alike than CLOSE count PARTIAL of it
SYMBOL_SAME = 0.90
SKELETON_SAME = 0.95
KOREAN_SAME = 0.95
CONSONANTS_SAME = 0.85
INITIAL_SAME = 0.8
SOUND_SAME, SOUND_FLOOR, SOUND_LENGTH = 0.85, 0.6, 6
SHORT = 3  # parts of this many letters or fewer may not differ in a consonant
VOWELS_SAME = 0.9
PREFIX, PREFIX_SAME = 4, 0.8  # a part the start of the other ("Siraj" / "Sirajuddin")
JOINED_FLOOR = 0.9
QUERY_SIDE = 0.5
LEGAL_WEIGHT = 0.2
CONFLICT = 0.24
CONFLICTS_COUNTED = 2
NUMBER_CAP = 0.69
MISSING_COMMON_WEIGHS_LESS = True
COMMON_CONFLICTS = True
_VOWELS = frozenset("aeiouy")
_SOFT = frozenset("aeiouyhw")


@dataclass(frozen=True, slots=True)
class Pairing:
    """Parts of the query paired with parts of the entry, and how alike (0..1), and why."""

    query: tuple[int, ...]
    entry: tuple[int, ...]
    similar: float
    how: str


def vowels_apart(a: str, b: str) -> bool:
    """The parts differ in vowels (or an "h" or "w", or a doubled letter) only, in a few
    edits: a romanisation's difference, not a consonant's ("Saif" / "Seif", "Fazl" / "Fazal",
    "Osama" / "Usamah"; not "Yong" / "Song", "Kamal" / "Jamal")."""
    edits = Levenshtein.editops(a, b)
    if len(edits) > max(2, min(len(a), len(b)) // 3):
        return False
    for edit in edits:
        op, i, j = edit.tag, edit.src_pos, edit.dest_pos
        if op == "replace":
            if a[i] not in _VOWELS or b[j] not in _VOWELS:
                return False
        else:
            word, k = (a, i) if op == "delete" else (b, j)
            letter = word[k]
            doubled = (k > 0 and word[k - 1] == letter) or (
                k + 1 < len(word) and word[k + 1] == letter
            )
            if letter not in _SOFT and not doubled:
                return False
    return True


def consonants_alike(a: Part, b: Part) -> bool:
    """The same consonants, or but for the article that a Latin spelling joins to the word
    before it ("Abdul Haq" / "عبد الحق")."""
    if a.consonants == b.consonants:
        return True
    latin, arabic = (a, b) if b.script == "arabic" else (b, a)
    return latin.script == "latin" and latin.consonants == arabic.consonants + "l"


def similarity(a: Part, b: Part, korean_names: bool = False) -> tuple[float, str]:
    """How alike two parts are, 0 or 0.75..1, and the reason in a word. In Korean names each
    syllable says who is named: they are alike only when the same, but for romanisation."""
    if a.text == b.text:
        return 1.0, "="
    if a.kind == "number" or b.kind == "number":
        return 0.0, ""
    if (a.kind == "initial" or b.kind == "initial") and (len(a.text) == 1 or len(b.text) == 1):
        return (INITIAL_SAME, "initial") if a.text[0] == b.text[0] else (0.0, "")
    best, how = 0.0, ""
    if a.symbols & b.symbols:
        best, how = SYMBOL_SAME, "same name"
    if a.bare == b.bare:
        return max(best, SKELETON_SAME), "spelt otherwise"
    if min(len(a.text), len(b.text)) <= 6 and a.syllable == b.syllable:
        return max(best, KOREAN_SAME), "romanised otherwise"
    if korean_names:
        return best, how
    arabic = "arabic" in (a.script, b.script)
    if arabic and consonants_alike(a, b) and min(len(a.text), len(b.text)) >= 2:
        return max(best, CONSONANTS_SAME), "same consonants"
    shortest = min(len(a.text), len(b.text))
    if not arabic and a.frame == b.frame and vowels_apart(a.text, b.text):
        similar = max(VOWELS_SAME, OSA.normalized_similarity(a.text, b.text))
        return (similar, "vowels") if similar > best else (best, how)
    if shortest <= SHORT and not arabic:  # a consonant apart: another name
        return (best, how) if best >= TOKEN_FLOOR else (0.0, "")
    if shortest >= PREFIX and (a.text.startswith(b.text) or b.text.startswith(a.text)):
        best, how = max(best, PREFIX_SAME), "short form"
    similar = OSA.normalized_similarity(a.text, b.text)
    bare = SKELETON_SAME * OSA.normalized_similarity(a.bare, b.bare)
    if a.sound == b.sound and similar >= SOUND_FLOOR and shortest >= SOUND_LENGTH:
        similar = max(similar, SOUND_SAME)
    similar = max(similar, bare)
    if arabic and len(a.consonants) >= 3:
        similar = max(similar, 0.8 * OSA.normalized_similarity(a.consonants, b.consonants))
    if similar < CLOSE:  # somewhat alike: some evidence, not much
        similar *= PARTIAL
    if similar > best:
        best, how = similar, "~"
    return (best, how) if best >= TOKEN_FLOOR * PARTIAL else (0.0, "")


def pairings(query: Parsed, entry: Parsed) -> list[Pairing]:
    """Every pair of parts worth comparing (they share a key, or one is an initial), and two
    adjacent parts against one where written together."""
    found: list[Pairing] = []
    qparts, eparts = query.parts, entry.parts
    korean_names = query.korean and entry.korean
    for i, q in enumerate(qparts):
        for j, e in enumerate(eparts):
            similar, how = similarity(q, e, korean_names)
            if similar:
                found.append(Pairing((i,), (j,), similar, how))
    found += joined(query, eparts, False) + joined(entry, qparts, True)
    return found


def joined(side: Parsed, other: tuple[Part, ...], flipped: bool) -> list[Pairing]:
    """Two or three adjacent parts of one side written as one part of the other
    ("Shams-ur-Rahman" / "Shamsurrahman"), by their consonants where Arabic script is."""
    found = []
    for run in side.runs:
        for j, part in enumerate(other):
            if run.arabic or part.script == "arabic":
                similar = 0.9 * Levenshtein.normalized_similarity(run.consonants, part.consonants)
                floor = 0.75
            else:
                if abs(len(part.text) - len(run.text)) > 2:
                    continue
                similar = max(  # "Abd al-Rahman" / "Abdul Rahman": vowels apart
                    Levenshtein.normalized_similarity(run.text, part.text),
                    SKELETON_SAME * (run.bare == part.bare),
                    VOWELS_SAME * (run.frame == part.frame and vowels_apart(run.text, part.text)),
                )
                floor = JOINED_FLOOR
            if similar >= floor:
                parts = tuple(range(run.start, run.start + run.size))
                pair = (parts, (j,)) if not flipped else ((j,), parts)
                found.append(Pairing(pair[0], pair[1], similar, "written together"))
    return found


@dataclass(frozen=True, slots=True)
class Compared:
    score: float
    pairs: tuple[Pairing, ...]
    conflicts: int
    numbers_differ: bool
    legal: float | None


def compare(query: Parsed, entry: Parsed) -> Compared:
    """The two names' score (0..1), with what it is made of."""
    qparts, eparts = query.parts, entry.parts
    if not qparts or not eparts:
        return Compared(0.0, (), 0, False, None)
    if (
        query.spelled
        and query.spelled == entry.spelled
        and (  # "SADAF CO." / "SADAFCO"
            len(qparts) != len(eparts) or query.joined != entry.joined
        )
    ):
        whole = Pairing(
            tuple(range(len(qparts))), tuple(range(len(eparts))), 1.0, "written together"
        )
        return Compared(1.0, (whole,), 0, False, None)
    if query.keys.isdisjoint(entry.keys) and not any(len(p.text) == 1 for p in (*qparts, *eparts)):
        return Compared(0.0, (), 0, False, None)
    chosen: list[Pairing] = []
    used_q: set[int] = set()
    used_e: set[int] = set()
    for pairing in sorted(
        pairings(query, entry), key=lambda p: (-p.similar, -len(p.query) - len(p.entry))
    ):
        if used_q.isdisjoint(pairing.query) and used_e.isdisjoint(pairing.entry):
            chosen.append(pairing)
            used_q.update(pairing.query)
            used_e.update(pairing.entry)
    query_sum = entry_sum = query_weight = entry_weight = 0.0
    for pairing in chosen:
        qw = sum(qparts[i].weight for i in pairing.query) if len(pairing.query) == 1 else 1.0
        ew = sum(eparts[j].weight for j in pairing.entry) if len(pairing.entry) == 1 else 1.0
        query_sum += qw * pairing.similar
        entry_sum += ew * pairing.similar
        query_weight += qw
        entry_weight += ew
    left_q = [p for i, p in enumerate(qparts) if i not in used_q]
    left_e = [p for j, p in enumerate(eparts) if j not in used_e]
    query_weight += sum(missing(p) for p in left_q)
    entry_weight += sum(missing(p) for p in left_e)
    share = QUERY_SIDE * query_sum / query_weight + (1 - QUERY_SIDE) * entry_sum / entry_weight
    conflicts = min(
        sum(1 for p in left_q if conflicting(p)),
        sum(1 for p in left_e if conflicting(p)),
        CONFLICTS_COUNTED,
    )
    share -= CONFLICT * conflicts
    numbers_q = {p.text for p in qparts if p.kind == "number"}
    numbers_e = {p.text for p in eparts if p.kind == "number"}
    numbers_differ = bool(numbers_q and numbers_e and numbers_q != numbers_e)
    if numbers_differ:
        share = min(share, NUMBER_CAP)
    if len(chosen) == 0:
        share = 0.0
    legal = legal_agreement(query, entry)
    total = share if legal is None else (share + LEGAL_WEIGHT * legal) / (1 + LEGAL_WEIGHT)
    return Compared(max(0.0, total), tuple(chosen), conflicts, numbers_differ, legal)


def missing(part: Part) -> float:
    """What a part one name has and the other lacks counts against: in full, but for an
    initial or a particle."""
    if MISSING_COMMON_WEIGHS_LESS:
        return part.weight
    return part.weight if part.kind in ("initial", "stop") else 1.0


def conflicting(part: Part) -> bool:
    """A part left unmatched that names someone (a common given name too, if so set)."""
    return part.kind == "word" and (COMMON_CONFLICTS or part.weight == 1.0)


def legal_agreement(query: Parsed, entry: Parsed) -> float | None:
    if not query.legal and not entry.legal:
        return None
    if not query.legal or not entry.legal:
        return 0.5
    return 1.0 if query.legal & entry.legal else 0.0


def explain(query: Parsed, entry: Parsed, compared: Compared) -> str:
    """The comparison in words: each pair of parts and why, what is missing, what conflicts."""
    shown = []
    for pairing in compared.pairs:
        left = " ".join(query.parts[i].text for i in pairing.query)
        right = " ".join(entry.parts[j].text for j in pairing.entry)
        shown.append(f"{left}={right}" if pairing.how == "=" else f"{left}~{right} ({pairing.how})")
    how = "parts " + (", ".join(shown) if shown else "none alike")
    if compared.conflicts:
        how += f"; {compared.conflicts} part(s) differ on both sides"
    if compared.numbers_differ:
        how += "; the numbers differ"
    if compared.legal is not None:
        form = {1.0: "same legal form", 0.5: "legal form on one side", 0.0: "other legal form"}
        how += f"; {form[compared.legal]}"
    return how

"""A text as extraction reads it: sentences with their place in the text (a quote is always a
verbatim slice of it), and the small vocabularies the rules share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# a sentence ends at . ! ? (and a closing quote) before a capital, a digit or an opening quote;
# not after an initialism ("U.S.", "U.N.") or a title ("Mr.")
_END = re.compile(r"[.!?][\u201d\"\u2019']?(?=[ \t]+[\u201c\"\u2018(]?[A-Z0-9])")
_NO_END = re.compile(
    r"(?:\b(?:[A-Z]\.){1,4}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|No|Jr|Sr|Inc|Co|Corp|Ltd|vs|Gov|"
    r"Sen|Rep|Prof|Amb|Adm|Capt|Maj|Sgt|Fig|Art|Sec|Para|approx|etc|E\.O|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$"
)
# a line this long that does not end a sentence was wrapped (a PDF's or an e-mail's lines)
WRAPPED = 60
# the longest sentence the rules read at once: a longer run of text is cut at a space (its
# pieces stay verbatim); this bounds the work per sentence, so a text costs time in proportion
# to its length whatever it holds
LONGEST = 1_000


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # in the whole text
    end: int

    def at(self, start: int, end: int) -> str:
        """The sentence's words from ``start`` to ``end`` (offsets within the sentence)."""
        return self.text[start:end]


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text, each a verbatim slice of it. A line break ends one, unless
    the line was wrapped: long, not ending in . ! ? : ; and followed by more text (and not the
    text's first line, its title)."""
    found: list[Sentence] = []
    for start, body in _paragraphs(text):
        position = 0
        for end in _END.finditer(body):
            if _NO_END.search(body[max(0, end.start() - 8) : end.start() + 1]):
                continue
            found += _piece(body, position, end.end(), start)
            position = end.end()
        found += _piece(body, position, len(body), start)
    return found


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Runs of lines that belong together: (offset, text with its line breaks)."""
    runs: list[tuple[int, str]] = []
    start = None
    lines = list(re.finditer(r"[^\n]*\n?", text))
    long = wrap_width(len(m.group().strip()) for m in lines)
    for index, line in enumerate(lines):
        if not line.group():
            break
        body = line.group().rstrip("\n")
        if start is None:
            start = line.start()
        stripped = body.rstrip()
        following = lines[index + 1].group() if index + 1 < len(lines) else ""
        if (
            stripped
            and line.end() < len(text)
            and wrapped(stripped, following, long)
            and (runs or starts_sentence(stripped, following))
        ):  # the first line is a title, unless it is plainly the start of a sentence
            continue  # wrapped: the sentence goes on on the next line
        runs.append((start, text[start : line.start() + len(body)]))
        start = None
    return runs


def starts_sentence(line: str, following: str) -> bool:
    """Whether a text's first line is the start of a sentence wrapped onto the next line (not
    its title): the next line goes on in lower case or with a number, or this one ends in a
    word that needs more."""
    first = following.strip()[:1]
    return first.islower() or first.isdigit() or bool(_FUNCTION_END.search(line))


def wrap_width(lengths: Iterable[int]) -> int:
    """How long a line must be to have been wrapped: ``WRAPPED``, or less in a text whose
    lines were cut shorter (most of its lines as long as the longest, give or take a word)."""
    found = sorted(n for n in lengths if n)
    if len(found) < 8:
        return WRAPPED
    usual = found[(len(found) * 4) // 5]  # the longer lines: the width the text was cut at
    return min(WRAPPED, max(30, usual - 12))


# a line that ends so goes on on the next: a word that cannot end a sentence
_FUNCTION_END = re.compile(
    r"(?:,|-|\u2013|\b(?:and|or|of|to|the|a|an|in|on|for|by|with|from|at|as|that|which|who|"
    r"its|their|his|her|is|are|was|were|has|have|had|will|be|been|under|against|into|than|"
    r"including|between|among|per|nor|but|whose|this|these|those|such))$"
)
_GOES_ON = re.compile(r"(?:\b[a-z]+|\d+)$")


def heading(line: str) -> bool:
    """A line in Title Case ("Australia Imposes Myanmar, Iran Sanctions"): most of its longer
    words capitalised, and it does not end in a word that needs more ("of", "the", ",")."""
    words = re.findall(r"[^\W\d_]{4,}", line)
    return (
        bool(words)
        and sum(w[0].isupper() for w in words) * 3 >= len(words) * 2
        and not _FUNCTION_END.search(line)
    )


def wrapped(line: str, following: str, long: int = WRAPPED) -> bool:
    """Whether a line was wrapped, its sentence going on on the next line: it does not end a
    sentence (. ! ? : ; or a closing quote after them) and the next line carries on its words
    (it starts in lower case, or with a digit, or this line ends in a word that needs more, a
    lower-case word or a number), or the line is as long as the text's wrapped lines
    (``long``). A line in Title Case before another capital is a heading, not a wrapped line."""
    following = following.strip()
    if not following or line[-1] in '.!?:;\u201d"|':
        return False
    if heading(line) and not following[0].islower():
        return False
    if len(line) >= long:
        return True
    first = following[0]
    if first.islower() or (first.isdigit() and not re.match(r"\d+[.)]\s", following)):
        return True
    return len(line) >= 20 and bool(_FUNCTION_END.search(line) or _GOES_ON.search(line))


def _piece(body: str, start: int, end: int, offset: int) -> list[Sentence]:
    chunk = body[start:end]
    stripped = chunk.strip()
    if not stripped:
        return []
    lead = len(chunk) - len(chunk.lstrip())
    begin = offset + start + lead
    pieces = []
    while len(stripped) > LONGEST:
        cut = stripped.rfind(" ", LONGEST // 2, LONGEST)
        cut = cut if cut > 0 else LONGEST
        head = stripped[:cut].rstrip()
        pieces.append(Sentence(head, begin, begin + len(head)))
        rest = stripped[cut:]
        begin += cut + len(rest) - len(rest.lstrip())
        stripped = rest.strip()
    if stripped:
        pieces.append(Sentence(stripped, begin, begin + len(stripped)))
    return pieces


NATIONALITIES = {
    "russian": "RU", "russia's": "RU", "russia": "RU", "north korean": "KP", "north korea's": "KP",
    "north korea": "KP", "south korean": "KR", "south korea's": "KR", "south korea": "KR",
    "u.s.": "US", "us": "US", "american": "US", "united states": "US", "japanese": "JP",
    "japan's": "JP", "chinese": "CN", "china's": "CN", "iranian": "IR", "iran's": "IR",
    "british": "GB", "uk": "GB", "u.k.": "GB", "french": "FR", "german": "DE", "ukrainian": "UA",
    "belarusian": "BY", "syrian": "SY", "canadian": "CA", "australian": "AU", "swiss": "CH",
    "european": "EU", "indian": "IN", "turkish": "TR", "vietnamese": "VN",
}  # fmt: skip


def nationality(words: str) -> str | None:
    """The country an adjective or a possessive names ("Russian", "South Korea's")."""
    key = words.strip().lower().replace("\u2019", "'")
    code = NATIONALITIES.get(key)
    return None if code == "EU" else code


def slug(text: str, limit: int = 60) -> str:
    """An id: lowercase letters and digits joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))
    value = "-".join(words)[:limit].strip("-")
    return value or "record"

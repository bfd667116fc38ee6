"""A text as extraction reads it: sentences with their place in the text (a quote is always a
verbatim slice of it), and the small vocabularies the rules share."""

from __future__ import annotations

import re
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
    for line in re.finditer(r"[^\n]*\n?", text):
        if not line.group():
            break
        body = line.group().rstrip("\n")
        if start is None:
            start = line.start()
        stripped = body.rstrip()
        if (
            runs  # the first line is a title: never wrapped into the next
            and len(stripped) >= WRAPPED
            and stripped[-1] not in '.!?:;\u201d"|'
            and line.end() < len(text)
            and text[line.end() : line.end() + 1].strip()
        ):
            continue  # wrapped: the sentence goes on on the next line
        runs.append((start, text[start : line.start() + len(body)]))
        start = None
    return runs


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

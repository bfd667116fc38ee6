"""A text as extraction reads it: sentences with their place in the text (a quote is always a
verbatim slice of it), and the small vocabularies the rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass

# a sentence ends at . ! ? (and a closing quote) before a capital, a digit or an opening quote;
# not after an initialism ("U.S.", "U.N.") or a title ("Mr.")
_END = re.compile(r"[.!?][\u201d\"\u2019']?(?=\s+[\u201c\"\u2018(]?[A-Z0-9])")
_NO_END = re.compile(
    r"(?:\b(?:[A-Z]\.){1,4}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|No|Jr|Sr|Inc|Co|Corp|Ltd|vs|Gov|"
    r"Sen|Rep|Prof|Amb|Adm|Capt|Maj|Sgt|Fig|Art|Sec|Para|approx|etc|E\.O)\.)$"
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # in the whole text
    end: int

    def at(self, start: int, end: int) -> str:
        """The sentence's words from ``start`` to ``end`` (offsets within the sentence)."""
        return self.text[start:end]


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text, each a verbatim slice of it; a line break always ends one."""
    found: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        body = line.group()
        position = 0
        for end in _END.finditer(body):
            if _NO_END.search(body[: end.start() + 1]):
                continue
            found += _piece(body, position, end.end(), line.start())
            position = end.end()
        found += _piece(body, position, len(body), line.start())
    return found


def _piece(body: str, start: int, end: int, offset: int) -> list[Sentence]:
    chunk = body[start:end]
    stripped = chunk.strip()
    if not stripped:
        return []
    lead = len(chunk) - len(chunk.lstrip())
    begin = offset + start + lead
    return [Sentence(stripped, begin, begin + len(stripped))]


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

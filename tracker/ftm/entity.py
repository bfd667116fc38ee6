"""FollowTheMoney (FtM) entities as plain dicts, the model OpenSanctions, Aleph and yente
exchange: the schemas the tracker maps to, values FtM accepts, and JSON-lines writing.

The followthemoney library is not needed to write them (the tests validate the output with it).
A value FtM would not accept where it belongs (a date of birth such as "circa 1960", a country
given by name) goes to ``notes`` as "kind: value", so nothing is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, TextIO

import pycountry

Entity = dict[str, Any]
Clean = Callable[[str], str | None]

SCHEMAS = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
OTHER_SCHEMA = "LegalEntity"  # an entry of a type the tracker does not know
PARTIES = frozenset({"Person", "Organization", "LegalEntity", "PublicBody"})
ANY = frozenset({*SCHEMAS.values(), OTHER_SCHEMA})

# --- values FtM accepts -----------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.[a-zA-Z]{2,}(/\S*)?$")
_PHONE = re.compile(r"^\+[0-9][0-9 ()./-]{5,}$")
SAFE_ID = re.compile(r"[^0-9A-Za-z.-]+")


def country(text: str) -> str | None:
    """FtM's countries are lowercase alpha-2 codes; the entries hold alpha-2 where they could."""
    code = text.strip()
    return code.lower() if len(code) == 2 and pycountry.countries.get(alpha_2=code) else None


def gender(text: str) -> str | None:
    return {"m": "male", "male": "male", "f": "female", "female": "female"}.get(text.lower())


def email(text: str) -> str | None:
    return text if _EMAIL.match(text) else None


def url(text: str) -> str | None:
    if text.startswith(("http://", "https://")):
        return text
    return f"http://{text}" if _DOMAIN.match(text) else None


def phone(text: str) -> str | None:
    """Numbers in international form only: FtM needs the country to read a local number."""
    return text if _PHONE.match(text) else None


def number(text: str) -> str | None:
    return text if text.isascii() and text.isdigit() else None


def text(value: str) -> str | None:
    return value


def after_colon(value: str) -> str | None:
    """'script: name' -> 'name'."""
    return value.partition(": ")[2] or value


class Builder:
    """An entity's properties, each value added once, in order."""

    def __init__(self, ident: str, schema: str) -> None:
        self.entity: Entity = {"id": ident, "schema": schema, "properties": {}}
        self._seen: dict[str, set[str]] = {}  # each property's values, to add each once

    def add(self, prop: str, *values: str | None) -> None:
        seen = self._seen.setdefault(prop, set())
        new = [v for v in dict.fromkeys(values) if v and v not in seen]
        if new:
            seen.update(new)
            self.entity["properties"].setdefault(prop, []).extend(new)

    def done(self, caption: str | None = None) -> Entity:
        if caption:
            self.entity["caption"] = caption
        return self.entity


def write_entities(entities: Iterable[Entity], stream: TextIO) -> int:
    """JSON lines, one entity each (as OpenSanctions publishes `entities.ftm.json`)."""
    count = 0
    for entity in entities:
        stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count

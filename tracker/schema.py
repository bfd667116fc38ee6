"""JSON Schemas generated from the models, one file per record type."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.atomic import atomic_write_text
from tracker.models import RECORD_TYPES, adapter


def schema_documents() -> dict[str, str]:
    """File name -> JSON text, e.g. ``actions.schema.json``."""
    documents = {}
    for record_type in RECORD_TYPES:
        schema = adapter(record_type).json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = record_type.FILE.removesuffix(".csv") + ".schema.json"
        name = str(schema["$id"])
        documents[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return documents


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = out_dir / name
        atomic_write_text(path, text)
        written.append(path)
    return written

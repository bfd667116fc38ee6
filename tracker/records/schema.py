"""JSON Schemas generated from the models, one file per record type."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.errors import OutputError
from tracker.outputs import check_output, write_text
from tracker.records.models import RECORD_TYPES, adapter


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
    """Write every schema into ``out_dir`` (created if missing), each file atomically."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out must be a folder: {out_dir} is a file")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    written = []
    for name, text in schema_documents().items():
        path = out_dir / name
        check_output(path, (".json",))
        write_text(path, text)
        written.append(path)
    return written

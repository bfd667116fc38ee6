"""The committed JSON Schemas are exactly what the models produce."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import REPO
from tracker.cli import main
from tracker.records.models import RECORD_TYPES
from tracker.records.schema import schema_documents


def test_committed_schemas_match_the_models() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "schemas").glob("*.json")}
    assert committed == schema_documents(), "run `tracker schema` and commit schemas/"


def test_schema_command_writes_one_schema_per_record_type(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(t.FILE.replace(".csv", ".schema.json") for t in RECORD_TYPES)
    designations = json.loads((tmp_path / "out" / "designations.schema.json").read_text())
    assert designations["additionalProperties"] is False
    assert designations["properties"]["imo"]["description"].startswith("IMO ship number")
    assert set(designations["required"]) == {
        "id",
        "source_id",
        "quote",
        "action_id",
        "entity_type",
        "name",
    }

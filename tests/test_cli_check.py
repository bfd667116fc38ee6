"""`tracker check` and `tracker rules`: exit codes, grouping, --rule, --strict, and the
issue's done-when cases on the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import BUNDLED
from tracker.checks import RULES
from tracker.cli import main

AS_OF = "2024-06-24"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, result.output


def check_json(directory: Path, *args: str) -> tuple[int, list[tuple[str, str, str, int, str]]]:
    code, output = run("check", str(directory), "--as-of", AS_OF, "--format", "json", *args)
    problems = json.loads(output)["problems"]
    return code, [(p["severity"], p["code"], p["file"], p["row"], p["field"]) for p in problems]


def edit(directory: Path, file: str, old: str, new: str) -> None:
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_data_checks_with_the_expected_warnings_and_no_errors() -> None:
    code, found = check_json(BUNDLED)
    assert code == 0
    assert found == [
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_organizations"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_persons"),
        ("warning", "stated-vs-itemized", "actions.csv", 2, "stated_vessels"),
        ("warning", "stated-vs-itemized", "actions.csv", 3, "stated_organizations"),
        ("warning", "name-conflict", "officials.csv", 22, "name"),
    ]


def test_strict_makes_the_warnings_fail() -> None:
    code, _ = run("check", str(BUNDLED), "--as-of", AS_OF, "--strict")
    assert code == 1


@pytest.mark.parametrize(
    ("old", "new"), [(",1159,", ",1160,"), (",243,", ",244,"), (",1402\n", ",1401\n")]
)
def test_changing_any_number_of_the_revision_names_revision_arithmetic_and_the_row(
    bundled_copy: Path, old: str, new: str
) -> None:
    edit(bundled_copy, "control_list_revisions.csv", old, new)
    code, found = check_json(bundled_copy)
    assert code == 1
    assert ("error", "revision-arithmetic", "control_list_revisions.csv", 2, "new_count") in found


def test_a_wrong_weekday_fails_with_event_weekday(bundled_copy: Path) -> None:
    edit(bundled_copy, "events.csv", "2024-06-20,Thursday", "2024-06-20,Friday")
    code, found = check_json(bundled_copy)
    assert code == 1
    assert [f for f in found if f[0] == "error"] == [
        ("error", "event-weekday", "events.csv", 6, "stated_weekday")
    ]


def test_a_stated_total_that_does_not_add_up_fails_with_stated_total(bundled_copy: Path) -> None:
    edit(bundled_copy, "actions.csv", ",4,5,8,", ",4,5,8,18")
    code, found = check_json(bundled_copy, "--rule", "stated-total")
    assert code == 1
    assert found == [("error", "stated-total", "actions.csv", 2, "stated_total")]


def test_a_quote_not_in_its_source_fails_with_quote_verbatim(bundled_copy: Path) -> None:
    edit(
        bundled_copy,
        "officials.csv",
        "National Security Adviser Song Ho-jin",
        "National Security Adviser Chang Ho-jin",
    )
    code, found = check_json(bundled_copy, "--rule", "quote-verbatim")
    assert code == 1
    assert found == [("error", "quote-verbatim", "officials.csv", 22, "quote")]


def test_a_count_missing_from_its_quote_fails_with_quote_numbers(bundled_copy: Path) -> None:
    edit(bundled_copy, "actions.csv", ",4,5,8,", ",4,6,8,")
    code, found = check_json(bundled_copy, "--rule", "quote-numbers")
    assert code == 1
    assert found == [("error", "quote-numbers", "actions.csv", 2, "stated_organizations")]


def test_rule_option_runs_a_subset() -> None:
    code, output = run(
        "check",
        str(BUNDLED),
        "--as-of",
        AS_OF,
        "--rule",
        "name-conflict",
        "--rule",
        "event-weekday",
    )
    assert code == 0
    assert output.splitlines()[0] == "name-conflict: 0 errors, 1 warning"
    assert output.splitlines()[-1] == "2 rules run: 0 errors, 1 warning (as of 2024-06-24)"


def test_unknown_rule_is_a_usage_error() -> None:
    code, output = run("check", str(BUNDLED), "--rule", "no-such-rule")
    assert code == 2
    assert "no-such-rule" in output


def test_json_summary_keys() -> None:
    _, output = run("check", str(BUNDLED), "--as-of", AS_OF, "--format", "json")
    summary = json.loads(output)["summary"]
    assert summary == {
        "errors": 0,
        "warnings": 5,
        "files": 12,
        "records": 73,
        "truncated": False,
        "rules": list(RULES),
        "as_of": AS_OF,
        "rows_not_checked": 0,
        "not_listed": {},
    }


def test_rules_skip_rows_that_failed_validation_and_say_so(bundled_copy: Path) -> None:
    edit(bundled_copy, "control_list_revisions.csv", ",1159,", ",-1159,")
    code, output = run("check", str(bundled_copy), "--as-of", AS_OF)
    assert code == 1
    assert output.splitlines()[-1] == (
        "14 rules run: 1 error, 5 warnings (as of 2024-06-24); 1 row failed validation and "
        "could not be checked"
    )


def test_missing_directory_is_exit_2(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path / "nope"))
    assert code == 2
    assert output.startswith("error: dataset not found")


def test_dates_after_as_of_are_errors() -> None:
    code, found = check_json(BUNDLED, "--rule", "date-order", "--as-of", "2024-06-22")
    assert code == 1
    # the two Sunday events of 2024-06-23 (rows 11 and 12)
    assert found == [("error", "date-order", "events.csv", n, "on") for n in (11, 12)]


def test_rules_lists_every_rule_id() -> None:
    code, output = run("rules")
    assert code == 0
    assert [line.split()[0] for line in output.splitlines()] == list(RULES)

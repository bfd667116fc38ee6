"""Fuzzing the readers of untrusted files: the workbook reader (`tracker validate BOOK`), the six
current importers (`tracker import SOURCE FILE`), `tracker extract TEXT` (texts that are not
UTF-8, huge tokens and lines) and screen's query reader, with random bytes
and with real files mutated (bytes flipped, cut, repeated, deleted; hostile snippets put in:
DTDs, far cells, huge repeat counts, deep nesting, numbers of ten million digits; a workbook's
XML parts mutated inside a valid zip).

Every input must end in a documented exit (0 done, 1 the data has problems, 2 one `error:`
line), never a traceback or the catch-all's internal-error line, within a time and memory
limit: the inputs run in one worker process (POSIX only) whose address space is capped with
``resource.setrlimit``, so an allocation a reader should have refused kills the worker and fails
the test instead of the machine. ``TRACKER_FUZZ_EXAMPLES`` sets the examples per target (a few
by default, so `make test` stays fast; thousands for a real run), ``TRACKER_FUZZ_SECONDS`` the
time one input may take (a guard against a hang, not a measurement).
"""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUNDLED, REPO
from tests.hostile import INTERNAL, dataset_ods

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="the worker's limits use POSIX resource limits"
)

EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "6"))
SECONDS = float(os.environ.get("TRACKER_FUZZ_SECONDS", "60"))
MEMORY = 3 << 30  # the worker's address space
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the worker enforces the time limit
    derandomize=EXAMPLES <= 10,  # the quick default run is the same every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

CURRENT = REPO / "tests" / "fixtures" / "official-current"
IMPORTERS = {
    "ofac-advanced": CURRENT / "us_ofac_advanced" / "sdn_advanced_2026-09-09_excerpt.xml",
    "eu-fsf": CURRENT / "eu_fsf" / "fsf_export_v1_1_2026-08-05_excerpt.xml",
    "uk": CURRENT / "uk_fcdo" / "uk_sanctions_list_2026-09-07_excerpt.xml",
    "seco": CURRENT / "ch_seco" / "seco_excerpt_2026-08-15.xml",
    "sema": CURRENT / "ca_sema" / "sema_excerpt.xml",
    "ftm": CURRENT / "opensanctions_ftm" / "yente_zala_entities.ftm.json",
}
SNIPPETS = [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    "<!DOCTYPE x>".encode("utf-16"),
    b"&b;",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"<![CDATA[",
    b"]]>",
    b"<a>" * 2_000,
    b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    b'<row r="1048576"><c r="ZZ1048576"><v>1</v></c></row>',
    b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    b"<c><f>HYPERLINK(&quot;#A1&quot;,&quot;x&quot;)</f></c>",
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'table:number-rows-repeated="1048576"',
    b'table:number-columns-repeated="16384"',
    b'<text:s text:c="2000000000"/>',
    b"1e9999999",
    b"NaN",
    b"9999-12-31",
    b'"id": ',
    b'{"id": "x", "schema": "Ownership", "properties": {"owner": ["a", "b"], "asset": ["c"]}}\n',
    b'{"id": ["x"], "schema": 1}\n',
    b"\x1b[2J\r\n",
    "\u202e".encode(),
    b'" ' * 500,
    b",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
]


# --- the worker ---------------------------------------------------------------------------------

WORKER = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
from click.testing import CliRunner
from tracker.cli import main
from tracker.errors import InputError
from tracker.screening.queries import read_queries
from pathlib import Path
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    started = time.monotonic()
    if job.get("allocate"):  # the harness's own test: past the limit, the worker dies
        block = bytearray(job["allocate"])
    if job.get("queries"):
        try:
            queries, problems = read_queries(Path(job["queries"]), {})
            code, output = (1 if problems.errors else 0), f"{len(queries)} queries"
        except InputError as exc:
            code, output = 2, f"error: {exc}"
        except Exception as exc:
            code, output = -1, f"{type(exc).__name__}: {exc}"
    else:
        result = CliRunner().invoke(main, job["args"])
        code, output = result.exit_code, result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            code, output = -1, f"{type(result.exception).__name__}: {result.exception}"
    output = output if len(output) < 8000 else output[:4000] + " [...] " + output[-3000:]
    print(json.dumps({"code": code, "output": output,
                      "seconds": time.monotonic() - started}), flush=True)
"""


class Worker:
    """One process that runs the inputs, its memory capped; a new one after any failure."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("TRACKER_DEBUG", None)
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(MEMORY)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=REPO,
            env=env,
        )
        assert self.read(process, 120).get("ready"), "the fuzz worker did not start"
        self.process = process
        return process

    def read(self, process: subprocess.Popen[str], seconds: float) -> dict[str, object]:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], seconds)
        if not ready:
            process.kill()
            self.process = None
            raise AssertionError(f"no answer within {seconds:.0f} s: the input hangs a reader")
        line = process.stdout.readline()
        if not line:
            code = process.wait()
            self.process = None
            raise AssertionError(f"the worker died (exit {code}): out of memory or aborted")
        answer: dict[str, object] = json.loads(line)
        return answer

    def run(self, job: dict[str, object]) -> dict[str, object]:
        process = self.process or self.start()
        assert process.stdin is not None
        process.stdin.write(json.dumps(job) + "\n")
        process.stdin.flush()
        return self.read(process, SECONDS)

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    running.close()


def documented(answer: dict[str, object], what: str) -> None:
    code, output = answer["code"], str(answer["output"])
    assert INTERNAL not in output, f"{what}: {output}"
    assert "Traceback" not in output, f"{what}: {output}"
    assert code in (0, 1, 2), f"{what}: exit {code}: {output}"
    if code == 2:
        last = [line for line in output.splitlines() if line.strip()][-1:]
        assert output.startswith("error: ") or (last and last[0].startswith("Error:")), (
            f"{what}: exit 2 without an error line: {output}"
        )


# --- mutations ----------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few mutations, each at a drawn place."""
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "delete", "insert", "swap"]))
        size = draw(st.integers(1, 64))
        if kind == "flip":
            data = data[:at] + draw(st.binary(min_size=1, max_size=size)) + data[at + size :]
        elif kind == "cut":
            data = data[:at]
        elif kind == "repeat":
            times = draw(st.integers(2, 200))
            data = data[:at] + data[at : at + size] * times + data[at + size :]
        elif kind == "delete":
            data = data[:at] + data[at + size :]
        elif kind == "insert":
            data = data[:at] + draw(st.sampled_from(SNIPPETS)) + data[at:]
        else:  # a digit or a quote turned into another
            data = data.replace(
                draw(st.sampled_from([b'"', b"1", b"<", b">", b"="])),
                draw(st.sampled_from([b"", b"'", b"9" * 30, b"&", b"-"])),
                draw(st.integers(1, 5)),
            )
    return data


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from tracker.cli import main

    path = tmp_path_factory.mktemp("fuzz-book") / "data.xlsx"
    assert CliRunner().invoke(main, ["convert", str(BUNDLED), str(path)]).exit_code == 0
    return path


def rezip(book: Path, part: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            body = data if info.filename == part else source.read(info)
            target.writestr(info.filename, body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --- the targets --------------------------------------------------------------------------------


@FUZZ
@given(st.data())
def test_fuzz_the_workbook_reader(
    worker: Worker, book: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    with zipfile.ZipFile(book) as package:
        parts = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        part = data.draw(st.sampled_from(parts))
        original = package.read(part)
    how = data.draw(st.sampled_from(["part", "part", "part", "zip", "random"]))
    if how == "part":
        content = rezip(book, part, data.draw(mutated(original)))
    elif how == "zip":
        content = data.draw(mutated(book.read_bytes()))
    else:
        content = data.draw(st.binary(max_size=4_000))
    path = write(folder / "data.xlsx", content)
    command = data.draw(st.sampled_from(["validate", "check", "convert"]))
    args = {
        "validate": ["validate", str(path)],
        "check": ["check", str(path), "--as-of", "2024-06-24"],
        "convert": ["convert", str(path), str(folder / "back")],
    }[command]
    documented(worker.run({"args": args}), f"{command} ({how} {part})")


@FUZZ
@given(st.data())
def test_fuzz_the_ods_reader(
    worker: Worker, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-ods")
    base = dataset_ods(folder / "base.ods", BUNDLED)
    with zipfile.ZipFile(base) as package:
        original = package.read("content.xml")
    content = rezip(base, "content.xml", data.draw(mutated(original)))
    path = write(folder / "data.ods", content)
    documented(worker.run({"args": ["validate", str(path)]}), "validate (.ods)")


@FUZZ
@given(st.data())
def test_fuzz_the_dataset_folder_reader(
    worker: Worker, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-folder") / "data"
    shutil.copytree(BUNDLED, folder)
    name = data.draw(st.sampled_from(sorted(p.name for p in folder.glob("*.csv"))))
    write(folder / name, data.draw(mutated((folder / name).read_bytes())))
    command = data.draw(st.sampled_from(["validate", "convert"]))
    args = [command, str(folder)] + (
        [str(folder.parent / "d.xlsx")] if command == "convert" else []
    )
    documented(worker.run({"args": args}), f"{command} (folder, {name})")


@pytest.mark.parametrize("source", sorted(IMPORTERS))
@FUZZ
@given(data=st.data())
def test_fuzz_the_current_importers(
    worker: Worker, tmp_path_factory: pytest.TempPathFactory, source: str, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{source}")
    original = IMPORTERS[source].read_bytes()
    content = (
        data.draw(mutated(original))
        if data.draw(st.integers(0, 4))
        else data.draw(st.binary(max_size=4_000))
    )
    path = write(folder / IMPORTERS[source].name, content)
    args = ["import", source, str(path), "--db", str(folder / "x.db"), "--as-of", "2026-09-10"]
    documented(worker.run({"args": [*args, "--no-index"]}), f"import {source}")


QUERIES = (
    b"id,name,type,aliases,birth_date,country,imo,id_number\n"
    b"q1,Ivan Petrov,person,Ivan P.; I. Petrov,1970-01-02,RU,,\n"
    b"q2,Petrel 8,vessel,,,KP,IMO 9562233,\n"
    b"q3,Acme Trading LLC,organization,,,AE,,123\n"
)


@FUZZ
@given(st.data())
def test_fuzz_the_query_reader(
    worker: Worker, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-queries")
    if data.draw(st.booleans()):
        path = write(folder / "q.csv", data.draw(mutated(QUERIES)))
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in QUERIES.decode().splitlines():
            sheet.append(row.split(","))
        buffer = io.BytesIO()
        workbook.save(buffer)
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
            part = data.draw(st.sampled_from(sorted(package.namelist())))
            original = package.read(part)
        base = write(folder / "base.xlsx", buffer.getvalue())
        path = write(folder / "q.xlsx", rezip(base, part, data.draw(mutated(original))))
    documented(worker.run({"queries": str(path)}), f"queries {path.name}")


TEXTS = sorted((REPO / "tests" / "fixtures" / "extract").glob("*.txt"))
TEXT_SNIPPETS = [
    b"\xff\xfe\x00",  # a UTF-16 mark, or bytes that are not UTF-8
    b"\xc3\x28",
    b"\x00",
    "\u202e\u200b\ufeff".encode(),
    b"IMO 9074729 ",
    b"1" * 10_000,
    b"Ab. " * 500,
    b"\n" * 2_000,
    b"designated four entities and " * 200,
    b"May 5, 2024 (Fri) ",
    b"Minister Secretary of the Treasury for ",
]


@st.composite
def hostile_text(draw: st.DrawFn) -> bytes:
    """A real press release mutated, with snippets, a huge token or line, or random bytes."""
    how = draw(st.sampled_from(["mutated", "mutated", "token", "random"]))
    if how == "random":
        return draw(st.binary(max_size=4_000))
    text = draw(st.sampled_from(TEXTS)).read_bytes()
    if how == "token":  # one token or line of up to 200,000 characters put in the text
        at = draw(st.integers(0, len(text)))
        unit = draw(st.sampled_from([b"A", b"x ", b"1", b"\xe2\x80\x9c", b"-", b".", b"\xff"]))
        return text[:at] + unit * draw(st.integers(1_000, 200_000)) + text[at:]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(TEXT_SNIPPETS)) + text[at:]
    return draw(mutated(text))


@FUZZ
@given(st.data())
def test_fuzz_extract(
    worker: Worker, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-extract")
    path = write(folder / "release.txt", data.draw(hostile_text()))
    output = data.draw(st.sampled_from(["json", "csv", "review", "draft"]))
    args = {
        "json": ["extract", str(path)],
        "csv": ["extract", str(path), "--format", "csv"],
        "review": ["extract", str(path), "-o", str(folder / "review.xlsx")],
        "draft": ["extract", str(path), "--published", "2024-06-24", "-o", str(folder / "d")],
    }[output]
    documented(worker.run({"args": args}), f"extract ({output})")


def test_the_worker_dies_on_an_allocation_past_its_limit_and_the_input_fails() -> None:
    """The harness itself: what a reader should have refused fails the input, not the machine."""
    worker = Worker()
    try:
        assert worker.run({"args": ["--version"]})["code"] == 0
        with pytest.raises(AssertionError, match="the worker died"):
            worker.run({"allocate": MEMORY})
        assert worker.process is None
    finally:
        worker.close()

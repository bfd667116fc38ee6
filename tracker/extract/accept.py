"""`tracker accept`: the rows a review workbook accepted (as edited) into a dataset folder.

The source, authorities and control lists made for the proposals are added only with a row that
needs them, and are the dataset's own where it has them already (the same text, the same
authority name, the same list of the same authority). A row whose id the dataset has gets a
new one (and the rows that point to it follow). A row that repeats a record of the dataset is
refused. The whole result is validated before anything is written: the new dataset is staged
as a whole folder beside the old one, validated there as the dataset would be, and only then
swapped in by renames (``tracker.outputs.replace_folder``), so a crash leaves the old dataset or
the new one, never a mix; with any error nothing is moved. Problems name the review workbook's sheet
and cell. The review workbook itself is never changed: rejected and undecided rows stay in it.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tracker import codes
from tracker.errors import InputError, not_a_file
from tracker.extract.review import CONFIDENCE_COLUMN, DECISION, DECISIONS, SUPPORT
from tracker.extract.text import slug
from tracker.outputs import recover_folder, replace_folder, staged_folder
from tracker.problems import Location, Problem, Problems
from tracker.records import models as m
from tracker.records.convert import read_folder, write_folder
from tracker.records.load import SOURCES_DIR, Dataset, load_dataset
from tracker.records.template import RawDataset, RawTable
from tracker.records.workbook import (
    SUFFIXES,
    SheetRows,
    embedded_texts,
    open_workbook,
    read_sheet,
    sheet_of,
)


@dataclass
class Row:
    """A row of the review workbook: its record type, where it stands, its decision and its
    values in the dataset's columns."""

    record_type: type[m.Record]
    number: int  # the sheet's row
    decision: str
    values: dict[str, str]
    sheet: SheetRows

    def where(self, name: str = "id") -> Location:
        return self.sheet.where(self.number, name)

    @property
    def id(self) -> str:
        return self.values.get("id", "").strip()

    @property
    def taken(self) -> bool:
        return self.decision in ("accept", "edit")


@dataclass
class Accepted:
    """What `accept` did, or would have done: counts by decision, rows added by record type,
    the problems that stopped it (then nothing was written), the result's validation."""

    added: dict[str, int] = field(default_factory=dict)
    decided: dict[str, int] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    dataset: Dataset | None = None  # the dataset as it is with the rows added
    written: list[Path] = field(default_factory=list)

    @property
    def rows_added(self) -> int:
        return sum(self.added.values())


def read_review(path: Path, problems: Problems) -> tuple[list[Row], dict[str, str]]:
    """The rows of a review workbook, and its source texts by file name."""
    if not path.is_file():
        raise not_a_file(path, "review workbook")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"accept reads a review workbook (.xlsx, .ods): {path}")
    book, package = open_workbook(path)
    names = list(book.sheet_names)
    rows: list[Row] = []
    for record_type in m.RECORD_TYPES:
        name = sheet_of(record_type, names)
        if name is None:
            continue
        sheet = SheetRows(read_sheet(book, name, path), record_type, path.name, package.sheet(name))
        if sheet.header is not None and DECISION not in sheet.header:
            raise InputError(
                f"{path}: sheet {name!r} has no {DECISION} column: not a review workbook "
                "(`tracker extract TEXT -o draft.xlsx` writes one)"
            )
        for number, cells in sheet.rows():
            values = dict(zip(sheet.header or [], cells, strict=False))
            decision = values.pop(DECISION, "").strip().lower()
            values.pop(CONFIDENCE_COLUMN, None)
            row = Row(record_type, number, decision, values, sheet)
            if decision and decision not in DECISIONS:
                problems.add(
                    codes.DRAFT_DECISION(
                        row.where(DECISION),
                        f"decision {decision!r} is not one of " + ", ".join(DECISIONS),
                        value=decision,
                    )
                )
            rows.append(row)
        problems.extend(sheet.problems)
    if not rows:
        raise InputError(f"{path}: no proposals to review: not a review workbook")
    return rows, embedded_texts(book, path, {}, problems)


def accept(review: Path, into: Path) -> Accepted:
    """Add the accepted rows of a review workbook to the dataset folder ``into``: all of them
    or none."""
    recover_folder(into.resolve())  # a run killed while swapping left the old dataset aside
    if not into.is_dir():
        raise InputError(f"dataset folder not found: {into}")
    done = Accepted()
    rows, texts = read_review(review, done.problems)
    for row in rows:
        if row.record_type not in SUPPORT:
            decision = row.decision or "undecided"
            done.decided[decision] = done.decided.get(decision, 0) + 1
    existing = read_folder(into)
    plan = Plan(existing, rows, texts, done.problems)
    plan.run()
    if done.problems.errors:
        return done
    done.added = {t.FILE: len(r) for t, r in plan.added.items() if r}
    if not done.rows_added:
        return done
    target = into.resolve()  # a symlink to the dataset stays one: the folder it names changes
    staged = staged_folder(target)
    try:
        changed = plan.stage(staged)
        result = load_dataset(staged)
        done.dataset = result
        for problem in result.problems:
            done.problems.add(plan.located(problem, staged, into))
        if not result.problems.errors:
            replace_folder(staged, target)
            done.written = [into / name for name in changed]
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return done


class Plan:
    """Which rows of the review are added, under which ids, pointing to which records."""

    def __init__(
        self, existing: RawDataset, rows: list[Row], texts: dict[str, str], problems: Problems
    ) -> None:
        self.existing = existing
        self.rows = rows
        self.texts = texts
        self.problems = problems
        self.by_id: dict[tuple[type[m.Record], str], Row] = {(r.record_type, r.id): r for r in rows}
        self.ids: dict[type[m.Record], dict[str, int]] = {}  # existing ids -> their CSV row
        self.values: dict[type[m.Record], list[dict[str, str]]] = {}
        for record_type, raw in existing.tables.items():
            table = [dict(zip(raw.header, cells, strict=False)) for cells in raw.rows]
            self.values[record_type] = table
            self.ids[record_type] = {v.get("id", ""): i + 2 for i, v in enumerate(table)}
        self.renamed: dict[tuple[type[m.Record], str], str] = {}  # draft id -> id in the dataset
        self.added: dict[type[m.Record], list[Row]] = {t: [] for t in m.RECORD_TYPES}
        self.new_texts: dict[str, str] = {}
        self.origin: dict[tuple[str, int], Row] = {}  # (file, CSV row) -> the review's row

    def run(self) -> None:
        wanted = [r for r in self.rows if r.taken and r.record_type not in SUPPORT]
        needed: list[Row] = []
        seen: set[int] = set()
        queue = list(wanted)
        while queue:
            row = queue.pop()
            if id(row) in seen:
                continue
            seen.add(id(row))
            needed.append(row)
            for name, target in row.record_type.REFS.items():
                ident = row.values.get(name, "").strip()
                if not ident:
                    continue
                other = self.by_id.get((target, ident))
                if other is None:
                    if ident not in self.ids.get(target, {}):
                        self.problems.add(
                            codes.DRAFT_NEEDS(
                                row.where(name),
                                f"{name} {ident!r} is neither on the review's {target.SHEET} "
                                "sheet nor in the dataset",
                                value=ident,
                            )
                        )
                    continue
                if not other.taken:
                    self.problems.add(
                        codes.DRAFT_NEEDS(
                            row.where(name),
                            f"{name} {ident!r} is on {target.SHEET} row {other.number}, which "
                            f"is {other.decision or 'undecided'}",
                            value=ident,
                            related=[other.where(DECISION)],
                        )
                    )
                    continue
                queue.append(other)
        order = {t: i for i, t in enumerate(m.RECORD_TYPES)}
        needed.sort(key=lambda r: (order[r.record_type], r.number))
        for row in needed:  # sources, authorities and lists before the rows that point to them
            self.place(row)

    def place(self, row: Row) -> None:
        """Add a row (or find it in the dataset already), with its references renamed."""
        values = dict(row.values)
        for name, target in row.record_type.REFS.items():
            ident = values.get(name, "").strip()
            if ident and (target, ident) in self.renamed:
                values[name] = self.renamed[(target, ident)]
        if row.record_type in SUPPORT:
            same = self.same_as(row, values)
            if same is not None:
                self.renamed[(row.record_type, row.id)] = same
                return
        elif self.duplicate(row, values):
            return
        ident = self.fresh_id(row.record_type, row.id)
        self.renamed[(row.record_type, row.id)] = ident
        values["id"] = ident
        row.values = values
        self.added[row.record_type].append(row)
        self.ids[row.record_type][ident] = -1
        self.values[row.record_type].append(values)

    def same_as(self, row: Row, values: dict[str, str]) -> str | None:
        """The dataset's record this source, authority or control list is, if any."""
        record_type = row.record_type
        for record in self.values[record_type]:
            if record_type is m.Source:
                file = values.get("file", "")
                text = self.texts.get(file)
                if record.get("file") == file:
                    mine = self.existing.texts.get(file, ("", False))[0]
                    if text is not None and mine != text:
                        self.problems.add(
                            codes.DRAFT_CLASH(
                                row.where("file"),
                                f"the dataset has a source text {file!r} that is not this one",
                                value=file,
                            )
                        )
                    return record.get("id")
            elif record_type is m.Authority:
                if record.get("name", "").casefold() == values.get("name", "").casefold():
                    return record.get("id")
            elif record.get("name", "").casefold() == values.get(
                "name", ""
            ).casefold() and record.get("authority_id") == values.get("authority_id"):
                return record.get("id")
        if record_type is m.Source:
            file = values.get("file", "")
            if file not in self.texts:
                self.problems.add(
                    codes.DRAFT_NEEDS(
                        row.where("file"),
                        f"the review holds no text {file!r} (its Source files sheet)",
                        value=file,
                    )
                )
            else:
                self.new_texts[file] = self.texts[file]
        return None

    def duplicate(self, row: Row, values: dict[str, str]) -> bool:
        """A record with the same values (its id aside) is in the dataset or added already."""
        header = [c for c in m.columns(row.record_type) if c != "id"]
        key = [values.get(c, "").strip() for c in header]
        for record in self.values[row.record_type]:
            if [record.get(c, "").strip() for c in header] == key:
                ident = record.get("id", "")
                earlier = self.ids[row.record_type].get(ident, -1)
                place = (
                    f"{row.record_type.FILE} row {earlier} (id {ident!r})"
                    if earlier > 0
                    else f"an earlier row of this review (id {ident!r})"
                )
                related = (
                    [Location(row.record_type.FILE, earlier, "id", ident)] if earlier > 0 else []
                )
                self.problems.add(
                    codes.DRAFT_DUPLICATE(
                        row.where(), f"the same record is in {place}", related=related
                    )
                )
                return True
        return False

    def fresh_id(self, record_type: type[m.Record], wanted: str) -> str:
        base = slug(wanted or record_type.FILE.removesuffix(".csv"))
        ident, n = base, 2
        while ident in self.ids[record_type]:
            ident, n = f"{base}-{n}", n + 1
        return ident

    def stage(self, staged: Path) -> list[str]:
        """Write the added rows into ``staged`` (a copy of the dataset); the files that
        change."""
        changed: list[str] = []
        tables: dict[type[m.Record], RawTable] = {}
        for record_type, rows in self.added.items():
            if not rows:
                continue
            raw = self.existing.tables[record_type]
            header = raw.header
            for row in rows:
                extra = [c for c, v in row.values.items() if v.strip() and c not in header]
                for name in extra:
                    self.problems.add(
                        codes.DRAFT_NEEDS(
                            row.where(name),
                            f"the dataset's {record_type.FILE} has no column {name!r}",
                            value=row.values[name],
                        )
                    )
                self.origin[(record_type.FILE, len(raw.rows) + 2)] = row
                raw.rows.append([row.values.get(c, "") for c in header])
            tables[record_type] = raw
            changed.append(record_type.FILE)
        write_folder(RawDataset(tables), staged)
        for name, text in self.new_texts.items():
            (staged / SOURCES_DIR).mkdir(exist_ok=True)
            (staged / SOURCES_DIR / name).write_text(text, encoding="utf-8", newline="")
            changed.append(f"{SOURCES_DIR}/{name}")
        return changed

    def located(self, problem: Problem, staged: Path, into: Path) -> Problem:
        """A problem of the staged dataset, placed where it can be fixed: on the review's
        sheet and cell for an added row, in the dataset's own file otherwise."""
        file = Path(problem.file)
        name = file.name if file.parent == staged else problem.file
        row = self.origin.get((name, problem.row or 0))
        if row is not None:
            where = row.where(problem.field or "id")
            return dataclasses.replace(
                problem, file=where.file, row=where.row, sheet=where.sheet, cell=where.cell
            )
        text = problem.file.replace(str(staged), str(into))
        return dataclasses.replace(problem, file=text)

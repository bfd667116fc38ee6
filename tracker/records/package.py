"""A spreadsheet package (.xlsx, .xlsm, .ods) checked whole before any reader is handed it.

python-calamine reads a sheet into one dense block as large as the sheet's used range (rows x
columns) and every shared string at once: one cell at XFD1048576 in a 76 KB file makes it
allocate 512 GiB and abort the process, a row repeated a million times in a 45 KB .ods takes
6 GB. So every part is first read here, streaming, with the standard library's expat parser
(linear in the input: no regular expression runs over a part), and the file is refused with
one message when it would make a reader hold more than ``LIMITS`` allow:

- the package: at most ``parts`` parts, ``package_bytes`` unpacked in all and ``part_bytes``
  in one, each counted from the zip directory and again while reading (a part that inflates
  past what the directory says is refused), and no part of more than 16 MiB that inflates
  more than ``ratio`` times (a zip bomb; real sheets inflate 5 to 20 times);
- a document type declaration in any part, in any encoding (no entities, no XXE);
- at most ``sheets`` sheets; a sheet's used range (the cells holding a value, from the first
  row and column to the last) at most ``cells`` cells and inside the grid of a spreadsheet
  (1,048,576 rows, 16,384 columns); an .ods's repeated rows and columns are counted as what
  they repeat, its repeated spaces (``text:s``) as the characters they stand for;
- shared strings no more than the cells that can use them (plus 65,536);
- at most ``marked`` formula cells without a saved result and error cells, and ``merges``
  merged ranges, in the whole workbook.

The same pass gathers what calamine does not say, for .xlsx and .ods alike: which columns hold
formulas, which formula cells have no saved result (and what a link without one shows), which
cells hold an error (``#DIV/0!``), and the merged ranges. Rows are numbered from 1 as a
spreadsheet shows them, columns from 0.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from xlsxwriter.utility import xl_col_to_name

from tracker.errors import InputError

GRID_ROWS = 1_048_576  # rows and columns of a spreadsheet (Excel, LibreOffice)
GRID_COLUMNS = 16_384
BLOCK = 1 << 20
FORMULA_TEXT = 8_192  # characters of a formula kept (Excel's own limit on a formula's length)


@dataclass
class Limits:
    parts: int = 10_000
    package_bytes: int = 4 << 30
    part_bytes: int = 2 << 30
    ratio: int = 250  # for parts of more than ``ratio_from`` bytes unpacked
    ratio_from: int = 16 << 20
    sheets: int = 1_000
    cells: int = 1 << 25  # 33,554,432: a million rows of 32 columns
    marked: int = 1 << 20  # formula cells without a result, and error cells
    merges: int = 100_000
    strings_slack: int = 1 << 16
    cell_chars: int = 1 << 20  # characters an .ods cell's repeated spaces may stand for
    spaces: int = 1 << 27  # ... and all of them together


LIMITS = Limits()


@dataclass
class Sheet:
    """What the package says of one sheet, beyond its values."""

    name: str
    part: str = ""
    cells: int = 0  # cells holding a value
    first_row: int = GRID_ROWS + 1
    last_row: int = 0
    first_col: int = GRID_COLUMNS
    last_col: int = -1
    formula_columns: set[int] = field(default_factory=set)
    computed: set[str] = field(default_factory=set)  # its tables' computed columns, by name
    # formula cells with no saved result: the text a link shows, else False
    unsure: dict[tuple[int, int], str | bool] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> '#DIV/0!'
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1

    @property
    def span(self) -> int:
        """Cells of the used range (what a reader allocates)."""
        if self.last_row < self.first_row:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    def value_at(self, row: int, first: int, last: int, count: int) -> None:
        """``count`` value cells in ``row`` between columns ``first`` and ``last``."""
        self.cells += count
        self.first_row = min(self.first_row, row)
        self.last_row = max(self.last_row, row)
        self.first_col = min(self.first_col, first)
        self.last_col = max(self.last_col, last)


@dataclass
class Package:
    path: Path
    sheets: dict[str, Sheet]  # by name, in the workbook's order
    strings: int = 0  # shared strings (.xlsx)
    limits: Limits = field(default_factory=Limits)
    parsed: set[str] = field(default_factory=set)  # parts read by a parser here

    def sheet(self, name: str) -> Sheet:
        return self.sheets.get(name) or Sheet(name)


class Refused(Exception):
    """Raised inside a parser's handler: the package is refused with this message."""


def check_package(path: Path, limits: Limits | None = None) -> Package:
    """The package's sheets as described above; InputError when it is refused or is not a
    package the tracker reads."""
    limits = limits or LIMITS
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{path}: not a workbook the tracker can read ({exc})") from None
    try:
        with archive:
            check_directory(archive, name, limits)
            main = "content.xml" if path.suffix.lower() == ".ods" else "xl/workbook.xml"
            if main not in archive.namelist():
                raise InputError(f"{path}: not a workbook the tracker can read (no {main})")
            package = Package(path, {}, limits=limits)
            if main == "content.xml":
                scan_ods(archive, package, limits)
            else:
                scan_xlsx(archive, package, limits)
            for info in archive.infolist():
                if info.filename not in package.parsed:
                    refuse_dtd_bytes(archive, info, limits)
            return package
    except Refused as exc:
        raise InputError(f"{path}: {exc}; refused") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"{path}: not a workbook the tracker can read ({exc})") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


# --- the zip ------------------------------------------------------------------------------------


def check_directory(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise Refused(f"it has {len(infos):,} parts, more than the {limits.parts:,} allowed")
    total = sum(i.file_size for i in infos)
    if total > limits.package_bytes:
        raise Refused(
            f"it unpacks to {total:,} bytes, more than the {limits.package_bytes:,} allowed"
        )
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise Refused(f"it holds two parts named {info.filename}")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise Refused(f"{info.filename} is encrypted")
        if info.file_size > limits.part_bytes:
            raise Refused(
                f"{info.filename} unpacks to {info.file_size:,} bytes, more than the "
                f"{limits.part_bytes:,} a part may"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_from and ratio > limits.ratio:
            raise Refused(
                f"{info.filename} unpacks {ratio:,.0f} times its packed size to "
                f"{info.file_size:,} bytes (a zip bomb; real sheets unpack 5 to 20 times)"
            )


def blocks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Iterator[bytes]:
    """A part's bytes a block at a time, counted: never more than its directory entry says
    (zipfile stops there and checks the CRC) nor than a part may hold."""
    read = 0
    with archive.open(info) as stream:
        while block := stream.read(BLOCK):
            read += len(block)
            if read > min(info.file_size, limits.part_bytes):
                raise Refused(f"{info.filename} unpacks to more than its directory says")
            yield block


DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def refuse_dtd_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """A document type declaration anywhere in a part, in UTF-8 or UTF-16 (parts the readers
    parse but this module does not, such as drawings and comments, are checked this way)."""
    carry = b""
    for block in blocks(archive, info, limits):
        data = carry + block.lower()
        if any(mark in data for mark in DTD_MARKS):
            raise Refused(f"{info.filename} declares a DTD, which a workbook never does")
        carry = data[-24:]


# --- XML ----------------------------------------------------------------------------------------


def new_parser() -> Any:
    """An expat parser with namespaces ('uri local' names) that refuses any DTD."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*args: object) -> None:
        raise Refused("a part declares a DTD, which a workbook never does")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    return parser


def parse(
    archive: zipfile.ZipFile, part: str, parser: Any, package: Package, what: str = ""
) -> None:
    """Feed a part to ``parser``, a block at a time."""
    limits = package.limits
    package.parsed.add(part)
    try:
        info = archive.getinfo(part)
    except KeyError:
        raise Refused(f"{part}{what} is missing from the package") from None
    try:
        for block in blocks(archive, info, limits):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, LookupError, ValueError) as exc:  # LookupError: an encoding
        raise Refused(f"{part}{what} is not well-formed XML ({exc})") from None


# --- .xlsx --------------------------------------------------------------------------------------

MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RID = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships id",
    "http://purl.oclc.org/ooxml/officeDocument/relationships id",
)


def names(local: str) -> set[str]:
    return {f"{ns} {local}" for ns in MAIN}


def scan_xlsx(archive: zipfile.ZipFile, package: Package, limits: Limits) -> None:
    sheets = workbook_sheets(archive, package, limits)
    string_cells = 0
    marked = [0, 0]  # marked cells, merges: across the workbook
    for name, part in sheets:
        sheet = Sheet(name, part)
        scan = XlsxSheet(sheet, limits, marked)
        parse(archive, part, scan.parser, package, f" (sheet {name!r})")
        scan.finish()
        string_cells += scan.strings
        if sheet.span > limits.cells:
            raise Refused(span_message(sheet, limits))
        sheet.computed = calculated_columns(archive, part, package)
        package.sheets[name] = sheet
    if "xl/sharedStrings.xml" in archive.namelist():
        package.strings = count_strings(archive, "xl/sharedStrings.xml", package)
        allowed = string_cells + limits.strings_slack
        if package.strings > allowed:
            raise Refused(
                f"xl/sharedStrings.xml holds {package.strings:,} strings for {string_cells:,} "
                "cells that use them"
            )


def span_message(sheet: Sheet, limits: Limits) -> str:
    first = f"{xl_col_to_name(sheet.first_col)}{sheet.first_row}"
    last = f"{xl_col_to_name(sheet.last_col)}{sheet.last_row}"
    return (
        f"sheet {sheet.name!r} uses the cells {first}:{last} ({sheet.span:,} cells), more than "
        f"the {limits.cells:,} a sheet may span: delete what lies outside its table and save it"
    )


def workbook_sheets(
    archive: zipfile.ZipFile, package: Package, limits: Limits
) -> list[tuple[str, str]]:
    """(name, part) of each sheet, from xl/workbook.xml and its relationships."""
    found: list[tuple[str, str]] = []
    sheet_tags = names("sheet")

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag in sheet_tags:
            if len(found) >= limits.sheets:
                raise Refused(f"it has more than the {limits.sheets:,} sheets allowed")
            rid = next((attrs[k] for k in RID if k in attrs), "")
            found.append((attrs.get("name", ""), rid))

    parser = new_parser()
    parser.StartElementHandler = start
    parse(archive, "xl/workbook.xml", parser, package)
    targets = relationships(archive, "xl/_rels/workbook.xml.rels", "xl", package)
    seen: set[str] = set()
    sheets = []
    for name, rid in found:
        if name.casefold() in seen:
            raise Refused(f"it has two sheets named {name!r}")
        seen.add(name.casefold())
        part = targets.get(rid)
        if part is None or part not in archive.namelist():
            raise Refused(f"sheet {name!r} has no part in the package")
        sheets.append((name, part))
    return sheets


def relationships(
    archive: zipfile.ZipFile, part: str, folder: str, package: Package
) -> dict[str, str]:
    """Relationship id -> target part (resolved against ``folder``)."""
    found: dict[str, str] = {}
    tag = f"{RELS} Relationship"

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == tag and attrs.get("TargetMode") != "External":
            if len(found) >= package.limits.parts:
                raise Refused(f"{part} holds more relationships than the package has parts")
            target = attrs.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = "/".join([*folder.split("/"), *target.split("/")])
            parts: list[str] = []
            for piece in resolved.split("/"):
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece not in ("", "."):
                    parts.append(piece)
            found[attrs.get("Id", "")] = "/".join(parts)

    if part not in archive.namelist():
        return found
    parser = new_parser()
    parser.StartElementHandler = start
    parse(archive, part, parser, package)
    return found


def calculated_columns(archive: zipfile.ZipFile, part: str, package: Package) -> set[str]:
    """Names of the columns of a sheet's tables that a formula computes."""
    folder, _, name = part.rpartition("/")
    rels = relationships(archive, f"{folder}/_rels/{name}.rels", folder, package)
    found: set[str] = set()
    column_tags, formula_tags = names("tableColumn"), names("calculatedColumnFormula")
    column = [""]

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag in column_tags:
            column[0] = attrs.get("name", "")
        elif tag in formula_tags:
            found.add(column[0])

    for target in rels.values():
        if "/tables/" in target and target in archive.namelist():
            parser = new_parser()
            parser.StartElementHandler = start
            parse(archive, target, parser, package)
    return found


def count_strings(archive: zipfile.ZipFile, part: str, package: Package) -> int:
    count = 0
    tags = names("si")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        if tag in tags:
            count += 1

    parser = new_parser()
    parser.StartElementHandler = start
    parse(archive, part, parser, package)
    return count


COLUMNS: dict[str, int] = {}  # column letters -> index, as met (at most 16,384)
COLUMN_LETTERS = re.compile(r"[A-Z]{1,3}")


def cell_ref(ref: str, sheet: Sheet) -> tuple[int, int]:
    """'B7' -> (7, 1); anything else refuses the package."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    col = COLUMNS.get(letters)
    if col is None:
        if COLUMN_LETTERS.fullmatch(letters) is None:
            raise Refused(f"sheet {sheet.name!r} has a cell reference {ref[:20]!r}, not a cell")
        col = -1
        for letter in letters:
            col = (col + 1) * 26 + ord(letter) - 65
        if col >= GRID_COLUMNS:
            raise Refused(f"sheet {sheet.name!r} has a cell {ref} outside a spreadsheet's grid")
        COLUMNS[letters] = col
    if not 0 < len(digits) <= 7 or not 1 <= int(digits) <= GRID_ROWS:
        raise Refused(f"sheet {sheet.name!r} has a cell reference {ref[:20]!r}, not a cell")
    return int(digits), col


C, V, IS, F, ROW, MERGE, DIMENSION = range(7)
SAVED = ["saved"]  # a value read without its text: a result saved
SHEET_TAGS = {
    f"{ns} {local}": kind
    for ns in MAIN
    for local, kind in (
        ("c", C),
        ("v", V),
        ("is", IS),
        ("f", F),
        ("row", ROW),
        ("mergeCell", MERGE),
        ("dimension", DIMENSION),
    )
}


class XlsxSheet:
    """One worksheet part's handlers: every cell's place (from ``r``, else from its order in
    the row, as readers do), value, formula and error. A callback per element is what costs,
    so only element starts are handled (a formula or error cell is settled when the next cell
    or row starts, or at the end), and character data is read only inside a formula and the
    value of a formula or error cell."""

    def __init__(self, sheet: Sheet, limits: Limits, marked: list[int]) -> None:
        self.sheet = sheet
        self.limits = limits
        self.marked = marked
        self.strings = 0
        self.row = 0
        self.col = -1
        self.cell: tuple[int, int] = (0, 0)
        self.kind = ""  # the cell's t attribute
        self.counted = False  # its value counted
        self.pending = False  # a formula or error cell, settled later
        self.formula: list[str] | None = None  # its <f> text
        self.saved: list[str] | None = None  # its <v> text, when read
        self.collecting = False
        parser = new_parser()
        parser.StartElementHandler = self.start
        self.parser = parser

    def start(
        self,
        tag: str,
        attrs: dict[str, str],
        tags: dict[str, int] = SHEET_TAGS,
        columns: dict[str, int] = COLUMNS,
    ) -> None:
        if self.collecting:  # character data of the <f> or <v> before ends here
            self.parser.CharacterDataHandler = None
            self.collecting = False
        kind = tags.get(tag)
        if kind is None:
            return
        if kind == C:
            if self.pending:
                self.settle()
            ref = attrs.get("r")
            if ref is None:
                if self.col + 1 >= GRID_COLUMNS:
                    raise Refused(f"sheet {self.sheet.name!r} has a row wider than a grid")
                self.cell = (self.row, self.col + 1)
            else:  # cell_ref, inlined for the common case: it runs for every cell
                letters = ref.rstrip("0123456789")
                col = columns.get(letters)
                digits = ref[len(letters) :]
                if col is not None and 0 < len(digits) <= 6 and digits[0] != "0":
                    self.cell = (int(digits), col)
                else:
                    self.cell = cell_ref(ref, self.sheet)
            self.col = self.cell[1]
            self.kind = kind_ = attrs.get("t", "")
            self.counted = False
            self.pending = kind_ == "e"
            self.formula = self.saved = None
        elif kind in (V, IS):
            if not self.counted:  # count(), inlined: it runs for every cell
                self.counted = True
                row, col = self.cell
                sheet = self.sheet
                sheet.cells += 1
                if row < sheet.first_row:
                    sheet.first_row = row
                if row > sheet.last_row:
                    sheet.last_row = row
                if col < sheet.first_col:
                    sheet.first_col = col
                if col > sheet.last_col:
                    sheet.last_col = col
                if self.kind == "s":
                    self.strings += 1
            if kind == V:
                if self.pending or self.kind == "str":
                    self.saved = []
                    self.parser.CharacterDataHandler = self.saved.append
                    self.collecting = True
                else:  # a plain value, or a result before its formula: saved
                    self.saved = SAVED
        elif kind == F:
            self.pending = True
            self.formula = []
            self.parser.CharacterDataHandler = self.formula.append
            self.collecting = True
        elif kind == ROW:
            if self.pending:
                self.settle()
            ref = attrs.get("r")
            if ref is None:
                self.row += 1
            elif ref.isascii() and ref.isdigit() and len(ref) <= 7:
                self.row = int(ref)
            else:
                raise Refused(f"sheet {self.sheet.name!r} has a row numbered {ref[:20]!r}")
            if not 1 <= self.row <= GRID_ROWS:
                raise Refused(f"sheet {self.sheet.name!r} has a row {self.row:,} outside a grid")
            self.col = -1
        elif kind == MERGE:
            self.merge(attrs.get("ref", ""))
        elif kind == DIMENSION:
            for ref in attrs.get("ref", "").split(":"):
                cell_ref(ref, self.sheet)

    def finish(self) -> None:
        if self.pending:
            self.settle()

    def settle(self) -> None:
        """A formula or error cell: noted when it has no saved result, or an error."""
        self.pending = False
        sheet = self.sheet
        saved = "".join(self.saved).strip()[:256] if self.saved is not None else ""
        if self.formula is not None:
            sheet.formula_columns.add(self.cell[1])
            if not saved and self.kind != "e":
                self.mark()
                sheet.unsure[self.cell] = shown_text("".join(self.formula)[:FORMULA_TEXT])
        if self.kind == "e":
            self.mark()
            sheet.errors[self.cell] = saved or "#N/A"

    def mark(self) -> None:
        self.marked[0] += 1
        if self.marked[0] > self.limits.marked:
            raise Refused(
                f"it has more than {self.limits.marked:,} formula cells without a saved result "
                "or error cells: open it in a spreadsheet program, fix them and save it"
            )

    def merge(self, ref: str) -> None:
        self.marked[1] += 1
        if self.marked[1] > self.limits.merges:
            raise Refused(f"it has more than {self.limits.merges:,} merged ranges")
        first, _, last = ref.partition(":")
        r0, c0 = cell_ref(first, self.sheet)
        r1, c1 = cell_ref(last, self.sheet) if last else (r0, c0)
        self.sheet.merges.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))


# a link whose result was not saved still says what it shows: HYPERLINK("#'Sources'!A3","id")
LINK_TEXT = re.compile(r'HYPERLINK\("[^"]*","((?:[^"]|"")*)"\)')


def shown_text(formula: str) -> str | bool:
    """The text a HYPERLINK formula shows, or False for any other formula."""
    link = LINK_TEXT.fullmatch(html.unescape(formula).removeprefix("="))
    return link.group(1).replace('""', '"') if link else False


# --- .ods ---------------------------------------------------------------------------------------

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def scan_ods(archive: zipfile.ZipFile, package: Package, limits: Limits) -> None:
    scan = OdsContent(package, limits)
    parse(archive, "content.xml", scan.parser, package)


def repeat(attrs: dict[str, str], name: str, sheet: Sheet) -> int:
    text = attrs.get(name, "1")
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or int(text) < 1:
        raise Refused(f"sheet {sheet.name!r} has a repeat count {text[:20]!r}")
    return int(text)


class OdsContent:
    """content.xml's handlers: each table a sheet; rows and cells repeated as many times as
    they say, but counted (and their value cells placed) without being repeated here."""

    def __init__(self, package: Package, limits: Limits) -> None:
        self.package = package
        self.limits = limits
        self.sheet: Sheet | None = None
        self.row = 0  # the current row's first number
        self.rows = 1  # how many times it repeats
        self.col = 0  # the next cell's column
        self.row_first = GRID_COLUMNS
        self.row_last = -1
        self.row_cells = 0
        self.depth = 0  # depth inside a cell (its paragraphs)
        self.cell: dict[str, str] = {}
        self.cell_has_text = False
        self.cell_chars = 0
        self.error: list[str] | None = None
        self.marked = 0
        self.merges = 0
        self.spaces = 0
        parser = new_parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        self.parser = parser

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.depth:
            self.depth += 1
            self.cell_has_text = True
            if tag == f"{TEXT} s":
                count = repeat(attrs, f"{TEXT} c", self.current())
                self.cell_chars += count
                self.spaces += count
                if self.cell_chars > self.limits.cell_chars or self.spaces > self.limits.spaces:
                    raise Refused(
                        f"sheet {self.current().name!r} has repeated spaces standing for more "
                        "characters than a cell or a workbook may hold"
                    )
            return
        if tag == f"{TABLE} table-cell" or tag == f"{TABLE} covered-table-cell":
            self.depth = 1
            self.cell = attrs
            self.cell_has_text = False
            self.cell_chars = 0
            if attrs.get(f"{CALCEXT} value-type") == "error":
                self.error = []
                self.parser.CharacterDataHandler = self.error.append
        elif tag == f"{TABLE} table-row":
            sheet = self.current()
            self.rows = repeat(attrs, f"{TABLE} number-rows-repeated", sheet)
            self.col = 0
            self.row_first, self.row_last, self.row_cells = GRID_COLUMNS, -1, 0
        elif tag == f"{TABLE} table":
            if len(self.package.sheets) >= self.limits.sheets:
                raise Refused(f"it has more than the {self.limits.sheets:,} sheets allowed")
            name = attrs.get(f"{TABLE} name", "")
            if any(n.casefold() == name.casefold() for n in self.package.sheets):
                raise Refused(f"it has two sheets named {name!r}")
            self.sheet = self.package.sheets[name] = Sheet(name, "content.xml")
            self.row = 1
            self.rows = 0

    def current(self) -> Sheet:
        if self.sheet is None:
            raise Refused("content.xml has a row outside any table")
        return self.sheet

    def end(self, tag: str) -> None:
        if self.depth > 1:
            self.depth -= 1
            return
        if self.depth == 1:
            self.depth = 0
            self.end_cell()
        elif tag == f"{TABLE} table-row":
            self.end_row()
        elif tag == f"{TABLE} table":
            self.sheet = None

    def end_cell(self) -> None:
        sheet, attrs = self.current(), self.cell
        cols = repeat(attrs, f"{TABLE} number-columns-repeated", sheet)
        first, last = self.col, self.col + cols - 1
        self.col += cols
        formula = attrs.get(f"{TABLE} formula")
        value = f"{OFFICE} value-type" in attrs or self.cell_has_text
        error = self.error
        if error is not None:
            self.parser.CharacterDataHandler = None
            self.error = None
        spanned_cols = repeat(attrs, f"{TABLE} number-columns-spanned", sheet)
        spanned_rows = repeat(attrs, f"{TABLE} number-rows-spanned", sheet)
        if spanned_cols > 1 or spanned_rows > 1:
            self.merged(sheet, first, last, spanned_rows, spanned_cols)
        if not (value or formula):
            return
        if self.col > GRID_COLUMNS:
            raise Refused(f"sheet {sheet.name!r} has a row of more columns than a grid")
        if self.row + self.rows - 1 > GRID_ROWS:
            raise Refused(f"sheet {sheet.name!r} has cells below row {GRID_ROWS:,}")
        if value:
            self.row_first = min(self.row_first, first)
            self.row_last = max(self.row_last, last)
            self.row_cells += cols
        rows = range(self.row, self.row + self.rows)
        if formula:
            sheet.formula_columns.update(range(first, last + 1))
        if (formula and f"{OFFICE} value-type" not in attrs) or error is not None:
            self.marked += cols * self.rows
            if self.marked > self.limits.marked:
                raise Refused(
                    f"it has more than {self.limits.marked:,} formula cells without a saved "
                    "result or error cells: open it in a spreadsheet program, fix them and save it"
                )
            for row in rows:
                for col in range(first, last + 1):
                    if error is not None:
                        sheet.errors[(row, col)] = "".join(error)[:256] or "#N/A"
                    else:
                        sheet.unsure[(row, col)] = False

    def merged(self, sheet: Sheet, first: int, last: int, rows: int, cols: int) -> None:
        self.merges += (last - first + 1) * self.rows
        if self.merges > self.limits.merges:
            raise Refused(f"it has more than {self.limits.merges:,} merged ranges")
        for row in range(self.row, self.row + self.rows):
            for col in range(first, last + 1):
                sheet.merges.append((row, col, row + rows - 1, col + cols - 1))

    def end_row(self) -> None:
        sheet = self.current()
        if self.row_cells:
            last_row = self.row + self.rows - 1
            sheet.value_at(self.row, self.row_first, self.row_last, self.row_cells * self.rows)
            sheet.last_row = max(sheet.last_row, last_row)
            if sheet.span > self.limits.cells:
                raise Refused(span_message(sheet, self.limits))
        self.row += self.rows

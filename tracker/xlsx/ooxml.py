"""What the tracker needs to know of an .xlsx package's structure, for writing and for reading:
which part holds which sheet, which tables a sheet has, and the characters a SpreadsheetML
string cannot hold. Trusted and untrusted packages alike are read with the standard library's
ElementTree on their small structural parts only (never a DTD: the parts are checked first)."""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree import ElementTree

from tracker.errors import InputError

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_PART = 64 << 20  # a structural part (workbook, relationships, table) larger is refused


def read_part(package: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A small structural part, parsed; one with a DTD or too large is refused."""
    info = package.getinfo(name)
    if info.file_size > MAX_PART:
        raise InputError(f"{name} in {package.filename} is too large to be a workbook part")
    data = package.read(info)
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise InputError(
            f"{name} in {package.filename} declares a DTD, which a workbook never does"
        )
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise InputError(f"{name} in {package.filename} is not well-formed XML ({exc})") from None


def targets(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    """A part's relationships: id -> target part name (resolved against the part's folder)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in package.namelist():
        return {}
    found = {}
    for rel in read_part(package, rels).iter(f"{PACKAGE_REL}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = posixpath.normpath(path)
    return found


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package, from workbook.xml and its relationships."""
    workbook = read_part(package, "xl/workbook.xml")
    rels = targets(package, "xl/workbook.xml")
    return {
        str(s.get("name")): rels[str(s.get(f"{REL}id"))]
        for s in workbook.iter(f"{MAIN}sheet")
        if s.get(f"{REL}id") in rels
    }


def calculated_columns(package: zipfile.ZipFile, sheet_part: str) -> set[str]:
    """Names of the columns of a sheet's tables that a formula computes."""
    found: set[str] = set()
    for target in targets(package, sheet_part).values():
        if "/tables/" in target and target in package.namelist():
            for column in read_part(package, target).iter(f"{MAIN}tableColumn"):
                if column.find(f"{MAIN}calculatedColumnFormula") is not None:
                    found.add(str(column.get("name")))
    return found

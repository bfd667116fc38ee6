"""Reading official lists' XML safely and streaming: no DOCTYPE (so no external entities and
no entity expansion), no network, and elements cleared as they are read (flat memory)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from tracker.importers import ListFormatError, files_in


def refuse_doctype(path: Path) -> None:
    """Official files have no DOCTYPE; one that does may carry entities (XXE, bombs)."""
    with path.open("rb") as handle:
        head = handle.read(4096).upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ListFormatError(
            f"{path.name}: XML with a DOCTYPE or entities is refused "
            "(official lists have none; it could be an XXE attack)"
        )


def one_xml_file(paths: Sequence[Path], what: str) -> Path:
    files = files_in(paths)
    if len(files) != 1 or files[0].suffix.lower() != ".xml":
        raise ListFormatError(f"{what} is one XML file")
    refuse_doctype(files[0])
    return files[0]


def root_attributes(path: Path, tag: str, what: str) -> dict[str, str]:
    """The root element's attributes, after checking it is the expected one."""
    try:
        for _, root in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False
        ):
            if root.tag != tag:
                raise ListFormatError(
                    f"{path.name}: root element is <{root.tag}>, not the <{tag}> of {what}"
                )
            return {str(k): str(v) for k, v in root.attrib.items()}
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc})") from None
    raise ListFormatError(f"{path.name}: empty XML document")


def elements(path: Path, tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """Elements with these tags, one at a time, cleared after use."""
    refuse_doctype(path)
    try:
        for _, element in etree.iterparse(
            str(path),
            events=("end",),
            tag=tags,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        ):
            yield element
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc})") from None


def text(element: etree._Element, path: str) -> str | None:
    found = element.findtext(path)
    return found.strip() if found and found.strip() else None


def texts(element: etree._Element, path: str) -> list[str]:
    return [t.strip() for t in (e.text for e in element.iterfind(path)) if t and t.strip()]

"""Reading official lists' XML safely and streaming.

The parser itself refuses hostile files, whatever their encoding or what comes before the
DOCTYPE: any document type declaration (so no entities, no XXE, no entity bombs) is an error at
the first element; entities are never resolved, nothing is fetched from the network, and
libxml2's default limits (nesting depth, text node size) stay on. Only the attributes the
format needs are read (``get``), never all of them: lxml lists an element's attributes in time
quadratic in their number, which a hostile file could exploit. Elements are cleared as they are
read, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from lxml import etree

from tracker.errors import ListFormatError
from tracker.lists.importers.base import one_file


def one_xml_file(paths: Sequence[Path], what: str) -> Path:
    return one_file(paths, what, (".xml",))


def local(tag: object) -> str:
    """The tag without its namespace: '{http://...}Entry' -> 'Entry'."""
    text = str(tag)
    return text.rpartition("}")[2]


def _iterparse(path: Path, tags: tuple[str, ...] | None) -> Iterator[tuple[str, etree._Element]]:
    try:
        yield from etree.iterparse(
            str(path),
            events=("start", "end"),
            tag=tags,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"{path.name}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise ListFormatError(f"cannot read {path}: {exc.strerror or exc}") from None


def refuse_dtd(path: Path, element: etree._Element) -> None:
    info = cast(Any, element.getroottree().docinfo)  # lxml-stubs lack DocInfo.doctype
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise ListFormatError(
            f"{path.name}: XML with a document type declaration (DOCTYPE) is refused: official "
            "lists have none, and one can carry entities (XXE, entity expansion)"
        )


def root_element(path: Path, root: str, what: str) -> etree._Element:
    """The root element (its attributes, not its children), after checking it is the one
    expected and that the document declares no DTD."""
    for _, element in _iterparse(path, None):
        refuse_dtd(path, element)
        if local(element.tag) != root:
            raise ListFormatError(
                f"{path.name}: root element is <{local(element.tag)}>, not the <{root}> of {what}"
            )
        return element
    raise ListFormatError(f"{path.name}: empty XML document")


def elements(
    path: Path, root: str, tags: tuple[str, ...], skip: tuple[str, ...] = ()
) -> Iterator[etree._Element]:
    """Elements with these local names (any namespace), one at a time, each dropped from the
    tree once used; elements named in ``skip`` (big sections this pass does not need) are
    dropped unread, so memory stays flat whatever the file holds."""
    wanted = tuple(f"{{*}}{t}" for t in (root, *tags, *skip))
    dropped = set(skip)
    first = True
    for event, element in _iterparse(path, wanted):
        if first:
            refuse_dtd(path, element)
            first = False
        if event != "end" or local(element.tag) == root:
            continue
        if local(element.tag) not in dropped:
            yield element
        element.clear()
        ancestors = list(element.iterancestors())
        for node in (element, *ancestors[-2:-1]):  # and the top-level sections before its own
            parent = node.getparent()
            while parent is not None and node.getprevious() is not None:
                del parent[0]


def text(element: etree._Element, path: str) -> str | None:
    found = element.findtext(path)
    return found.strip() if found and found.strip() else None


def texts(element: etree._Element, path: str) -> list[str]:
    return [t.strip() for t in (e.text for e in element.iterfind(path)) if t and t.strip()]

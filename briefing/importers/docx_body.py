"""The text of a Word document's XML, in reading order: paragraphs, tables (nested
ones inside their cell), text boxes after the paragraph that anchors them, and
footnote and endnote markers where they are referenced. Deleted revisions,
field codes and the fallback copies of drawings are left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = {
    f"{W}pPr",
    f"{W}rPr",
    f"{W}del",
    f"{W}moveFrom",
    f"{W}delText",
    f"{W}instrText",
    f"{W}txbxContent",  # read as blocks of their own
    _MC_FALLBACK,  # the same content again, for old readers
    f"{W}commentReference",
    f"{W}annotationRef",
    f"{W}footnoteRef",
    f"{W}endnoteRef",
}
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass
class Notes:
    """Footnote and endnote ids in the order the body refers to them."""

    footnotes: dict[str, str] = field(default_factory=dict)
    """id -> marker ("1", "2", …)."""
    endnotes: dict[str, str] = field(default_factory=dict)
    """id -> marker ("i", "ii", …), as Word numbers endnotes by default."""

    def marker(self, tag: str, note_id: str) -> str:
        if tag == f"{W}footnoteReference":
            return self.footnotes.setdefault(note_id, str(len(self.footnotes) + 1))
        return self.endnotes.setdefault(note_id, roman(len(self.endnotes) + 1))


def _inline(el: Any, out: list[str], notes: Notes) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
            out.append(f"[{notes.marker(tag, child.get(f'{W}id', ''))}]")
        else:
            _inline(child, out, notes)


def paragraph_text(p: Any, notes: Notes) -> str:
    out: list[str] = []
    _inline(p, out, notes)
    return "".join(out)


def _boxes(el: Any) -> list[Any]:
    """Text-box contents anchored in ``el``, outermost only, fallback copies left out."""
    found = []
    for child in el:
        if not isinstance(child.tag, str) or child.tag == _MC_FALLBACK:
            continue
        if child.tag == f"{W}txbxContent":
            found.append(child)
        else:
            found += _boxes(child)
    return found


def paragraph_style(p: Any) -> tuple[str, bool]:
    """(style id, whether numbered) from the paragraph's ``w:pPr``, which comes first;
    child access in one pass (``find`` is several times slower per call)."""
    if not len(p):
        return "", False
    props = p[0]
    if props.tag != f"{W}pPr":
        return "", False
    style, numbered = "", False
    for child in props:
        tag = child.tag
        if tag == f"{W}pStyle":
            style = child.get(f"{W}val", "")
        elif tag == f"{W}numPr":
            numbered = True
    return style, numbered


def blocks(container: Any, notes: Notes) -> list[tuple[Any, str]]:
    """(element, text) per block in reading order: a ``w:p`` element with its text, or
    a ``w:tbl`` with its rows as lines, cells joined by " | "."""
    found: list[tuple[Any, str]] = []
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            found.append((child, paragraph_text(child, notes)))
            if next(child.iter(f"{W}txbxContent"), None) is None:
                continue  # the common case, found by lxml without a Python walk
            for box in _boxes(child):
                found += blocks(box, notes)
        elif tag == f"{W}tbl":
            found.append((child, "\n".join(_rows(child, notes))))
        elif tag in (*_WRAPPERS, f"{W}ins", f"{W}moveTo"):
            found += blocks(child, notes)
    return found


_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")


def _children(el: Any, tag: str) -> list[Any]:
    """``el``'s children with ``tag``, looking through content controls (not into
    nested tables)."""
    found = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found += _children(child, tag)
    return found


def _rows(table: Any, notes: Notes) -> list[str]:
    rows = []
    for tr in _children(table, f"{W}tr"):
        cells = []
        for tc in _children(tr, f"{W}tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val", "continue") != "restart":
                continue  # the rest of a vertically merged cell
            parts = [_in_cell(el, text) for el, text in blocks(tc, notes)]
            cells.append(" ".join(p for p in parts if p))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _in_cell(el: Any, text: str) -> str:
    """A block inside a table cell on one line; a nested table's rows separated by "; "."""
    if el.tag == f"{W}tbl":
        text = text.replace(" | ", " ").replace("\n", "; ")
    return " ".join(text.split())


def note_texts(root: Any, tag: str, markers: dict[str, str]) -> list[str]:
    """ "[marker] text" for each referenced note of a footnotes or endnotes part, in
    marker order."""
    notes = Notes()
    texts: dict[str, str] = {}
    for note in root.iter(f"{W}{tag}"):
        note_id = note.get(f"{W}id", "")
        if note_id in markers:
            parts = (" ".join(text.split()) for _, text in blocks(note, notes))
            texts[note_id] = " ".join(p for p in parts if p)
    return [f"[{markers[i]}] {texts[i]}" for i in markers if texts.get(i)]


def comment_texts(root: Any) -> list[str]:
    """ "Author: text" per comment (just the text when it has no author)."""
    notes = Notes()
    found = []
    for comment in root.iter(f"{W}comment"):
        parts = (" ".join(text.split()) for _, text in blocks(comment, notes))
        text = " ".join(p for p in parts if p)
        author = " ".join((comment.get(f"{W}author") or "").split())
        if text:
            found.append(f"{author}: {text}" if author else text)
    return found

"""The coded excerpts as a spreadsheet table (``.csv``).

``excerpts_csv(project)`` returns the text of a CSV file (to be written as
UTF-8 with a byte-order mark, so Excel reads the accents and Arabic right):
one row per highlight -- included in the brief or not, orphans too -- in
source order, then position. The columns:

``id``           the highlight's id
``source``       the source's title
``source_date``  the source's date (YYYY-MM-DD or "")
``themes``       its theme names in codebook order, joined by "; "
``quote``        the highlighted text (line breaks kept inside the cell)
``note``         the analyst's note (Markdown)
``start``/``end`` code-point offsets into the source's text; empty for an
                 orphan, whose offsets are stale
``in_brief``     "yes" or "no"

A text cell that a spreadsheet would read as a formula or command -- one
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (the
OWASP CSV-injection list) -- gets a leading apostrophe, which spreadsheets
show as text and do not run. Only the text columns are touched; ids and
offsets are plain numbers.
"""

from __future__ import annotations

import csv
import io

from ..model import Project, codebook_order

COLUMNS = ("id", "source", "source_date", "themes", "quote", "note", "start", "end", "in_brief")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BOM = "\ufeff"


def cell(text: str) -> str:
    """``text`` safe for a spreadsheet cell: never read as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excerpts_csv(project: Project) -> str:
    """The project's highlights as CSV text, starting with a BOM (module doc)."""
    sources = {s.id: s for s in project.sources}
    rank = {s.id: (s.position, s.id) for s in project.sources}
    order = {t.id: i for i, t in enumerate(codebook_order(project.themes))}
    names = {t.id: t.name for t in project.themes}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for h in sorted(
        project.highlights,
        key=lambda h: (rank.get(h.source_id, (1 << 62, h.source_id)), h.start, h.id),
    ):
        src = sources.get(h.source_id)
        tids = sorted((t for t in dict.fromkeys(h.theme_ids) if t in names), key=order.__getitem__)
        writer.writerow(
            (
                h.id,
                cell(src.title if src else ""),
                cell(src.date if src else ""),
                cell("; ".join(names[t] for t in tids)),
                cell(h.quote),
                cell(h.note),
                "" if h.orphan else h.start,
                "" if h.orphan else h.end,
                "yes" if h.included else "no",
            )
        )
    return BOM + out.getvalue()

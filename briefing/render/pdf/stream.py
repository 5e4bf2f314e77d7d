"""Laying the brief out in passes, in bounded memory.

reportlab's ``multiBuild`` keeps the whole story (every flowable, wrapped,
with its lines) alive for every pass, so memory grows with the page count.
Here each pass asks for the story afresh, one part at a time (a section's
heading, one excerpt, one appendix source, ...), hands it to the document
template a few flowables ahead of the layout, and lets go of each flowable
once it is placed on a page.

Why two passes: the footer says "Page X of Y" and the contents list gives
page numbers, and neither is known until the last page is laid out. The
first pass only measures: flowables are wrapped, split and placed (so page
breaks are final) but not drawn, and its canvas is never saved; the indexing
flowables (page counter, contents list) record what they learn. The second
pass draws and saves. Should the second pass disagree (it does not when the
contents list starts with its final height), passes repeat as ``multiBuild``
would, up to a limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from briefing.render.pdf.rl import Flowable

LOOKAHEAD = 24
"""Flowables kept queued ahead of the layout: a heading's keep-with-next chain
must be complete in the queue when the heading is placed."""

Parts = Callable[[], Iterator[list[Flowable]]]


def lay_out(
    template: Any,
    parts: Parts,
    indexing: Iterable[Any],
    *,
    on_part: Callable[[int, int], None] | None = None,
    max_passes: int = 6,
) -> int:
    """Lay ``parts()`` out on ``template`` (a ``BaseDocTemplate`` with
    ``set_measuring``) until every indexing flowable is satisfied; returns
    the number of passes. ``on_part(pass_no, parts_done)`` is called after
    each part is queued (it may raise to cancel)."""
    indexing = list(indexing)
    template._indexingFlowables = indexing
    passes = 0
    while True:
        passes += 1
        for fl in indexing:
            fl.beforeBuild()
        template.set_measuring(passes == 1)
        template._doSave = 0
        _one_pass(template, parts(), passes, on_part)
        for fl in indexing:
            fl.afterBuild()
        if passes > 1 and all(fl.isSatisfied() for fl in indexing):
            template.canv.save()
            return passes
        if passes >= max_passes:
            raise RuntimeError(f"page numbers did not settle after {passes} passes")


def _one_pass(
    template: Any,
    parts: Iterator[list[Flowable]],
    pass_no: int,
    on_part: Callable[[int, int], None] | None,
) -> None:
    template._startBuild()
    canv = template.canv
    saved_info = canv._doc.info
    canv._doctemplate = template
    queue: list[Flowable] = []
    try:
        for n, part in enumerate(parts, 1):
            queue.extend(part)
            while len(queue) > LOOKAHEAD:
                template.clean_hanging()
                template.handle_flowable(queue)
            if on_part is not None:
                on_part(pass_no, n)
        while queue:
            template.clean_hanging()
            template.handle_flowable(queue)
    finally:
        del canv._doctemplate
    canv._doc.info = saved_info
    template._endBuild()

"""Laying the brief out in one pass, in bounded memory.

reportlab's ``multiBuild`` keeps the whole story (every flowable, wrapped,
with its lines) alive and lays it out again until the page numbers settle,
so memory grows with the page count and every paragraph is parsed and
wrapped at least twice. Here the story is asked for one part at a time (a
section's heading, one excerpt, one appendix source, ...), handed to the
document template a few flowables ahead of the layout, and each flowable is
let go once it is placed on a page.

One pass is enough because nothing laid out depends on a number only the
end knows: "Page X of Y" in each footer and the contents list's page
numbers are drawn as form XObjects that the pages refer to and that are
defined after the last page (``BriefTemplate.finish``), and the contents
list starts with its final height (its entries are read from the tree).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from briefing.render.pdf.rl import Flowable

LOOKAHEAD = 24
"""Flowables kept queued ahead of the layout: a heading's keep-with-next chain
must be complete in the queue when the heading is placed."""

Parts = Callable[[], Iterator[list[Flowable]]]


def lay_out(
    template: Any,
    parts: Parts,
    *,
    on_part: Callable[[int, int], None] | None = None,
) -> int:
    """Lay ``parts()`` out on ``template`` (a ``BriefTemplate``), let it draw
    what only the whole document knows (``finish``), and save; returns the
    number of passes (1). ``on_part(1, parts_done)`` is called after each
    part is queued (it may raise to cancel)."""
    template._indexingFlowables = []
    template._doSave = 0
    _one_pass(template, parts(), 1, on_part)
    template.finish()
    template.canv.save()
    return 1


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

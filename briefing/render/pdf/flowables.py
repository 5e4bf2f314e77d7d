"""Small flowables of the PDF brief: anchors, outline marks, headings, the
barred block, the gated table of contents, colour swatches."""

from __future__ import annotations

from functools import partial
from typing import Any

from briefing.render.pdf.rl import (
    Flowable,
    Paragraph,
    ParagraphStyle,
    Table,
    TableOfContents,
    colors,
    stringWidth,
)
from briefing.render.pdf.style import hex_color, tint


class Anchor(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """A zero-size link destination (for places where markup is not allowed)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.name, 0, 0)


class OutlineMark(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """A zero-size outline/TOC entry for a part that is not a heading
    paragraph at frame level (e.g. the bottom-line box, a Table)."""

    def __init__(self, outline: tuple[Any, ...]) -> None:
        super().__init__()
        self._brief_outline = outline
        self.width = self.height = 0
        self.keepWithNext = 1

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Heading(Paragraph):  # type: ignore[misc]  # reportlab ships no type information
    """A section heading: outline entry, TOC entry, optional colour swatch."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        outline: tuple[Any, ...] | None = None,
        swatch: str | None = None,
        swatch_size: float = 0.0,
    ) -> None:
        super().__init__(text, style)
        self._brief_outline = outline  # (level, plain title, toc markup, key, in_toc)
        self._swatch = swatch
        self._swatch_size = swatch_size

    def draw(self) -> None:
        if self._swatch:
            s = self._swatch_size
            style = self.style
            y = (
                self.height
                - style.leading
                + (style.leading - style.fontSize) / 2
                + style.fontSize * 0.12
            )
            self.canv.saveState()
            self.canv.setFillColor(colors.HexColor(self._swatch))
            self.canv.setStrokeColor(colors.HexColor(self._swatch))
            self.canv.rect(0, y + (style.fontSize * 0.72 - s) / 2, s, s, stroke=0, fill=1)
            self.canv.restoreState()
        super().draw()


class BarBlock(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Flowables set inside a box: an optional coloured bar on the left (or
    right), optional background, padding. Lighter than a one-column Table:
    each child is wrapped once per width (Tables wrap their cells again to
    draw them), and it splits between children or inside one across pages.
    """

    def __init__(
        self,
        content: list[Flowable],
        *,
        bar_color: Any = None,
        bar: float = 2.5,
        pad: float = 10,
        right: bool = False,
        background: Any = None,
        pad_top: float = 2,
        pad_bottom: float = 2,
        pad_other: float = 0,
        keep_within: float = 0.0,
    ) -> None:
        super().__init__()
        self._content = content
        # > 0: keep the block on one page (like KeepTogether, without its
        # per-wrap frame deepcopy) unless it is taller than this
        self._keep_within = keep_within
        self._bar_color = bar_color
        self._bar = bar if bar_color is not None else 0
        self._pad = pad
        self._right = right
        self._background = background
        self._pad_top = pad_top
        self._pad_bottom = pad_bottom
        self._pad_other = pad_other
        self._wrapped_at: tuple[float, int] | None = None
        self._sizes: list[tuple[float, float]] = []
        self._cache: dict[int, tuple[Any, Any, Any]] = {}

    def _inner_width(self, aW: float) -> float:
        return max(1.0, aW - self._pad - self._pad_other)

    def _gaps(self) -> list[float]:
        gaps = [0.0]
        for prev, nxt in zip(self._content, self._content[1:], strict=False):
            gaps.append(max(prev.getSpaceAfter(), nxt.getSpaceBefore()))
        return gaps

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        # Child sizes are cached per child, width and canvas (= layout pass),
        # and shared with the parts of a split, so a block that runs over
        # hundreds of pages is not re-wrapped whole for every page.
        key = (aW, id(self.canv))
        if self._wrapped_at != key:
            iw = self._inner_width(aW)
            cache = self._cache
            sizes: list[tuple[float, float]] = []
            for f in self._content:
                hit = cache.get(id(f))
                if hit is not None and hit[0] is f and hit[1] == key:
                    sizes.append(hit[2])
                else:
                    size = f.wrapOn(self.canv, iw, 0x7FFFFFFF)
                    cache[id(f)] = (f, key, size)
                    sizes.append(size)
            self._sizes = sizes
            self._gap = self._gaps()
            self._wrapped_at = key
        self.width = aW
        self.height = (
            self._pad_top + self._pad_bottom + sum(h for _, h in self._sizes) + sum(self._gap)
        )
        return self.width, self.height

    def _copy(self, content: list[Flowable], top: bool, bottom: bool) -> BarBlock:
        b = BarBlock(
            content,
            bar_color=self._bar_color,
            bar=self._bar,
            pad=self._pad,
            right=self._right,
            background=self._background,
            pad_top=self._pad_top if top else 0,
            pad_bottom=self._pad_bottom if bottom else 0,
            pad_other=self._pad_other,
        )
        b._cache = self._cache
        return b

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self.wrap(aW, aH)
        if self._keep_within and self.height <= self._keep_within and aH < self._keep_within - 1:
            return []  # not at the top of a page: move the whole block on
        iw = self._inner_width(aW)
        used = self._pad_top
        for i, (f, (_w, h)) in enumerate(zip(self._content, self._sizes, strict=False)):
            gap = self._gap[i]
            if used + gap + h <= aH:
                used += gap + h
                continue
            room = aH - used - gap
            parts = f.splitOn(self.canv, iw, room) if room > 0 else []
            # a failed split may have dropped the child's layout (Paragraph
            # deletes blPara): wrap it again next time
            self._wrapped_at = None
            self._cache.pop(id(f), None)
            if parts and len(parts) > 1 and self._unpacks(parts[0], iw, room):
                # a list splits into its items whether or not the first fits:
                # go on splitting inside them (bounded: each level unpacks one)
                inner = self._copy(
                    [*self._content[:i], *parts, *self._content[i + 1 :]], top=True, bottom=True
                )
                inner._unpacked = self._unpacked + 1
                inner.spaceBefore = getattr(self, "spaceBefore", 0)
                inner.spaceAfter = getattr(self, "spaceAfter", 0)
                return list(inner.splitOn(self.canv, aW, aH))
            if parts and len(parts) > 1:
                first = [*self._content[:i], parts[0]]
                rest = list(parts[1:]) + self._content[i + 1 :]
            elif i > 0:
                first = self._content[:i]
                rest = self._content[i:]
            else:
                return []
            a = self._copy(first, top=self._pad_top > 0, bottom=False)
            b = self._copy(rest, top=False, bottom=self._pad_bottom > 0)
            a.spaceBefore = getattr(self, "spaceBefore", 0)
            b.spaceAfter = getattr(self, "spaceAfter", 0)
            return [a, b]
        return [self]

    _unpacked = 0

    def _unpacks(self, first: Flowable, iw: float, room: float) -> bool:
        """The first part of a child's split does not fit where it must go."""
        return self._unpacked < 64 and first.wrapOn(self.canv, iw, 0x7FFFFFFF)[1] > room

    def draw(self) -> None:
        canv = self.canv
        w, h = self.width, self.height
        if self._background is not None:
            canv.saveState()
            canv.setFillColor(self._background)
            canv.rect(0, 0, w, h, stroke=0, fill=1)
            canv.restoreState()
        if self._bar:
            canv.saveState()
            canv.setFillColor(self._bar_color)
            x = w - self._bar if self._right else 0
            canv.rect(x, 0, self._bar, h, stroke=0, fill=1)
            canv.restoreState()
        x = self._pad_other if self._right else self._pad
        y = h - self._pad_top
        for f, (_fw, fh), gap in zip(self._content, self._sizes, self._gap, strict=False):
            y -= gap + fh
            f.drawOn(canv, x, y)


class Gate:
    """Whether the table of contents is shown: exactly the brief's setting."""

    def __init__(self, toc: bool) -> None:
        self.toc = toc


class GatedParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type information
    def __init__(self, text: str, style: ParagraphStyle, gate: Gate) -> None:
        super().__init__(text, style)
        self._gate = gate

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if not self._gate.toc:
            return 0, 0
        w, h = super().wrap(aW, aH)
        return w, h

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if not self._gate.toc:
            return []
        parts: list[Flowable] = super().split(aW, aH)
        return parts

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's camelCase hook
        space: float = super().getSpaceBefore() if self._gate.toc else 0
        return space

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's camelCase hook
        space: float = super().getSpaceAfter() if self._gate.toc else 0
        return space

    def draw(self) -> None:
        if self._gate.toc:
            super().draw()


class TOC(TableOfContents):  # type: ignore[misc]  # reportlab ships no type information
    """The contents list, laid out once. It starts with its entries (read
    from the tree, so it has its final height at once); each entry's dot
    leader and page number is a form XObject, drawn after the last page
    (:meth:`define_forms`) when the page is known."""

    _table: Any  # set by wrap

    def __init__(self, gate: Gate, entries: list[tuple[int, str, str]], **kw: Any) -> None:
        super().__init__(**kw)
        self._gate = gate
        self._toc_entries = list(entries)  # (level, markup, key)
        self._drawn: dict[str, tuple[str, float, int]] = {}  # form -> (key, width, level)

    def isSatisfied(self) -> bool:  # noqa: N802 - reportlab's camelCase hook
        return True

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if not self._gate.toc:
            self._table = None
            return 0, 0
        self.canv.setNamedCB("briefTOCEntryEnd", partial(self._entry_end, aW))
        rows = []
        for i, (level, text, key) in enumerate(self._toc_entries):
            if key:
                text = f'<a href="#{key}">{text}</a>'
            rows.append(
                [
                    Paragraph(
                        f'{text}<onDraw name="briefTOCEntryEnd" label="{i}"/>',
                        self.getLevelStyle(level),
                    )
                ]
            )
        self._table = Table(rows, colWidths=(aW,), style=self.tableStyle)
        w, h = self._table.wrapOn(self.canv, aW, aH)
        self.width, self.height = w, h
        return w, h

    def _entry_end(self, width: float, canvas: Any, _kind: str, label: str) -> None:
        """Where an entry's text ends: refer to the form of its page number
        (and link the rest of the line to the entry's place)."""
        i = int(label)
        level, _text, key = self._toc_entries[i]
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
        name = f"BriefTOC{i}"
        self._drawn[name] = (key, width - x, level)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(name)
        canvas.restoreState()
        if key:
            leading = self.getLevelStyle(level).leading
            canvas.linkRect("", key, (x, y, width, y + leading), relative=1)

    def define_forms(self, canv: Any, pages: dict[str, int]) -> None:
        """Draw each drawn entry's dot leader and page number (as reportlab's
        contents list does: dots up to the number, the number right-aligned,
        shrunk if it does not fit)."""
        for name, (key, free, level) in self._drawn.items():
            style = self.getLevelStyle(level)
            page = pages.get(key)
            canv.beginForm(name, -1, -style.leading, max(free, 0) + 1, 2 * style.leading)
            if page is not None:
                dots = " . " if 0 <= self.dotsMinLevel <= level else ""
                _page_number(canv, style, str(page), max(free, 0), dots)
            canv.endForm()

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if not self._gate.toc:
            return []
        parts: list[Flowable] = self._table.splitOn(self.canv, aW, aH)
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        if self._gate.toc and self._table is not None:
            self._table.drawOn(canvas, x, y, _sW)


def _page_number(canv: Any, style: Any, text: str, free: float, dots: str) -> None:
    """``text`` right-aligned in ``free`` points from 0, led by ``dots``."""
    size = style.fontSize
    w = stringWidth(text, style.fontName, size)
    while w > free and size >= 1.0:
        size *= 0.9
        w = stringWidth(text, style.fontName, size)
    n, dot_w = 0, 0.0
    if dots:
        dot_w = stringWidth(dots, style.fontName, size)
        n = max(0, int((free - w) / dot_w))
    tx = canv.beginText(free - n * dot_w - w, 0)
    tx.setFont(style.fontName, size)
    tx.setFillColor(style.textColor)
    tx.textLine(n * dots + text)
    canv.drawText(tx)


class Swatch(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """A small colour square (legend key), tinted like the highlights."""

    def __init__(self, color: str, size: float = 9) -> None:
        super().__init__()
        self.color = color
        self.size = size
        self.width = self.height = size

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(tint(self.color, 0.45))
        self.canv.setStrokeColor(colors.HexColor(hex_color(self.color)))
        self.canv.setLineWidth(0.6)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=1)
        self.canv.restoreState()

"""Left-to-right paragraphs of styled runs, set without reportlab's markup.

A reportlab ``Paragraph`` whose text mixes fonts, colours or links parses
its markup with an HTML parser and then breaks and draws its lines through
a general path that compares fragments word by word: about ten times the
cost of a paragraph in one font. Most of the brief's small mixed paragraphs
(every excerpt's citation line, analysts' notes with a link or an emphasis)
need none of that generality, so :class:`RunParagraph` takes the runs
directly (text, face, size, colour, link) and sets them the way a
left-aligned ``Paragraph`` does: greedy line breaks at spaces (a line may
run over by 5% of its spaces, which are then shrunk), the first baseline one
font size below the top, one leading per line, links over the words they
cover.

Anything it does not do (a word wider than the line, soft hyphens, a
zero-width space, a right-to-left character) hands the paragraph to
reportlab: :class:`RunParagraph` then builds the equivalent ``Paragraph``
from the markup it was given and delegates to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.render.pdf import bidi as _bidi
from briefing.render.pdf.rl import Flowable, Paragraph, ParagraphStyle, stringWidth


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one face, size and colour, optionally a link (``#anchor`` or a
    URL), a background (a highlighted passage) and an underline colour."""

    text: str
    face: str
    size: float
    color: Any
    href: str | None = None
    back: Any = None
    under: Any = None


BREAK = Run("\n", "", 0, None)
"""A forced line break (Markdown's hard break)."""

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_UNUSUAL = re.compile("[\xad\u200b\u2028\u2029\u00a0\u202f\u0085\u1680\u2000-\u200a\u205f\u3000]")
"""Characters reportlab breaks or joins lines at in its own way (soft hyphen,
zero-width space, no-break spaces, Unicode spaces and line separators)."""

UNDERLINE = (1.2, -1.5)
"""An underline's width and offset from the baseline (a second theme's colour)."""

SHRINK = 0.05
"""How much a space may shrink to keep a word on its line (reportlab's default)."""

# a word: its pieces (run, text, width) and its width
_Word = tuple[list[tuple["Run", str, float]], float]
# a line: its words, the space before each word (width, the run it is in), its width
_Space = tuple[float, "Run | None"]
_Line = tuple[list[_Word], list[_Space], float]


def usable(runs: list[Run]) -> bool:
    """Whether :class:`RunParagraph` sets these runs itself (no right-to-left
    text, no soft hyphen or zero-width space)."""
    return not any(_UNUSUAL.search(r.text) or _bidi.has_rtl(r.text) for r in runs)


class RunParagraph(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """A left-aligned paragraph of :class:`Run` s in ``style``'s leading and
    spacing; ``markup()`` gives the same paragraph as reportlab markup, used
    when a line cannot be set here (a word wider than the line)."""

    def __init__(
        self,
        runs: list[Run],
        style: ParagraphStyle,
        markup: Callable[[], str],
        *,
        lines: list[_Line] | None = None,
    ) -> None:
        super().__init__()
        self._runs = runs
        self.style = style
        self._markup = markup
        self._lines: list[_Line] | None = lines
        self._wrapped_for: float | None = None if lines is None else -1.0
        self._para: Any = None
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    # -- reportlab's delegate ------------------------------------------------------------

    def _delegate(self) -> Any:
        if self._para is None:
            self._para = Paragraph(self._markup(), self.style)
        return self._para

    # -- line breaking -------------------------------------------------------------------

    def _words(self) -> list[tuple[_Word, _Space, bool]]:
        """(word, the space before it, forced break before it); a space is
        set in the face of the run it is in, as reportlab does."""
        out: list[tuple[_Word, _Space, bool]] = []
        pieces: list[tuple[Run, str, float]] = []
        width = 0.0
        space: _Space = (0.0, None)
        forced = False
        space_run: Run | None = None
        pending_break = False

        def end_word() -> None:
            nonlocal pieces, width
            if pieces:
                out.append(((pieces, width), space, forced))
            pieces, width = [], 0.0

        for run in self._runs:
            if run is BREAK:
                end_word()
                pending_break, space_run = True, None
                continue
            for i, chunk in enumerate(_SPACE.split(run.text)):
                if i:  # a space ended the word before this chunk
                    end_word()
                    space_run = run
                if not chunk:
                    continue
                if not pieces:
                    space = (0.0, None)
                    if space_run is not None and out:
                        space = (_space_width(space_run.face, space_run.size), space_run)
                    forced = pending_break
                    space_run, pending_break = None, False
                w = stringWidth(chunk, run.face, run.size)
                pieces.append((run, chunk, w))
                width += w
        end_word()
        return out

    def _break(self, width: float) -> list[_Line] | None:
        lines: list[_Line] = []
        words: list[_Word] = []
        spaces: list[_Space] = []
        used = 0.0
        for word, space, forced in self._words():
            if word[1] > width:
                return None  # reportlab splits long words
            if words and not forced:
                new = used + space[0] + word[1]
                if new <= width + SHRINK * space[0] * len(words):
                    words.append(word)
                    spaces.append(space)
                    used = new
                    continue
            if words or forced:
                lines.append((words, spaces, used))
            words, spaces, used = [word], [(0.0, None)], word[1]
        if words:
            lines.append((words, spaces, used))
        return lines

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._para is None and self._wrapped_for != aW:
            if self._wrapped_for != -1.0:
                self._lines = self._break(aW)
                self._wrapped_for = aW
            if self._lines is None:
                self._delegate()
        if self._para is not None:
            w, h = self._para.wrap(aW, aH)
            self.width, self.height = w, h
            return w, h
        self.width = aW
        self.height = len(self._lines or []) * self.style.leading
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self.wrap(aW, aH)
        if self._para is not None:
            parts: list[Flowable] = self._para.split(aW, aH)
            return parts
        lines = self._lines or []
        fit = int((aH + 1e-8) // self.style.leading)
        n = len(lines)
        if fit >= n:
            return [self]
        if not self.style.allowWidows and n - fit == 1:
            fit -= 1
        if fit < 1 or (fit == 1 and n > 1 and not self.style.allowOrphans):
            return []
        first = RunParagraph(self._runs, self.style, self._markup, lines=lines[:fit])
        rest = RunParagraph(self._runs, self.style, self._markup, lines=lines[fit:])
        first.spaceAfter = 0
        rest.spaceBefore = 0
        return [first, rest]

    # -- drawing ---------------------------------------------------------------------------

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        canv = self.canv
        lines = self._lines or []
        if not lines:
            return
        leading = self.style.leading
        first = max((p[0].size for w in lines[0][0] for p in w[0]), default=self.style.fontSize)
        y = self.height - first
        tx = canv.beginText(0, y)
        state: list[Any] = [None, None]  # the text object's (face, size) and colour
        links: list[tuple[str, float, float, float, float]] = []
        underlines: list[tuple[Any, float, float, float]] = []  # colour, x1, x2, y
        buf: list[str] = []

        def flush() -> None:
            if buf:
                tx.textOut("".join(buf))
                buf.clear()

        def use(run: Run, colored: bool = True) -> None:
            key = (run.face, run.size)
            if key != state[0]:
                flush()
                state[0] = key
                tx.setFont(run.face, run.size, leading)
            if colored and run.color is not state[1]:
                flush()
                state[1] = run.color
                tx.setFillColor(run.color)

        for words, spaces, used in lines:
            over = used - self.width
            n_spaces = len(words) - 1
            ws = -over / n_spaces if over > 0 and n_spaces else 0.0
            tx.setTextOrigin(0, y)
            tx.setWordSpace(ws)
            x = 0.0
            size = max(p[0].size for word in words for p in word[0]) if words else 0.0
            open_marks: dict[bool, tuple[Any, float, float]] = {}  # under? -> colour, start, end
            marks: list[tuple[Any, float, float, bool]] = []  # colour, x1, x2, under
            for k, (pieces, _w) in enumerate(words):
                space_w, space_run = spaces[k]
                if space_run is not None:
                    use(space_run, colored=False)  # a space has no colour to show
                    buf.append(" ")
                    x += space_w + ws
                for run, text, w in pieces:
                    use(run)
                    buf.append(text)
                    if run.href:
                        links.append((run.href, x, y - run.size / 8.0, x + w, leading))
                    for under, color in ((False, run.back), (True, run.under)):
                        started = open_marks.get(under)
                        if started is not None and started[0] is not color:
                            # ends where its last piece ends (not over the space after it)
                            marks.append((started[0], started[1], started[2], under))
                            del open_marks[under]
                            started = None
                        if color is not None:
                            begin = x if started is None else started[1]
                            open_marks[under] = (color, begin, x + w)
                    x += w
            for under, (color, start, end) in open_marks.items():
                marks.append((color, start, end, under))
            for color, x1, x2, under in marks:
                if under:
                    underlines.append((color, x1, x2, y))
                else:  # behind the text, as reportlab's span backgrounds
                    canv.setFillColor(color)
                    canv.rect(x1, y + size - leading, x2 - x1, leading, stroke=0, fill=1)
            flush()
            y -= leading
        tx.setWordSpace(0)
        canv.drawText(tx)
        if underlines:
            canv.saveState()
            canv.setLineWidth(UNDERLINE[0])
            for color, x1, x2, yy in underlines:
                canv.setStrokeColor(color)
                canv.line(x1, yy + UNDERLINE[1], x2, yy + UNDERLINE[1])
            canv.restoreState()
        for href, x1, y1, x2, h in _merged(links):
            rect = (x1, y1, x2, y1 + h)
            if href.startswith("#"):
                canv.linkRect("", href[1:], rect, relative=1)
            else:
                canv.linkURL(href, rect, relative=1, kind="URI")


_spaces: dict[tuple[str, float], float] = {}


def _space_width(face: str, size: float) -> float:
    key = (face, size)
    w = _spaces.get(key)
    if w is None:
        w = _spaces[key] = stringWidth(" ", face, size)
    return w


def _merged(
    links: list[tuple[str, float, float, float, float]],
) -> list[tuple[str, float, float, float, float]]:
    """One rectangle per link per line (pieces of one link on a line joined)."""
    out: list[tuple[str, float, float, float, float]] = []
    for link in links:
        if out and out[-1][0] == link[0] and out[-1][2] == link[2]:
            prev = out[-1]
            out[-1] = (prev[0], prev[1], prev[2], link[3], prev[4])
        else:
            out.append(link)
    return out

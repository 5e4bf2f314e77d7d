"""Markdown kept as readable Markdown-ish plain text.

The first heading (when it opens the file, else the first level-1 heading)
becomes the title and leaves the body; YAML front matter gives author, date
and a title (which wins; a different heading then stays in the body).
Heading marks, emphasis, code ticks and link syntax are stripped; paragraphs
are unwrapped; list items, tables and code blocks keep their lines.
"""

from __future__ import annotations

import bisect
import re

from .imported import ImportedSource
from .metadata import build_source
from .text import decode

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+")
_ORDERED = re.compile(r"^[ \t]*\d{1,9}[.)][ \t]+")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")

_INLINE = [
    (re.compile(r"!\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # image -> alt
    (re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # <http://…>
    (re.compile(r"`+([^`]+?)`+"), r"\1"),  # `code`
]
"""Link and code patterns; each scan stops at the next bracket or tick, so a line of
unmatched ones stays linear. Emphasis is paired by ``_unwrap``."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_EMPHASIS = (  # (marker, marker characters, whether a marker may touch a word outside)
    ("**", "*", True),
    ("__", "_", True),
    ("~~", "~", True),
    ("*", "*", False),
    ("_", "_", False),
)


def _unwrap(line: str, mark: str, chars: str, touching: bool) -> str:
    """``line`` with each ``mark…mark`` pair replaced by its content, pairing an opener
    with the first closer after it, as a lazy regular expression would, but in one
    pass: a regular expression rescans the rest of the line from every unmatched
    opener, quadratic on "**a **a **a …". ``touching``: a marker may touch a word
    outside it (``**``), else not (``*em*``, ``_em_``)."""
    size = len(mark)
    at_marks = [i for i in range(len(line) - size + 1) if line.startswith(mark, i)]
    if len(at_marks) < 2:
        return line

    def outside_ok(c: str) -> bool:
        return touching or not (c.isalnum() or c == "_" or c in chars)

    def opener(i: int) -> bool:
        after = line[i + size : i + size + 1]
        inner_ok = bool(after) and not after.isspace() and (touching or after not in chars)
        return inner_ok and outside_ok(line[i - 1] if i else " ")

    def closer(j: int) -> bool:
        before = line[j - 1] if j else " "
        inner_ok = not before.isspace() and (touching or before not in chars)
        return inner_ok and outside_ok(line[j + size : j + size + 1] or " ")

    first_closer: list[int] = [-1] * (len(at_marks) + 1)  # at or after each mark
    for k in range(len(at_marks) - 1, -1, -1):
        first_closer[k] = at_marks[k] if closer(at_marks[k]) else first_closer[k + 1]
    out: list[str] = []
    done = 0  # the line up to here is in ``out``
    for i in at_marks:
        if i < done or not opener(i):
            continue
        j = first_closer[bisect.bisect_left(at_marks, i + size + 1)]  # content >= 1 character
        if j < 0:
            continue
        out += [line[done:i], line[i + size : j]]
        done = j + size
    out.append(line[done:])
    return "".join(out)


def plain_inline(line: str) -> str:
    """A line without emphasis markers, code ticks and link syntax."""
    if not any(mark in line for mark in "*_`[~\\<"):
        return line
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    for mark, chars, touching in _EMPHASIS:
        if mark in line:
            line = _unwrap(line, mark, chars, touching)
    return _ESCAPE.sub(r"\1", line)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, text[m.end() :]


def _heading(lines: list[str], i: int) -> tuple[str, int] | None:
    """(heading text, level) when line i is an ATX heading or the text of a setext one."""
    if m := _ATX.match(lines[i]):
        return (m.group(2) or "").strip(), len(m.group(1))
    if (
        i + 1 < len(lines)
        and lines[i].strip()
        and not _BULLET.match(lines[i])
        and (m := _SETEXT.match(lines[i + 1]))
        and not _RULE.match(lines[i])
    ):
        return lines[i].strip(), 1 if m.group(1)[0] == "=" else 2
    return None


def _title_line(lines: list[str]) -> int | None:
    """Index of the heading that is the title: the first block if a heading, else the first H1."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _heading(lines, first):
        return first
    fenced = False
    for i in range(len(lines)):
        if _FENCE.match(lines[i]):
            fenced = not fenced
        elif not fenced and (h := _heading(lines, i)) and h[1] == 1:
            return i
    return None


def to_plain(lines: list[str]) -> str:
    """Markdown lines as plain paragraphs (blocks separated by a blank line)."""
    out: list[str] = []
    joinable = False  # the last output line is prose a soft-wrapped line may continue
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if fence:
            if line.strip().startswith(fence):
                fence = ""
                out.append("")
            else:
                out.append(line)
            i += 1
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)
            out.append("")
            joinable = False
            i += 1
            continue
        if heading := _heading(lines, i):
            out += ["", plain_inline(heading[0]), ""]
            joinable = False
            i += 1 if _ATX.match(line) else 2
            continue
        i += 1
        line = _QUOTE.sub("", line)
        if not line.strip() or _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            joinable = False
            continue
        if bullet := _BULLET.match(line):
            out.append(bullet.group(1) + "- " + plain_inline(line[bullet.end() :].strip()))
            joinable = True
        elif _ORDERED.match(line) or line.lstrip().startswith("|"):
            out.append(plain_inline(line.rstrip()))
            joinable = not line.lstrip().startswith("|")
        else:
            hard = line.endswith("  ") or line.rstrip().endswith("\\")
            content = plain_inline(line.strip().removesuffix("\\").rstrip())
            if joinable and out:
                out[-1] += " " + content
            else:
                out.append(content)
            joinable = not hard
    return "\n".join(out)


def import_markdown(data: bytes, name: str) -> ImportedSource:
    """A Markdown file: title from front matter or the first heading, body as plain text."""
    fields, text = _front_matter(decode(data, name).lstrip("\ufeff").replace("\r\n", "\n"))
    lines = text.replace("\r", "\n").split("\n")
    title = fields.get("title", "")
    at = _title_line(lines)
    heading = _heading(lines, at) if at is not None else None
    if at is not None and heading and (not title or plain_inline(heading[0]) == title):
        title = plain_inline(heading[0])  # the heading is the title: it leaves the body
        del lines[at : at + (1 if _ATX.match(lines[at]) else 2)]
    return build_source(
        to_plain(lines),
        filename=name,
        title=title,
        author=fields.get("author", ""),
        date=fields.get("date", ""),
        url=fields.get("url", ""),
        language=fields.get("lang", fields.get("language", "")),
        empty_reason="the file has no text",
    )

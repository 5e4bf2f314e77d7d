"""Builders for the REFI-QDA tests: the sample with extras, schema validation,
and hand-made archives in the shapes other tools write."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from briefing.sample import write_sample
from briefing.store import Store

SCHEMAS = Path(__file__).resolve().parent / "standards" / "refi-qda"

SECOND_TEXT = (
    "Ceasefire talks 🕊 resume in Basra.\n\n"
    "Delegates from both sides met on Tuesday; the mediator called the talks “frank”.\n"
    "A second round is planned for next month.\n\n"
    "Observers remain cautious about the timetable."
)


def rich_sample(path: Path) -> Store:
    """The sample plus what it lacks: a second source with an emoji, metadata and
    a note, a sub-theme, an excluded highlight, a highlight with a note."""
    store = write_sample(path)
    sid = store.add_source(
        "Talks resume",
        SECOND_TEXT,
        author="Desk",
        date="2026-01-05",
        dateline="Basra",
        url="https://example.org/talks",
        language="en",
        note="Wire copy, **unconfirmed**.",
    )
    parent = store.themes()[0].id
    sub = store.add_theme("Talks/mediation", color="#123456", description="", parent_id=parent)
    start = SECOND_TEXT.index("the mediator")
    store.add_highlight(
        sid,
        start,
        start + len("the mediator called the talks “frank”"),
        theme_ids=[sub],
        note="Tone matters.",
    )
    start = SECOND_TEXT.index("A second round")
    store.add_highlight(sid, start, SECOND_TEXT.index(" next month"), included=False)
    start = SECOND_TEXT.index("Ceasefire")
    store.add_highlight(sid, start, start + len("Ceasefire talks 🕊 resume"), theme_ids=[parent])
    return store


def schema(name: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def qde_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def make_zip(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def maxqda_like(n_sources: int = 10, parents: int = 11, n_codes: int = 307) -> bytes:
    """A .qdpx shaped like a MAXQDA 24 export: CRLF texts of 30-45 kB under
    sources/, a two-level codebook of ``n_codes`` codes (``parents`` of them at the
    top) with lower-case colours, document variables, no codings, and an
    ``xsi:schemaLocation`` on the web (which must never be fetched)."""
    import uuid

    def g() -> str:
        return "{" + str(uuid.uuid4()).upper() + "}"

    user = g()
    codes = []
    for p in range(parents):
        children = (n_codes - parents) // parents + (p < (n_codes - parents) % parents)
        kids = "".join(
            f'<Code guid="{g()}" name="Sub {p}.{c} / detail" isCodable="true" '
            f'color="#a0{c:02x}40"/>'
            for c in range(children)
        )
        codes.append(
            f'<Code guid="{g()}" name="Category {p}" isCodable="true" color="#ff{p:02x}00">'
            f"<Description>Category number {p}</Description>{kids}</Code>"
        )
    var_author = g()
    members: dict[str, bytes | str] = {}
    sources = []
    for i in range(n_sources):
        guid = g()
        size = 30_000 + i * 1_200
        para = f"Interview {i}, paragraph with Umlaute äöü and more words to read. "
        text = "\r\n".join(para * 3 for _ in range(size // (len(para) * 3) + 1))[:size]
        members[f"sources/{guid}.txt"] = "\ufeff" + text
        sources.append(
            f'<TextSource guid="{guid}" name="Interview {i:02d}" '
            f'plainTextPath="internal://{guid}.txt" creatingUser="{user}" '
            f'creationDateTime="2025-03-0{1 + i % 9}T10:00:00Z">'
            f'<VariableValue><VariableRef targetGUID="{var_author}"/>'
            f"<TextValue>Person {i}</TextValue></VariableValue></TextSource>"
        )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:QDA-XML:project:1.0 '
        'http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" '
        f'name="Study" origin="MAXQDA 24" creatingUserGUID="{user}">'
        f'<Users><User guid="{user}" name="Analyst"/></Users>'
        f"<CodeBook><Codes>{''.join(codes)}</Codes></CodeBook>"
        f'<Variables><Variable guid="{var_author}" name="Author" typeOfVariable="Text"/>'
        "</Variables>"
        f"<Sources>{''.join(sources)}</Sources></Project>"
    )
    members["project.qde"] = qde
    return make_zip(members)

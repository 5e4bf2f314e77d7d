"""Bringing a REFI-QDA project (``.qdpx``) or a codebook into an open project.

Parsing is the importers' job (``importers.refi_project``,
``importers.codebook_file``: untrusted input, no store); this module writes the
parsed result through the store in ONE transaction (``Store.transaction``), so
a file that fails half-way leaves the project as it was.

What it recognises instead of duplicating: themes by name (the project's
colour and description win), sources by GUID (an export of this very project:
``model.stable_guid``) or by the same text as a source the project had before,
highlights by GUID or by the same
span on the same source, judgments by GUID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codebook import apply_codebook
from .importers.codebook_file import read_codebook
from .importers.imported import read_bytes
from .importers.refi_project import QdpxProject, read_qdpx
from .model import content_hash, normalize_text, stable_guid
from .store import Store


@dataclass
class QdpxReport:
    """What an import did, for the command line and the window."""

    sources_added: list[tuple[int, str, int]] = field(default_factory=list)
    """(id, title, characters) of each new source."""
    sources_known: int = 0
    themes_added: int = 0
    themes_matched: int = 0
    highlights_added: int = 0
    highlights_known: int = 0
    judgments_added: int = 0
    bottom_line: bool = False
    problems: list[str] = field(default_factory=list)


def read_project_file(path: str | Path) -> QdpxProject:
    """Parse a ``.qdpx`` (ImportRefused for anything unreadable)."""
    return read_qdpx(read_bytes(path), Path(path).name)


def read_codebook_file(path: str | Path) -> list[dict[str, Any]]:
    """Parse a codebook ``.qdc``, ``.csv`` or ``.json`` (ImportRefused)."""
    return read_codebook(read_bytes(path), Path(path).name)


def import_codebook(store: Store, nodes: list[dict[str, Any]]) -> tuple[int, int]:
    """Merge a codebook by name in one transaction: (added, already there)."""
    total = _count(nodes)
    with store.transaction():
        added = apply_codebook(store, nodes)
    return len(added), total - len(added)


def _count(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count(n.get("children", [])) for n in nodes)


def import_qdpx(store: Store, parsed: QdpxProject) -> QdpxReport:
    """Add a parsed ``.qdpx`` to the project, all or nothing."""
    report = QdpxReport(problems=list(parsed.problems))
    with store.transaction():
        _write(store, parsed, report)
    return report


def _write(store: Store, parsed: QdpxProject, report: QdpxReport) -> None:
    uuid = store.project_uuid()
    themes = _themes(store, parsed, report)
    by_hash = {s.content_hash: s.id for s in store.sources()}
    by_guid = {stable_guid(uuid, "source", sid): sid for sid in by_hash.values()}
    known_h = {stable_guid(uuid, "highlight", h.id): h.id for h in store.highlights()}
    selections: dict[str, int] = {}
    for source in parsed.sources:
        text = normalize_text(source.text)
        sid = by_guid.get(source.guid) or by_hash.get(content_hash(text))
        spans: dict[tuple[int, int], int] = {}
        if sid is None:
            sid = store.add_source(source.title, text, **source.meta, note=source.note)
            report.sources_added.append((sid, source.title, len(text)))
        else:
            report.sources_known += 1
            spans = {(h.start, h.end): h.id for h in store.highlights(sid)}
        for sel in source.selections:
            known = known_h.get(sel.guid) or spans.get((sel.start, sel.end))
            if known is not None:
                selections[sel.guid] = known
                report.highlights_known += 1
                continue
            missing = [g for g in sel.code_guids if g not in themes]
            if missing:
                report.problems.append(
                    f"source {source.title!r}: a coding refers to an unknown code {missing[0]}"
                )
            theme_ids = list(dict.fromkeys(themes[g] for g in sel.code_guids if g in themes))
            included = parsed.in_brief is None or sel.guid in parsed.in_brief
            hid = store.add_highlight(
                sid, sel.start, sel.end, theme_ids=theme_ids, note=sel.note, included=included
            )
            selections[sel.guid] = spans[(sel.start, sel.end)] = hid
            report.highlights_added += 1
    known_j = {stable_guid(uuid, "note", f"judgment/{j.id}") for j in store.judgments()}
    for j in parsed.judgments:
        if j.guid in known_j:
            continue
        support = [selections[g] for g in j.support if g in selections]
        store.add_judgment(
            j.text, confidence=j.confidence, likelihood=j.likelihood, support=support
        )
        report.judgments_added += 1
    if parsed.bottom_line.strip():
        current = store.brief().bottom_line
        if not current.strip():
            store.update_brief(bottom_line=parsed.bottom_line)
            report.bottom_line = True
        elif current.strip() != parsed.bottom_line.strip():
            report.problems.append("the project has a bottom line already; the file's is not used")


def _themes(store: Store, parsed: QdpxProject, report: QdpxReport) -> dict[str, int]:
    """Code GUID -> theme id, adding the codes the project lacks (by name)."""
    placed: dict[int, int] = {}
    added = set(apply_codebook(store, parsed.codes, placed=placed))
    out: dict[str, int] = {}
    stack = list(parsed.codes)
    while stack:
        node = stack.pop()
        stack.extend(node.get("children", []))
        tid = placed[id(node)]
        if node.get("guid"):
            out[node["guid"]] = tid
        narrative = parsed.narratives.get(node.get("guid", ""), "")
        if narrative.strip() and not store.theme(tid).narrative.strip():
            store.update_theme(tid, narrative=narrative)
    report.themes_added = len(added)
    report.themes_matched = len(placed) - len(added)
    return out

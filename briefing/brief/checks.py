"""Tradecraft checks on a brief before it goes out (ICD 203 / 206 lint rules).

``check_brief(project)`` returns ``Finding`` s -- few and useful:

* ``judgment-empty``: a key judgment has no text.
* ``judgment-confidence``: a key judgment has no confidence level.
* ``likelihood-rows``: a judgment mixes the two rows of the ICD 203 scale
  ("almost no chance ... almost certain(ly)" and "remote ... nearly certain").
  The whole scale is recognised with the inflections analysts write: almost
  no chance / remote; very unlikely / highly improbable; unlikely /
  improbable / improbably; roughly even chance / roughly even odds; likely /
  probable / probably; very likely / highly probable; almost certain(ly) /
  nearly certain(ly). Terms are found in the text as the reader sees it
  (Markdown emphasis does not hide a term).
* ``likelihood-mismatch``: the judgment's likelihood is set and its text uses
  a term for a different step of the scale.
* ``likelihood-unset``: the text uses a likelihood term but the judgment's
  likelihood is not set.
* ``confidence-with-likelihood``: a sentence of a judgment or of the bottom
  line carries both a confidence level ("high confidence") and a
  likelihood term (ICD 203 keeps them apart). Semicolons, colons and dashes
  do not end a sentence.
* ``judgment-no-support``: a key judgment with text cites no excerpt.
* ``excerpt-fragment``: an included excerpt has fewer than four words
  (the message quotes it).
* ``source-after-brief``: the brief is dated before a source whose excerpts
  are in the brief or cited by a judgment (names the source and its date).
* ``excerpt-no-source``: an included excerpt's source is missing.
* ``source-no-date``: a source cited in the brief has no date (one finding
  per source).
* ``marking-missing``: the handling marking is not set.
* ``theme-empty``: a top-level theme has highlights tagged (itself or its
  children) but its section would show nothing -- no narrative and no
  included excerpt -- so the brief leaves it out. Codebook themes nothing
  was tagged with are not reported.
* ``orphans-excluded``: highlights that re-import could not find again are
  left out of the brief (one finding per source).

What the brief holds (excerpts, sections, citations) comes from
``briefing.brief.contents``, as for ``compose``.
Judgments are numbered as in the brief: by position, then id, from 1.
No Qt; the messages are one line each and name the judgment number, theme
name or source title.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import LIKELIHOODS, Highlight, Judgment, Project
from ..text import shorten
from .contents import Contents, brief_contents
from .markup import parse, plain_text

ROW_A: tuple[str, ...] = LIKELIHOODS
"""ICD 203 terms, first row (model.LIKELIHOODS), lowest first."""

ROW_B: tuple[str, ...] = (
    "remote",
    "highly improbable",
    "improbable",
    "roughly even odds",
    "probable",
    "highly probable",
    "nearly certain",
)
"""ICD 203 terms, second row, lowest first (same steps as ROW_A)."""

_TERMS: dict[str, tuple[int, int]] = {}
for _i, _t in enumerate(ROW_A):
    _TERMS[_t] = (0, _i)
_TERMS["almost certainly"] = (0, 6)
for _i, _t in enumerate(ROW_B):
    _TERMS[_t] = (1, _i)
_TERMS["improbably"] = (1, 2)
_TERMS["probably"] = (1, 4)
_TERMS["highly improbably"] = (1, 1)
_TERMS["highly probably"] = (1, 5)
_TERMS["nearly certainly"] = (1, 6)


def _term_pattern(term: str) -> str:
    words = [re.escape(w) for w in term.split()]
    body = r"\s+".join(words)
    if term == "remote":  # "remote" alone is too common: only "a remote chance" etc.
        return r"remote(?=\s+(?:chance|possibility|likelihood|probability|prospect)s?\b)"
    return body


_TERM_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(_term_pattern(t) for t in sorted(_TERMS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

_CONFIDENCE_RE = re.compile(
    r"(?<![\w-])(?:high|moderate|medium|low)[\s-]+confidence(?![\w-])"
    r"|(?<![\w-])confidence\s+(?:is|was|remains|level\s+is)\s+(?:high|moderate|medium|low)(?![\w-])",
    re.IGNORECASE,
)

_SENTENCE = re.compile(r"(?<=[.!?\u2026\u061f\u06d4])\s+|\n\s*\n")
"""Sentence breaks: . ! ? \u2026 \u061f \u06d4 then whitespace, or a blank line
(a semicolon, colon or dash joins clauses of one sentence)."""

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")

MIN_EXCERPT_WORDS = 4


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    target_kind: str
    """"brief", "judgment", "theme", "source" or "highlight"."""
    target_id: int | None = None

    def __str__(self) -> str:
        return self.message


def reader_text(markdown: str) -> str:
    """``markdown`` as the reader sees it: emphasis, links and code marks gone."""
    return plain_text(parse(markdown))


def likelihood_terms(text: str) -> list[tuple[str, int, int]]:
    """The ICD 203 terms in ``text``: (term as written, row 0/1, step 0..6)."""
    out = []
    for m in _TERM_RE.finditer(text):
        key = " ".join(m.group(1).lower().split())
        if key.startswith("remote"):
            key = "remote"
        row, step = _TERMS[key]
        out.append((m.group(1), row, step))
    return out


def mixes_confidence(text: str) -> bool:
    """True when one sentence of ``text`` has both a likelihood term and a
    confidence level."""
    return any(_TERM_RE.search(s) and _CONFIDENCE_RE.search(s) for s in _SENTENCE.split(text))


def _short(text: str, limit: int = 40) -> str:
    return shorten(text, limit, rstrip=True)


def check_brief(project: Project, contents: Contents | None = None) -> list[Finding]:
    """Tradecraft findings for the brief ``project`` makes (see module doc).

    ``contents`` is ``brief_contents(project)`` when the caller has it already.
    """
    if contents is None:
        contents = brief_contents(project)
    findings = _brief_findings(project)
    for n, j in enumerate(contents.judgments, 1):
        findings.extend(_judgment_findings(n, j))
    findings.extend(_source_findings(contents))
    findings.extend(_date_findings(project, contents))
    findings.extend(_fragment_findings(contents))
    findings.extend(_empty_theme_findings(contents))
    findings.extend(_orphan_findings(contents))
    return findings


def _brief_findings(project: Project) -> list[Finding]:
    findings: list[Finding] = []
    brief = project.brief
    if not brief.marking.strip():
        findings.append(
            Finding(
                "marking-missing",
                "The handling marking is not set (e.g. UNCLASSIFIED or TLP:CLEAR).",
                "brief",
            )
        )
    if mixes_confidence(reader_text(brief.bottom_line)):
        findings.append(
            Finding(
                "confidence-with-likelihood",
                "The bottom line puts a confidence level and a likelihood term in the "
                "same sentence.",
                "brief",
            )
        )
    return findings


def _judgment_findings(n: int, j: Judgment) -> list[Finding]:
    findings: list[Finding] = []
    label = f"Key judgment {n}"
    if not j.text.strip():
        findings.append(Finding("judgment-empty", f"{label} has no text.", "judgment", j.id))
    elif not j.support:
        findings.append(
            Finding(
                "judgment-no-support",
                f"{label} cites no supporting excerpt.",
                "judgment",
                j.id,
            )
        )
    conf = j.confidence.value if hasattr(j.confidence, "value") else str(j.confidence or "")
    if conf.strip().lower() not in ("low", "moderate", "high"):
        findings.append(
            Finding(
                "judgment-confidence",
                f"{label} has no confidence level (low, moderate or high).",
                "judgment",
                j.id,
            )
        )
    text = reader_text(j.text)
    terms = likelihood_terms(text)
    rows = {row for _, row, _ in terms}
    if len(rows) > 1:
        a = next(t for t, r, _ in terms if r == 0)
        b = next(t for t, r, _ in terms if r == 1)
        findings.append(
            Finding(
                "likelihood-rows",
                f"{label} mixes two rows of the likelihood scale (\u201c{a.lower()}\u201d and "
                f"\u201c{b.lower()}\u201d); use one row.",
                "judgment",
                j.id,
            )
        )
    field = (j.likelihood or "").strip().lower()
    if field in LIKELIHOODS:
        step = LIKELIHOODS.index(field)
        other = next((t for t, _, s in terms if s != step), None)
        if other is not None:
            findings.append(
                Finding(
                    "likelihood-mismatch",
                    f"{label} says \u201c{other.lower()}\u201d but its likelihood is set to "
                    f"\u201c{field}\u201d.",
                    "judgment",
                    j.id,
                )
            )
    elif terms:
        findings.append(
            Finding(
                "likelihood-unset",
                f"{label} uses \u201c{terms[0][0].lower()}\u201d but its likelihood is not set.",
                "judgment",
                j.id,
            )
        )
    if mixes_confidence(text):
        findings.append(
            Finding(
                "confidence-with-likelihood",
                f"{label} puts a confidence level and a likelihood term in the same sentence; "
                "give the confidence separately.",
                "judgment",
                j.id,
            )
        )
    return findings


def _source_findings(contents: Contents) -> list[Finding]:
    """Excerpts in the brief without a source, and cited sources without a date."""
    findings: list[Finding] = []
    sources = contents.sources
    highlights = {h.id: h for h in contents.project.highlights}
    in_brief = list(contents.included_tagged)
    seen_ids = {h.id for h in in_brief}
    in_brief += [
        highlights[hid]
        for hid in sorted(contents.cited_ids - seen_ids)
        if hid in highlights and not highlights[hid].orphan
    ]
    undated: Counter[int] = Counter()
    for h in in_brief:
        src = sources.get(h.source_id)
        if src is None:
            findings.append(
                Finding(
                    "excerpt-no-source",
                    f"The excerpt \u201c{_short(h.quote)}\u201d has no source.",
                    "highlight",
                    h.id,
                )
            )
        elif not src.date.strip():
            undated[src.id] += 1
    for sid, count in undated.items():
        title = _short(sources[sid].title or sources[sid].filename or f"source {sid}", 60)
        findings.append(
            Finding(
                "source-no-date",
                f"Source \u201c{title}\u201d has no date "
                f"({count} excerpt{'s' if count != 1 else ''} in the brief).",
                "source",
                sid,
            )
        )
    return findings


def _empty_theme_findings(contents: Contents) -> list[Finding]:
    """Top-level themes with highlights whose section would show nothing."""
    findings: list[Finding] = []
    for top in contents.tree.children(None):
        subtree = contents.tree.subtree(top.id)
        if not any(contents.tagged[t.id] for t in subtree):
            continue
        if any(t.narrative.strip() or contents.included[t.id] for t in subtree):
            continue
        findings.append(
            Finding(
                "theme-empty",
                f"Theme \u201c{_short(top.name, 60)}\u201d has highlights but no narrative and no "
                "included excerpt, so it is left out of the brief.",
                "theme",
                top.id,
            )
        )
    return findings


def _orphan_findings(contents: Contents) -> list[Finding]:
    """Highlights left out because re-import lost them, one finding per source."""
    findings: list[Finding] = []
    orphans: Counter[int] = Counter()
    for h in contents.project.highlights:
        if h.orphan and (h.included or h.id in contents.cited_ids):
            orphans[h.source_id] += 1
    for sid, count in orphans.items():
        src = contents.sources.get(sid)
        title = _short(src.title or src.filename, 60) if src else f"source {sid}"
        what = "1 highlight" if count == 1 else f"{count} highlights"
        findings.append(
            Finding(
                "orphans-excluded",
                f"{what} in \u201c{title}\u201d could not be found after re-import and "
                f"{'is' if count == 1 else 'are'} left out of the brief.",
                "source",
                sid,
            )
        )
    return findings


def _iso_date(text: str) -> tuple[int, int, int] | None:
    m = _DATE_RE.match(text or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _brief_highlights(contents: Contents) -> list[Highlight]:
    """Included excerpts and cited highlights (non-orphan), each once."""
    highlights = {h.id: h for h in contents.project.highlights}
    out = list(contents.included_tagged)
    seen = {h.id for h in out}
    out += [
        highlights[hid]
        for hid in sorted(contents.cited_ids - seen)
        if hid in highlights and not highlights[hid].orphan
    ]
    return out


def _date_findings(project: Project, contents: Contents) -> list[Finding]:
    """Sources in the brief dated after the brief itself."""
    brief_date = _iso_date(project.brief.date)
    if brief_date is None:
        return []
    findings: list[Finding] = []
    seen: set[int] = set()
    for h in _brief_highlights(contents):
        src = contents.sources.get(h.source_id)
        if src is None or src.id in seen:
            continue
        seen.add(src.id)
        date = _iso_date(src.date)
        if date is not None and date > brief_date:
            title = _short(src.title or src.filename or f"source {src.id}", 60)
            findings.append(
                Finding(
                    "source-after-brief",
                    f"The brief is dated {project.brief.date.strip()} but cites "
                    f"\u201c{title}\u201d dated {src.date.strip()}.",
                    "source",
                    src.id,
                )
            )
    return findings


def _fragment_findings(contents: Contents) -> list[Finding]:
    """Included excerpts too short to stand on their own."""
    findings: list[Finding] = []
    for h in contents.included_tagged:
        if h.source_id not in contents.sources:
            continue
        if len(h.quote.split()) < MIN_EXCERPT_WORDS:
            findings.append(
                Finding(
                    "excerpt-fragment",
                    f"The excerpt \u201c{_short(h.quote.strip())}\u201d is a fragment "
                    f"(fewer than {MIN_EXCERPT_WORDS} words).",
                    "highlight",
                    h.id,
                )
            )
    return findings

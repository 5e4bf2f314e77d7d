"""Small Project objects built directly, for compose, checks and output tests."""

from __future__ import annotations

from briefing.model import Brief, Highlight, Judgment, Project, Source, Theme, context_of

ARTICLE_1 = (
    "date 2025-12-29 Baghdad, Iraq \u2014 "
    "The United States has concluded its military presence.\n\n"
    "Local leaders have raised alarms about instability and the influence of Iran.\n\n"
    "Some view the withdrawal as an opportunity for institutional reform.\n\n"
    "The departure highlights the critical juncture Iraq faces."
)
ARTICLE_2 = (
    "Parliament debated the security agreement for six hours.\n\n"
    "\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0625\u0646 "
    "\u0627\u0644\u0627\u0646\u0633\u062d\u0627\u0628 \u0627\u0643\u062a\u0645\u0644.\n\n"
    "Militias announced they would keep their weapons."
)
ARTICLE_3 = "An uncited source that nobody quotes.\n\nIt should not be listed."


def hl(
    hid: int,
    source: Source,
    quote: str,
    themes: tuple[int, ...] = (),
    *,
    note: str = "",
    included: bool = True,
    orphan: bool = False,
    occurrence: int = 0,
) -> Highlight:
    """A highlight of ``quote`` in ``source`` (its ``occurrence``-th match)."""
    start = -1
    for _ in range(occurrence + 1):
        start = source.text.index(quote, start + 1)
    end = start + len(quote)
    prefix, q, suffix = context_of(source.text, start, end)
    return Highlight(
        id=hid,
        source_id=source.id,
        start=start,
        end=end,
        quote=q,
        prefix=prefix,
        suffix=suffix,
        theme_ids=themes,
        note=note,
        included=included,
        orphan=orphan,
    )


def make_project(**brief_fields) -> Project:
    """A small, tradecraft-clean project.

    Sources 1 (Baghdad article), 2 (parliament, with an Arabic paragraph),
    3 (never cited). Themes: 10 "Security" (parent) with child 11 "Militias",
    20 "Foreign influence", 30 "Reform" (nothing tagged). Highlights:
    100 (src 2, Security+Foreign influence), 101 (src 1, Security),
    102 (src 1, Foreign influence), 103 (src 2, Arabic, Militias),
    104 (src 2, Militias, excluded), 105 (src 1, orphan, Security).
    excerpt_order puts 101 before 100 under Security.
    Judgments: 1 supported by 102, 2 supported by 100.
    """
    s1 = Source(
        id=1,
        title="US ends Iraq mission",
        text=ARTICLE_1,
        author="Wire Service",
        date="2025-12-29",
        dateline="Baghdad, Iraq",
        url="https://news.example/iraq",
        language="en",
        accessed="2026-01-02",
        position=0,
    )
    s2 = Source(
        id=2,
        title="Parliament record",
        text=ARTICLE_2,
        author="Hansard",
        date="2026-01-05",
        dateline="Baghdad",
        language="en",
        position=1,
    )
    s3 = Source(id=3, title="Unused", text=ARTICLE_3, date="2026-01-01", position=2)
    themes = [
        Theme(
            id=10,
            name="Security",
            color="#1f77b4",
            description="Security forces",
            position=0,
            narrative="Security is **fragile**.",
        ),
        Theme(id=11, name="Militias", color="#ff7f0e", parent_id=10, position=0),
        Theme(
            id=20,
            name="Foreign influence",
            color="#2ca02c",
            position=1,
            narrative="Iran's role grows.",
        ),
        Theme(id=30, name="Reform", color="#d62728", position=2),
    ]
    highlights = [
        hl(100, s2, "Parliament debated the security agreement", (10, 20), note="Long debate."),
        hl(101, s1, "The United States has concluded its military presence", (10,)),
        hl(102, s1, "the influence of Iran", (20,), note="Named *explicitly*."),
        hl(
            103,
            s2,
            "\u0627\u0644\u0627\u0646\u0633\u062d\u0627\u0628 \u0627\u0643\u062a\u0645\u0644",
            (11,),
        ),
        hl(104, s2, "Militias announced", (11,), included=False),
        hl(105, s1, "critical juncture", (10,), orphan=True),
    ]
    judgments = [
        Judgment(
            id=1,
            text="Iran will very likely expand its influence.",
            confidence="moderate",
            likelihood="very likely",
            position=0,
            support=(102,),
        ),
        Judgment(
            id=2,
            text="Parliament is unlikely to ratify the agreement this year.",
            confidence="low",
            likelihood="unlikely",
            position=1,
            support=(100,),
        ),
    ]
    brief = Brief(
        title="Iraq after the withdrawal",
        subtitle="Security outlook",
        author="A. Analyst",
        organisation="Desk",
        date="2026-01-10",
        marking="UNCLASSIFIED",
        marking_color="#007a33",
        bottom_line="Iraq's security is **fragile** after the withdrawal.",
    )
    for k, v in brief_fields.items():
        setattr(brief, k, v)
    return Project(
        brief=brief,
        sources=[s1, s2, s3],
        themes=themes,
        highlights=highlights,
        judgments=judgments,
        excerpt_order={10: [101, 100]},
    )


def big_project(n_sources: int = 40, per_source: int = 20, n_themes: int = 12) -> Project:
    """A project with ``n_sources * per_source`` highlights, for speed tests."""
    sentence = "Officials said the situation remains tense in the northern provinces. "
    sources = []
    highlights = []
    hid = 1
    themes = [
        Theme(
            id=t + 1,
            name=f"Theme {t + 1}",
            color="#336699",
            position=t,
            parent_id=(1 if t % 4 == 3 else None),
            narrative=f"Narrative {t}.",
        )
        for t in range(n_themes)
    ]
    for s in range(n_sources):
        text = "\n\n".join(sentence * 5 for _ in range(per_source))
        src = Source(id=s + 1, title=f"Source {s + 1}", text=text, date="2026-01-01", position=s)
        sources.append(src)
        para_len = len(sentence * 5) + 2
        for k in range(per_source):
            start = k * para_len + 10
            end = start + 40
            highlights.append(
                Highlight(
                    id=hid,
                    source_id=src.id,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    theme_ids=(hid % n_themes + 1, (hid * 7) % n_themes + 1),
                    note=f"Note {hid} with *emphasis* and a [link](https://x.example/{hid}).",
                )
            )
            hid += 1
    judgments = [
        Judgment(
            id=i,
            text=f"Judgment {i} is likely.",
            confidence="moderate",
            likelihood="likely",
            position=i,
            support=(i * 3 + 1,),
        )
        for i in range(5)
    ]
    brief = Brief(
        title="Big", marking="UNCLASSIFIED", show_appendix=True, bottom_line="Bottom line."
    )
    return Project(
        brief=brief, sources=sources, themes=themes, highlights=highlights, judgments=judgments
    )

"""Seeded prose for the corpora: English sentences of news-like words, and Arabic ones."""

from __future__ import annotations

import random

_ENGLISH = (
    "the ministry said on Tuesday that talks with the provincial council would resume after "
    "observers reported fresh clashes near the border crossing where militias still control "
    "trade routes and customs revenue officials warned that the budget agreement depends on "
    "oil exports reaching the northern pipeline before winter while diplomats in the capital "
    "described the ceasefire as fragile but holding and analysts expect parliament to vote on "
    "the electoral reform once the coalition settles its dispute over cabinet posts farmers "
    "complained about water shortages prices of bread rose sharply in local markets and aid "
    "agencies asked donors for emergency funding to shelter families displaced by the floods"
)
_ARABIC = (
    "قالت الوزارة يوم الثلاثاء إن المحادثات مع مجلس المحافظة ستستأنف بعد أن أفاد المراقبون "
    "بوقوع اشتباكات جديدة قرب المعبر الحدودي حيث لا تزال الفصائل تسيطر على طرق التجارة "
    "وحذر المسؤولون من أن اتفاق الموازنة يعتمد على صادرات النفط قبل الشتاء ووصف الدبلوماسيون "
    "وقف إطلاق النار بأنه هش لكنه صامد ويتوقع المحللون أن يصوت البرلمان على الإصلاح الانتخابي"
)
ENGLISH = _ENGLISH.split()
ARABIC = _ARABIC.split()


def sentence(rng: random.Random, words: list[str] = ENGLISH, lo: int = 8, hi: int = 22) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(lo, hi))]
    text = " ".join(chosen)
    return (text[0].upper() + text[1:] if words is ENGLISH else text) + "."


def paragraph(rng: random.Random, words: list[str] = ENGLISH, lo: int = 2, hi: int = 5) -> str:
    return " ".join(sentence(rng, words) for _ in range(rng.randint(lo, hi)))


def title(rng: random.Random, words: list[str] = ENGLISH) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 9)))
    return text[0].upper() + text[1:] if words is ENGLISH else text

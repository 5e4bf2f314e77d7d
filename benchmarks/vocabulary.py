"""The words the benchmarks' generated prose is made of (one list, so the PDF
export and its reportlab floor lay out the same kind of text). Not a benchmark:
``compare.py`` skips it."""

WORDS = [
    "security",
    "transition",
    "influence",
    "governance",
    "reform",
    "factions",
    "militias",
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "Baghdad",
    "withdrawal",
    "coalition",
    "institutions",
    "council",
    "parliament",
    "said",
    "officials",
    "province",
    "agreement",
    "forces",
    "local",
    "leaders",
    "support",
]
"""bench_pdf and pdf_floor use all of it; bench_store and bench_import the first 17."""

CORE_WORDS = WORDS[:17]

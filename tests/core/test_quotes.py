"""Quotation marks in printed excerpts stay balanced (briefing.brief.quotes)."""

from __future__ import annotations

import pytest

from briefing.brief.quotes import display_quote


@pytest.mark.parametrize(
    ("highlight", "printed", "wrap"),
    [
        # took the opening mark but not the closing one: completed, not wrapped again
        (
            "“Without a federal oil and gas law, every deal is temporary",
            "“Without a federal oil and gas law, every deal is temporary”",
            False,
        ),
        ("the deal is temporary,”", "“the deal is temporary,”", False),
        ("«Pas de retour", "«Pas de retour»", False),
        ('"No return', '"No return"', False),
        ("‘Not yet", "‘Not yet’", False),
        ("“Soon,” he said.", "“Soon,” he said.", False),
        # an unmatched mark inside the span is trimmed; the quote is then wrapped
        ("he said “soon and left", "he said soon and left", True),
        ('he said "soon and left', "he said soon and left", True),
        ("soon” and left", "soon and left", True),
        # apostrophes are not quotation marks
        ("it’s the states’ budget", "it’s the states’ budget", True),
        ("a “plain” quote", "a “plain” quote", True),
        ("plain", "plain", True),
    ],
)
def test_display_quote(highlight, printed, wrap):
    assert display_quote(highlight) == (printed, wrap)

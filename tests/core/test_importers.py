"""Importers: encodings, metadata inference, each format, each refusal (no Qt, no display)."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from briefing.importers import (
    MAX_BYTES,
    ImportedSource,
    ImportRefused,
    import_file,
    import_text,
    supported_suffixes,
)
from briefing.importers.metadata import guess_language, read_opening, title_from

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "iraq-transition-2025-12-29.txt"

FRENCH_ENGLISH = (
    "“Le général a déclaré : « Nous ne partirons pas avant l’été ». Ça coûte 5 € par œuvre.”\n"
    "The minister’s “plan” — costs rose to €12m — was rejected; German critics said: "
    "„Die Übergangsregierung muß handeln.“\n\n"
    "Second paragraph with a naïve café façade, Ærø and the Zürich talks… "
    "‘Quoted’ words and a dagger † for footnotes."
)
ARABIC = (
    "أعلنت الولايات المتحدة رسميًا انتهاء وجودها العسكري في العراق، منهيةً بذلك أكثر من عشر "
    "سنوات من المشاركة المباشرة في قطاع الأمن في البلاد.\n\n"
    "ويتزامن هذا الانسحاب مع إغلاق بعثة الأمم المتحدة لمساعدة العراق، مما يترك البلاد دون "
    "مساعدة دولية كبيرة للمرة الأولى منذ عام 2003."
)
LATIN1 = (
    "El gobierno español anunció ayer que la misión concluirá en diciembre. «Es una decisión "
    "difícil», dijo el ministro. Ça a été un été très chaud à Montréal, où l'on a vu des "
    "records de température."
)
LATIN2 = (
    "Rząd Polski ogłosił wczoraj, że misja wojskowa zakończy się w grudniu. Żołnierze wrócą "
    "do kraju przed świętami. Minister powiedział, że to trudna decyzja dla całego państwa, "
    "ale źródła w ministerstwie są spokojne."
)
CYRILLIC = (
    "Правительство объявило вчера, что военная миссия завершится в декабре. Солдаты вернутся "
    "домой до праздников. Министр сказал, что это трудное решение для всей страны."
)
MIXED = FRENCH_ENGLISH + "\n\n" + ARABIC + "\n\nEmoji 🛰️ and e\u0301 stays NFC: é."

ENCODED = [
    ("cp1252", FRENCH_ENGLISH),
    ("cp1256", ARABIC),
    ("iso-8859-1", LATIN1),
    ("iso-8859-2", LATIN2),
    ("iso-8859-5", CYRILLIC),
]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as info:
        import_file(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path.name}: ")
    return message


# --- public API -------------------------------------------------------------------------------


def test_public_api() -> None:
    assert MAX_BYTES == 40 * 1024 * 1024
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"} <= set(
        supported_suffixes()
    )
    assert all(s.startswith(".") and s == s.lower() for s in supported_suffixes())


def test_package_imports_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, briefing.importers as i; i.import_text('x y.');"
        "assert not [m for m in sys.modules if m.startswith(('PySide', 'shiboken'))]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "text"), ENCODED, ids=[e for e, _ in ENCODED])
def test_legacy_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    source = import_file(write(tmp_path, f"{encoding}.txt", text.encode(encoding)))
    assert source.text == text
    assert source.filename == f"{encoding}.txt"


MORE_ENCODED = [
    (
        "cp1250",
        (
            "Vláda včera oznámila, že vojenská mise skončí v prosinci. Vojáci se vrátí domů "
            "před svátky. Ministr řekl, že jde o těžké rozhodnutí pro celou zemi."
        ),
    ),
    ("koi8-r", CYRILLIC),
    ("cp1251", CYRILLIC),
    (
        "iso-8859-7",
        (
            "Η κυβέρνηση ανακοίνωσε χθες ότι η στρατιωτική αποστολή θα ολοκληρωθεί τον "
            "Δεκέμβριο. Οι στρατιώτες θα επιστρέψουν πριν από τις γιορτές."
        ),
    ),
    (
        "cp1254",
        (
            "Hükümet dün askeri görevin aralık ayında sona ereceğini açıkladı. Askerler "
            "bayramlardan önce evlerine dönecek. Şimdi İstanbul'da."
        ),
    ),
    (
        "cp1255",
        "הממשלה הודיעה אתמול כי המשימה הצבאית תסתיים בדצמבר. החיילים יחזרו הביתה לפני החגים.",
    ),
    ("shift_jis", "政府は昨日、軍事任務が十二月に終了すると発表した。兵士たちは休暇前に帰国する。"),
]


@pytest.mark.parametrize(("encoding", "text"), MORE_ENCODED, ids=[e for e, _ in MORE_ENCODED])
def test_more_legacy_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    """Code pages that read as clean-looking mojibake in one another (Czech as cp1252,
    Hebrew as cp1251, Turkish as cp1250) are told apart."""
    assert import_file(write(tmp_path, "t.txt", text.encode(encoding))).text == text


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_unicode_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    source = import_file(write(tmp_path, "u.txt", bom + MIXED.encode(encoding)))
    assert source.text == MIXED.replace("e\u0301", "é")
    assert "\ufeff" not in source.text


def test_utf16_without_bom_mostly_latin(tmp_path: Path) -> None:
    assert import_file(write(tmp_path, "w.txt", LATIN1.encode("utf-16-le"))).text == LATIN1


def test_cp1252_detected_when_accents_come_late_in_a_big_file(tmp_path: Path) -> None:
    ascii_part = (
        ("Plain ASCII prose about the security transition in Iraq. " * 20).strip() + "\n\n"
    ) * 1500
    text = ascii_part + FRENCH_ENGLISH
    assert len(text) > 1_000_000
    assert import_file(write(tmp_path, "late.txt", text.encode("cp1252"))).text == text.strip()


def test_text_is_normalised(tmp_path: Path) -> None:
    raw = (
        "  Title line\r\n\r\n\r\n\r\nFirst   para,  \r\nsame para.\t \r\n\n \n\nCafe\u0301.\r\n\r\n"
    )
    source = import_file(write(tmp_path, "n.txt", raw))
    assert source.text == "Title line\n\nFirst   para,\nsame para.\n\nCafé."
    assert source.title == "Title line"


# --- metadata ---------------------------------------------------------------------------------


def test_reference_sample(tmp_path: Path) -> None:
    source = import_file(SAMPLE)
    assert source.date == "2025-12-29"
    assert source.dateline == "Baghdad, Iraq"
    assert source.text.startswith("Baghdad, Iraq — The United States has officially")
    assert "date 2025-12-29" not in source.text
    assert source.title.startswith("The United States has officially concluded")
    assert source.title.endswith("…") and len(source.title) <= 90
    assert source.language == "en"
    assert source.filename == SAMPLE.name
    assert "\n\n\n" not in source.text and "\r" not in source.text
    pasted = import_text(SAMPLE.read_text(encoding="utf-8"))
    assert (pasted.text, pasted.date, pasted.dateline, pasted.title) == (
        source.text,
        source.date,
        source.dateline,
        source.title,
    )


def test_title_is_first_sentence_cut_at_a_word() -> None:
    assert title_from("Short sentence.") == "Short sentence"
    long = "word " * 40
    title = title_from(long)
    assert title.endswith("…") and len(title) <= 90 and not title[:-1].endswith(" ")
    assert "wor…" not in title


@pytest.mark.parametrize(
    ("text", "date", "dateline", "author", "body_start"),
    [
        (
            "BAGHDAD, Dec 29 (Reuters) - Iraqi officials said on Monday. More.",
            "",
            "Baghdad",
            "Reuters",
            "BAGHDAD, Dec 29 (Reuters) - Iraqi",
        ),
        (
            "WASHINGTON, Dec. 29, 2025 (AP) — The U.S. military left. Then.",
            "2025-12-29",
            "Washington",
            "AP",
            "WASHINGTON",
        ),
        ("2025-12-29\n\nSome text here. Another.", "2025-12-29", "", "", "Some text here."),
        (
            "2025-12-29 Kabul, Afghanistan — Talks began. Then.",
            "2025-12-29",
            "Kabul, Afghanistan",
            "",
            "Kabul, Afghanistan — Talks",
        ),
        ("2025-12-29 was a turning point. Then.", "", "", "", "2025-12-29 was"),
        ("Executive Summary — the report finds. Then.", "", "", "", "Executive Summary"),
        ("Date: 2025-13-45 nothing. Then.", "", "", "", "Date: 2025-13-45"),
    ],
)
def test_opening_forms(text: str, date: str, dateline: str, author: str, body_start: str) -> None:
    opening = read_opening(text)
    assert (opening.date, opening.dateline, opening.author) == (date, dateline, author)
    assert opening.text.startswith(body_start)


def test_title_skips_abbreviations() -> None:
    assert read_opening("The U.S. military and Dr. Smith left Iraq. Then.").title == (
        "The U.S. military and Dr. Smith left Iraq"
    )


def test_language_guess() -> None:
    assert guess_language(ARABIC) == "ar"
    assert (
        guess_language(
            "Le ministre a déclaré que la mission est terminée et que les "
            "soldats rentrent dans leur pays pour les fêtes."
        )
        == "fr"
    )
    assert guess_language(LATIN1.split(" Ça")[0]) == "es"
    assert guess_language("The army and the police of the country are in the process.") == "en"
    assert guess_language("12345 67890") == ""


def test_import_text_pasted() -> None:
    source = import_text("Line one of a pasted note.\r\nMore.", filename="")
    assert isinstance(source, ImportedSource)
    assert source.text == "Line one of a pasted note.\nMore."
    assert source.title == "Line one of a pasted note"
    with pytest.raises(ImportRefused, match=r"^pasted text: "):
        import_text(" \n\t ")


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown(tmp_path: Path) -> None:
    md = (
        "# Iraq after the *withdrawal*\n\n"
        "date 2025-12-29 Baghdad, Iraq — The **United States** has officially concluded its\n"
        'military presence in [Iraq](https://example.com/iraq "t"), marking the end of an era.\n'
        "Keep snake_case_name and `code`.\n\n"
        "## Key points\n\n"
        "- first point with __bold__\n"
        "- second point that wraps\n  onto a second line\n"
        "* third ![map](map.png)\n\n"
        "1. one\n2. two\n\n"
        "> A quoted line\n> continues here.\n\n"
        "```\n**not emphasis** in code\n```\n"
    )
    source = import_file(write(tmp_path, "brief.md", md))
    assert source.title == "Iraq after the withdrawal"
    assert source.date == "2025-12-29" and source.dateline == "Baghdad, Iraq"
    assert source.text == (
        "Baghdad, Iraq — The United States has officially concluded its military presence in "
        "Iraq, marking the end of an era. Keep snake_case_name and code.\n\n"
        "Key points\n\n"
        "- first point with bold\n- second point that wraps onto a second line\n- third map\n\n"
        "1. one\n2. two\n\n"
        "A quoted line continues here.\n\n"
        "**not emphasis** in code"
    )


def test_markdown_front_matter_and_no_heading(tmp_path: Path) -> None:
    md = "---\ntitle: Field notes\nauthor: R. Analyst\ndate: 2025-11-02\n---\nPlain *text* only.\n"
    source = import_file(write(tmp_path, "notes.markdown", md))
    assert (source.title, source.author, source.date, source.text) == (
        "Field notes",
        "R. Analyst",
        "2025-11-02",
        "Plain text only.",
    )


# --- HTML -------------------------------------------------------------------------------------

ARTICLE = [
    (
        "The United States has officially concluded its military presence in Iraq, marking the "
        "end of over ten years of direct involvement in the country’s security sector."
    ),
    (
        "This withdrawal coincides with the closure of the UN Assistance Mission for Iraq, "
        "effectively leaving Iraq without significant international assistance for the first "
        "time since 2003."
    ),
    (
        "Local leaders and political observers have raised alarms about potential instability and "
        "fragmentation, particularly with the enduring influence of Iran and armed groups."
    ),
]
BOILERPLATE = [
    "We use cookies",
    "Home",
    "Sport",
    "Cheap flights",
    "BUY NOW",
    "track()",
    "Most read",
    "Celebrity",
    "All rights reserved",
    "Privacy policy",
    "Subscribe",
]


def html_page(charset: str = "utf-8") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Iraq after the withdrawal | World News Daily</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-12-29T08:00:00Z">
<meta property="og:title" content="Iraq after the withdrawal">
<link rel="canonical" href="https://news.example.com/iraq-withdrawal">
<script>var ads = "BUY NOW"; function track() {{}}</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 <button>Accept all cookies</button></div>
<header><nav class="nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad advertisement">Advertisement: Cheap flights to Paris!</div>
<main><article>
<h1>Iraq after the withdrawal</h1>
<p class="byline">By Jane Doe</p>
{paragraphs}
</article></main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Celebrity gossip story</a></li>
<li><a href="/y">Subscribe to our newsletter</a></li></ul></aside>
<footer><p>© 2025 World News Daily. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer>
<script>track();</script>
</body></html>"""


def test_html_article_only(tmp_path: Path) -> None:
    source = import_file(write(tmp_path, "page.html", html_page()))
    assert source.text == "\n\n".join(ARTICLE)
    for junk in BOILERPLATE:
        assert junk not in source.text
    assert source.title == "Iraq after the withdrawal"
    assert source.author == "Jane Doe"
    assert source.date == "2025-12-29"
    assert source.url == "https://news.example.com/iraq-withdrawal"
    assert source.language == "en"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = html_page("windows-1252").replace(ARTICLE[0], ARTICLE[0] + " “Déjà vu,” one said.")
    source = import_file(write(tmp_path, "legacy.htm", page.encode("cp1252")))
    assert "country’s security sector. “Déjà vu,” one said." in source.text


def test_html_short_page_falls_back_to_visible_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Short note</title><script>x()</script></head><body>"
        "<nav>Home | About</nav><div class='cookie'>Accept cookies</div>"
        "<p>Only <b>one</b> short line.</p><p>Second<br>line</p><footer>© 2024</footer>"
        "</body></html>"
    )
    source = import_file(write(tmp_path, "short.html", page))
    assert source.title == "Short note"
    assert source.text == "Only one short line.\n\nSecond\nline"


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.html", "<html><body><script>1</script><p> </p></body></html>")
    assert "no readable text" in refusal(path)


# --- DOCX -------------------------------------------------------------------------------------


def make_docx(path: Path, core_title: str = "") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.author = "R. Analyst"
    document.core_properties.title = core_title
    document.add_paragraph("Security after the withdrawal", style="Title")
    document.add_paragraph(
        "date 2025-12-29 Baghdad, Iraq — The United States has officially concluded its "
        "military presence. More follows."
    )
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_heading("Background", level=2)
    paragraph = document.add_paragraph("A paragraph with ")
    paragraph.add_run("bold").bold = True
    paragraph.add_run(" text and “curly quotes” in Zürich.")
    document.add_paragraph("first point", style="List Bullet")
    document.add_paragraph("second point", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {
        (0, 0): "Actor",
        (0, 1): "Role",
        (1, 0): "Iran",
        (1, 1): "Influence",
    }.items():
        table.cell(r, c).text = value
    document.add_paragraph("Last paragraph.")
    document.save(path)
    return path


def test_docx(tmp_path: Path) -> None:
    source = import_file(make_docx(tmp_path / "report.docx"))
    assert source.title == "Security after the withdrawal"
    assert source.author == "R. Analyst"
    assert source.date == "2025-12-29" and source.dateline == "Baghdad, Iraq"
    assert source.text == (
        "Baghdad, Iraq — The United States has officially concluded its military presence. "
        "More follows.\n\n"
        "Background\n\n"
        "A paragraph with bold text and “curly quotes” in Zürich.\n\n"
        "- first point\n- second point\n\n"
        "Actor | Role\nIran | Influence\n\n"
        "Last paragraph."
    )


def test_docx_core_title_wins(tmp_path: Path) -> None:
    source = import_file(make_docx(tmp_path / "r.docx", core_title="Core title"))
    assert source.title == "Core title"
    assert source.text.startswith("Security after the withdrawal\n\n")  # not lost


# --- PDF --------------------------------------------------------------------------------------

PDF_PAGES = [
    [
        [
            "The withdrawal of foreign forces leaves the country's secu-",
            "rity institutions facing their first real test in over a",
            "decade of outside assistance and supervision.",
        ],
        [
            "Officials in Baghdad insist that the army is ready to act",
            "alone, but independent observers remain sceptical about the",
            "capacity of the ministries.",
        ],
    ],
    [
        [
            "Regional powers have moved quickly to fill the gap left by",
            "the departing coalition, offering training and equip-",
            "ment to allied groups.",
        ],
        [
            "A stronger parliament could help, yet its committees lack",
            "staff and budgets to oversee the security sector in practice",
            "and its well-known weaknesses persist, as a well-",
            "known report noted.",
        ],
    ],
    [
        [
            "Donors should therefore tie any new support to measurable",
            "reforms in the ministries of defence and the interior.",
        ],
        ["Without such conditions the gains of the past decade may", "erode within a few years."],
    ],
]


def make_pdf(path: Path, pages: list[list[list[str]]], *, text: bool = True) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Security after withdrawal")
    c.setAuthor("R. Analyst")
    for number, paragraphs in enumerate(pages, 1):
        if text:
            c.setFont("Helvetica", 9)
            c.drawString(72, 800, "Global Security Review")
            c.setFont("Times-Roman", 11)
            y = 760
            for paragraph in paragraphs:
                for line in paragraph:
                    c.drawString(72, y, line)
                    y -= 14
                y -= 10
            c.setFont("Helvetica", 9)
            c.drawString(280, 40, f"Page {number} of {len(pages)}")
        else:
            c.rect(72, 400, 300, 200, fill=1)  # a "scan": pictures, no text
        c.showPage()
    c.save()
    return path


def test_pdf_paragraphs(tmp_path: Path) -> None:
    source = import_file(make_pdf(tmp_path / "review.pdf", PDF_PAGES))
    assert source.title == "Security after withdrawal"
    assert source.author == "R. Analyst"
    expected = [
        " ".join(lines)
        .replace("secu- rity", "security")
        .replace("equip- ment", "equipment")
        .replace("well- known", "well-known")
        for page in PDF_PAGES
        for lines in page
    ]
    assert source.text.split("\n\n") == expected
    assert "Global Security Review" not in source.text and "Page" not in source.text


def test_pdf_paragraph_continues_across_pages(tmp_path: Path) -> None:
    pages = [
        [
            ["Opening paragraph on the first page of the report ends here."],
            [
                "This paragraph starts near the bottom of the first page and",
                "is carried over to the",
            ],
        ],
        [
            ["next page, where it ends with a full stop at a short line."],
            ["A closing paragraph that stands on its own on the page."],
        ],
    ]
    source = import_file(make_pdf(tmp_path / "carry.pdf", pages))
    assert source.text.split("\n\n") == [
        "Opening paragraph on the first page of the report ends here.",
        (
            "This paragraph starts near the bottom of the first page and is carried over to the "
            "next page, where it ends with a full stop at a short line."
        ),
        "A closing paragraph that stands on its own on the page.",
    ]


# --- refusals ---------------------------------------------------------------------------------


def test_refuses_binary(tmp_path: Path) -> None:
    blob = bytes(range(256)) * 64
    assert (
        refusal(write(tmp_path, "report.bin", blob))
        == "report.bin: looks like a binary file, not text"
    )
    assert "binary" in refusal(
        write(tmp_path, "fake.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + blob)
    )


def test_refuses_empty_and_whitespace(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, "empty.txt", b"")) == "empty.txt: the file is empty"
    assert "whitespace" in refusal(write(tmp_path, "blank.txt", b"  \r\n\t\n   \n"))
    assert refusal(write(tmp_path, "blank.md", "\n\n# \n\n"))
    assert refusal(write(tmp_path, "dateonly.txt", "date 2025-12-29\n"))


def test_refuses_over_the_limit_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("read before the size check"))
    assert refusal(path) == "big.txt: 50.0 MB is over the 40 MB import limit"


def test_refuses_missing_and_folder(tmp_path: Path) -> None:
    assert "no such file" in refusal(tmp_path / "gone.txt")
    (tmp_path / "folder.txt").mkdir()
    assert "folder" in refusal(tmp_path / "folder.txt")


def test_refuses_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", "secret")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("builtins.open", denied)
    assert refusal(path) == "locked.txt: cannot be read (Permission denied)"


def test_refuses_password_protected_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 700, "Restricted text.")
    c.save()
    assert refusal(path) == "locked.pdf: is password-protected"


def test_refuses_corrupt_docx(tmp_path: Path) -> None:
    assert "Word document" in refusal(
        write(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "no word parts here")
    assert "Word document" in refusal(write(tmp_path, "other.docx", buffer.getvalue()))
    good = make_docx(tmp_path / "cut.docx").read_bytes()
    assert "Word document" in refusal(write(tmp_path, "cut.docx", good[: len(good) // 2]))


def test_refuses_pdf_without_text_and_broken_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", [[[]], [[]]], text=False)
    assert refusal(path) == "scan.pdf: this PDF has no text layer (scanned?)"
    assert "not a readable PDF" in refusal(write(tmp_path, "broken.pdf", b"%PDF-1.4\n garbage"))


def test_refuses_undetectable_encoding(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    noise = bytes(rng.choice(range(0x80, 0x100)) for _ in range(4000))
    message = refusal(write(tmp_path, "noise.dat", noise))
    assert "encoding" in message or "binary" in message


# --- dispatch ---------------------------------------------------------------------------------


def test_unknown_suffixes_are_sniffed(tmp_path: Path) -> None:
    assert (
        import_file(write(tmp_path, "notes.log", "Plain notes. More.")).text == "Plain notes. More."
    )
    assert import_file(write(tmp_path, "README", "No suffix at all.")).title == "No suffix at all"
    pdf = make_pdf(tmp_path / "x.pdf", PDF_PAGES).read_bytes()
    assert import_file(write(tmp_path, "download.dat", pdf)).title == "Security after withdrawal"
    html = import_file(write(tmp_path, "saved.page", html_page()))
    assert html.text == "\n\n".join(ARTICLE)


def test_old_office_and_rtf_are_refused_with_advice(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert ".docx" in refusal(write(tmp_path, "old.doc", ole))
    assert "RTF" in refusal(write(tmp_path, "memo.rtf", r"{\rtf1\ansi Hello}"))


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert import_file(write(tmp_path, "PAGE.HTML", html_page())).author == "Jane Doe"


@pytest.mark.slow
def test_32_mb_of_text_imports(tmp_path: Path) -> None:
    paragraph = (
        "Officials in Baghdad insist the army is ready to act alone; observers doubt it. " * 8
    ).strip() + "\n\n"
    data = (paragraph * (32 * 1024 * 1024 // len(paragraph) + 1)).encode("utf-8")[
        : 32 * 1024 * 1024
    ]
    path = write(tmp_path, "huge.txt", data)
    source = import_file(path)  # speed: benchmarks/bench_import.py
    assert len(source.text) > 32_000_000


def test_source_fields_are_add_source_arguments() -> None:
    src = ImportedSource("Title", "Body.", author="Agency", url="https://x.org/a", filename="a.txt")
    assert src.source_fields() == {
        "title": "Title",
        "text": "Body.",
        "author": "Agency",
        "url": "https://x.org/a",
        "filename": "a.txt",
    }
    # non-empty overrides win and may add other source fields; empty ones are "not given"
    assert src.source_fields(title="", author="Wire", date="2025-01-02", accessed="2025-12-30") == {
        "title": "Title",
        "text": "Body.",
        "author": "Wire",
        "url": "https://x.org/a",
        "filename": "a.txt",
        "date": "2025-01-02",
        "accessed": "2025-12-30",
    }

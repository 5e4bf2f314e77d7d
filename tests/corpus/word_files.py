"""Word files as analysts receive them, made with python-docx plus raw XML edits for
what it cannot write: footnotes, endnotes, text boxes, and the ISO/IEC 29500
Strict namespaces. Placeholder runs ("⟦fn:1⟧") are swapped for the real markup."""

from __future__ import annotations

import io
import re
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTE_TYPES = {
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _notes_part(kind: str, notes: dict[int, str]) -> bytes:
    tag = kind[:-1]
    body = "".join(
        f'<w:{tag} w:id="{i}"><w:p><w:r><w:{tag}Ref/></w:r><w:r><w:t xml:space="preserve"> '
        f"{text}</w:t></w:r></w:p></w:{tag}>"
        for i, text in notes.items()
    )
    separators = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{tag}>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:{kind} xmlns:w="{W_NS}">{separators}{body}</w:{kind}>'
    ).encode()


def text_box(text: str) -> str:
    """A floating text box as Word writes it: DrawingML, with a VML copy for old readers."""
    para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1828800" cy="914400"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{para}</w:txbxContent>'
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{para}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
    )


def patch(
    data: bytes,
    *,
    footnotes: dict[int, str] | None = None,
    endnotes: dict[int, str] | None = None,
    boxes: dict[str, str] | None = None,
) -> bytes:
    """The .docx with placeholder runs replaced: "⟦fn:N⟧" by a footnote reference,
    "⟦en:N⟧" by an endnote reference, "⟦box:KEY⟧" by a text box holding boxes[KEY]."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    parts = {"footnotes": footnotes or {}, "endnotes": endnotes or {}}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                text = content.decode()
                text = re.sub(
                    r"<w:t>⟦(fn|en):(\d+)⟧</w:t>",
                    lambda m: (
                        f'<w:{"footnote" if m[1] == "fn" else "endnote"}Reference w:id="{m[2]}"/>'
                    ),
                    text,
                )
                text = re.sub(
                    r"<w:t>⟦box:(\w+)⟧</w:t>", lambda m: text_box((boxes or {})[m[1]]), text
                )
                content = text.encode()
            elif info.filename == "word/_rels/document.xml.rels":
                rels = "".join(
                    f'<Relationship Id="rIdN{kind}" Type="{_REL}/{kind}" Target="{kind}.xml"/>'
                    for kind, notes in parts.items()
                    if notes
                )
                content = content.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                types = "".join(
                    f'<Override PartName="/word/{kind}.xml" ContentType="{_NOTE_TYPES[kind]}"/>'
                    for kind, notes in parts.items()
                    if notes
                )
                content = content.replace(b"</Types>", types.encode() + b"</Types>")
            z.writestr(info, content)
        for kind, notes in parts.items():
            if notes:
                z.writestr(f"word/{kind}.xml", _notes_part(kind, notes))
    return out.getvalue()


_TO_STRICT = (
    ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
     "http://purl.oclc.org/ooxml/wordprocessingml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main",
     "http://purl.oclc.org/ooxml/drawingml/main"),
)  # fmt: skip


def strict(data: bytes) -> bytes:
    """The document in ISO/IEC 29500 Strict form: its parts in the Strict namespaces,
    conformance="strict" on the document element."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = content.decode("utf-8")
                for transitional, iso in _TO_STRICT:
                    text = text.replace(transitional, iso)
                if info.filename == "word/document.xml":
                    text = text.replace("<w:document ", '<w:document w:conformance="strict" ', 1)
                content = text.encode("utf-8")
            z.writestr(info, content)
    return out.getvalue()


def report(path_or_buffer: object = None) -> bytes:
    """A report with every feature: footnotes, an endnote, a text box, a nested table,
    two comments (one without author), a header and a footer."""
    import docx

    document = docx.Document()
    document.core_properties.author = "R. Analyst"
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL SENSITIVE — running header"
    section.footer.paragraphs[0].text = "Page footer text"
    document.add_paragraph("Water and power in the north", style="Title")
    p = document.add_paragraph("Shortages worsened in the spring")
    p.add_run("⟦fn:1⟧")
    p.add_run(" and prices rose")
    p.add_run("⟦fn:2⟧")
    p.add_run(".")
    anchor = document.add_paragraph("The ministry published its figures")
    anchor.add_run("⟦box:a⟧")
    anchor.add_run(" on Tuesday.")
    commented = document.add_paragraph("Observers doubt the figures")
    document.add_comment(commented.runs[0], "Which observers? Needs a source.", author="J. Editor")
    document.add_comment(commented.runs[0], "Check the date.", author="")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Province"
    table.cell(0, 1).text = "Supply"
    table.cell(1, 0).text = "Nineveh"
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "Water"
    inner.cell(0, 1).text = "40%"
    inner.cell(1, 0).text = "Power"
    inner.cell(1, 1).text = "12 hours"
    closing = document.add_paragraph("Donors met in Erbil")
    closing.add_run("⟦en:1⟧")
    closing.add_run(".")
    buffer = io.BytesIO()
    document.save(buffer)
    return patch(
        buffer.getvalue(),
        footnotes={1: "Ministry of Water, spring bulletin.", 2: "Market survey, May."},
        endnotes={1: "Minutes of the donors' meeting."},
        boxes={"a": "Box: figures are provisional."},
    )


REPORT_TEXT = (
    "Shortages worsened in the spring[1] and prices rose[2].\n\n"
    "The ministry published its figures on Tuesday.\n\n"
    "Box: figures are provisional.\n\n"
    "Observers doubt the figures\n\n"
    "Province | Supply\nNineveh | Water 40%; Power 12 hours\n\n"
    "Donors met in Erbil[i].\n\n"
    "Notes\n\n"
    "[1] Ministry of Water, spring bulletin.\n[2] Market survey, May.\n"
    "[i] Minutes of the donors' meeting.\n\n"
    "Comments\n\n"
    "J. Editor: Which observers? Needs a source.\nCheck the date."
)
"""What the report imports as."""

"""PDF text engines compared on the generated corpus (tests/corpus/pdfs.py): word
recall and word-pair recall (reading order) against each file's ground truth, and
time. Engines: pypdf (with cryptography and fontTools installed), pdfminer.six
(layout analysis), pypdfium2 (PDFium), and Briefing's importer, which combines
them. The corpus is our own, generated with reportlab and pypdf.

    uv run python benchmarks/bench_pdf_engines.py
"""

from __future__ import annotations

import io
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus.pdfs import cases
from corpus.scoring import pair_recall, word_recall

from briefing.importers import ImportRefused
from briefing.importers.pdf import import_pdf
from briefing.importers.quiet import quiet_libraries


def with_pypdf(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return "\n".join(page.extract_text() for page in reader.pages)


def with_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(data)))


def with_pdfium(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(str(page.get_textpage().get_text_range()) for page in pdf)
    finally:
        pdf.close()


def with_briefing(data: bytes) -> str:
    return import_pdf(data, "x.pdf").text


ENGINES: dict[str, Callable[[bytes], str]] = {
    "pypdf": with_pypdf,
    "pdfminer": with_pdfminer,
    "pdfium": with_pdfium,
    "briefing": with_briefing,
}


def main() -> None:
    corpus = cases()
    print(f"{len(corpus)} generated PDFs: word recall / word-pair recall / milliseconds")
    print(f"{'':<26}" + "".join(f"{e:>22}" for e in ENGINES))
    totals: dict[str, list[float]] = {e: [0, 0, 0, 0] for e in ENGINES}
    for case in corpus:
        cells = []
        for engine, run in ENGINES.items():
            start = time.perf_counter()
            try:
                with quiet_libraries():
                    text = unicodedata.normalize("NFKC", run(case.data))
                error = ""
            except ImportRefused as exc:
                text, error = "", "refused: " + str(exc).split(": ", 1)[1][:12]
            except Exception as exc:  # noqa: BLE001 - an engine's failure is a result
                text, error = "", type(exc).__name__[:20]
            ms = 1000 * (time.perf_counter() - start)
            if not case.truth:
                cells.append(f"{error or 'stored':>22}")
                continue
            w, p = word_recall(text, case.truth), pair_recall(text, case.truth)
            t = totals[engine]
            t[0] += w
            t[1] += p
            t[2] += ms
            t[3] += 1
            cells.append(f"{error:>22}" if error else f"{w:>8.2f}{p:>7.2f}{ms:>7.0f}")
        print(f"{case.name:<26}" + "".join(cells))
    print(
        f"{'mean':<26}"
        + "".join(
            f"{t[0] / t[3]:>8.2f}{t[1] / t[3]:>7.2f}{t[2] / t[3]:>7.0f}" for t in totals.values()
        )
    )


if __name__ == "__main__":
    main()

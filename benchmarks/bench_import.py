"""Import speed and memory: a 20 MB UTF-8 text file, a 20 MB Windows-1252 one
(paragraph-shaped prose with curly quotes, so Python holds the text at 2 bytes a
character) and an 800-page text PDF. Median and p95 of the runs; peak memory as a
multiple of the file size: traced (tracemalloc, Python's allocations) and resident
(the peak resident size of a fresh child process, reset after its modules are
loaded, above its resident size then; Linux only). Prints a table.

    uv run python benchmarks/bench_import.py [--runs N] [--no-pdf]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vocabulary import CORE_WORDS

from briefing.importers import import_file

SIZE = 20 * 1024 * 1024
PDF_PAGES = 800
WORDS = [*CORE_WORDS, "parliament", "ministry", "observers"]
ACCENTED = ["café", "déjà", "naïve", "façade", "Zürich", "“quoted”", "l’été", "—", "€12m"]
_CHILD = """
import re, sys
sys.path.insert(0, {root!r})
from briefing.importers import import_file
import briefing.importers.text, briefing.importers.pdf  # loaded before the baseline

def status(key):
    with open("/proc/self/status") as f:
        return int(re.search(key + r":\\s+(\\d+) kB", f.read()).group(1)) * 1024

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # resets the peak resident size (VmHWM) to the current one
base = status("VmRSS")
import_file({path!r})
print(status("VmHWM") - base)
"""


def prose(size: int, rng: random.Random, extra: list[str]) -> str:
    """Paragraphs of 40-200 words, about ``size`` characters in all."""
    vocabulary = WORDS * 8 + extra
    out, total = [], 0
    while total < size:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(40, 200))]
        para = " ".join(words).capitalize() + "."
        out.append(para)
        total += len(para) + 2
    return "\n\n".join(out)


def text_pdf(path: Path, pages: int, rng: random.Random) -> None:
    """A report of ``pages`` pages of 10-point prose with a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        c.setFont("Helvetica", 8)
        c.drawString(56, 800, "Quarterly review — restricted")
        c.drawCentredString(297, 30, str(page + 1))
        c.setFont("Helvetica", 10)
        y = 770
        while y > 60:
            c.drawString(56, y, " ".join(rng.choice(WORDS) for _ in range(14)))
            y -= 13
        c.showPage()
    c.save()


def measure(path: Path, runs: int) -> tuple[float, float, int, int]:
    """(median s, p95 s, traced peak bytes, resident peak bytes above baseline)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        import_file(path)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    import_file(path)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    child = _CHILD.format(root=str(Path(__file__).resolve().parent.parent), path=str(path))
    resident = int(
        subprocess.run(
            [sys.executable, "-c", child], capture_output=True, text=True, check=True
        ).stdout
    )
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return statistics.median(times), p95, traced, resident


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for label, encoding in (("UTF-8 text", "utf-8"), ("Windows-1252 text", "cp1252")):
            data = prose(SIZE, rng, ACCENTED).encode(encoding)[:SIZE]
            path = Path(tmp) / f"{encoding}.txt"
            path.write_bytes(data[: data.rfind(b".") + 1])
            files.append((label, path))
        if not args.no_pdf:
            path = Path(tmp) / "report.pdf"
            text_pdf(path, PDF_PAGES, rng)
            files.append((f"{PDF_PAGES}-page text PDF", path))
        for label, path in files:
            size = path.stat().st_size
            runs = args.runs if path.suffix == ".txt" else max(3, args.runs // 2)
            median, p95, traced, resident = measure(path, runs)
            rows.append((label, size / 2**20, median, p95, traced / size, resident / size))
    header = (
        f"{'file':<22} {'size MiB':>9} {'median s':>9} {'p95 s':>7} {'traced x':>9} "
        f"{'resident x':>11}"
    )
    print(header)
    print("-" * len(header))
    for label, size, median, p95, traced, resident in rows:
        print(
            f"{label:<22} {size:>9.1f} {median:>9.3f} {p95:>7.3f} {traced:>9.2f} {resident:>11.2f}"
        )
    print(
        f"\n{args.runs} runs per text, {max(3, args.runs // 2)} for the PDF; traced and resident"
        " peaks are multiples of the file size."
    )


if __name__ == "__main__":
    main()

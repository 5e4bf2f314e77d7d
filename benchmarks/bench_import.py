"""Import speed and memory: a 20 MB UTF-8 text file and a 20 MB Windows-1252 one
(paragraph-shaped prose), median of 5 runs and peak traced memory. Prints a table.

    uv run python benchmarks/bench_import.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vocabulary import CORE_WORDS

from briefing.importers import import_file

SIZE = 20 * 1024 * 1024
RUNS = 5
WORDS = [*CORE_WORDS, "parliament", "ministry", "observers"]
ACCENTED = ["café", "déjà", "naïve", "façade", "Zürich", "“quoted”", "l’été", "—", "€12m"]


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


def measure(path: Path) -> tuple[float, float, int]:
    """(median seconds, best seconds, peak traced MiB) over RUNS imports."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        import_file(path)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    import_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), min(times), peak


def main() -> None:
    rng = random.Random(7)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, encoding, extra in (
            ("UTF-8 text", "utf-8", ACCENTED),
            ("Windows-1252 text", "cp1252", ACCENTED),
        ):
            data = prose(SIZE, rng, extra).encode(encoding)[:SIZE]
            data = data[: data.rfind(b".") + 1]
            path = Path(tmp) / f"{encoding}.txt"
            path.write_bytes(data)
            median, best, peak = measure(path)
            rows.append((label, len(data) / 1024 / 1024, median, best, peak / 1024 / 1024))
    header = f"{'file':<20} {'size MiB':>9} {'median s':>9} {'best s':>8} {'peak MiB':>9}"
    print(header)
    print("-" * len(header))
    for label, size, median, best, peak in rows:
        print(f"{label:<20} {size:>9.1f} {median:>9.3f} {best:>8.3f} {peak:>9.1f}")
    print(f"\n{RUNS} runs each; peak = tracemalloc peak of one more run (Python allocations).")


if __name__ == "__main__":
    main()

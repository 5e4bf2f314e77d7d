"""Architecture rules checked on the source (no display needed).

The import graph is grimp's (installed with import-linter): imports inside
functions count, ``if TYPE_CHECKING:`` imports do not. The layer contracts
themselves are in pyproject.toml (``uv run lint-imports``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "briefing"
MAX_LINES = 500


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        "briefing", include_external_packages=True, exclude_type_checking_imports=True
    )


def internal_imports() -> dict[str, set[str]]:
    g = graph()
    ours = {m for m in g.modules if m == "briefing" or m.startswith("briefing.")}
    return {m: g.find_modules_directly_imported_by(m) & ours for m in sorted(ours)}


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (or a
    module importing itself): every import cycle lies inside one of them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # recursion depth is bounded by the module count
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges[v]:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def describe_cycle(component: list[str]) -> str:
    """One cycle through the component, with the import lines that make it."""
    g = graph()
    members = set(component)
    start = component[0]
    best: tuple[str, ...] | None = None  # start, ..., start: the shortest way round
    for nxt in sorted(g.find_modules_directly_imported_by(start) & members):
        chain = (nxt,) if nxt == start else g.find_shortest_chain(nxt, start)
        if chain and (best is None or len(chain) + 1 < len(best)):
            best = (start, *chain)
    lines = [f"cycle among {', '.join(component)}:"]
    assert best is not None, component
    for a, b in pairwise(best):
        details = g.get_import_details(importer=a, imported=b)
        where = "; ".join(f"l.{d['line_number']} {d['line_contents']}" for d in details)
        lines.append(f"    {a} -> {b}  ({where})")
    return "\n".join(lines)


def test_strongly_connected_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert strongly_connected(edges) == [["a", "b", "c"], ["e"]]


def test_no_import_cycles() -> None:
    cycles = strongly_connected(internal_imports())
    assert not cycles, "import cycles:\n" + "\n".join(describe_cycle(c) for c in cycles)


def python_files() -> Iterator[Path]:
    yield from sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_over_500_lines() -> None:
    too_long = []
    for path in python_files():
        rel = path.relative_to(ROOT).as_posix()
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            too_long.append(f"{rel}: {n} lines")
    assert not too_long, "modules over their line limit:\n" + "\n".join(too_long)


def test_only_the_pdf_gateway_imports_reportlab() -> None:
    g = graph()
    importers = sorted(
        m for m in g.find_modules_that_directly_import("reportlab") if m.startswith("briefing")
    )
    gateways = [m for m in importers if m.startswith("briefing.render.pdf.")]
    assert len(gateways) == 1, f"modules of briefing.render.pdf importing reportlab: {gateways}"
    others = [m for m in importers if m != gateways[0]]
    assert not others, f"only {gateways[0]} may import reportlab; also: " + ", ".join(
        f"{m} (l.{d['line_number']})"
        for m in others
        for d in g.get_import_details(importer=m, imported="reportlab")[:1]
    )


_WINDOW_ANY = re.compile(r"\bwindow\s*:\s*Any\b")


def test_no_window_any_in_ui() -> None:
    hits = [
        f"{path.relative_to(ROOT).as_posix()}:{n}: {line.strip()}"
        for path in python_files()
        if "ui" in path.relative_to(PACKAGE).parts[:1]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _WINDOW_ANY.search(line)
    ]
    assert not hits, "`window: Any` annotations in briefing/ui:\n" + "\n".join(hits)


_WINDOW_PROBE = re.compile(r"\b(?:getattr|hasattr)\(\s*(?:self\.)?_?(?:window|win|w)\b")


def test_no_probing_of_the_window_in_ui() -> None:
    """Panels see a typed Workspace; nothing in briefing/ui asks the window what it has."""
    hits = [
        f"{path.relative_to(ROOT).as_posix()}:{n}: {line.strip()}"
        for path in python_files()
        if "ui" in path.relative_to(PACKAGE).parts[:1]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _WINDOW_PROBE.search(line)
    ]
    assert not hits, "getattr/hasattr on the window in briefing/ui:\n" + "\n".join(hits)

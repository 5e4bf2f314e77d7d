"""The child process of ``sandbox``: reads one (path, Limits) request on stdin,
imports the file under those limits and writes one pickled answer on stdout:
("ok", ImportedSource), ("refused", reason), ("memory", "") or ("error", text)."""

from __future__ import annotations

import pickle
import sys

from . import budget
from .budget import Limits


def _limit_memory(megabytes: int) -> None:
    """RLIMIT_AS where the system has it (not on Windows: there only the time limit holds)."""
    try:
        import resource
    except ImportError:
        return
    size = megabytes * budget.MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)
    resource.setrlimit(resource.RLIMIT_AS, (size, hard))


def _near_limit(megabytes: int) -> bool:
    """Whether this process's peak address space came within 10% of the limit."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            peak = next(int(line.split()[1]) for line in f if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return False
    return peak * 1024 >= 0.9 * megabytes * budget.MIB


def main() -> int:
    path, limits = pickle.loads(sys.stdin.buffer.read())
    assert isinstance(limits, Limits)
    budget.LIMITS[0] = limits
    _limit_memory(limits.memory_mb)
    from .imported import ImportRefused
    from .registry import import_file

    answer: tuple[str, object]
    try:
        answer = ("ok", import_file(path))
    except ImportRefused as exc:
        answer = ("refused", str(exc))
    except MemoryError:
        answer = ("memory", "")
    except RecursionError:
        answer = ("error", "its structure is nested too deeply")
    except Exception as exc:  # noqa: BLE001 - an importer's bug becomes one line for the parent
        answer = ("error", str(exc) or "an internal error")
    if answer[0] in ("refused", "error") and _near_limit(limits.memory_mb):
        answer = ("memory", "")  # a library caught the MemoryError and failed another way
    try:
        data = pickle.dumps(answer)
    except MemoryError:
        data = pickle.dumps(("memory", ""))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

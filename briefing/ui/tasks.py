"""The one way the UI runs work off the GUI thread: a thread pool for Python work, child
processes for whole commands.

``TaskRunner.map(items, work)`` runs ``work(item)`` for each item in the pool
and returns a ``Batch`` that reports, on the GUI thread, ``progress(done,
total)`` and then ``finished(batch)`` with ``results`` in item order. ``work``
runs in a worker thread: it must not touch widgets or the store, and it
returns its outcome rather than raising (a raised exception becomes a None
result, logged). ``TaskRunner.latest()`` gives a ``Latest``: one job at a time
whose newest request supersedes the older ones (for views recomputed after each
edit: a burst of edits computes at most twice, and a stale result is dropped).
``TaskRunner.process(args)`` prepares a child process running
``python args…`` (PDF export) that ``stop()`` kills when the window closes.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QProcess, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class _JobSignals(QObject):
    done = Signal(int, object)  # index, result


class _Job(QRunnable):
    def __init__(self, index: int, item: Any, batch: Batch):
        super().__init__()
        self.index, self.item, self.batch = index, item, batch
        self.signals = batch.job_signals
        self.setAutoDelete(True)

    def run(self) -> None:  # in a worker thread
        if self.batch.cancelled:
            self.signals.done.emit(self.index, None)
            return
        try:
            result = self.batch.work(self.item)
        except Exception:
            log.exception("a background task failed")
            result = None
        self.signals.done.emit(self.index, result)


class Batch(QObject):
    """``work`` over ``items`` in the runner's pool; ``cancel()`` skips what has not started."""

    progress = Signal(int, int)  # items done, items in all
    finished = Signal(object)  # the batch

    def __init__(
        self,
        items: Sequence[Any],
        work: Callable[[Any], Any],
        pool: QThreadPool,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.items = list(items)
        self.work = work
        self.results: list[Any] = [None] * len(self.items)
        self.done = 0
        self.cancelled = False
        self.running = True
        self.job_signals = _JobSignals(self)
        self.job_signals.done.connect(self._job_done)
        for i, item in enumerate(self.items):
            pool.start(_Job(i, item, self))

    def cancel(self) -> None:
        self.cancelled = True

    def _job_done(self, index: int, result: Any) -> None:
        self.results[index] = result
        self.done += 1
        self.progress.emit(self.done, len(self.items))
        if self.done == len(self.items):
            self.running = False
            self.finished.emit(self)


class _LatestJob(QRunnable):
    def __init__(self, generation: int, work: Callable[[], Any], signals: _JobSignals):
        super().__init__()
        self.generation, self.work, self.signals = generation, work, signals
        self.setAutoDelete(True)

    def run(self) -> None:  # in a worker thread
        try:
            result = self.work()
        except Exception:
            log.exception("a background task failed")
            result = None
        try:
            self.signals.done.emit(self.generation, result)
        except RuntimeError:  # its owner was deleted meanwhile (the window closed)
            log.debug("a background result came after its window closed")


class Latest(QObject):
    """The newest of a stream of requests, computed in the pool one at a time.

    ``submit(work)`` runs ``work()`` in a worker thread (it must not touch widgets
    or the store: give it a snapshot) and, on the GUI thread, emits
    ``finished(result)`` if no newer request was submitted meanwhile. While a job
    runs, a new request waits; a newer one replaces it (only the last of a burst
    runs), and the running job's result is dropped as stale. ``drop()`` forgets
    the waiting request and the running job's result (another project opened).
    A job that raised is logged and reports nothing.

    A job starts once the GUI thread is idle (a turn of the event loop shorter
    than ``IDLE_MS``), or after ``START_WITHIN_MS`` at the latest: Python runs one
    thread at a time (the GIL), so a worker started while the window still
    updates its panels after an edit would slow that update down."""

    IDLE_MS = 8.0
    START_WITHIN_MS = 500.0

    finished = Signal(object)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = pool
        self._generation = 0
        self._running = False
        self._waiting: tuple[int, Callable[[], Any]] | None = None
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._done)
        self._starting: tuple[int, Callable[[], Any]] | None = None
        self._since = self._probed_at = 0.0
        self._probe = QTimer(self, singleShot=True, interval=0)
        self._probe.timeout.connect(self._start_if_idle)
        self.started = 0
        """How many jobs were started (tests, benchmarks)."""

    def submit(self, work: Callable[[], Any]) -> None:
        self._generation += 1
        if self._running:
            self._waiting = (self._generation, work)
        else:
            self._start(self._generation, work)

    def busy(self) -> bool:
        """Whether a job runs or waits."""
        return self._running or self._waiting is not None

    def drop(self) -> None:
        self._generation += 1
        self._waiting = None

    def _start(self, generation: int, work: Callable[[], Any]) -> None:
        self._running = True
        self._starting = (generation, work)
        self._since = self._probed_at = time.perf_counter()
        self._probe.start()

    def _start_if_idle(self) -> None:
        now = time.perf_counter()
        if self._starting is None:
            return
        if (now - self._probed_at) * 1000 > self.IDLE_MS and (
            now - self._since
        ) * 1000 < self.START_WITHIN_MS:
            self._probed_at = now  # the window was busy during that turn: look again
            self._probe.start()
            return
        generation, work = self._starting
        self._starting = None
        if generation != self._generation and self._waiting is not None:
            generation, work = self._waiting  # superseded before it started
            self._waiting = None
        self.started += 1
        self._pool.start(_LatestJob(generation, work, self._signals))

    def _done(self, generation: int, result: Any) -> None:
        self._running = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)
        if generation == self._generation and result is not None:
            self.finished.emit(result)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, min(4, (os.cpu_count() or 2) - 1)))
        self._processes: list[QProcess] = []

    def map(
        self, items: Sequence[Any], work: Callable[[Any], Any], parent: QObject | None = None
    ) -> Batch:
        """Run ``work(item)`` for every item in worker threads (see ``Batch``)."""
        return Batch(items, work, self.pool, parent or self)

    def latest(self, parent: QObject | None = None) -> Latest:
        """A ``Latest`` running in this runner's pool (see there)."""
        return Latest(self.pool, parent or self)

    def wait(self, ms: int = 10000) -> bool:
        """Block until the pool's jobs are done (tests, shutting down)."""
        return self.pool.waitForDone(ms)

    def process(self, args: Sequence[str], parent: QObject | None = None) -> QProcess:
        """A child process running this Python with ``args``, not yet started; the runner
        forgets it once it finishes."""
        process = QProcess(parent or self)
        process.setProgram(sys.executable)
        process.setArguments(list(args))
        self._processes.append(process)
        process.finished.connect(lambda *_: self._forget(process))
        return process

    def _forget(self, process: QProcess) -> None:
        if process in self._processes:
            self._processes.remove(process)

    def stop(self) -> None:
        """Kill the running child processes without telling their owners (the window
        is closing; their output files are written atomically, so nothing is left)."""
        for process in list(self._processes):
            if process.state() != QProcess.ProcessState.NotRunning:
                process.finished.disconnect()
                process.kill()
                process.waitForFinished(3000)
        self._processes.clear()

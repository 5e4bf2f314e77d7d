"""The one way the UI runs work off the GUI thread: a thread pool for Python work, child
processes for whole commands.

``TaskRunner.map(items, work)`` runs ``work(item)`` for each item in the pool
and returns a ``Batch`` that reports, on the GUI thread, ``progress(done,
total)`` and then ``finished(batch)`` with ``results`` in item order. ``work``
runs in a worker thread: it must not touch widgets or the store, and it
returns its outcome rather than raising (a raised exception becomes a None
result, logged). ``TaskRunner.process(args)`` prepares a child process running
``python args…`` (PDF export) that ``stop()`` kills when the window closes.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QProcess, QRunnable, QThreadPool, Signal

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

"""File menu work: new, open, open recent, save as, export, and importing sources.

A project locked by another window opens read-only (``open_store``). PDF and Word export
runs ``python -m briefing export PROJECT OUT`` in a child process of the
window's ``TaskRunner``, so a slow or failing export never blocks or crashes
the window.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu, QProgressDialog

from briefing.export import FORMATS, export
from briefing.store import ProjectError, ProjectLocked, Store

from . import prompts, settings
from .store_health import ready

if TYPE_CHECKING:
    from .main_window import MainWindow

PROJECT_FILTER = "Briefing projects (*.brief);;All files (*)"


def export_filter() -> str:
    """The Export dialog's file types: one per format of ``briefing.export.FORMATS``
    (a new format appears by itself), with all its extensions."""
    by_label: dict[str, list[str]] = {}
    for ext, fmt in FORMATS.items():
        by_label.setdefault(fmt.label, []).append(ext)
    return ";;".join(
        f"{label} ({' '.join('*' + e for e in exts)})" for label, exts in by_label.items()
    )


EXPORT_FILTER = export_filter()
EXPORT_SUFFIXES = tuple(FORMATS)
IN_CHILD_PROCESS = {".pdf": "Writing the PDF brief…", ".docx": "Writing the Word brief…"}
"""Formats slow enough on a long brief to be written by ``python -m briefing export``."""


def open_store(path: Path) -> Store:
    """Open for writing, or read-only when another window holds the project."""
    try:
        return ready(Store.open(path))
    except ProjectLocked:
        return Store.open(path, readonly=True)


WINDOWS_FORBIDDEN = '<>:"/\\|?*'
POSIX_FORBIDDEN = "/"


def safe_file_name(title: str, *, windows: bool | None = None, limit: int = 120) -> str:
    """``title`` as a file name: its words kept, only the characters the file system forbids
    (and control characters) replaced with "-"; never empty."""
    windows = sys.platform == "win32" if windows is None else windows
    forbidden = WINDOWS_FORBIDDEN if windows else POSIX_FORBIDDEN
    words = " ".join(title.split())  # tabs and line breaks become single spaces
    name = "".join("-" if c in forbidden or ord(c) < 32 else c for c in words)
    name = name[:limit].strip(" .")
    return name or "brief"


def documents_folder() -> Path:
    """The user's Documents folder (as the desktop names it), else the home folder."""
    from PySide6.QtCore import QStandardPaths

    place = QStandardPaths.StandardLocation.DocumentsLocation
    found = QStandardPaths.writableLocation(place)
    folder = Path(found) if found else Path.home() / "Documents"
    return folder if folder.is_dir() else Path.home()


def start_folder(key: str) -> Path:
    """The last folder used for this kind of file (``key`` in the settings), else Documents."""
    last = settings.get(key)
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class FileActions:
    def __init__(self, window: MainWindow):
        self.window = window

    @property
    def store(self) -> Store:
        return self.window.store

    def _remember(self, path: Path) -> None:
        settings.add_recent(str(path))
        settings.set("app/last_project", str(path))

    # -- new, open, recent ----------------------------------------------------------

    def new_project(self) -> bool:
        w = self.window
        folder = self.store.path.parent
        path = prompts.save_file(w, "New Project", str(folder / "Untitled.brief"), PROJECT_FILTER)
        if path is None:
            return False
        path = _with_suffix(path, ".brief")
        try:
            store = ready(Store.create(path))
        except ProjectError as exc:
            prompts.error(w, "Cannot create project", str(exc))
            return False
        try:
            self._starter_codebook(store)
        except (ProjectError, OSError, ValueError, KeyError) as exc:
            prompts.error(w, "Codebook not added", str(exc).splitlines()[0])
        w.set_store(store)
        self._remember(path)
        return True

    def _starter_codebook(self, store: Store) -> None:
        from briefing.codebook import apply_codebook, load_codebook, starter_codebooks

        starters = starter_codebooks()
        options = [*starters.values(), "Another Project's Codebook…", "Empty Codebook"]
        choice = prompts.choose(
            self.window, "Starter Codebook", "Start the new project with which themes?", options
        )
        if choice is None or choice == len(options) - 1:
            return
        if choice < len(starters):
            themes = load_codebook(list(starters)[choice])
        else:
            other = prompts.open_file(
                self.window, "Take the Codebook of", PROJECT_FILTER, str(self.store.path.parent)
            )
            if other is None:
                return
            themes = load_codebook(other)
        apply_codebook(store, themes)

    def open_dialog(self) -> bool:
        path = prompts.open_file(
            self.window, "Open Project", PROJECT_FILTER, str(self.store.path.parent)
        )
        return self.open_project(path) if path else False

    def open_project(self, path: Path) -> bool:
        w = self.window
        if not self.store.closed and path.resolve() == self.store.path.resolve():
            return True
        try:
            store = open_store(path)
        except ProjectError as exc:
            prompts.error(w, "Cannot open project", str(exc).splitlines()[0])
            return False
        w.set_store(store)
        self._remember(path)
        if store.readonly:
            w.show_status(
                "Opened read-only: the project is open for writing in another window", 8000
            )
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        files = [p for p in settings.get("recent/files") if Path(p).exists()]
        for i, p in enumerate(files):
            prefix = f"&{i + 1} " if i < 9 else ""
            act = menu.addAction(prefix + Path(p).name.replace("&", "&&"))
            act.setToolTip(p)
            act.setStatusTip(p)
            act.triggered.connect(lambda _=False, path=p: self.open_project(Path(path)))
        if not files:
            menu.addAction("No recent projects").setEnabled(False)
        menu.addSeparator()
        menu.addAction("&Clear Recent", lambda: settings.set("recent/files", []))

    # -- save as ------------------------------------------------------------------

    def save_as(self) -> bool:
        w = self.window
        current = self.store.path
        path = prompts.save_file(
            w,
            "Save a Copy As",
            str(current.with_name(current.stem + " copy.brief")),
            PROJECT_FILTER,
        )
        if path is None:
            return False
        path = _with_suffix(path, ".brief")
        was_readonly = self.store.readonly
        try:
            self.store.save_as(path)
        except ProjectError as exc:
            prompts.error(w, "Cannot save a copy", str(exc))
            return False
        if was_readonly:  # the store reopens the copy read-only; the copy is ours to write
            try:
                w.set_store(open_store(path))
            except ProjectError as exc:
                prompts.error(w, "Cannot open the copy", str(exc))
                return False
        self._remember(path)
        w.show_status(f"Saved a copy as {path.name}; you are now working in it")
        return True

    # -- export --------------------------------------------------------------------

    def export_dialog(self) -> Path | None:
        w = self.window
        folder = start_folder("export/last_folder")
        name = safe_file_name((self.store.brief().title or "").strip() or self.store.path.stem)
        path = prompts.save_file(w, "Export Brief", str(folder / f"{name}.pdf"), EXPORT_FILTER)
        if path is None:
            return None
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            path = path.with_name(path.name + ".pdf")
        settings.set("export/last_folder", str(path.parent))
        self.export(path)
        return path

    def export(self, path: Path) -> bool:
        """Export to ``path`` by extension; PDF runs in a child process (returns at once)."""
        ext = path.suffix.lower()
        w = self.window
        if ext in IN_CHILD_PROCESS:
            self.export_pdf(path)
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            warnings = export(self.store.load_project(), path)
        except Exception as exc:  # noqa: BLE001 - any exporter failure is shown, not raised
            QApplication.restoreOverrideCursor()
            prompts.error(w, "Export failed", str(exc).splitlines()[0] if str(exc) else repr(exc))
            return False
        QApplication.restoreOverrideCursor()
        extra = f" ({len(warnings)} warnings: {warnings[0]})" if warnings else ""
        w.show_status(f"Exported {path.name}{extra}", 8000)
        self.exported(path)
        return True

    def exported(self, path: Path) -> None:
        """The export's message: open the file or show it in its folder (no Cancel)."""
        choice = prompts.done(
            self.window,
            "Export Finished",
            f"The brief was saved as {path.name}\nin {path.parent}.",
            ["Open", "Show in Folder"],
        )
        if choice is not None:
            target = path if choice == 0 else path.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def export_pdf(self, path: Path) -> None:
        w = self.window
        process = w.workspace.tasks.process(
            ["-m", "briefing", "export", "--progress", str(self.store.path), str(path)], w
        )
        label = IN_CHILD_PROCESS.get(path.suffix.lower(), "Exporting…")
        dialog = QProgressDialog(label, "Cancel", 0, 0, w)
        dialog.setWindowTitle("Export")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(process.kill)
        stderr: list[str] = []

        def read_progress() -> None:
            """Lines 'progress DONE TOTAL' move the bar; everything else is kept for later."""
            chunk = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            for line in chunk.splitlines():
                parts = line.split()
                if (
                    len(parts) == 3
                    and parts[0] == "progress"
                    and parts[1].isdigit()
                    and parts[2].isdigit()
                ):
                    total = max(int(parts[2]), 1)
                    dialog.setMaximum(total)
                    dialog.setValue(min(int(parts[1]), total - 1))
                else:
                    stderr.append(line)

        process.readyReadStandardError.connect(read_progress)

        def finished(code: int, status: QProcess.ExitStatus) -> None:
            dialog.reset()
            dialog.deleteLater()
            read_progress()
            err = "\n".join(stderr).strip()
            process.deleteLater()
            if status != QProcess.ExitStatus.NormalExit or code != 0:
                if not dialog.wasCanceled():
                    lines = [ln for ln in err.splitlines() if ln.strip()]
                    prompts.error(
                        w, "Export failed", lines[-1] if lines else "the exporter stopped"
                    )
                return
            warnings = [ln for ln in err.splitlines() if ln.startswith("warning:")]
            if warnings:
                w.show_status(f"Exported with {len(warnings)} warnings: {warnings[0][9:]}", 10000)
            self.exported(path)

        process.finished.connect(finished)

        def failed(error: QProcess.ProcessError) -> None:
            if error == QProcess.ProcessError.FailedToStart:
                dialog.reset()
                prompts.error(w, "Export failed", "the exporter did not start")

        process.errorOccurred.connect(failed)
        process.start()

    # -- importing sources --------------------------------------------------------------

    def import_dialog(self) -> None:
        try:
            from briefing.importers import supported_suffixes

            pattern = " ".join(f"*{s}" for s in supported_suffixes())
        except ImportError:
            pattern = "*.txt *.md"
        paths = prompts.open_files(
            self.window,
            "Import Sources",
            f"Documents ({pattern});;All files (*)",
            str(start_folder("import/last_folder")),
        )
        if paths:
            settings.set("import/last_folder", str(paths[0].parent))
            self.window.import_paths(paths)

"""Every action declared once, as data; the main window builds QActions and menus from ``ACTIONS``.

Handlers are not declared here: the window maps each action id to a callable
(``MainWindow.handlers``); a test checks that every action in a menu or with a
shortcut has one. ``shortcut`` is a
key-sequence string or a ``QKeySequence.StandardKey`` (standard keys follow the
platform); ``more_keys`` adds alternatives. ``scope="reader"`` actions (theme
keys, Delete, span adjustment) act only while the reader or a list has focus
(``Qt.WidgetWithChildrenShortcut`` on those widgets), never while typing in a
text field. ``menu`` is a slash path ("Edit", "View/Panels"); "" keeps an action
out of the menus.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: str | QKeySequence.StandardKey | None
    menu: str
    icon: str | None = None
    tip: str = ""
    more_keys: tuple[str, ...] = ()
    scope: str = "window"
    """"window" (anywhere in the window) or "reader" (reader and lists only)."""
    checkable: bool = False
    setting: str | None = None
    """For checkable actions: the settings key that holds the checked state."""
    toolbar: bool = False
    separator_before: bool = False


def _theme_keys() -> list[ActionSpec]:
    return [
        ActionSpec(
            f"tag.{n}",
            f"Theme {n}",
            str(n),
            "Highlight/Tag with theme",
            tip=f"Tag the selected text, or toggle theme {n} on the picked highlight",
            scope="reader",
        )
        for n in range(1, 10)
    ]


ACTIONS: list[ActionSpec] = [
    # File
    ActionSpec(
        "file.new",
        "&New Project…",
        SK.New,
        "File",
        "document-new",
        "Create a project file, then choose a starter codebook",
        toolbar=False,
    ),
    ActionSpec(
        "file.open",
        "&Open Project…",
        SK.Open,
        "File",
        "document-open",
        "Open a .brief project",
        toolbar=True,
    ),
    ActionSpec(
        "file.save_as",
        "Save &As…",
        SK.SaveAs,
        "File",
        "document-save-as",
        "Save a copy of the project and continue working in the copy",
        more_keys=("Ctrl+Shift+S",),
        separator_before=True,
    ),
    ActionSpec(
        "file.import",
        "&Import Sources…",
        "Ctrl+I",
        "File",
        "list-add",
        "Add documents (text, Markdown, HTML, PDF, Word) as sources",
        toolbar=True,
    ),
    ActionSpec(
        "file.reimport",
        "&Re-import Current Source…",
        None,
        "File",
        tip="Replace the source being read with a new version of its file: highlights are "
        "carried over, those not found again become orphans",
    ),
    ActionSpec(
        "file.import_project",
        "Import &Project (REFI-QDA)…",
        None,
        "File",
        tip="Add a .qdpx project from MAXQDA, NVivo, ATLAS.ti or QualCoder: sources, codes, "
        "codings and notes",
    ),
    ActionSpec(
        "file.import_annotations",
        "Import &Annotations…",
        None,
        "File",
        tip="Add W3C Web Annotations or Hypothesis annotations (.jsonld, .json) as highlights",
    ),
    ActionSpec(
        "file.import_codebook",
        "Import &Codebook…",
        None,
        "File",
        tip="Merge a codebook (.qdc, Taguette .csv, .json) into the themes by name",
    ),
    ActionSpec(
        "file.export",
        "&Export…",
        "Ctrl+E",
        "File",
        "document-export",
        "Export the brief as PDF, HTML, Markdown, annotations or JSON",
        toolbar=True,
    ),
    ActionSpec(
        "file.quit",
        "&Quit",
        SK.Quit,
        "File",
        "application-exit",
        more_keys=("Ctrl+Q",),
        separator_before=True,
    ),
    # Edit
    ActionSpec("edit.undo", "&Undo", SK.Undo, "Edit", "edit-undo", toolbar=True),
    ActionSpec(
        "edit.redo",
        "&Redo",
        SK.Redo,
        "Edit",
        "edit-redo",
        more_keys=("Ctrl+Shift+Z",),
        toolbar=True,
    ),
    ActionSpec("edit.copy", "&Copy", SK.Copy, "Edit", "edit-copy", separator_before=True),
    ActionSpec(
        "edit.find",
        "&Find in Source…",
        SK.Find,
        "Edit",
        "edit-find",
        "Find text in the source being read",
        separator_before=True,
        toolbar=True,
    ),
    ActionSpec("edit.find_next", "Find &Next", SK.FindNext, "Edit"),
    ActionSpec("edit.find_previous", "Find Pre&vious", SK.FindPrevious, "Edit"),
    ActionSpec(
        "edit.search",
        "&Search All Sources…",
        "Ctrl+Shift+F",
        "Edit",
        "system-search",
        "Search every source and tag the hits",
    ),
    # Highlight
    ActionSpec(
        "highlight.tag_as",
        "&Tag as…",
        "Ctrl+T",
        "Highlight",
        "tag",
        "Tag the selected text with a theme (type to filter, or create one)",
        toolbar=True,
    ),
    ActionSpec(
        "highlight.untagged",
        "&Highlight Without Theme",
        "Ctrl+H",
        "Highlight",
        "highlight",
        "Highlight the selected text with no theme yet",
        toolbar=True,
    ),
    *_theme_keys(),
    ActionSpec(
        "highlight.delete",
        "&Delete Highlight",
        SK.Delete,
        "Highlight",
        "edit-delete",
        "Delete the picked highlights",
        scope="reader",
        separator_before=True,
    ),
    ActionSpec(
        "highlight.end_later",
        "Move End &Right",
        "Shift+Right",
        "Highlight/Adjust span",
        tip="Extend the picked highlight by a word (a character when snapping is off)",
        scope="reader",
    ),
    ActionSpec(
        "highlight.end_earlier",
        "Move End &Left",
        "Shift+Left",
        "Highlight/Adjust span",
        tip="Shorten the picked highlight at its end",
        scope="reader",
    ),
    ActionSpec(
        "highlight.start_earlier",
        "Move Start L&eft",
        "Ctrl+Shift+Left",
        "Highlight/Adjust span",
        tip="Extend the picked highlight at its start by a word",
        scope="reader",
    ),
    ActionSpec(
        "highlight.start_later",
        "Move Start Ri&ght",
        "Ctrl+Shift+Right",
        "Highlight/Adjust span",
        tip="Shorten the picked highlight at its start by a word",
        scope="reader",
    ),
    ActionSpec(
        "highlight.next",
        "Ne&xt Highlight",
        "Ctrl+]",
        "Highlight",
        "go-down",
        separator_before=True,
    ),
    ActionSpec(
        "highlight.previous",
        "Pre&vious Highlight",
        "Ctrl+[",
        "Highlight",
        "go-up",
    ),
    ActionSpec(
        "highlight.snap_words",
        "&Snap Selection to Whole Words",
        "Ctrl+Alt+W",
        "Highlight",
        checkable=True,
        setting="reader/snap_words",
        separator_before=True,
    ),
    # View
    ActionSpec(
        "view.read",
        "&Read",
        "Ctrl+1",
        "View",
        None,
        "Read workspace: sources, the reader and the highlights",
        checkable=True,
        toolbar=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.write",
        "&Write",
        "Ctrl+2",
        "View",
        None,
        "Write workspace: the brief in the centre, with its checks and preview",
        checkable=True,
        toolbar=True,
    ),
    ActionSpec(
        "view.zoom_in",
        "Zoom &In",
        SK.ZoomIn,
        "View",
        "zoom-in",
        more_keys=("Ctrl+=",),
    ),
    ActionSpec("view.zoom_out", "Zoom &Out", SK.ZoomOut, "View", "zoom-out"),
    ActionSpec("view.zoom_reset", "&Actual Size", "Ctrl+0", "View", "zoom-original"),
    ActionSpec(
        "view.legend",
        "Theme &Legend",
        "Ctrl+L",
        "View",
        "legend",
        "Theme colours and keys",
        separator_before=True,
        toolbar=True,
    ),
    ActionSpec("view.focus_reader", "Go to &Reader", "F6", "View"),
    ActionSpec("view.next_source", "Next &Source", "Ctrl+PgDown", "View"),
    ActionSpec("view.previous_source", "Previous S&ource", "Ctrl+PgUp", "View"),
    ActionSpec("view.reset_layout", "Reset &Layout", None, "View", separator_before=True),
    # Help
    ActionSpec(
        "help.shortcuts",
        "&Keyboard Shortcuts",
        SK.HelpContents,
        "Help",
        "help-contents",
        more_keys=("Ctrl+/",),
    ),
    ActionSpec("help.about", "&About Briefing", None, "Help", "help-about"),
]

MENUS = ("File", "Edit", "Highlight", "View", "Help")
MENU_TITLES = {
    "File": "&File",
    "Edit": "&Edit",
    "Highlight": "&Highlight",
    "View": "&View",
    "Help": "&Help",
    "Highlight/Tag with theme": "Tag with &Theme",
    "Highlight/Adjust span": "&Adjust Span",
    "View/Panels": "&Panels",
    "File/Open Recent": "Open &Recent",
}

SPECS: dict[str, ActionSpec] = {a.id: a for a in ACTIONS}


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    keys: list[QKeySequence] = []
    if isinstance(spec.shortcut, SK):
        keys.extend(QKeySequence.keyBindings(spec.shortcut))
    elif spec.shortcut:
        keys.append(QKeySequence(spec.shortcut))
    for extra in spec.more_keys:
        seq = QKeySequence(extra)
        if seq not in keys:
            keys.append(seq)
    return keys

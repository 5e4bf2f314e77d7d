"""The window tests' default project: the small two-source project of
``panel_helpers``, with the user's settings kept in the test's folder. A module
that needs another one (``ui_helpers``' English report, for the reader and the
files) defines its own ``project`` fixture, which replaces this one there."""

from __future__ import annotations

import pytest
from panel_helpers import isolate_settings, make_project


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)

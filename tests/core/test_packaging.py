"""Packaging: resources found from a checkout and from a built wheel; the
PySide6 pin that keeps Python 3.11 from aborting."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_resources_found_from_the_checkout():
    from briefing.resources import resource_path, resources_root

    assert resources_root() == ROOT / "resources"
    assert resource_path("sample.json").is_file()
    assert resource_path("iraq-transition-2025-12-29.txt").is_file()


@pytest.mark.slow
def test_resources_found_inside_a_built_wheel(tmp_path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    r = subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    wheel = next((tmp_path / "dist").glob("briefing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "briefing/resources/sample.json" in names
    assert any(n.startswith("briefing/resources/codebooks/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import briefing.resources as r; print(r.resources_root()); "
        "print(r.resource_path('sample.json').is_file())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert out.returncode == 0, out.stderr
    root, found = out.stdout.split()
    assert Path(root) == site / "briefing" / "resources" and found == "True"


def test_pyside6_version_is_safe_for_this_python():
    from importlib.metadata import version

    major, minor = (int(x) for x in version("PySide6-Essentials").split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), "PySide6 6.12 on Python 3.11 aborts (none_dealloc)"


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    script = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([]); w = QWidget()\n"
        "for i in range(20000): w.resize(100 + i % 7, 100)\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-500:]

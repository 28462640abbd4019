"""Where the files that ship with the app are found: inside the installed package (the
wheel maps ``seeds/`` and ``resources/`` to ``annotator/seeds`` and
``annotator/resources``) or, from a checkout, at the repository's top level."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

REPORT = (
    "import sys\n"
    "from annotator.bundled import resources_folder, seeds_folder\n"
    "print(resources_folder())\n"
    "print(seeds_folder())\n"
    "print((resources_folder() / 'fonts' / 'NotoNaskhArabic-Regular.ttf').is_file())\n"
    "print(any(p.name.endswith('.txt') for p in seeds_folder().iterdir()))\n"
    "print('importlib.resources' in sys.modules)\n"
)


def _report(python_path: Path, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", REPORT], cwd=cwd, capture_output=True,
                          text=True, env={"PYTHONPATH": str(python_path)}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_an_installed_package_uses_its_own_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "annotator", site / "annotator", ignore=ignore)
    shutil.copytree(REPO / "resources", site / "annotator" / "resources", ignore=ignore)
    shutil.copytree(REPO / "seeds", site / "annotator" / "seeds", ignore=ignore)
    resources, seeds, font, seed, loaded = _report(site, tmp_path)
    assert Path(resources) == site / "annotator" / "resources"
    assert Path(seeds) == site / "annotator" / "seeds"
    assert (font, seed) == ("True", "True")
    assert loaded == "False"  # no importlib.resources for a folder on disk


def test_a_checkout_uses_the_top_level_folders(tmp_path: Path) -> None:
    resources, seeds, font, seed, loaded = _report(REPO, tmp_path)
    assert (Path(resources), Path(seeds)) == (REPO / "resources", REPO / "seeds")
    assert (font, seed, loaded) == ("True", "True", "False")

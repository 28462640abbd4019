"""Refresh the interface translations.

    python resources/i18n/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()`` string of ``annotator/ui`` into
   ``annotator_ar.ts`` (existing translations are kept; new strings are marked unfinished);
2. translators fill them in (Qt Linguist: ``pyside6-linguist resources/i18n/annotator_ar.ts``);
3. ``pyside6-lrelease`` compiles ``annotator_ar.qm``, which ships inside the package.

``tests/ui/test_translations.py`` fails when a string is missing or unfinished, or the
``.qm`` is out of date.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LANGUAGES = ("ar",)


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found (it comes with PySide6)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "annotator" / "ui").glob("*.py"))


def update(language: str) -> None:
    ts = HERE / f"annotator_{language}.ts"
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-target-language", language, "-ts", str(ts)], cwd=REPO, check=True)
    release(language)


def release(language: str) -> None:
    ts = HERE / f"annotator_{language}.ts"
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm",
                    str(HERE / f"annotator_{language}.qm")], cwd=REPO, check=True)


if __name__ == "__main__":
    for lang in LANGUAGES:
        if "--release-only" in sys.argv:
            release(lang)
        else:
            update(lang)

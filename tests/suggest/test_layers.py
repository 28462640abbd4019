"""The new core modules import neither Qt nor, for the text layer, anything but the standard
library and the text layer itself."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "annotator.text.sentences",
    "annotator.services.suggest_engine",
    "annotator.services.suggesting",
    "annotator.services.taxonomy",
    "annotator.storage.taxonomy_store",
    "annotator.cli_taxonomy",
)


def test_core_modules_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_text_layer_is_plain_python() -> None:
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import annotator.text.sentences\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "allowed = {'annotator'} | set(sys.stdlib_module_names)\n"
        "extra = {m for m in new if m not in allowed and not m.startswith('_')}\n"
        "assert not extra, extra\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

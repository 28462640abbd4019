"""Storage: the only package that knows SQL. Opens workspaces, migrates them, maps rows.

Importing this package imports ``sqlite_utils`` without its optional pandas and numpy
support (see :func:`_import_sqlite_utils_lean`); :mod:`annotator.services` imports it first
for the same reason, so every path into the core gets the lean import.
"""

from __future__ import annotations

import sys

# sqlite-utils only uses them to map numpy scalars and pandas timestamps to column types in
# its insert helpers, which the workspace never calls with such values.
_OPTIONAL_HEAVY = ("pandas", "numpy")


def _import_sqlite_utils_lean() -> None:
    """Import ``sqlite_utils`` while pandas and numpy count as not installed, unless one of
    them is imported already (then sqlite-utils gets it, as it would anyway).

    Why: ``sqlite_utils.db`` does ``try: import pandas`` and ``import numpy`` at import
    time. Where they are installed (the test extra puts them in the same venv as the app),
    that costs ~0.35 s of every start of the window and of the CLI, for nothing. A ``None``
    entry in ``sys.modules`` makes ``import`` raise ImportError, which sqlite-utils treats as
    "not installed"; the entries are removed again afterwards, so pandas and numpy import
    normally for anyone who imports them later (tests, notebooks). A later import of pandas
    does not change sqlite-utils' type mapping, which the workspace does not use.
    """
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in _OPTIONAL_HEAVY if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_sqlite_utils_lean()

"""Storage: the only package that knows SQL. Opens workspaces, migrates them, maps rows.

Importing this package imports ``sqlite_utils`` without its optional pandas and numpy
support, with ``dateutil.parser`` loaded and its one case-insensitive pattern compiled on
first use (see :func:`_import_sqlite_utils_lean`); :mod:`annotator.services` imports it
first for the same reason, so every path into the core gets the lean import.
"""

from __future__ import annotations

import importlib.util
import re
import sys

# sqlite-utils only uses them to map numpy scalars and pandas timestamps to column types in
# its insert helpers, which the workspace never calls with such values.
_OPTIONAL_HEAVY = ("pandas", "numpy")
# Imported by sqlite-utils at import time (``sqlite_utils.recipes``: ``from dateutil import
# parser``) but only called by its date conversion recipes, which the workspace never uses.
_ON_FIRST_USE = ("dateutil.parser",)


def _load_on_first_use(name: str) -> None:
    """Put a module object for ``name`` in ``sys.modules`` (and on its package) whose code
    runs on the first access to any of its attributes (``importlib.util.LazyLoader``).

    Why: ``dateutil.parser`` and what it imports (``dateutil.tz``...) cost ~9 ms of every
    start of the window and of the CLI, for functions never called there. Whoever calls
    them gets the real module, loaded then (``import dateutil.parser`` included), so
    behaviour is unchanged. Does nothing when the module is loaded already or cannot be
    found (sqlite-utils then reports it as it would). The first access must not happen on
    two threads at once (Python 3.11's LazyLoader takes no lock): no annotator code uses
    dateutil; only sqlite-utils' recipes, on the thread that calls them.
    """
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)  # imports the package (dateutil: ~0.3 ms)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)  # prepares the lazy module; runs none of its code
    package, _, child = name.rpartition(".")
    # ``from dateutil import parser`` reads the package's attribute; without it, the
    # import system would look at the module's ``__spec__``, which loads it at once.
    setattr(sys.modules[package], child, module)


class _PatternOnFirstUse:
    """Stands for ``re.compile(source, flags)`` and compiles it on first use: any
    attribute (``match``, ``search``, ``pattern``...) is the compiled pattern's.

    Why: ``sqlite_utils.db`` compiles one case-insensitive pattern at import time (the
    ``CREATE VIRTUAL TABLE`` reader behind ``Table.virtual_table_using``) whose class
    ``\\u0080-\\uffff`` Python 3.11 case-folds character by character: ~11 ms of every start
    of the window and of the CLI, for a method the workspace never calls. Compiling twice on
    two threads is harmless (``re`` keeps no state per pattern), so no lock.
    """

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = _compile(self._source, self._flags)
        return getattr(compiled, name)


_compile = re.compile


def _compile_case_insensitive_on_first_use(pattern: object, flags: int = 0) -> object:
    """``re.compile`` while sqlite-utils imports: a case-insensitive string pattern that
    ``sqlite_utils.db`` compiles becomes a :class:`_PatternOnFirstUse`; every other call
    (any other module, flags or pattern type) is ``re.compile`` itself."""
    caller = sys._getframe(1).f_globals.get("__name__")
    if (caller == "sqlite_utils.db" and isinstance(pattern, str)
            and flags & re.IGNORECASE):
        return _PatternOnFirstUse(pattern, flags)
    return _compile(pattern, flags)  # type: ignore[call-overload]


def _import_sqlite_utils_lean() -> None:
    """Import ``sqlite_utils`` while pandas and numpy count as not installed, unless one of
    them is imported already (then sqlite-utils gets it, as it would anyway).

    Also: ``dateutil.parser`` loads on first use (:func:`_load_on_first_use`), and
    ``sqlite_utils.db``'s case-insensitive pattern compiles on first use
    (:class:`_PatternOnFirstUse`; ``re.compile`` is itself again afterwards).

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
    for name in _ON_FIRST_USE:
        _load_on_first_use(name)
    blocked = [name for name in _OPTIONAL_HEAVY if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    re.compile = _compile_case_insensitive_on_first_use  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        re.compile = _compile
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_sqlite_utils_lean()

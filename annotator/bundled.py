"""Where the files that ship with the app live: seed articles and resources (fonts, icons,
translations).

In the repository they sit at the top level (``seeds/``, ``resources/``); a wheel carries
them inside the package as ``annotator.seeds`` and ``annotator.resources`` (see
``[tool.setuptools] package-dir`` in pyproject.toml). Running from a checkout or an editable
install, the package is found on ``sys.path`` without those mapped sub-packages, so fall back
to the checkout's folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _folder(package: str, folder: str) -> Traversable:
    """The folder on disk when there is one: inside the installed package (a wheel), else
    the checkout's. Only an install without files on disk (zipped) goes through
    ``importlib.resources``, which is imported then: every start of the window would
    otherwise pay ~1.5 ms to import it for a path it can compute."""
    for candidate in (_PACKAGE / package, _CHECKOUT / folder):
        if candidate.is_dir():
            return candidate
    from importlib import resources

    return resources.files(f"annotator.{package}")


def seeds_folder() -> Traversable:
    return _folder("seeds", "seeds")


def resources_folder() -> Traversable:
    return _folder("resources", "resources")

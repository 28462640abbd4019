"""Where the files that ship with the app live: seed articles and resources (fonts, icons,
translations).

In the repository they sit at the top level (``seeds/``, ``resources/``); a wheel carries
them inside the package as ``annotator.seeds`` and ``annotator.resources`` (see
``[tool.setuptools] package-dir`` in pyproject.toml). Running from a checkout or an editable
install, the package is found on ``sys.path`` without those mapped sub-packages, so fall back
to the checkout's folders.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _folder(package: str, folder: str) -> Traversable:
    try:
        return resources.files(f"annotator.{package}")
    except ModuleNotFoundError:
        return _CHECKOUT / folder


def seeds_folder() -> Traversable:
    return _folder("seeds", "seeds")


def resources_folder() -> Traversable:
    return _folder("resources", "resources")

"""Arabic news annotator: claims, sources and verification status over Arabic news articles.

Layers (each imports only those below it):
``domain`` and ``text`` (standard library only) < ``storage`` (the only SQL) < ``services``
(use cases, no Qt) < ``ui`` (all PySide6) and ``cli``; ``app`` composes them.
"""

__version__ = "0.1.0"

"""Domain errors, named by condition.

Every error carries a stable ``code`` (for scripts, ``--json`` output and translation in the UI)
and an English ``message`` that names the thing at fault. The CLI prints ``str(error)``; the UI
may translate by ``code``.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error the application reports to the user (not a bug)."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


# --- input files -----------------------------------------------------------------------------
class InputError(AnnotatorError):
    """A file or text given for import cannot be used. Nothing was written."""

    code = "bad_input"


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class UndecodableInput(InputError):
    code = "undecodable"


class InputTooLarge(InputError):
    code = "too_large"


class MalformedInput(InputError):
    """Structured input (JSON, JSON Lines, HTML) that does not parse; message gives the line."""

    code = "malformed"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message, path=path)
        self.line = line


class UnsupportedFormat(InputError):
    code = "unsupported_format"


# --- workspace -------------------------------------------------------------------------------
class WorkspaceError(AnnotatorError):
    code = "workspace"


class WorkspaceTooNew(WorkspaceError):
    """The database was written by a newer version of the app; it is left untouched."""

    code = "workspace_too_new"


class NotAWorkspace(WorkspaceError):
    code = "not_a_workspace"


# --- annotation ------------------------------------------------------------------------------
class NotFound(AnnotatorError):
    code = "not_found"


class InvalidSpan(AnnotatorError):
    """Offsets out of range, empty, reversed, or splitting a character from its marks."""

    code = "invalid_span"


class QuoteNotFound(AnnotatorError):
    code = "quote_not_found"


class InvalidValue(AnnotatorError):
    code = "invalid_value"


class EditConflict(AnnotatorError):
    """The claim changed since the editor last saw it; nothing was written."""

    code = "edit_conflict"

"""Services: the use cases (import, annotate, search, export), without Qt."""

# First, before any service imports sqlite_utils itself: the storage package imports it
# without pandas and numpy (see annotator.storage).
import annotator.storage  # noqa: F401

"""Services: the use cases (import, annotate, search, export), without Qt."""

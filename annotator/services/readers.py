"""Readers for imported files: plain text, Markdown, HTML pages, JSON and JSON Lines batches.

Each reader turns decoded text into article drafts (title, body and whatever metadata the
file carries). Nothing here touches the database, the network or Qt, and nothing here
canonicalises: the caller passes every body through ``canonicalize`` before storing it, and
offsets are taken in that stored string only.

Decision on titles: the body is the whole article as the editor sees it, headline included.
A text file's first line is its headline, and it stays the first line of the body instead of
being cut off: claims in a headline are checkable too, and offsets must count from the first
character the editor sees. HTML bodies likewise keep the page's headline when it is part of
the article element.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass
from typing import Any, Literal

from annotator.domain.errors import EmptyInput, MalformedInput, UnsupportedFormat
from annotator.services.decoding import normalize_encoding_name

__all__ = [
    "TITLE_MAX_CHARS",
    "ArticleDraft",
    "Format",
    "detect_format",
    "html_declared_charset",
    "read_html",
    "read_json_batch",
    "read_text",
]

Format = Literal["text", "markdown", "html", "json", "jsonl"]

#: Titles longer than this are shortened at a word boundary (with "…"). A file whose first line
#: is a whole paragraph has no headline, and a 3,000-character title helps nobody in a list.
TITLE_MAX_CHARS = 200


@dataclass
class ArticleDraft:
    """An article read from a file, before canonicalisation and storage.

    ``text`` is the body exactly as read (not canonicalised); ``encoding`` is the codec the
    file was decoded with and ``source_path`` the file it came from, both filled in by the
    import service (the readers here leave them None).
    """

    title: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    encoding: str | None = None
    source_path: str | None = None


# --- format detection ------------------------------------------------------------------------

_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

# Document formats editors are likely to try; naming them beats a "binary file" error.
_UNSUPPORTED_EXTENSIONS = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".epub": "EPUB",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ods": "OpenDocument spreadsheet",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
}

_SNIFF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MARKUP_START = re.compile(r"<[!?a-zA-Z]")


def detect_format(path: str, data: bytes) -> Format:
    """Format of an imported file: by extension first, else by its first characters.

    Extensions (case-insensitive): .txt .text -> text; .md .markdown -> markdown;
    .html .htm .xhtml -> html; .json -> json; .jsonl .ndjson -> jsonl. Any other extension:
    a tag or doctype at the start -> html; ``{`` or ``[`` -> json, or jsonl when the first line
    is a complete object and more lines follow; anything else -> text.

    Raises UnsupportedFormat for office and PDF documents (.pdf .doc .docx .odt .rtf .epub
    .xls .xlsx .ods .ppt .pptx), whose text this app cannot read.
    """
    extension = os.path.splitext(path)[1].lower()
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if extension in _UNSUPPORTED_EXTENSIONS:
        raise UnsupportedFormat(
            f"{_UNSUPPORTED_EXTENSIONS[extension]} files cannot be imported; save the article "
            "as plain text (.txt), HTML or JSON",
            path=path,
        )
    head = _sniff_text(data)
    if _MARKUP_START.match(head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first, _, rest = head.partition("\n")
        try:
            json.loads(first)
        except ValueError:
            return "json"  # a pretty-printed object opens with a line holding only "{"
        return "jsonl" if rest.strip() else "json"
    return "text"


def _sniff_text(data: bytes) -> str:
    """The first few KB as text, leading whitespace removed, good enough to see < { [."""
    head = data[: 64 * 1024]
    codec = "utf-8"
    for bom, name in _SNIFF_BOMS:
        if head.startswith(bom):
            head, codec = head[len(bom) :], name
            break
    # ASCII punctuation reads the same in UTF-8, cp1256 and ISO-8859-6, so "ignore" is enough.
    return head.decode(codec, errors="ignore").lstrip()


# --- plain text and Markdown -----------------------------------------------------------------


def read_text(text: str, *, title: str | None = None, markdown: bool = False) -> tuple[str, str]:
    """Return ``(title, body)`` for a plain-text or Markdown article.

    The body is ``text`` itself, unchanged: the headline line stays part of it (see the module
    docstring). The title is ``title`` when given and not blank, else the first non-blank line,
    stripped; for Markdown, a ``title:`` in YAML front matter wins, and the line loses its
    heading marks (``#``) and surrounding emphasis (``*``, ``_``). Titles longer than
    :data:`TITLE_MAX_CHARS` are shortened.

    Raises EmptyInput when ``text`` is blank.
    """
    if not text or text.isspace():  # not text.strip(), without copying the article
        raise EmptyInput("the article has no text")
    if title and title.strip():
        return _shorten(_collapse(title)), text
    derived = _markdown_title(text) if markdown else _first_line(text)
    return _shorten(derived), text


_FIRST_LINE_LOOKAHEAD = 1024


def _first_line(text: str) -> str:
    # The first lines only: splitting a whole article into lines to read the first one cost
    # more than the rest of this reader. Only lines that end inside the head are trusted (the
    # head's last line may be cut short); otherwise the whole text is split, as before.
    head_lines = text[:_FIRST_LINE_LOOKAHEAD].splitlines()
    for line in head_lines[:-1]:
        stripped = line.strip().lstrip("\ufeff").strip()
        if stripped:
            return _collapse(stripped)
    for line in text.splitlines():
        stripped = line.strip().lstrip("\ufeff").strip()
        if stripped:
            return _collapse(stripped)
    return ""


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.M | re.S)
_FRONT_MATTER_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.+?)[ \t]*$", re.M)
# Lenient on purpose: "#عنوان" without the space CommonMark wants is common in pasted notes.
_HEADING_MARKS = re.compile(r"^#+[ \t]*|[ \t]+#+$")
_EMPHASIS = re.compile(r"^([*_]{1,3})(.+?)\1$")
_SETEXT_OR_RULE = re.compile(r"^ {0,3}(?:[=\-*_][ \t]*){3,}$|^ {0,3}=+[ \t]*$")


def _markdown_title(text: str) -> str:
    front = _FRONT_MATTER.match(text)
    if front:
        found = _FRONT_MATTER_TITLE.search(front.group(1))
        if found:
            value = found.group(1)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            if value.strip():
                return _collapse(value.strip())
        text = text[front.end() :]
    for line in text.splitlines():
        if _SETEXT_OR_RULE.match(line):
            continue  # "---" or "===" under a heading, or a thematic break: not words
        cleaned = _clean_markdown_heading(line)
        if cleaned:
            return cleaned
    return ""


def _clean_markdown_heading(line: str) -> str:
    """``## **عنوان** ##`` -> ``عنوان``: heading marks, then matched emphasis pairs."""
    stripped = line.strip().lstrip("\ufeff")
    stripped = _HEADING_MARKS.sub("", stripped).strip()
    while True:
        emphasis = _EMPHASIS.match(stripped)
        if not emphasis:
            break
        stripped = emphasis.group(2).strip()
    return _collapse(stripped)


# --- HTML ------------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")


def read_html(text: str) -> tuple[str, str, dict[str, str | None]]:
    """Return ``(title, body, meta)`` for a news web page: see
    :func:`annotator.services.html_page.read_html`, imported on first use."""
    from annotator.services.html_page import read_html as read_page

    return read_page(text)


_HTML_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "x-cp1256": "cp1256",
}
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 2 KB, as a Python codec name, or None.

    Reads ``<meta charset=...>``, ``<meta http-equiv="Content-Type" content="...;
    charset=...">`` and an XML declaration's ``encoding``. Labels are mapped as browsers do
    ("iso-8859-1" means cp1252; any "utf-16" declared inside the bytes means UTF-8, because a
    document that can be read as ASCII is not UTF-16). Unknown labels give None.

    Only a hint. Prefer ``decode_bytes(data, declared=hint)``, which uses it when the bytes
    are not UTF-8 and it does not read clearly worse than cp1256 / ISO-8859-6 (pages often
    declare "iso-8859-1" over Windows-1256 text); passing it as the forced ``encoding``
    instead trusts it blindly.
    """
    found = _DECLARED_CHARSET.search(data[:2048])
    if not found:
        return None
    label = (found.group(1) or found.group(2)).decode("ascii").strip().lower()
    if label.startswith("utf-16"):
        return "utf-8"
    return normalize_encoding_name(_HTML_CHARSET_ALIASES.get(label, label))


# --- JSON and JSON Lines ---------------------------------------------------------------------

_TEXT_FIELDS = ("text", "body", "content")
_OPTIONAL_FIELDS = ("url", "outlet", "published", "language")


def read_json_batch(
    text: str, *, jsonl: bool, path: str | None = None
) -> list[ArticleDraft | MalformedInput]:
    """Read articles from JSON or JSON Lines.

    JSON: one object, an array of objects, or an object whose "articles" member is an array
    of objects. JSON Lines: one object per non-blank line. Each object needs a non-blank
    string "text" ("body" and "content" are accepted instead) and may have "title", "url",
    "outlet", "published" and "language" (strings or null; other members are ignored). A
    missing or blank title becomes the first non-blank line of the text. Texts are kept
    verbatim.

    Errors: a JSON syntax error fails the whole file (MalformedInput with its line). A bad
    article does not: it becomes a MalformedInput item in the returned list, in file order,
    with the line where it starts (for JSON Lines, a line that is not valid JSON too), and the
    other articles still import. Raises EmptyInput when the file holds no article at all.
    """
    text = text.lstrip("\ufeff")
    results = _read_jsonl(text, path) if jsonl else _read_json(text, path)
    if not results:
        raise EmptyInput("the file contains no articles", path=path)
    return results


def _read_jsonl(text: str, path: str | None) -> list[ArticleDraft | MalformedInput]:
    results: list[ArticleDraft | MalformedInput] = []
    # Split on "\n" only: str.splitlines would also split on U+2028 and friends, which JSON
    # allows unescaped inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            results.append(
                MalformedInput(
                    f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})",
                    path=path,
                    line=number,
                )
            )
            continue
        except (ValueError, RecursionError) as exc:  # valid JSON beyond Python's limits
            results.append(
                MalformedInput(f"line {number}: unreadable JSON: {_json_limit(exc)}",
                               path=path, line=number)
            )
            continue
        results.append(_draft_from_value(value, line=number, label=f"line {number}", path=path))
    return results


def _read_json(text: str, path: str | None) -> list[ArticleDraft | MalformedInput]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "; one object per line needs the .jsonl extension" if exc.msg == "Extra data" else ""
        raise MalformedInput(
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}){hint}",
            path=path,
            line=exc.lineno,
        ) from None
    except (ValueError, RecursionError) as exc:  # valid JSON beyond Python's limits
        raise MalformedInput(f"unreadable JSON: {_json_limit(exc)}", path=path) from None
    lines = _article_lines(text)
    if isinstance(value, dict) and "articles" in value:
        items = value["articles"]
        if not isinstance(items, list):
            raise MalformedInput('"articles" must be an array of objects', path=path)
    elif isinstance(value, dict):
        return [_draft_from_value(value, line=lines[0] if lines else 1, label="", path=path)]
    elif isinstance(value, list):
        items = value
    else:
        raise MalformedInput(
            f"expected an object or an array of objects, found {_json_type(value)}", path=path
        )
    if lines is None or len(lines) != len(items):
        lines = [None] * len(items)  # positions unknown; report by article number only
    return [
        _draft_from_value(item, line=line, label=f"article {index}", path=path)
        for index, (item, line) in enumerate(zip(items, lines, strict=True), start=1)
    ]


def _draft_from_value(
    value: Any, *, line: int | None, label: str, path: str | None
) -> ArticleDraft | MalformedInput:
    """An ArticleDraft from one JSON object, or the MalformedInput saying what is wrong."""
    where = f"{label}: " if label else ""

    def bad(reason: str) -> MalformedInput:
        at = f" (line {line})" if line is not None and not label.startswith("line") else ""
        return MalformedInput(f"{where}{reason}{at}", path=path, line=line)

    if not isinstance(value, dict):
        return bad(f"expected a JSON object, found {_json_type(value)}")
    body = next((value[key] for key in _TEXT_FIELDS if value.get(key) is not None), None)
    if body is None:
        return bad('missing "text" (or "body", "content")')
    if not isinstance(body, str):
        return bad(f'"text" must be a string, found {_json_type(body)}')
    if not body.strip():
        return bad('"text" is blank')
    fields: dict[str, str | None] = {}
    for key in ("title", *_OPTIONAL_FIELDS):
        member = value.get(key)
        if member is not None and not isinstance(member, str):
            return bad(f'"{key}" must be a string, found {_json_type(member)}')
        fields[key] = (member.strip() or None) if member is not None else None
    title = _shorten(_collapse(fields.pop("title") or "")) or _shorten(_first_line(body))
    return ArticleDraft(title=title, text=body, **fields)


def _json_limit(exc: BaseException) -> str:
    """Why ``json.loads`` gave up on JSON without a syntax error: nesting deeper than
    Python's recursion limit, or an integer longer than its 4,300-digit conversion limit."""
    if isinstance(exc, RecursionError):
        return "arrays or objects nested too deeply"
    if "digits" in str(exc):
        return "a number has too many digits"
    return str(exc).split("\n", 1)[0]


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


class _LineCounter:
    """Line numbers of increasing offsets in one text, counting each newline once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def line(self, offset: int) -> int:
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _article_lines(text: str) -> list[int] | None:
    """Line where each article object starts, for already-validated JSON; None if unknown.

    json.loads reports no positions, so the top level is walked again with raw_decode: an
    array's items, or the "articles" array of an object (the last one, as json.loads keeps
    the last of duplicate keys), or the object itself.
    """
    decoder = json.JSONDecoder()
    counter = _LineCounter(text)

    def skip(pos: int) -> int:
        space = _JSON_SPACE.match(text, pos)
        return space.end() if space else pos

    def array_lines(pos: int) -> tuple[list[int], int]:
        found: list[int] = []
        pos = skip(pos + 1)
        while text[pos] != "]":
            found.append(counter.line(pos))
            _, pos = decoder.raw_decode(text, pos)
            pos = skip(pos)
            if text[pos] == ",":
                pos = skip(pos + 1)
        return found, pos + 1

    try:
        pos = skip(0)
        if text[pos] == "[":
            return array_lines(pos)[0]
        result = [counter.line(pos)]
        pos = skip(pos + 1)
        while text[pos] != "}":
            key, pos = decoder.raw_decode(text, pos)
            pos = skip(skip(pos) + 1)  # past the ":"
            if key == "articles" and text[pos] == "[":
                result, pos = array_lines(pos)
            else:
                _, pos = decoder.raw_decode(text, pos)
            pos = skip(pos)
            if text[pos] == ",":
                pos = skip(pos + 1)
        return result
    except (ValueError, IndexError):
        return None


# --- shared helpers --------------------------------------------------------------------------


def _collapse(text: str) -> str:
    """Runs of whitespace (any Unicode space, newlines included) to one space; trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


def _shorten(title: str, limit: int = TITLE_MAX_CHARS) -> str:
    """``title`` cut to at most ``limit`` characters, at a word boundary when there is one."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"

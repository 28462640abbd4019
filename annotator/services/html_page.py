"""Reading a news web page: its article text, title and metadata (``read_html``).

Imported by :func:`annotator.services.readers.read_html` when an HTML file is read, not
with the readers: Python's HTML parser and the page rules are not needed for text, Markdown
or JSON (the window's first start imports its seed text without them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from annotator.domain.errors import EmptyInput
from annotator.services.readers import _collapse, _shorten


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_VOID = _tags("area base br col embed hr img input link meta param source track wbr keygen")
# Elements whose start and end are paragraph breaks; the rest (a, span, b, ...) flow inline.
_BLOCK = _tags(
    """
    p div h1 h2 h3 h4 h5 h6 li br tr blockquote section article figure figcaption pre
    ul ol dl dt dd table thead tbody tfoot caption hr main body html address details summary
    hgroup center
    """
)
# Elements that separate words without breaking the paragraph (table cells).
_SPACED = frozenset(["td", "th"])
_SKIP_TAGS = _tags(
    """
    script style noscript template svg nav footer aside form button iframe
    head title select textarea object canvas math dialog
    """
)
# A page header (logo, menu) is boilerplate, but a <header> inside <article> or <main> holds
# the headline, byline and date.
_SKIP_OUTSIDE_ARTICLE = frozenset(["header"])
_SKIP_ROLES = frozenset(["navigation", "contentinfo", "complementary", "search", "menu", "menubar"])
_CONTAINERS = frozenset(["article", "main"])
# Never skipped for their class or id: a <body class="has-sidebar"> is still the page.
_STRUCTURAL = frozenset(["html", "body", "main", "article"])
# Boilerplate class/id words. "ad" is matched as a whole token ("ad", "ads", "ad-slot",
# "top_ad"), not as the substring "ad-", which would also hit "lead-", "head-" and "read-more".
_BOILERPLATE = re.compile(
    r"nav|menu|footer|share|sharing|social|related|comment(?!ar)|breadcrumb|advert|sidebar"
    r"|cookie|newsletter|subscribe|promo|adsbygoogle|(?:^|[\s_-])ads?(?:$|[\s_-])"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")


@dataclass
class _Open:
    tag: str
    skip: bool
    container: int | None = None


class _PageParser(HTMLParser):
    """Collect a page's text runs, each with the article/main containers it sits in, and the
    metadata (meta tags, canonical link, <title>, <h1>s, <time>s) the title and meta need.

    A tolerant stack, not a DOM: an end tag closes up to its nearest open match (stray end
    tags are ignored), and unclosed elements close at the end. That is enough for text
    extraction and survives the malformed HTML that news sites serve.
    """

    def __init__(self, *, use_class_rules: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.use_class_rules = use_class_rules
        # (text, containers) in document order; text None is a paragraph break.
        self.events: list[tuple[str | None, tuple[int, ...]]] = []
        self.container_tags: dict[int, str] = {}
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.lang: str | None = None
        self.page_title: str | None = None
        self.h1s: list[tuple[str, tuple[int, ...]]] = []
        self.times: list[tuple[str, tuple[int, ...]]] = []
        self._title_parts: list[str] | None = None  # set while inside the first <title>
        self._h1_parts: list[str] | None = None
        self._stack: list[_Open] = []
        self._skipping = 0  # open elements with skip=True
        self._pre = 0
        self._containers: tuple[int, ...] = ()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in reversed(attrs)}  # first one wins
        if tag == "html" and not self.lang:
            self.lang = (values.get("lang") or values.get("xml:lang") or "").strip() or None
        elif tag == "meta":
            self._record_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href", "").strip() or None
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skipping:
                self._break()
            return
        if tag not in ("head", "title", "meta", "link", "script", "style", "base", "noscript"):
            self._close_implied_head()
        skip = self._should_skip(tag, values)
        if tag in _BLOCK:
            self._break()
        elif tag in _SPACED:
            self._text(" ")
        entry = _Open(tag, skip)
        self._stack.append(entry)
        self._skipping += skip
        if tag == "pre":
            self._pre += 1
        if self._skipping:
            first_title = self.page_title is None and self._title_parts is None
            if tag == "title" and first_title and not any(e.tag == "svg" for e in self._stack):
                self._title_parts = []
            return
        if tag in _CONTAINERS:
            entry.container = len(self.container_tags)
            self.container_tags[entry.container] = tag
            self._containers = (*self._containers, entry.container)
        elif tag == "h1" and self._h1_parts is None:
            self._h1_parts = []
        elif tag == "time" and values.get("datetime", "").strip():
            self.times.append((values["datetime"].strip(), self._containers))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            if tag == "br" and not self._skipping:
                self._break()  # browsers read a stray </br> as <br>
            return
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                break
        else:
            if tag in _BLOCK and not self._skipping:
                self._break()  # "</p>" with no open <p> still ends a paragraph
            return
        while len(self._stack) > index:
            self._pop()

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        if self._skipping:
            return
        if self._h1_parts is not None:
            self._h1_parts.append(data)
        if self._pre:
            # Preformatted text keeps its line structure: each line is a paragraph.
            lines = data.split("\n")
            for number, line in enumerate(lines):
                if number:
                    self._break()
                self._text(line)
        else:
            self._text(data)

    def close(self) -> None:
        super().close()
        while self._stack:
            self._pop()

    # -- helpers --

    def _pop(self) -> None:
        entry = self._stack.pop()
        self._skipping -= entry.skip
        if entry.tag == "pre":
            self._pre -= 1
        if entry.tag == "title" and self._title_parts is not None:
            self.page_title = _collapse("".join(self._title_parts))
            self._title_parts = None
        if entry.tag == "h1" and self._h1_parts is not None:
            heading = _collapse("".join(self._h1_parts))
            if heading:
                self.h1s.append((heading, self._containers))
            self._h1_parts = None
        if entry.container is not None:
            self._containers = self._containers[:-1]
        if entry.tag in _BLOCK and not self._skipping:
            self._break()

    def _close_implied_head(self) -> None:
        # "</head>" may be omitted; body content implies it, and <head> is skipped, so an
        # unclosed head would otherwise swallow the whole page.
        for index, entry in enumerate(self._stack):
            if entry.tag == "head":
                while len(self._stack) > index:
                    self._pop()
                return

    def _should_skip(self, tag: str, values: dict[str, str]) -> bool:
        if tag in _SKIP_TAGS:
            return True
        in_content = any(e.container is not None for e in self._stack)
        role = values.get("role", "").lower()
        if (tag in _SKIP_OUTSIDE_ARTICLE or role == "banner") and not in_content:
            return True
        if role in _SKIP_ROLES or "hidden" in values:
            return True
        if values.get("aria-hidden", "").lower() == "true":
            return True
        if _HIDDEN_STYLE.search(values.get("style", "").lower()):
            return True
        if self.use_class_rules and tag not in _STRUCTURAL:
            names = f"{values.get('class', '')} {values.get('id', '')}".lower()
            return bool(_BOILERPLATE.search(names))
        return False

    def _record_meta(self, values: dict[str, str]) -> None:
        key = values.get("property") or values.get("name") or values.get("itemprop") or ""
        key = key.strip().lower()
        if not key and values.get("http-equiv"):
            key = "http-equiv:" + values["http-equiv"].strip().lower()
        content = values.get("content", "").strip()
        if key and content and key not in self.meta:
            self.meta[key] = content

    def _text(self, text: str) -> None:
        if text:
            self.events.append((text, self._containers))

    def _break(self) -> None:
        if self.events and self.events[-1][0] is None:
            return
        self.events.append((None, self._containers))


def read_html(text: str) -> tuple[str, str, dict[str, str | None]]:
    """Return ``(title, body, meta)`` for a news web page.

    Body: the text of the largest ``<article>`` (else of the largest ``<main>``, else of the
    whole page), without scripts, styles, navigation, page headers and footers, asides,
    forms, hidden elements and elements whose class or id names boilerplate (nav, menu,
    footer, share, social, related, comment, breadcrumb, advert or an "ad" token, ...).
    Block elements make paragraph breaks; whitespace inside a paragraph collapses to one
    space; paragraphs are joined with "\\n"; empty ones are dropped. Character references are
    decoded. If the class/id rules leave no text, they are dropped (a page whose every
    wrapper is called "content-with-sidebar" still imports).

    Title: og:title, else the page's <h1> when <title> is that headline plus the site name,
    else <title>, else the first <h1>, else the first paragraph; a trailing " | site name"
    is removed when the site name is known. A headline that is also the body's first
    paragraph stays in the body.

    Meta keys (each a string or None): "url" (canonical link, else og:url), "published"
    (article:published_time, else datePublished, else the first <time datetime>), "outlet"
    (og:site_name), "language" (<html lang>, else the Content-Language header).

    Raises EmptyInput when the page has no readable text.
    """
    parser = _parse_page(text, use_class_rules=True)
    body, chosen = _page_body(parser)
    if not body:
        parser = _parse_page(text, use_class_rules=False)
        body, chosen = _page_body(parser)
    if not body:
        raise EmptyInput("the page has no readable text")
    meta = _page_meta(parser, chosen)
    title = _page_title(parser, chosen, meta["outlet"], body)
    return title, body, meta


def _parse_page(text: str, *, use_class_rules: bool) -> _PageParser:
    parser = _PageParser(use_class_rules=use_class_rules)
    parser.feed(text)
    parser.close()
    return parser


def _page_body(parser: _PageParser) -> tuple[str, int | None]:
    """Body text of the chosen container, and that container (None: the whole page)."""
    sizes: dict[int, int] = dict.fromkeys(parser.container_tags, 0)
    for text, containers in parser.events:
        if text:
            size = len(text.strip())
            for container in containers:
                sizes[container] += size
    chosen: int | None = None
    for kind in ("article", "main"):
        candidates = [c for c, tag in parser.container_tags.items() if tag == kind and sizes[c]]
        if candidates:
            chosen = max(candidates, key=lambda c: sizes[c])  # first of equals wins
            break
    paragraphs: list[str] = []
    current: list[str] = []
    for text, containers in parser.events:
        if text is None:
            _flush(current, paragraphs)
        elif chosen is None or chosen in containers:
            current.append(text)
    _flush(current, paragraphs)
    return "\n".join(paragraphs), chosen


def _flush(current: list[str], paragraphs: list[str]) -> None:
    paragraph = _collapse("".join(current))
    if paragraph:
        paragraphs.append(paragraph)
    current.clear()


def _page_meta(parser: _PageParser, chosen: int | None) -> dict[str, str | None]:
    meta = parser.meta
    canonical = parser.canonical
    og_url = meta.get("og:url")
    if canonical and not canonical.lower().startswith(("http://", "https://")) and og_url:
        canonical = None  # a relative canonical link is less useful than an absolute og:url
    published = (
        meta.get("article:published_time")
        or meta.get("datepublished")
        or meta.get("pubdate")
        or _first_in(parser.times, chosen)
    )
    return {
        "url": canonical or og_url or None,
        "published": published or None,
        "outlet": meta.get("og:site_name") or None,
        "language": parser.lang or meta.get("http-equiv:content-language") or None,
    }


def _first_in(items: list[tuple[str, tuple[int, ...]]], chosen: int | None) -> str | None:
    """First item inside the chosen container, else the first item anywhere."""
    for value, containers in items:
        if chosen is None or chosen in containers:
            return value
    return items[0][0] if items else None


def _page_title(parser: _PageParser, chosen: int | None, outlet: str | None, body: str) -> str:
    meta_title = _collapse(parser.meta.get("og:title", "") or parser.meta.get("twitter:title", ""))
    page_title = parser.page_title or ""
    heading = _first_in(parser.h1s, chosen)
    if meta_title:
        title = meta_title
    elif heading and page_title and heading in page_title:
        title = heading  # <title> is usually the headline decorated with the site's name
    else:
        title = page_title or heading or body.split("\n", 1)[0]
    if outlet:
        title = _strip_site_name(title, outlet)
    return _shorten(title)


def _strip_site_name(title: str, site: str) -> str:
    for separator in _TITLE_SEPARATORS:
        suffix = separator + site
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
        prefix = site + separator
        if title.startswith(prefix) and len(title) > len(prefix):
            return title[len(prefix) :].strip()
    return title


# Labels that, per the HTML standard, mean another encoding than their name says.

"""Readers: format detection, text and Markdown titles, HTML extraction, JSON / JSON Lines."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from annotator.domain.errors import EmptyInput, MalformedInput, UnsupportedFormat
from annotator.services.decoding import decode_bytes
from annotator.services.readers import (
    TITLE_MAX_CHARS,
    ArticleDraft,
    detect_format,
    html_declared_charset,
    read_html,
    read_json_batch,
    read_text,
)

CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "cc0-arabic-news"
if not CORPUS.is_dir():  # a checkout without the shared folder carries its own copy
    CORPUS = Path(__file__).parents[1] / "corpus" / "cc0-arabic-news"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
SEED = Path(__file__).parents[2] / "seeds" / "000_661f9a45d22e167f.txt"


def corpus_article(path: Path) -> tuple[str, list[str], str]:
    """(headline, paragraphs, raw text) of a corpus file: UTF-8, CRLF, headline first.

    Paragraphs are the non-blank lines after the headline, whitespace collapsed as an HTML
    reader collapses it.
    """
    raw = path.read_text(encoding="utf-8")
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    return lines[0], lines[1:], raw


# --- format detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("notes.md", "markdown"),
        ("notes.markdown", "markdown"),
        ("page.html", "html"),
        ("PAGE.HTM", "html"),
        ("page.xhtml", "html"),
        ("batch.json", "json"),
        ("batch.jsonl", "jsonl"),
        ("batch.ndjson", "jsonl"),
        ("dir.with.dots/a.txt", "text"),
    ],
)
def test_format_by_extension(name: str, expected: str) -> None:
    # The extension wins over the content.
    assert detect_format(name, b"<html>{") == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\n  <html lang='ar'>", "html"),
        (b"<p>paragraph</p>", "html"),
        (b'<?xml version="1.0"?><html/>', "html"),
        (b'[{"text": "x"}]', "json"),
        (b'{\n  "text": "x"\n}', "json"),
        (b'{"text": "x"}', "json"),
        (b'{"text": "x"}\n{"text": "y"}\n', "jsonl"),
        (b"\xef\xbb\xbf<html>", "html"),
        ("[1]".encode("utf-16"), "json"),
        ("خبر عاجل".encode(), "text"),
        (b"<< not a tag", "text"),
        (b"", "text"),
    ],
)
def test_format_sniffed_for_unknown_extensions(data: bytes, expected: str) -> None:
    assert detect_format("download", data) == expected
    assert detect_format("article.dat", data) == expected


@pytest.mark.parametrize("name", ["report.pdf", "story.docx", "story.DOC", "story.odt"])
def test_office_and_pdf_documents_are_unsupported(name: str) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        detect_format(name, b"%PDF-1.4")
    assert caught.value.path == name
    assert "\n" not in caught.value.message


# --- plain text ------------------------------------------------------------------------------


def test_text_title_is_first_line_and_body_is_whole_text() -> None:
    raw = SEED.read_text(encoding="utf-8")
    title, body = read_text(raw)
    assert title == "هجوم صاروخي على قاعدة أميركية في العراق"
    assert body == raw  # the headline stays in the body: offsets count from what is shown
    assert body.startswith(title)


@pytest.mark.parametrize("path", CORPUS_FILES[:10], ids=lambda p: p.name)
def test_text_title_of_corpus_files_with_crlf(path: Path) -> None:
    headline, _, raw = corpus_article(path)
    title, body = read_text(raw)
    assert title == headline
    assert body == raw
    assert "\r" not in title


def test_text_title_skips_blank_lines_and_surrounding_space() -> None:
    raw = "\ufeff\n  \r\n   عنوان   الخبر  \r\nالنص"
    assert read_text(raw) == ("عنوان الخبر", raw)


def test_text_explicit_title_wins() -> None:
    assert read_text("سطر أول\nنص", title="  عنوان آخر ") == ("عنوان آخر", "سطر أول\nنص")
    assert read_text("سطر أول\nنص", title="   ")[0] == "سطر أول"


def test_text_long_first_line_gives_a_shortened_title() -> None:
    paragraph = "كلمة " * 200
    title, body = read_text(paragraph)
    assert len(title) <= TITLE_MAX_CHARS
    assert title.endswith("…")
    assert paragraph.startswith(title[:-1])
    assert body == paragraph


@pytest.mark.parametrize("raw", ["", "   ", "\r\n\n\t"])
def test_text_blank_is_empty(raw: str) -> None:
    with pytest.raises(EmptyInput):
        read_text(raw)


# --- Markdown --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("# هجوم صاروخي على قاعدة\n\nالنص", "هجوم صاروخي على قاعدة"),
        ("## **هجوم صاروخي** ##\nالنص", "هجوم صاروخي"),
        ("###   _هجوم_\nالنص", "هجوم"),
        ("#هجوم صاروخي\nالنص", "هجوم صاروخي"),
        ("***هجوم صاروخي***\nالنص", "هجوم صاروخي"),
        ("__هجوم صاروخي__\nالنص", "هجوم صاروخي"),
        ("\n\n   # هجوم\n", "هجوم"),
        ("هجوم صاروخي\n===========\nالنص", "هجوم صاروخي"),
        ("---\n\n# هجوم\n", "هجوم"),
        ("---\ntitle: 'هجوم صاروخي'\nauthor: x\n---\n# عنوان آخر\n", "هجوم صاروخي"),
        ("---\nlayout: post\n---\n# هجوم\n", "هجوم"),
        ("#\n# هجوم\n", "هجوم"),
        ("C# and *emphasis* inside\n", "C# and *emphasis* inside"),
    ],
)
def test_markdown_title(raw: str, expected: str) -> None:
    title, body = read_text(raw, markdown=True)
    assert title == expected
    assert body == raw  # Markdown is kept verbatim: the editor annotates what was written


# --- HTML: pages built around corpus articles ------------------------------------------------

SITE = "العربية نت"
BOILERPLATE = [
    "الصفحة الرئيسية للموقع",
    "أخبار العالم والاقتصاد",
    "مقالات ذات صلة بالخبر",
    "اقرأ أيضا هذا الخبر الآخر",
    "شاركوا المقال عبر المنصات",
    "مساحة إعلانية مدفوعة",
    "تابعونا على",
    "فيسبوك | إكس | يوتيوب",
    "أضيفوا تعليقكم هنا",
    "الأكثر قراءة اليوم",
    "حقوق النشر محفوظة",
    "trackingPixel",
    "color: red",
    "اشترك في النشرة البريدية",
    "نص مخفي لا يظهر",
]


def paragraphs_html(paragraphs: list[str]) -> str:
    parts = []
    for index, paragraph in enumerate(paragraphs):
        words = html.escape(paragraph).split(" ")
        # Inline markup inside a paragraph must not split it.
        words[0] = f'<strong><a href="/tag/{index}">{words[0]}</a></strong>'
        parts.append(f"<p>\n      {' '.join(words)}\n    </p>")
        if index == 1:
            parts.append("<script>var trackingPixel = '<p>fake</p>';</script>")
            parts.append('<div class="ad-slot">مساحة إعلانية مدفوعة</div>')
    return "\n    ".join(parts)


def news_page(headline: str, paragraphs: list[str], *, container: str = "article") -> str:
    """A realistic page: head metadata, site header and menu, the article, related links,
    share buttons, ads, comments, a 'follow us' footer and scripts everywhere."""
    h = html.escape(headline)
    content = f"""
    <header class="article-header"><h1 class="headline">{h}</h1>
      <time datetime="2020-03-15T09:30:00+03:00">15 مارس 2020</time></header>
    {paragraphs_html(paragraphs)}
    <aside class="related"><h3>مقالات ذات صلة بالخبر</h3>
      <ul><li><a href="/r1">اقرأ أيضا هذا الخبر الآخر</a></li></ul></aside>
    <div class="share-buttons"><button>شاركوا المقال عبر المنصات</button></div>
    <section id="comments"><p>أضيفوا تعليقكم هنا</p></section>
    <p hidden>نص مخفي لا يظهر</p>
    <footer class="article-footer">تابعونا على <a href="#">فيسبوك | إكس | يوتيوب</a></footer>
    """
    if container == "article":
        main = f"<main><article>{content}</article></main>"
    elif container == "main":
        main = f"<main>{content}</main>"
    else:
        main = f"<div class='wrapper'>{content}</div>"
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>{h} | {SITE}</title>
  <meta property="og:title" content="{h}">
  <meta property="og:site_name" content="{SITE}">
  <meta property="og:url" content="https://www.example.net/og/1">
  <meta property="article:published_time" content="2020-03-15T09:30:00Z">
  <link rel="canonical" href="https://www.example.net/news/2020/03/15/article">
  <style>.headline {{ color: red; }}</style>
  <script>window.trackingPixel = 1;</script>
</head>
<body class="page has-sidebar">
  <header class="site-header"><a class="logo" href="/">{SITE}</a>
    <nav class="main-menu"><ul><li><a href="/">الصفحة الرئيسية للموقع</a></li>
      <li><a href="/w">أخبار العالم والاقتصاد</a></li></ul></nav></header>
  <div class="breadcrumb"><a href="/">الصفحة الرئيسية للموقع</a></div>
  {main}
  <div class="sidebar"><h2>الأكثر قراءة اليوم</h2></div>
  <form class="newsletter"><label>اشترك في النشرة البريدية</label><input></form>
  <footer class="site-footer"><p>تابعونا على</p>
    <ul class="social"><li><a href="#">فيسبوك | إكس | يوتيوب</a></li></ul>
    <p>حقوق النشر محفوظة</p></footer>
  <script>document.write("<p>trackingPixel</p>");</script>
</body>
</html>"""


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_article_page(path: Path) -> None:
    headline, paragraphs, raw = corpus_article(path)
    title, body, meta = read_html(news_page(headline, paragraphs))
    assert title == headline
    # Exactly the article: the headline, the date line of its header, every paragraph.
    assert body.split("\n") == [headline, "15 مارس 2020", *paragraphs]
    for phrase in BOILERPLATE:
        assert phrase not in raw  # the test is only meaningful if the article lacks it
        assert phrase not in body, phrase
    assert meta == {
        "url": "https://www.example.net/news/2020/03/15/article",
        "published": "2020-03-15T09:30:00Z",
        "outlet": SITE,
        "language": "ar",
    }


@pytest.mark.parametrize("container", ["main", "body"])
@pytest.mark.parametrize("path", CORPUS_FILES[::8], ids=lambda p: p.name)
def test_corpus_page_without_article_element(path: Path, container: str) -> None:
    headline, paragraphs, _ = corpus_article(path)
    title, body, _ = read_html(news_page(headline, paragraphs, container=container))
    assert title == headline
    lines = body.split("\n")
    for paragraph in paragraphs:
        assert paragraph in lines
    for phrase in BOILERPLATE:
        assert phrase not in body, phrase


def test_seed_as_html_page_keeps_every_paragraph() -> None:
    headline, paragraphs, _ = corpus_article(SEED)
    _, body, _ = read_html(news_page(headline, paragraphs))
    assert body.split("\n")[2:] == paragraphs


# --- HTML: details ---------------------------------------------------------------------------


def test_entities_are_decoded() -> None:
    page = (
        "<article><h1>الأمن &amp; السلامة</h1>"
        "<p>حرف &#1575; و&#x644; &quot;اقتباس&quot; &laquo;رويترز&raquo; a&nbsp;b &lt;tag&gt;</p>"
        "</article>"
    )
    title, body, _ = read_html(page)
    assert title == "الأمن & السلامة"
    assert body == 'الأمن & السلامة\nحرف ا ول "اقتباس" «رويترز» a b <tag>'


def test_whitespace_collapses_within_paragraphs_and_blocks_break() -> None:
    page = """<body><div>  أول
        سطر\t<span>مع</span>   <b>تنسيق</b></div><div></div><div>   </div>
        <ul><li>بند ١</li><li>بند ٢</li></ul>ثانٍ<br>ثالث<br/><br/>رابع
        <table><tr><td>خلية</td><td>أخرى</td></tr></table></body>"""
    _, body, _ = read_html(page)
    assert body == "أول سطر مع تنسيق\nبند ١\nبند ٢\nثانٍ\nثالث\nرابع\nخلية أخرى"


def test_pre_keeps_its_lines() -> None:
    _, body, _ = read_html("<article><pre>سطر  أول\nسطر ثان\n</pre></article>")
    assert body == "سطر أول\nسطر ثان"


def test_largest_article_wins() -> None:
    page = """<body>
      <article><h2>خبر قصير</h2><p>تشويق.</p></article>
      <article><h1>الخبر الرئيسي</h1><p>فقرة طويلة أولى من الخبر الرئيسي.</p>
        <p>فقرة ثانية أطول قليلا من الفقرة الأولى في الخبر.</p></article>
      <article><p>آخر</p></article></body>"""
    title, body, _ = read_html(page)
    assert body.startswith("الخبر الرئيسي\n")
    assert "تشويق" not in body
    assert title == "الخبر الرئيسي"


def test_title_falls_back_to_page_title_then_h1() -> None:
    with_title = "<html><head><title>عنوان الصفحة</title></head><body><p>نص</p></body></html>"
    assert read_html(with_title)[0] == "عنوان الصفحة"
    only_h1 = "<body><nav><h1>الموقع</h1></nav><article><h1>العنوان</h1><p>نص</p></article>"
    assert read_html(only_h1)[0] == "العنوان"
    neither = "<body><p>الفقرة الأولى</p><p>الثانية</p></body>"
    assert read_html(neither)[0] == "الفقرة الأولى"


def test_page_title_decorated_with_site_name_gives_the_headline() -> None:
    page = "<title>العنوان الكامل - موقع الأخبار</title><article><h1>العنوان الكامل</h1></article>"
    assert read_html(page)[0] == "العنوان الكامل"
    page = '<meta property="og:site_name" content="موقع"><title>موقع | العنوان</title><p>نص</p>'
    assert read_html(page)[0] == "العنوان"


def test_og_title_wins_and_loses_the_site_suffix() -> None:
    page = (
        '<meta property="og:title" content="الخبر - خليجيون نيوز">'
        '<meta property="og:site_name" content="خليجيون نيوز">'
        "<title>شيء آخر</title><article><h1>عنوان داخلي</h1><p>نص</p></article>"
    )
    assert read_html(page)[0] == "الخبر"


def test_headline_stays_first_paragraph_of_body() -> None:
    page = '<meta property="og:title" content="الخبر"><article><h1>الخبر</h1><p>نص</p></article>'
    title, body, _ = read_html(page)
    assert title == "الخبر"
    assert body == "الخبر\nنص"


def test_meta_fallbacks() -> None:
    page = """<html lang="ar-SA"><head>
      <meta property="og:url" content="https://example.org/a">
      <link rel="canonical" href="/relative/a"></head>
      <body><time datetime="2019-01-01">قديم</time>
      <article><time datetime="2020-03-15">اليوم</time><p>نص</p></article></body></html>"""
    _, _, meta = read_html(page)
    assert meta == {
        "url": "https://example.org/a",
        "published": "2020-03-15",
        "outlet": None,
        "language": "ar-SA",
    }


def test_meta_absent() -> None:
    assert read_html("<p>نص</p>")[2] == {
        "url": None,
        "published": None,
        "outlet": None,
        "language": None,
    }


def test_class_rules_match_tokens_not_substrings() -> None:
    # "lead-" and "head-" contain "ad-"; a lead paragraph is the most important one.
    page = """<article><p class="lead-paragraph">الفقرة الرئيسية</p>
      <div class="thread-body">متن</div><div class="ads">إعلان</div>
      <div class="top_ad">إعلان</div><div class="commentary">تحليل</div></article>"""
    _, body, _ = read_html(page)
    assert body == "الفقرة الرئيسية\nمتن\nتحليل"


def test_hidden_elements_are_skipped() -> None:
    page = """<article><p>ظاهر</p><p style="display: none">مخفي</p>
      <p aria-hidden="true">مخفي</p><div role="navigation">تنقل</div></article>"""
    assert read_html(page)[1] == "ظاهر"


def test_unclosed_head_does_not_swallow_the_page() -> None:
    page = "<html><head><title>عنوان</title><meta charset=utf-8><p>النص</p>"
    title, body, _ = read_html(page)
    assert (title, body) == ("عنوان", "النص")


def test_malformed_html_still_reads() -> None:
    page = "<article><p>أول<p>ثان</div></span><p>ثالث</article></article><p>خارج"
    _, body, _ = read_html(page)
    assert body == "أول\nثان\nثالث"


def test_every_wrapper_named_like_boilerplate_falls_back_to_all_text() -> None:
    page = '<body><div class="content-with-sidebar"><p>النص الوحيد</p></div></body>'
    assert read_html(page)[1] == "النص الوحيد"


@pytest.mark.parametrize(
    "page", ["", "<html><head><title>x</title></head><body></body></html>", "<script>x</script>"]
)
def test_page_without_text_is_empty(page: str) -> None:
    with pytest.raises(EmptyInput):
        read_html(page)


def test_heading_with_boilerplate_inside_still_gives_the_title() -> None:
    page = '<article><h1>العنوان <span class="share-icons">شارك</span></h1><p>نص</p></article>'
    title, body, _ = read_html(page)
    assert title == "العنوان"
    assert body == "العنوان\nنص"


# --- HTML: declared charset ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="windows-1256">', "cp1256"),
        (b"<meta charset=ISO-8859-6>", "iso-8859-6"),
        (b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1256">', "cp1256"),
        (b"<meta charset='utf-8'>", "utf-8"),
        (b'<meta charset="iso-8859-1">', "cp1252"),  # as browsers read it
        (b'<meta charset="utf-16">', "utf-8"),  # a declaration readable as ASCII is not UTF-16
        (b'<?xml version="1.0" encoding="windows-1256"?><html>', "cp1256"),
        (b'<meta charset="klingon-9">', None),
        (b"<html><head><title>x</title>", None),
    ],
)
def test_html_declared_charset(head: bytes, expected: str | None) -> None:
    assert html_declared_charset(b"<!doctype html><html><head>" + head + b"</head>") == expected


def test_html_declared_charset_only_in_first_2kb() -> None:
    late = b"<html><head>" + b" " * 2100 + b'<meta charset="windows-1256">'
    assert html_declared_charset(late) is None


def test_legacy_html_page_decodes_with_its_declared_charset() -> None:
    headline, paragraphs, _ = corpus_article(CORPUS_FILES[0])
    page = news_page(headline, paragraphs).replace('charset="utf-8"', 'charset="windows-1256"')
    data = page.encode("cp1256", errors="ignore")
    declared = html_declared_charset(data)
    assert declared == "cp1256"
    decoded = decode_bytes(data, declared=declared)
    assert decoded.encoding == "cp1256"
    title, body, _ = read_html(decoded.text)
    assert title == headline.encode("cp1256", errors="ignore").decode("cp1256")
    assert body.split("\n")[-1] == paragraphs[-1].encode("cp1256", errors="ignore").decode("cp1256")


# --- JSON ------------------------------------------------------------------------------------


def drafts(items: list[ArticleDraft | MalformedInput]) -> list[ArticleDraft]:
    assert all(isinstance(item, ArticleDraft) for item in items), items
    return [item for item in items if isinstance(item, ArticleDraft)]


def test_json_array_of_corpus_articles() -> None:
    articles = []
    for path in CORPUS_FILES[:5]:
        headline, _, raw = corpus_article(path)
        articles.append({"title": headline, "text": raw, "outlet": path.name.split("-")[0]})
    result = drafts(read_json_batch(json.dumps(articles, ensure_ascii=False), jsonl=False))
    assert [d.title for d in result] == [a["title"] for a in articles]
    assert [d.text for d in result] == [a["text"] for a in articles]  # verbatim, CRLF kept
    assert result[0].outlet == "Alarabeya"


def test_json_single_object_with_all_fields() -> None:
    item = {
        "title": "  عنوان  ",
        "body": "النص\nالكامل",
        "url": "https://example.org/1",
        "outlet": "خليجيون نيوز",
        "published": "2024-01-20",
        "language": "ar",
        "extra": [1, 2],
    }
    [draft] = drafts(read_json_batch(json.dumps(item), jsonl=False, path="one.json"))
    assert draft == ArticleDraft(
        title="عنوان",
        text="النص\nالكامل",
        url="https://example.org/1",
        outlet="خليجيون نيوز",
        published="2024-01-20",
        language="ar",
    )


def test_json_object_with_articles_array() -> None:
    text = json.dumps(
        {"source": "export", "articles": [{"content": "\n\nسطر أول\nثان"}, {"text": "ب"}]}
    )
    result = drafts(read_json_batch(text, jsonl=False))
    assert [(d.title, d.text) for d in result] == [("سطر أول", "\n\nسطر أول\nثان"), ("ب", "ب")]


def test_json_missing_text_is_reported_with_its_line_and_others_import() -> None:
    text = """{"articles": [
  {"title": "أول", "text": "نص أول"},
  {"title": "بلا نص"},
  {"title": "فارغ", "text": "   "},
  {"title": "رقم", "text": 42},
  "نص وحيد",
  {"title": "أخير", "text": "نص أخير", "url": 7},
  {"title": "آخر", "text": "نص آخر"}
]}"""
    result = read_json_batch(text, jsonl=False, path="batch.json")
    assert [type(item).__name__ for item in result] == [
        "ArticleDraft",
        "MalformedInput",
        "MalformedInput",
        "MalformedInput",
        "MalformedInput",
        "MalformedInput",
        "ArticleDraft",
    ]
    errors = [item for item in result if isinstance(item, MalformedInput)]
    assert [e.line for e in errors] == [3, 4, 5, 6, 7]
    assert "text" in errors[0].message
    assert errors[0].message.startswith("article 2:")
    assert "blank" in errors[1].message
    assert "string" in errors[2].message
    assert "object" in errors[3].message
    assert '"url"' in errors[4].message
    assert all(e.path == "batch.json" and "\n" not in str(e) for e in errors)


def test_json_syntax_error_fails_the_whole_file_with_its_line() -> None:
    text = '[\n  {"text": "أ"},\n  {"text": "ب",}\n]'
    with pytest.raises(MalformedInput) as caught:
        read_json_batch(text, jsonl=False, path="bad.json")
    assert caught.value.line == 3
    assert "line 3" in caught.value.message
    assert caught.value.path == "bad.json"


def test_json_lines_in_a_json_file_get_a_hint() -> None:
    with pytest.raises(MalformedInput, match="jsonl") as caught:
        read_json_batch('{"text": "أ"}\n{"text": "ب"}\n', jsonl=False)
    assert caught.value.line == 2


@pytest.mark.parametrize("text", ['"نص"', "42", "null"])
def test_json_top_level_must_be_object_or_array(text: str) -> None:
    with pytest.raises(MalformedInput, match="expected an object"):
        read_json_batch(text, jsonl=False)


def test_json_articles_must_be_an_array() -> None:
    with pytest.raises(MalformedInput, match="articles"):
        read_json_batch('{"articles": {"text": "x"}}', jsonl=False)


@pytest.mark.parametrize("text", ["[]", '{"articles": []}', "\n\n", " \n \n"])
def test_no_articles_is_empty(text: str) -> None:
    jsonl = not text.strip()
    with pytest.raises(EmptyInput):
        read_json_batch(text, jsonl=jsonl)


def test_json_with_bom() -> None:
    [draft] = drafts(read_json_batch('\ufeff{"text": "نص"}', jsonl=False))
    assert draft.text == "نص"


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_malformed_line_3_is_reported_while_1_2_4_import() -> None:
    paths = CORPUS_FILES[:3]
    lines = []
    for path in paths:
        headline, _, raw = corpus_article(path)
        lines.append(json.dumps({"title": headline, "text": raw}, ensure_ascii=False))
    text = "\n".join([lines[0], lines[1], '{"title": "مكسور", "text": "نص', lines[2]]) + "\n"
    result = read_json_batch(text, jsonl=True, path="batch.jsonl")
    assert len(result) == 4
    good = [item for item in result if isinstance(item, ArticleDraft)]
    bad = [item for item in result if isinstance(item, MalformedInput)]
    assert isinstance(result[2], MalformedInput)
    assert [d.title for d in good] == [corpus_article(p)[0] for p in paths]
    assert [d.text for d in good] == [corpus_article(p)[2] for p in paths]
    assert [e.line for e in bad] == [3]
    assert bad[0].message.startswith("line 3:")
    assert str(bad[0]).startswith("batch.jsonl: line 3:")


def test_jsonl_missing_text_and_non_objects_are_items_with_line_numbers() -> None:
    text = '\n{"text": "أ"}\n\n{"title": "بلا نص"}\r\n[1, 2]\n{"text": "ب", "title": null}'
    result = read_json_batch(text, jsonl=True)
    assert [getattr(item, "line", None) for item in result] == [None, 4, 5, None]
    assert isinstance(result[0], ArticleDraft) and result[0].title == "أ"
    assert isinstance(result[3], ArticleDraft) and result[3].title == "ب"


def test_jsonl_line_separator_inside_a_string_does_not_split_the_line() -> None:
    text = json.dumps({"text": "أول\u2028ثان"}, ensure_ascii=False) + "\n"
    [draft] = drafts(read_json_batch(text, jsonl=True))
    assert draft.text == "أول\u2028ثان"

"""The hostile input files of ``tests/hardening/bad_inputs/`` and what the importer must do
with each: refuse it with one clear line (and which error code), or import it safely.

The small files are kept in the repository so anyone can drop them on the window by hand;
this module wrote them and rewrites them (``python -m tests.hardening.hostile_files``).
The big ones (100 MB, a 5 MB single line) are made at test time by :func:`write_big_files`.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "bad_inputs"

ARTICLE = (
    "هجوم صاروخي على قاعدة عسكرية في العراق\n"
    "قالت مصادر أمنية لوكالة رويترز إن مهاجمين أطلقوا عدة صواريخ على القاعدة مساء الأحد.\n"
    "وأضافت المصادر أن الهجوم لم يسفر عن إصابات، وفق بيان رسمي صدر لاحقا.\n"
)
BODY_ONLY = ARTICLE.split("\n", 1)[1]

#: Refusal codes (``ImportOutcome.error_code``), by what is wrong.
BINARY, EMPTY, TOO_LARGE, UNDECODABLE, MALFORMED = (
    "binary",
    "empty",
    "too_large",
    "undecodable",
    "malformed",
)


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its bytes, and the expected outcome. ``refused``: the error codes
    acceptable for a refusal (the file is refused as a whole, or every article of it is);
    empty for a file that must import safely."""

    name: str
    data: bytes
    refused: frozenset[str] = frozenset()
    note: str = ""


def _html() -> bytes:
    return f"""<!doctype html>
<html lang="ar" dir="rtl"><head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=http://evil.example/redirect">
<title>&#x202E;هجوم صاروخي | موقع</title>
<base href="http://evil.example/">
<link rel="stylesheet" href="http://evil.example/style.css">
<script src="http://evil.example/tracker.js"></script>
<script>document.write("نص سري من السكربت"); fetch("http://evil.example/x");</script>
<style>body {{ background: url(http://evil.example/bg.png) }}
.secret::after {{ content: "نص من الأنماط" }}</style>
</head><body>
<nav><a href="javascript:alert(1)">القائمة</a></nav>
<article>
<h1>هجوم صاروخي على قاعدة عسكرية في العراق</h1>
<p>{BODY_ONLY.splitlines()[0]}</p>
<img src="http://evil.example/pixel.png" onerror="alert('img')" alt="صورة">
<iframe src="http://evil.example/frame.html">نص داخل الإطار</iframe>
<iframe srcdoc="&lt;p&gt;نص من srcdoc&lt;/p&gt;"></iframe>
<object data="http://evil.example/x.swf"><embed src="http://evil.example/y.swf"></object>
<svg><script>alert("svg")</script><text>نص الرسم</text></svg>
<noscript><img src="http://evil.example/noscript.gif"></noscript>
<template><p>نص من القالب</p></template>
<p onclick="alert('p')">{BODY_ONLY.splitlines()[1]}</p>
<script>var leaked = "نص سري آخر";</script>
</article>
</body></html>
""".encode()


def _label_studio() -> bytes:
    """A Label Studio export whose offsets count UTF-16 code units (older front ends): the
    emoji before the region shifts code-point offsets by one."""
    text = "عاجل 😀 قال الوزير إن الاقتصاد ينمو بسرعة هذا العام"
    quote = "الوزير"
    start = text.index(quote)
    before = text[:start]
    start16 = len(before.encode("utf-16-le")) // 2
    task = {
        "id": 1,
        "data": {"text": text, "title": "خبر عاجل"},
        "annotations": [
            {
                "id": 10,
                "result": [
                    {
                        "id": "r1",
                        "type": "labels",
                        "from_name": "label",
                        "to_name": "text",
                        "value": {
                            "start": start16,
                            "end": start16 + len(quote),
                            "text": quote,
                            "labels": ["claim"],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps([task], ensure_ascii=False).encode()


def hostile_files() -> list[Hostile]:
    cp1256 = BODY_ONLY.encode("cp1256")
    return [
        Hostile(
            "binary-png-named.txt",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2,
            frozenset({BINARY}),
        ),
        Hostile("binary-elf.html", b"\x7fELF\x02\x01\x01" + bytes(200), frozenset({BINARY})),
        Hostile(
            "pdf-disguised.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", frozenset({BINARY})
        ),
        Hostile("empty.txt", b"", frozenset({EMPTY})),
        Hostile("whitespace-only.md", b" \n\t\r\n   \n", frozenset({EMPTY})),
        Hostile("empty.json", b"", frozenset({EMPTY})),
        Hostile(
            "nul-bytes.txt",
            ARTICLE.encode()[:60] + b"\x00\x00" + ARTICLE.encode()[60:],
            frozenset({BINARY}),
        ),
        Hostile("utf16-without-bom.txt", ARTICLE.encode("utf-16-le"), frozenset({BINARY})),
        Hostile(
            "utf16-broken-surrogate.txt",
            codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00",
            frozenset({UNDECODABLE}),
        ),
        Hostile("control-bytes.txt", bytes(range(1, 32)) * 20, frozenset({BINARY})),
        Hostile(
            "invalid-utf8.txt",
            ARTICLE.encode()[:90] + b"\xff\xc3\x28" + ARTICLE.encode()[90:],
            frozenset({UNDECODABLE}),
            note="UTF-8 with stray bytes: read as cp1256 it would be stored as mojibake",
        ),
        Hostile(
            "mixed-encodings.txt",
            ARTICLE.split("\n", 1)[0].encode() + b"\n" + cp1256,
            frozenset({UNDECODABLE}),
            note="a UTF-8 headline over a Windows-1256 body",
        ),
        Hostile(
            "hostile-page.html",
            _html(),
            note="scripts, iframes, remote images, handlers: text only, nothing fetched; "
            "the <title> carries U+202E (removed by the patch)",
        ),
        Hostile(
            "bidi-override-title.txt",
            ("\u202eهجوم صاروخي\u202c على قاعدة\n" + BODY_ONLY).encode(),
            note="U+202E in the headline: removed, with a warning",
        ),
        Hostile(
            "bidi-override-title.json",
            json.dumps(
                {"title": "\u202eعنوان مقلوب gpj.exe", "text": BODY_ONLY}, ensure_ascii=False
            ).encode(),
            note="the override only in the title, the body is clean",
        ),
        Hostile(
            "zero-width-title.txt",
            ("هجوم\u200bصاروخي\u200c على\u200d قاعدة\u2060 \ufeffعسكرية\n" + BODY_ONLY).encode(),
            note="zero-width characters are kept (ZWNJ and ZWJ are spelling)",
        ),
        Hostile(
            "zero-width-only.txt",
            "\u200b\u200c\n\u2060\ufeff\u200d\n".encode(),
            frozenset({EMPTY}),
            note="nothing visible: refused as empty",
        ),
        Hostile(
            "terminal-escapes.txt",
            ("عنوان \x1b[31mأحمر\x1b[0m\n" + BODY_ONLY + "\x1b]0;title\x07\x08").encode(),
            note="ANSI escapes removed (they would reach the terminal)",
        ),
        Hostile("old-mac-line-ends.txt", ARTICLE.replace("\n", "\r").encode()),
        Hostile("json-text-number.json", b'{"title": "t", "text": 12345}', frozenset({MALFORMED})),
        Hostile(
            "json-title-list.json",
            json.dumps({"title": ["a", "b"], "text": BODY_ONLY}).encode(),
            frozenset({MALFORMED}),
        ),
        Hostile(
            "json-nested-garbage.json",
            json.dumps(
                [
                    {"text": {"nested": [[[{"x": None}]]]}},
                    [[[]]],
                    "string",
                    7,
                    {"text": BODY_ONLY, "url": {"a": 1}},
                ]
            ).encode(),
            frozenset({MALFORMED}),
        ),
        Hostile(
            "json-deep-nesting.json",
            b"[" * 5_000 + b"]" * 5_000,
            frozenset({MALFORMED}),
            note="valid JSON deeper than Python's recursion limit",
        ),
        Hostile(
            "json-huge-number.json",
            b'{"title": "t", "text": ' + b"9" * 5000 + b"}",
            frozenset({MALFORMED}),
            note="an integer beyond Python's 4,300-digit conversion limit",
        ),
        Hostile(
            "json-lone-surrogate.json",
            '{"title": "عنوان", "text": "نص \\ud800 مكسور"}'.encode(),
            frozenset({MALFORMED}),
        ),
        Hostile(
            "json-syntax-error.json",
            b'{"title": "t", "text": "unterminated',
            frozenset({MALFORMED}),
        ),
        Hostile(
            "json-huge-title.json",
            json.dumps({"title": "ع" * 20_000, "text": BODY_ONLY}, ensure_ascii=False).encode(),
            note="shortened to 200 characters",
        ),
        Hostile(
            "jsonl-mixed.jsonl",
            "\n".join(
                [
                    json.dumps({"title": "سطر سليم", "text": BODY_ONLY}, ensure_ascii=False),
                    "{not json",
                    json.dumps({"title": 5, "text": "نص"}),
                    "[" * 5000,
                    '{"text": "\\udc00"}',
                    json.dumps([1, 2, 3]),
                    "",
                    json.dumps({"text": "نص سليم آخر في السطر الثامن"}, ensure_ascii=False),
                ]
            ).encode(),
            note="two good lines import, each bad line is reported",
        ),
        Hostile(
            "label-studio-utf16.json",
            _label_studio(),
            note="refused (not our JSON batch) or imported with spans converted",
        ),
    ]


#: Files that are refused only in part: these articles import, the rest are reported.
PARTIAL = {"jsonl-mixed.jsonl": 2}


def write_big_files(folder: Path) -> tuple[Path, Path]:
    """A 100 MB text file and a 5 MB file that is one single line, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / "big-100mb.txt"
    block = (ARTICLE * 200).encode()
    with big.open("wb") as fh:
        written = 0
        while written < 100 * 1024 * 1024:
            fh.write(block)
            written += len(block)
    line = folder / "one-line-5mb.txt"
    words = BODY_ONLY.replace("\n", " ").split()
    chunks: list[str] = []
    size = 0
    number = 0
    while size < 5 * 1024 * 1024:
        word = f"{words[number % len(words)]}{number % 1000 if number % 17 == 0 else ''} "
        chunks.append(word)
        size += len(word.encode())
        number += 1
    line.write_text("".join(chunks).rstrip(), encoding="utf-8")
    return big, line


def write_folder(folder: Path = FOLDER) -> None:
    """(Re)write the small hostile files."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in hostile_files():
        (folder / item.name).write_bytes(item.data)


if __name__ == "__main__":
    write_folder()

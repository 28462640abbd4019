"""Decoding imported bytes: BOMs, UTF-8, cp1256 versus ISO-8859-6, overrides, bad input."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.errors import (
    BinaryInput,
    EmptyInput,
    InputTooLarge,
    UndecodableInput,
)
from annotator.services.decoding import (
    MAX_BYTES,
    Decoded,
    decode_bytes,
    legacy_arabic_score,
    normalize_encoding_name,
)

SEED = Path(__file__).parents[2] / "seeds" / "000_661f9a45d22e167f.txt"
CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "cc0-arabic-news"
if not CORPUS.is_dir():  # a checkout without the shared folder carries its own copy
    CORPUS = Path(__file__).parents[1] / "corpus" / "cc0-arabic-news"


def read_seed() -> str:
    return SEED.read_text(encoding="utf-8")


def arabic_only(text: str) -> str:
    """Arabic letters, harakat, spaces and newlines only: encodable in every Arabic codec."""
    return re.sub("[^\u0621-\u0652 \n]", "", text)


# --- the seed article in every encoding ------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM (little-endian here)
        ("utf-32", "utf-32"),
    ],
)
def test_seed_in_unicode_encodings_round_trips(codec: str, recorded: str) -> None:
    seed = read_seed()
    assert decode_bytes(seed.encode(codec)) == Decoded(seed, recorded)


def test_seed_in_utf16_big_endian_with_bom() -> None:
    seed = read_seed()
    data = codecs.BOM_UTF16_BE + seed.encode("utf-16-be")
    assert decode_bytes(data) == Decoded(seed, "utf-16")


def test_seed_in_cp1256_round_trips() -> None:
    data = read_seed().encode("cp1256", errors="ignore")
    expected = data.decode("cp1256")
    assert len(expected) == len(read_seed())  # cp1256 has every character of the seed
    assert decode_bytes(data) == Decoded(expected, "cp1256")


def test_seed_in_iso_8859_6_round_trips() -> None:
    # ISO-8859-6 has no guillemets, Latin-1 signs or Arabic-Indic digits: drop what it lacks.
    data = read_seed().encode("iso-8859-6", errors="ignore")
    expected = data.decode("iso-8859-6")
    assert len(expected) > 0.98 * len(read_seed())
    assert decode_bytes(data) == Decoded(expected, "iso-8859-6")


@pytest.mark.parametrize("codec", ["cp1256", "iso-8859-6"])
def test_arabic_only_excerpts_of_the_seed_in_both_legacy_encodings(codec: str) -> None:
    lines = [line for line in arabic_only(read_seed()).split("\n") if line.strip()]
    for line in lines:
        decoded = decode_bytes(line.encode(codec))
        assert decoded == Decoded(line, codec), line


# --- short texts: cp1256 versus ISO-8859-6 ---------------------------------------------------

# Four-word phrases whose bytes decode strictly as BOTH cp1256 and ISO-8859-6 (checked below),
# so only the scorer can tell them apart. Chosen from news wording and from the windows that
# an earlier version of the scorer got wrong.
AMBIGUOUS_CP1256 = [
    "بعد إيطاليا وإسبانيا هي",
    "حملة الصين للحد من",
    "الصحة العالمية تطالب دول",
    "على البلدان التي تدرس",
    "بعد أن أعلنت سلطات",
    "ببساطة السيطرة على الأمر",
    "من الدول إصابات جديدة",
    "جزء بسيط من الحالات",
    "دولة رصد حالات إصابة",
    "تحمل مستلزمات طبية لمساعدة",
]
AMBIGUOUS_ISO = [
    "قال مسؤول أمريكي إن",
    "أكثر من ألف شخص",
    "من أصل 22302 إصابة",
    "إجراءات صارمة للحد من",
    "أن تتساءل عما إذا",
    "إصابة أكثر من 791",
    "عندما فتح أكثر من",
    "وزير الصحة الفرنسي يحذر",
]


@pytest.mark.parametrize("phrase", AMBIGUOUS_CP1256)
def test_four_words_of_cp1256_are_not_taken_for_iso(phrase: str) -> None:
    data = phrase.encode("cp1256")
    data.decode("iso-8859-6")  # the wrong codec decodes too: the scorer must decide
    assert decode_bytes(data) == Decoded(phrase, "cp1256")


@pytest.mark.parametrize("phrase", AMBIGUOUS_ISO)
def test_four_words_of_iso_8859_6_are_not_taken_for_cp1256(phrase: str) -> None:
    data = phrase.encode("iso-8859-6")
    data.decode("cp1256")  # cp1256 decodes every byte
    assert decode_bytes(data) == Decoded(phrase, "iso-8859-6")


def test_iso_decoding_fails_strictly_on_bytes_it_leaves_undefined() -> None:
    # ق is 0xDE in cp1256, a hole in ISO-8859-6: that candidate is out at once.
    data = "قال".encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("iso-8859-6")
    assert decode_bytes(data) == Decoded("قال", "cp1256")


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] + [read_seed()]


@pytest.mark.parametrize("codec", ["cp1256", "iso-8859-6"])
def test_every_four_word_window_of_the_corpus(codec: str) -> None:
    # charset-normalizer got four ISO-8859-6 words right 0 times in 200; we need nearly all.
    right = total = 0
    wrong: list[str] = []
    for text in corpus_texts():
        words = text.split()
        for start in range(len(words) - 4):
            phrase = " ".join(words[start : start + 4])
            try:
                data = phrase.encode(codec)
                data.decode("ascii")
                continue  # ASCII only (digits, Latin): UTF-8, nothing to tell apart
            except UnicodeEncodeError:
                continue  # not representable in this codec
            except UnicodeDecodeError:
                pass
            total += 1
            if decode_bytes(data).text == phrase:
                right += 1
            else:
                wrong.append(phrase)
    assert total > 10_000
    assert right / total >= 0.998, wrong[:20]


def test_longer_text_is_never_ambiguous() -> None:
    for text in corpus_texts():
        excerpt = arabic_only(text)[:400]
        for codec in ("cp1256", "iso-8859-6"):
            assert decode_bytes(excerpt.encode(codec)) == Decoded(excerpt, codec)


def test_latin_text_with_accents_is_read_as_cp1256_not_iso() -> None:
    # Windows-1256 keeps é è à ç for French; ISO-8859-6 would turn é into ى.
    text = "Le ministre a déclaré à la presse que la crise était grave"
    assert decode_bytes(text.encode("cp1252")) == Decoded(text, "cp1256")


def test_score_prefers_the_right_reading() -> None:
    phrase = "أعلن الجيش السوري اليوم"
    right = phrase.encode("cp1256").decode("cp1256")
    wrong = phrase.encode("cp1256").decode("iso-8859-6")
    assert legacy_arabic_score(right) > legacy_arabic_score(wrong)
    assert legacy_arabic_score("\ufffd\x85") < legacy_arabic_score("")


# --- declared charsets (HTML meta) -----------------------------------------------------------


def test_declared_charset_settles_a_one_word_tie() -> None:
    data = "بلغ".encode("iso-8859-6")  # also a plausible (wrong) word in cp1256: بنع
    assert decode_bytes(data, declared="iso-8859-6") == Decoded("بلغ", "iso-8859-6")


def test_declared_charset_that_reads_clearly_worse_is_ignored() -> None:
    text = "قال الرئيس في بيان رسمي إن الحكومة ستعلن الإجراءات"
    data = text.encode("cp1256")
    # "iso-8859-1" on a Windows-1256 page is a classic (HTML maps it to cp1252).
    assert decode_bytes(data, declared="cp1252") == Decoded(text, "cp1256")


def test_declared_charset_is_not_used_for_utf8_bytes() -> None:
    assert decode_bytes("قال".encode(), declared="cp1256") == Decoded("قال", "utf-8")


# --- explicit encoding (the editor's override) -----------------------------------------------


def test_explicit_encoding_overrides_detection() -> None:
    data = "أعلن الجيش السوري اليوم".encode("cp1256")
    forced = decode_bytes(data, "iso-8859-6")
    assert forced.encoding == "iso-8859-6"
    assert forced.text == data.decode("iso-8859-6")


@pytest.mark.parametrize(
    ("name", "recorded"),
    [
        ("windows-1256", "cp1256"),
        ("CP1256", "cp1256"),
        ("ISO-8859-6", "iso-8859-6"),
        ("iso8859_6", "iso-8859-6"),
        ("arabic", "iso-8859-6"),
        ("UTF8", "utf-8"),
        ("utf-16", "utf-16"),
    ],
)
def test_encoding_names_are_recorded_in_one_spelling(name: str, recorded: str) -> None:
    assert normalize_encoding_name(name) == recorded


def test_forced_utf8_consumes_a_bom_and_records_utf8_sig() -> None:
    data = codecs.BOM_UTF8 + "خبر".encode()
    assert decode_bytes(data, "utf-8") == Decoded("خبر", "utf-8-sig")


def test_forced_utf16_without_bom_is_not_binary() -> None:
    # Without a BOM, UTF-16 is rejected as binary (NUL bytes) unless the editor names it.
    data = "خبر عاجل".encode("utf-16-le")
    with pytest.raises(BinaryInput, match="NUL"):
        decode_bytes(data)
    assert decode_bytes(data, "utf-16-le") == Decoded("خبر عاجل", "utf-16-le")


def test_forced_endian_codec_drops_the_bom() -> None:
    data = codecs.BOM_UTF16_LE + "خبر".encode("utf-16-le")
    assert decode_bytes(data, "utf-16-le").text == "خبر"


@pytest.mark.parametrize("name", ["no-such-codec", "base64", "rot13", ""])
def test_unknown_encoding(name: str) -> None:
    with pytest.raises(UndecodableInput, match="unknown encoding"):
        decode_bytes(b"abc", name, path="a.txt")


def test_undecodable_under_forced_utf8_names_codec_and_offset() -> None:
    data = b"abc " + "خبر".encode("cp1256")
    with pytest.raises(UndecodableInput) as caught:
        decode_bytes(data, "utf-8", path="news.txt")
    error = caught.value
    assert "utf-8" in error.message
    assert "offset 4" in error.message
    assert "0xce" in error.message
    assert error.path == "news.txt"
    assert str(error).startswith("news.txt: ")
    assert "\n" not in str(error)


def test_undecodable_under_forced_iso_8859_6() -> None:
    data = "في".encode("cp1256")  # ف is 0xDD: undefined in ISO-8859-6
    with pytest.raises(UndecodableInput, match=r"iso-8859-6.*offset 0"):
        decode_bytes(data, "iso-8859-6")


def test_bom_with_invalid_content_is_undecodable() -> None:
    with pytest.raises(UndecodableInput, match="utf-8-sig"):
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff")


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b" ", b"\n\r\n\t  \f\v", codecs.BOM_UTF8 + b"  \n", codecs.BOM_UTF8],
    ids=["empty", "space", "whitespace", "bom-and-whitespace", "bom-only"],
)
def test_empty_or_whitespace_only(data: bytes) -> None:
    with pytest.raises(EmptyInput) as caught:
        decode_bytes(data, path="empty.txt")
    assert caught.value.path == "empty.txt"


def test_unicode_spaces_only_are_empty() -> None:
    with pytest.raises(EmptyInput):
        decode_bytes("\u00a0\u2003\n".encode())


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "GZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"SQLite format 3\x00\x10\x00", "SQLite"),
    ],
)
def test_binary_signatures(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInput, match=kind):
        decode_bytes(data, path="x.txt")


def test_binary_signature_rejected_even_with_forced_encoding() -> None:
    with pytest.raises(BinaryInput, match="PNG"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "cp1256")


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(BinaryInput, match="NUL"):
        decode_bytes(b"some text\x00\x00\x01 more text")


def test_many_control_bytes_are_binary() -> None:
    data = b"text " * 10 + bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14]) * 2
    with pytest.raises(BinaryInput, match="control"):
        decode_bytes(data)


def test_a_few_control_bytes_are_tolerated() -> None:
    data = "خبر عاجل ".encode() * 20 + b"\x0b\x1b"
    assert decode_bytes(data).encoding == "utf-8"


def test_too_large() -> None:
    with pytest.raises(InputTooLarge) as caught:
        decode_bytes(b"a" * (MAX_BYTES + 1), path="big.txt")
    assert "20 MB" in caught.value.message
    assert caught.value.path == "big.txt"


def test_exactly_the_limit_is_accepted() -> None:
    assert len(decode_bytes(b"a" * MAX_BYTES).text) == MAX_BYTES


def test_size_is_checked_before_anything_else() -> None:
    with pytest.raises(InputTooLarge):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES)


# --- no canonicalisation here ----------------------------------------------------------------


def test_text_is_returned_as_the_codec_made_it() -> None:
    # CRLF and decomposed harakat sequences stay: canonicalize() is the caller's single step.
    text = "سطر أول\r\nسطر ثان e\u0301\r\n"
    assert decode_bytes(text.encode()).text == text
    assert decode_bytes(text.encode("utf-8-sig")).text == text


printable = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"
) | st.sampled_from("\n\t ")


@given(st.text(printable, min_size=1).filter(lambda s: s.strip()))
def test_any_utf8_text_round_trips(text: str) -> None:
    for codec, recorded in (("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")):
        assert decode_bytes(text.encode(codec)) == Decoded(text, recorded)


arabic_words = st.lists(
    st.text(st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=2, max_size=8),
    min_size=1,
    max_size=12,
).map(" ".join)


@given(arabic_words)
def test_legacy_decoding_always_returns_one_of_the_strict_decodings(text: str) -> None:
    # Whatever the scorer picks, it is a lossless strict decoding of the bytes.
    data = text.encode("cp1256", errors="ignore")
    if not data.strip() or data.isascii():
        return
    decoded = decode_bytes(data)
    assert decoded.encoding in ("cp1256", "iso-8859-6")
    assert decoded.text.encode(decoded.encoding) == data

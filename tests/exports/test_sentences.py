"""Sentence splitting of Arabic news text, the CheckThat!-style sentence export, and the
CoNLL export checked with seqeval in strict IOB2 mode."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

from annotator.services.exports import export
from annotator.services.exports.sentences import sentence_spans, token_spans
from tests.exports.conftest import Annotated


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_arabic_punctuation_and_doubled_marks() -> None:
    # ؟ and ! end sentences; ؛ does not (it joins clauses of one sentence).
    assert _sentences("قال المسؤول ذلك. هل انتهى؟ نعم! وبعد؛ انتهى") == [
        "قال المسؤول ذلك.", "هل انتهى؟", "نعم!", "وبعد؛ انتهى"]
    # A stop typed before a comma: the sentence goes on (usually with its attribution);
    # doubled marks are one boundary, never a sentence made of punctuation.
    assert _sentences("للقصف اليوم السبت.، وسط دعوات.. ثم هدأت") == [
        "للقصف اليوم السبت.، وسط دعوات..", "ثم هدأت"]
    # A quotation is part of the sentence that quotes it; closing guillemets stay with
    # their sentence; decimals, initials and one-letter abbreviations do not split.
    assert _sentences("قال «انتهى الأمر.» ثم غادر. بلغ 2.5 مليون U.S.A اليوم") == [
        "قال «انتهى الأمر.» ثم غادر.", "بلغ 2.5 مليون U.S.A اليوم"]
    assert _sentences("ختم بقوله «انتهى الأمر.» وبلغ 2.5 مليون.") == [
        "ختم بقوله «انتهى الأمر.» وبلغ 2.5 مليون."]
    assert _sentences("قال د. علاء «انسحبوا. الآن» أمس. ثم غادر") == [
        "قال د. علاء «انسحبوا. الآن» أمس.", "ثم غادر"]
    # Newlines end sentences (headlines have no stop); blank lines give nothing.
    assert _sentences("عنوان بلا نقطة\n\n  نص أول.  \nنص ثان") == [
        "عنوان بلا نقطة", "نص أول.", "نص ثان"]


def test_seed_sentences_are_exact_slices(seed_text: str) -> None:
    spans = sentence_spans(seed_text)
    assert len(spans) > 20
    for start, end in spans:
        sentence = seed_text[start:end]
        assert sentence == sentence.strip() and "\n" not in sentence
        assert sentence[0] not in ".،؟!؛"  # never starts with the tail of a doubled mark
    found = [seed_text[s:e] for s, e in spans]
    # The attribution stays in the sentence of the claim it attributes.
    assert any(s.endswith("في العراق.، وفق «بي بي سي»") for s in found)
    assert "وفق «بي بي سي»" not in found


def test_the_exports_split_as_the_suggester_reads(seed_text: str) -> None:
    from annotator.text.sentences import sentences

    assert sentence_spans(seed_text) == [(s.start, s.end) for s in sentences(seed_text)]


def test_tokens_keep_harakat_with_their_letters() -> None:
    text = "صدَق البرلمان «العراقي»، اليوم."
    tokens = [text[s:e] for s, e in token_spans(text)]
    assert tokens == ["صدَق", "البرلمان", "«", "العراقي", "»", "،", "اليوم", "."]


def test_sentence_export_labels_sentences_overlapping_claims(annotated: Annotated,
                                                            tmp_path: Path) -> None:
    pandas = importlib.import_module("pandas")
    out = tmp_path / "sentences.tsv"
    result = export(annotated.ws, "sentences", out)
    assert result.files == [out, tmp_path / "sentences.jsonl"]
    frame = pandas.read_csv(out, sep="\t", quoting=csv.QUOTE_NONE, dtype={"id": str},
                            keep_default_na=False)
    assert list(frame.columns) == ["id", "sentence", "label"]
    rows = [json.loads(line) for line in (tmp_path / "sentences.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert len(rows) == len(frame)
    assert list(frame["label"]) == [r["label"] for r in rows]
    texts = {}
    for row in rows:
        text = texts.setdefault(row["article_id"], annotated.ws.article(row["article_id"]).text)
        assert text[row["start"]:row["end"]] == row["sentence"]
        for claim in row["claims"]:
            assert claim["start"] < row["end"] and row["start"] < claim["end"]
        assert row["label"] == (1 if row["claims"] else 0)
    # Every claim is in at least one positive sentence; the claim across a paragraph break
    # marks both sentences.
    covered = {c["id"] for r in rows for c in r["claims"]}
    assert covered == {c.id for c in annotated.all_claims()}
    across = [r for r in rows if any(c["id"] == annotated.claims["across"].id
                                     for c in r["claims"])]
    assert len(across) == 2
    rockets = next(r for r in rows if any(c["id"] == annotated.claims["rockets"].id
                                          for c in r["claims"]))
    assert {s["name_ar"] for c in rockets["claims"] for s in c["sources"]} >= {"رويترز"}
    assert 0 < frame["label"].sum() < len(frame)


def _read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line:
            if current:
                sentences.append(current)
            current = []
            continue
        token, label = line.split("\t")
        if token != "-DOCSTART-":
            current.append((token, label))
    return sentences


def test_conll_is_strict_iob2_and_recovers_the_claims(annotated: Annotated,
                                                      tmp_path: Path) -> None:
    importlib.import_module("seqeval")
    from seqeval.metrics import classification_report, f1_score
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2, Entities

    out = tmp_path / "claims.conll"
    result = export(annotated.ws, "conll", out)
    # "attackers" nests in "rockets" and "iraqi" crosses "wounded": both left out, said so.
    assert result.claims == 10 and "2 claim(s)" in result.warnings[0]
    sentences = _read_conll(out)
    labels = [[label for _, label in s] for s in sentences]
    assert {label for seq in labels for label in seq} == {"O", "B-CLAIM", "I-CLAIM"}
    # Strict IOB2: seqeval's strict entities equal its lenient ones (no I- without B-).
    strict = Entities(labels, IOB2).entities
    lenient = get_entities(labels)
    assert sum(len(e) for e in strict) == len(lenient)
    assert f1_score(labels, labels, mode="strict", scheme=IOB2) == 1.0
    assert "CLAIM" in classification_report(labels, labels, mode="strict", scheme=IOB2)
    for seq in labels:
        for i, label in enumerate(seq):
            if label == "I-CLAIM":
                assert i > 0 and seq[i - 1] != "O"
    # The claim tokens, joined, are the claim quotes (tokens never cross a claim here).
    found = {" ".join(tok for tok, _ in s[e.start:e.end]) for s, ents in zip(sentences, strict,
                                                                              strict=True)
             for e in ents}
    wounded = " ".join(w for w in annotated.claims["wounded"].quote.split())
    assert wounded in found
    timetable = annotated.claims["timetable"].quote
    assert timetable.replace("«", "« ").replace("»", " »").replace("(", "( ").replace(
        ")", " )") in found

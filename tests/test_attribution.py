"""Factuality labels against a hand-labelled set of sentences from four texts."""

from __future__ import annotations

import json

from conftest import FIXTURES, SEED_ARTICLE
from index.attribution import label_document, label_sentence
from index.document import parse_document

ROWS = [json.loads(line) for line in (FIXTURES / "factuality.jsonl").read_text(encoding="utf-8").splitlines() if line]


def test_labelled_set_is_large_and_varied() -> None:
    assert len(ROWS) >= 60
    assert len({row["source"] for row in ROWS}) >= 3


def test_reported_precision_and_recall() -> None:
    tp = fp = fn = 0
    for row in ROWS:
        predicted = label_sentence(row["text"]).label == "reported"
        actual = row["label"] == "reported"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.9, precision
    assert recall >= 0.9, recall


def test_caveats_are_flagged() -> None:
    caveats = [row for row in ROWS if row["caveat"]]
    assert caveats
    for row in caveats:
        assert label_sentence(row["text"]).caveat, row["text"]


def test_noun_and_narrative_uses_are_not_reports() -> None:
    assert label_sentence("Insurance claims rose 5% in the first quarter.").label == "asserted"
    assert label_sentence("The referee told him to leave the pitch.").label == "asserted"
    assert label_sentence("The court ordered that the said property be returned.").label == "asserted"
    assert label_sentence("Prices rose sharply, officials said.").label == "reported"
    # "on Monday, accused of ...": he is accused, and no one called Monday accuses
    assert label_sentence("The owner went on trial in Leeds on Monday, accused of fraud.").label == "asserted"


def test_pronoun_speakers_and_caveat_links_in_a_document() -> None:
    sentences = [
        "Maria Lopez, a nurse, says she saw the fire start.",
        "She claims the alarm never sounded.",
        "Her account could not be independently verified.",
        "The fire brigade said the blaze was put out by midnight.",
    ]
    labels = label_document(sentences)
    assert [lab.label for lab in labels] == ["reported", "reported", "asserted", "reported"]
    assert labels[1].speaker == "Maria Lopez"
    assert labels[2].caveat
    assert labels[1].covered_by == [2]
    assert labels[3].covered_by == []  # the brigade's statement is not her account


def test_seed_article_caveat_covers_his_own_account() -> None:
    document = parse_document(SEED_ARTICLE)
    caveats = [s for s in document.sentences if s.caveat]
    assert len(caveats) == 1
    covered = [s for s in document.sentences if caveats[0].position in s.caveat_of]
    assert len(covered) >= 8
    assert all(s.label == "reported" for s in covered)

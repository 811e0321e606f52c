"""The reading corpus: every label checked against its text, and the checker itself checked."""

from __future__ import annotations

import json
from pathlib import Path

from training.corpus import CORPUS, SPLITS
from training.validate import validate_article

ARTICLE = ("Ann Lee, 52, has run the bakery on Mill Street since 1998. She says the new rent is unaffordable. "
           "The council has not said when it will decide. ") * 8


def write_article(folder: Path, questions: list[dict], claims: list[dict]) -> Path:
    txt = folder / "x01_bakery.txt"
    txt.write_text(ARTICLE, encoding="utf-8")
    txt.with_suffix(".jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    (folder / "x01_bakery.claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    return txt


def question(qid: str, **fields) -> dict:
    return {"id": f"x01_bakery:{qid}", "doc": "x01_bakery", **fields}


def test_every_article_in_the_corpus_passes_its_checks():
    articles = [txt for split in SPLITS for txt in sorted((CORPUS / split).glob("*.txt"))]
    assert len(articles) >= 100
    assert len(list((CORPUS / "test").glob("*.txt"))) >= 20
    problems = [error for txt in articles for error in validate_article(txt)[0]]
    assert problems == []


def test_splits_share_no_article():
    names = {split: {p.stem for p in (CORPUS / split).glob("*.txt")} for split in SPLITS}
    assert not names["train"] & names["test"] and not names["dev"] & names["test"] and not names["train"] & names["dev"]


def test_a_label_that_is_not_in_the_text_is_caught(tmp_path):
    good = question("q1", question="How old is Ann Lee?", answerable=True, kind="literal", gold=["52"],
                    evidence=["Ann Lee, 52, has run the bakery on Mill Street since 1998."], status="supported")
    not_verbatim = question("q2", question="When did she start?", answerable=True, kind="paraphrase", gold=["1998"],
                            evidence=["Ann Lee has run the bakery since 1998."], status="supported")
    answer_outside = question("q3", question="Where is the bakery?", answerable=True, kind="literal",
                              gold=["Church Lane"], evidence=["Ann Lee, 52, has run the bakery on Mill Street since "
                                                              "1998."], status="supported")
    reported_no_speaker = question("q4", question="Is the rent affordable?", answerable=True, kind="literal",
                                   gold=["unaffordable"], evidence=["She says the new rent is unaffordable."],
                                   status="reported")
    errors, _ = validate_article(write_article(tmp_path, [good, not_verbatim, answer_outside, reported_no_speaker], []))
    assert any("q2: evidence is not verbatim" in e for e in errors)
    assert any("q3: gold 'Church Lane' is not inside its evidence" in e for e in errors)
    assert any("q4: a reported answer needs its speaker" in e for e in errors)
    assert not any(":q1:" in e or "x01_bakery:q1" in e for e in errors)


def test_an_unanswerable_question_must_name_its_near_miss_kind(tmp_path):
    vague = question("q1", question="How old is Tom Hale?", answerable=False, kind="hard", gold=[], evidence=[],
                     near="Ann Lee, 52, has run the bakery on Mill Street since 1998.")
    errors, _ = validate_article(write_article(tmp_path, [vague], []))
    assert any("unanswerable kind must be one of" in e for e in errors)

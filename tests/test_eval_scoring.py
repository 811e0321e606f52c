"""eval.score on hand-made records: each number is exact, so loosening a rule breaks a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.record import AnswerRecord, Citation, Claim
from eval.metrics import DEFINITIONS, LATENCY_METRICS, RATE_METRICS, percentile
from eval.score import contains_gold, normalize, score
from eval.verbatim import quotes_verbatim

FOUNDED = "Founded in 2014, the Wagner Group is run by the businessman Yevgeny Prigozhin."
PAID = "Wagner recruits are reportedly paid around $10,000 (£8,186) per month."
BELIEVED = "It is believed to make up about 10% of Russia’s forces in Ukraine."
CUSTODY = "Medvedev remains in custody in the Oslo area."
ARTICLE = f"Title line\n\n{FOUNDED} {PAID}\n\n{BELIEVED}\n\n{CUSTODY}\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "docs" / "wagner.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def cite(n: int, sentence: str, source: Path | None, quote: str | None = None, doc_id: str = "wagner") -> dict:
    start = ARTICLE.index(sentence)
    return {"id": n, "doc_id": doc_id, "quote": quote or sentence, "start": start, "end": start + len(sentence),
            "score": 0.5, "source": str(source) if source else None}


def record(qid: str, answer: str, claims: list[tuple[str, list[int]]], citations: list[dict],
           answerable: bool = True, total: float = 100.0, first_token: float | None = None) -> dict:
    timings = {"total": total} | ({"first_token": first_token} if first_token is not None else {})
    return {"id": qid, "question": "?", "answer": answer, "answerable": answerable,
            "claims": [{"text": answer, "status": status, "citations": ids} for status, ids in claims],
            "citations": citations, "backend": "test", "timings_ms": timings}


QUESTIONS = [
    {"id": "correct", "question": "When was Wagner founded?", "type": "fact", "answerable": True,
     "gold": ["2014"], "evidence": [FOUNDED], "status": "supported"},
    {"id": "wrong", "question": "Who runs Wagner?", "type": "fact", "answerable": True,
     "gold": ["Yevgeny Prigozhin", "Prigozhin"], "evidence": [FOUNDED], "status": "supported"},
    {"id": "refused", "question": "Where is Medvedev held?", "type": "fact", "answerable": True,
     "gold": ["Oslo"], "evidence": [CUSTODY], "status": "supported"},
    {"id": "not_verbatim", "question": "What share of forces?", "type": "reported", "answerable": True,
     "gold": ["10%"], "evidence": [BELIEVED], "status": "reported"},
    {"id": "missed_flag", "question": "How much are recruits paid?", "type": "reported", "answerable": True,
     "gold": ["$10,000", "10,000"], "evidence": [PAID], "status": "reported"},
    {"id": "abstained", "question": "Who is his mother?", "type": "unanswerable", "answerable": False,
     "gold": [], "evidence": [], "status": None},
    {"id": "false_flag", "question": "Who founded it, when?", "type": "fact", "answerable": True,
     "gold": ["2014"], "evidence": [FOUNDED], "status": "supported"},
    {"id": "bare", "question": "Anything else?"},
]


@pytest.fixture
def records(article: Path) -> list[dict]:
    return [
        record("correct", "Wagner was founded in 2014 [1].", [("supported", [1])], [cite(1, FOUNDED, article)],
               total=10.0, first_token=4.0),
        record("wrong", "Wagner is run by Dmitry Utkin [1].", [("unsupported", [1])], [cite(1, FOUNDED, article)],
               total=20.0, first_token=6.0),
        # Refusal: its closest passage holds the evidence, which counts for retrieval but not for citation.
        record("refused", "The article does not say.", [], [cite(1, CUSTODY, article)], answerable=False,
               total=30.0),
        record("not_verbatim", "Wagner is about 10% of Russia's forces [1].", [("reported", [1])],
               [cite(1, BELIEVED, article, quote=BELIEVED.replace("about", "roughly"))], total=40.0,
               first_token=8.0),
        record("missed_flag", "Recruits are paid around $10,000 a month [1].", [("supported", [1])],
               [cite(1, PAID, None)], total=50.0, first_token=10.0),  # no source: resolved by doc_id
        record("abstained", "The article does not say.", [], [cite(1, CUSTODY, article)], answerable=False,
               total=60.0),
        # Cites two passages; only [1] is referenced by the claim, [2] is irrelevant to the question.
        record("false_flag", "Founded in 2014 [1].", [("reported", [1])],
               [cite(1, FOUNDED, article), cite(2, CUSTODY, article)], total=70.0, first_token=12.0),
        record("bare", "Medvedev is in custody in Oslo [1].", [("supported", [1])],
               [cite(1, CUSTODY, None, doc_id="unknown")], total=80.0, first_token=14.0),
    ]


def scored(records: list[dict], article: Path) -> dict:
    return score(QUESTIONS, records, [article.parent])


def metric(result: dict, name: str) -> tuple[int | None, int]:
    entry = result["metrics"][name]
    return entry["hits"], entry["total"]


def test_every_metric_has_a_definition() -> None:
    assert set(RATE_METRICS + LATENCY_METRICS + ["accuracy_by_type"]) == set(DEFINITIONS)


def test_answer_accuracy_counts_only_gold_matches_and_never_a_refusal(records, article) -> None:
    result = scored(records, article)
    # correct, not_verbatim, missed_flag, false_flag match; wrong does not; refused is a refusal.
    assert metric(result, "answer_accuracy") == (4, 6)
    assert result["metrics"]["answer_accuracy"]["value"] == pytest.approx(4 / 6)


def test_refusal_with_the_gold_in_its_text_is_still_wrong(records, article) -> None:
    records[2]["answer"] = "The article does not say; it mentions Oslo."
    assert metric(scored(records, article), "answer_accuracy") == (4, 6)


def test_citation_recall_needs_cited_evidence_and_no_unsupported_claim(records, article) -> None:
    # wrong: evidence cited but its claim is unsupported; refused: a refusal cites nothing;
    # not_verbatim: its reworded quote neither contains nor is contained in the evidence.
    assert metric(scored(records, article), "citation_recall") == (3, 6)


def test_citation_recall_needs_every_evidence_sentence(records, article) -> None:
    questions = [dict(QUESTIONS[0], evidence=[FOUNDED, CUSTODY])]
    assert metric(score(questions, records[:1]), "citation_recall") == (0, 1)
    questions = [dict(QUESTIONS[0], evidence=[FOUNDED[:40]])]  # evidence inside the quote also counts
    assert metric(score(questions, records[:1]), "citation_recall") == (1, 1)


def test_citation_precision_counts_only_referenced_relevant_passages(records, article) -> None:
    # Cited passages of answerable questions: correct, wrong, not_verbatim, missed_flag, false_flag [1];
    # false_flag's [2] is not referenced by a claim, the refusal cites nothing.
    assert metric(scored(records, article), "citation_precision") == (5, 5)
    records[6]["claims"][0]["citations"] = [1, 2]
    assert metric(scored(records, article), "citation_precision") == (5, 6)


def test_quotes_verbatim_checks_every_citation_against_its_file(records, article) -> None:
    # 9 citations; not_verbatim's quote was reworded; bare's has no source and an unknown doc_id.
    assert metric(scored(records, article), "quotes_verbatim") == (7, 9)


def test_quote_with_wrong_offsets_or_unresolvable_source_is_not_verbatim(article) -> None:
    good = cite(1, PAID, article)
    shifted = dict(good, start=good["start"] + 1, end=good["end"] + 1)
    located = dict(good, start=-1, end=-1)
    by_doc_id = dict(good, source=None)
    assert quotes_verbatim([{"citations": [good, shifted, located, by_doc_id]}], [article.parent]).hits == 2
    assert quotes_verbatim([{"citations": [by_doc_id]}]).hits == 0  # no docs to resolve doc_id against


def test_reported_flag_recall_and_false_flag_rate(records, article) -> None:
    result = scored(records, article)
    assert metric(result, "reported_flag_recall") == (1, 2)  # not_verbatim flagged, missed_flag not
    # Answered "supported" questions: correct, wrong (unsupported claim), false_flag (reported claim).
    assert metric(result, "false_flag_rate") == (2, 3)


def test_abstention_recall_and_false_refusal_rate(records, article) -> None:
    result = scored(records, article)
    assert metric(result, "abstention_recall") == (1, 1)
    assert metric(result, "false_refusal_rate") == (1, 6)
    records[5]["answerable"] = True
    assert metric(scored(records, article), "abstention_recall") == (0, 1)


def test_retrieval_recall_looks_at_every_citation_even_a_refusals(records, article) -> None:
    # Every answerable question but not_verbatim (reworded quote) has its evidence among its citations.
    assert metric(scored(records, article), "retrieval_recall_at_k") == (5, 6)
    records[2]["citations"] = [cite(1, PAID, article)]
    assert metric(scored(records, article), "retrieval_recall_at_k") == (4, 6)


def test_latency_uses_every_record_and_first_token_where_present(records, article) -> None:
    result = scored(records, article)["metrics"]
    assert result["latency_p50_ms"] == {"value": 45.0, "hits": None, "total": 8}
    assert result["latency_p95_ms"]["value"] == pytest.approx(76.5)
    assert result["first_token_p50_ms"] == {"value": 9.0, "hits": None, "total": 6}


def test_accuracy_by_type(records, article) -> None:
    by_type = scored(records, article)["accuracy_by_type"]
    assert by_type == {
        "fact": {"value": 0.5, "hits": 2, "total": 4},
        "reported": {"value": 1.0, "hits": 2, "total": 2},
        "unanswerable": {"value": 1.0, "hits": 1, "total": 1},
    }


def test_bare_questions_are_timed_but_not_scored(records, article) -> None:
    result = score([QUESTIONS[-1]], [records[-1]], [article.parent])
    for name in RATE_METRICS:
        if name != "quotes_verbatim":
            assert result["metrics"][name] == {"value": None, "hits": 0, "total": 0}, name
    assert result["metrics"]["latency_p50_ms"]["value"] == 80.0
    assert result["accuracy_by_type"] == {}


def test_answer_records_and_dicts_score_alike(article) -> None:
    start = ARTICLE.index(PAID)
    model = AnswerRecord(
        id="missed_flag", question="?", answer="About $10,000 [1].", answerable=True,
        claims=[Claim(text="About $10,000.", status="reported", citations=[1])],
        citations=[Citation(id=1, doc_id="wagner", quote=PAID, start=start, end=start + len(PAID), score=1.0,
                            source=str(article))],
        backend="test", timings_ms={"total": 5.0},
    )
    result = score([QUESTIONS[4]], [model])
    assert metric(result, "answer_accuracy") == (1, 1)
    assert metric(result, "reported_flag_recall") == (1, 1)
    assert metric(result, "quotes_verbatim") == (1, 1)


def test_multi_part_needs_every_part() -> None:
    question = {"id": "m", "question": "?", "type": "multi_part", "answerable": True, "gold": ["2014", "Prigozhin"],
                "gold_all": [["2014"], ["Yevgeny Prigozhin", "Prigozhin"]], "evidence": [], "status": "supported"}
    half = {"id": "m", "answer": "It was founded in 2014.", "answerable": True, "citations": [], "claims": []}
    both = dict(half, answer="Founded in 2014 and run by Prigozhin.")
    assert metric(score([question], [half]), "answer_accuracy") == (0, 1)
    assert metric(score([question], [both]), "answer_accuracy") == (1, 1)


def test_a_near_miss_answered_by_correcting_its_premise_counts_as_declined_but_not_as_refused() -> None:
    question = {"id": "n", "question": "What did the 2021 review warn of?", "answerable": False,
                "kind": "number_change", "near": "The 2022 review warned of flooding."}
    said = "The article says “2022”, not “2021” [1]. The 2022 review warned of flooding [1]."
    corrected = {"id": "n", "answer": said, "answerable": True, "citations": [], "claims": [],
                 "premise": {"asked": "2021", "said": "2022", "citation": 1}}
    elsewhere = dict(corrected, premise={"asked": "2021", "said": "2019", "citation": 1})  # not the near sentence's
    plain = dict(corrected, premise=None)
    for record, declined in ((corrected, True), (elsewhere, False), (plain, False)):
        result = score([question], [record])
        assert metric(result, "abstention_recall") == (int(declined), 1)
        assert metric(result, "overall_correctness") == (int(declined), 1)
        assert metric(result, "refusal_recall") == (0, 1)


@pytest.mark.parametrize(("text", "gold", "expected"), [
    ("Recruits earn $10,000 (£8,186).", "$10,000", True),
    ("Recruits earn $10,000 (£8,186).", "10,000", True),
    ("Recruits earn $10,000 (£8,186).", "£8,186", True),
    ("Recruits earn 10000 a month.", "$10,000", False),
    ("He is 26-year-old.", "26", True),
    ("It happened in 2026.", "26", False),
    ("Yevgeny Prigozhin’s group", "Prigozhin", True),
    ("About 10% of forces", "10%", True),
    ("About 10 of forces", "10%", False),
    ("ST. PETERSBURG", "St Petersburg", True),
    ("Petersburg", "St Petersburg", False),
    ("anything", "", False),
])
def test_contains_gold(text: str, gold: str, expected: bool) -> None:
    assert contains_gold(text, gold) is expected


def test_normalize() -> None:
    assert normalize("  Wagner’s  $10,000 (£8,186) — 10%!\n") == "wagner s $ 10 000 £ 8 186 10 %"


def test_percentile() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 95) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([10.0, 20.0, 30.0, 40.0, 50.0], 95) == pytest.approx(48.0)

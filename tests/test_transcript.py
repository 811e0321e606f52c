"""A chat as Markdown (citations as footnotes with quote and offsets) and as JSON (ui/transcript.py)."""

from __future__ import annotations

import json

from records import AGE_QUOTE, RUNS_QUOTE, SEED_DOC, answered, refused

from core.record import AnswerRecord, Citation
from ui.transcript import answer_markdown, chat_json, chat_markdown, escape_markdown


def test_each_citation_becomes_a_footnote_with_its_quote_and_offsets() -> None:
    text = chat_markdown([answered(), answered("Who runs the Wagner Group?", "Yevgeny Prigozhin runs it [1].",
                                               RUNS_QUOTE)], title="My chat")
    assert text.startswith("# My chat\n\n**Q1:** How old is Andrey Medvedev?\n\n**A1:** He is 26[^1-1].\n")
    assert f'[^1-1]: "{AGE_QUOTE}" (`{SEED_DOC}`, characters 454–556)' in text.splitlines()
    assert "**A2:** Yevgeny Prigozhin runs it[^2-1]." in text  # turn numbers keep the labels apart
    assert f'[^2-1]: "{RUNS_QUOTE}" (`{SEED_DOC}`, characters 454–{454 + len(RUNS_QUOTE)})' in text
    assert text.count("\n---\n") == 1 and text.endswith("\n")


def test_a_refusal_lists_its_closest_passages_as_footnotes() -> None:
    text = chat_markdown([refused()])
    assert "**A1:** The article does not say. The closest passages are shown below." in text
    assert "Closest passages: [^1-1] [^1-2]" in text
    assert '[^1-2]: "His mother lives in Tomsk." (`other_doc`, characters 0–26)' in text


def test_reported_claims_carry_their_note() -> None:
    text = chat_markdown([answered(status="reported")])
    assert "- *reported*: The article attributes this to him." in text


def test_markdown_in_questions_answers_and_quotes_stays_text() -> None:
    quote = "He said *nothing* <b>at all</b>\n[sic] | yes"
    record = AnswerRecord(question="# Who wrote `rm -rf`?", answer="A [2] marker, and [1] the_end [7].",
                          answerable=True, backend="extractive",
                          citations=[Citation(id=1, doc_id="doc`1", quote=quote, start=3, end=40, score=0.1),
                                     Citation(id=2, doc_id="d2", quote="q", start=0, end=1, score=0.1)])
    text = chat_markdown([record])
    assert "**Q1:** # Who wrote \\`rm -rf\\`?" in text
    assert "**A1:** A[^1-2] marker, and[^1-1] the\\_end \\[7\\]." in text  # [7] cites nothing: shown as text
    assert '[^1-1]: "He said \\*nothing\\* \\<b\\>at all\\</b\\> \\[sic\\] \\| yes" (doc\\`1, characters 3–40)' in text
    assert "Passages:" not in text  # both citations are pointed at in the answer


def test_answer_markdown_leaves_words_apart() -> None:
    record = answered(answer="First [1] then   second.")
    assert answer_markdown(record, 3) == "First[^3-1] then second."
    assert escape_markdown("  a\n\tb_c  ") == "a b\\_c"


def test_json_is_the_list_of_answer_records() -> None:
    records = [answered(), refused()]
    loaded = json.loads(chat_json(records))
    assert [AnswerRecord.model_validate(item) for item in loaded] == records
    assert chat_json([]) == "[]\n"
    assert chat_markdown([]) == "# Chat\n\nNo answers yet.\n"

"""The verifier on crafted claims: numbers, names, paraphrase, outside facts, reported claims."""

from __future__ import annotations

import numpy as np
import pytest

from index.attribution import label_sentence
from index.embed import load_embedder
from rag.question import Question
from rag.verify import Passage, split_claims, verify_claims

BRIDGE = Passage(
    id=1, text="The bridge, which cost £4 million, opened to traffic in March 1932.",
    context="The bridge, which cost £4 million, opened to traffic in March 1932. It was designed by Ellen Ward.",
    label="asserted",
)
MAYOR = Passage(
    id=2, text="The mayor, Tom Hale, says the fire was started deliberately.",
    context="The mayor, Tom Hale, says the fire was started deliberately. His account could not be verified.",
    label="reported", speaker="Tom Hale", cue="says", caveat="His account could not be verified.",
)
PASSAGES = {1: BRIDGE, 2: MAYOR}


@pytest.fixture(scope="module")
def similarity():
    embedder = load_embedder()

    def cosine(a: str, b: str) -> float:
        va, vb = (np.asarray(embedder.get_query_embedding(t)) for t in (a, b))
        return float(va @ vb)

    return cosine


def _only(answer: str, similarity=None):
    claims = verify_claims(answer, PASSAGES, similarity)
    assert len(claims) == 1
    return claims[0]


def test_faithful_statement_is_supported() -> None:
    claim = _only("The bridge opened to traffic in March 1932 [1].")
    assert claim.status == "supported" and claim.citations == [1] and claim.note is None


def test_wrong_number_is_unsupported() -> None:
    claim = _only("The bridge opened to traffic in March 1935 [1].")
    assert claim.status == "unsupported"
    assert "1935" in (claim.note or "")


def test_wrong_name_is_unsupported() -> None:
    claim = _only("The bridge was designed by Oliver Stone [1].")
    assert claim.status == "unsupported"
    assert "does not mention" in (claim.note or "")


def test_faithful_paraphrase_is_supported(similarity) -> None:
    claim = _only("The bridge was opened for traffic in March 1932 at a cost of £4 million [1].", similarity)
    assert claim.status == "supported"


def test_claim_from_outside_the_evidence_is_unsupported(similarity) -> None:
    claim = _only("The bridge is painted red and is popular with tourists [1].", similarity)
    assert claim.status == "unsupported"
    assert claim.note and claim.note.startswith("The article does not say this.")


def test_reported_claim_restated_as_fact_is_flagged_reported() -> None:
    claim = _only("The fire was started deliberately [2].")
    assert claim.status == "reported"
    assert "Tom Hale" in (claim.note or "")
    assert "could not be verified" in (claim.note or "")


def test_wrong_marker_is_re_cited_to_the_passage_that_backs_it() -> None:
    claim = _only("The bridge opened in March 1932 [2].")
    assert claim.status == "supported" and claim.citations == [1]


def test_claim_without_any_citation_is_unsupported() -> None:
    claims = verify_claims("Tourists love the red bridge.", PASSAGES)
    assert [c.status for c in claims] == ["unsupported"]


def test_split_claims_keeps_quotes_and_markers() -> None:
    assert split_claims("He said “no [1].” Then he left [2].") == [("He said “no.”", [1]), ("Then he left.", [2])]


def _framed(text: str) -> Passage:
    label = label_sentence(text)
    return Passage(id=1, text=text, context=text, label=label.label, speaker=label.speaker, cue=label.cue,
                   frame=tuple(label.frame))


@pytest.mark.parametrize(("sentence", "question", "claim", "status"), [
    ("The mayor, Tom Hale, says the fire was started deliberately.",
     "Who is the mayor?", "The mayor is Tom Hale [1].", "supported"),
    ("The mayor, Tom Hale, says the fire was started deliberately.",
     "How did the fire start?", "The fire was started deliberately [1].", "reported"),
    ("The mayor, Tom Hale, says the fire was started deliberately.",
     "Was the fire started deliberately?", "Yes, the fire was started deliberately [1].", "reported"),
    ("Last week, the 41-year-old claims he swam across the lake.",
     "How old is he?", "He is 41 years old [1].", "supported"),
    ("Last week, the 41-year-old claims he swam across the lake.",
     "What did he do last week?", "He swam across the lake [1].", "reported"),
    ("The firm is thought to employ 300 people, and has offices in Leeds and York.",
     "Where does the firm have offices?", "The firm has offices in Leeds and York [1].", "supported"),
    ("The firm is thought to employ 300 people, and has offices in Leeds and York.",
     "How many people does the firm employ?", "The firm employs 300 people [1].", "reported"),
    ("A 52-year-old taxi driver from Leeds has denied causing the crash.",
     "How old is the driver?", "The driver is 52 years old [1].", "supported"),
    ("A 52-year-old taxi driver from Leeds has denied causing the crash.",
     "What has the driver denied?", "The driver denied causing the crash [1].", "reported"),
    ("According to police, the driver was drunk.",
     "Was the driver drunk?", "The driver was drunk [1].", "reported"),
])
def test_a_claim_is_reported_only_if_it_rests_on_the_reported_part(sentence, question, claim, status) -> None:
    claims = verify_claims(claim, {1: _framed(sentence)}, question=Question(question))
    assert [c.status for c in claims] == [status]


@pytest.mark.parametrize(("sentence", "question", "status"), [
    ("Last week, the 41-year-old claims he swam across the lake.", "How old is he?", "supported"),
    ("Last week, the 41-year-old claims he swam across the lake.", "When did he swim across the lake?", "reported"),
    ("Tom Hale, who has run the club for 12 years, says it will close in 2027.",
     "How long has Tom Hale run the club?", "supported"),
    ("Tom Hale, who has run the club for 12 years, says it will close in 2027.",
     "When will the club close?", "reported"),
    ("The mayor, Tom Hale, says the fire was started in Leeds.", "Where was the fire started?", "reported"),
    ("The mayor, Tom Hale, says the fire was started in Leeds.", "Who started the fire?", "reported"),
    ("The mayor, Tom Hale, says the fire was started in Leeds.", "Who is the mayor?", "supported"),
    ("In a video released by Leeds Council, the mayor says the fire was started deliberately.",
     "Who released the video?", "supported"),
    ("In a video released by Leeds Council, the mayor says Ann Lee started the fire.",
     "Who started the fire?", "reported"),
    ("Ann Lee's lawyer in Leeds, Tom Hale, told the BBC that Ann Lee saw the crash.",
     "Who arrested Ann Lee after she reached Leeds?", "reported"),  # names in the speaker's clause answer nothing
    ("Last week, the 41-year-old claims he swam across the lake.", "How old does he claim to be?", "reported"),
    ("“We saw nothing,” she told a press conference in Leeds.", "Where did she say that?", "supported"),
    ("A team at Leeds University says it has found a new beetle.", "Which university is behind the find?", "supported"),
    ("A team at Leeds University says it has found the beetle in Wales.", "In which country was the beetle found?",
     "reported"),
    ("Ana Ruiz, who ran the firm from 2010 to 2019, says she sold it in 2021.",
     "When does Ruiz say she sold the firm?", "reported"),
])
def test_a_quoted_sentence_is_supported_when_its_answer_is_in_the_frame(sentence, question, status) -> None:
    """The extractive answer quotes the whole sentence; what decides is where the asked-for thing sits."""
    claims = verify_claims(f"{sentence[:-1]} [1].", {1: _framed(sentence)}, question=Question(question))
    assert [c.status for c in claims] == [status]


def test_a_changed_quotation_is_unsupported() -> None:
    passage = Passage(id=1, text="He said he saw “deserters being executed” by the guards.", context="",
                      label="reported", speaker="he", cue="said")
    wrong = verify_claims("He saw a “deserter being executed” [1].", {1: passage})
    right = verify_claims("He saw “deserters being executed” [1].", {1: passage})
    assert wrong[0].status == "unsupported" and "in those words" in (wrong[0].note or "")
    assert right[0].status != "unsupported"


def test_a_claim_that_changes_who_said_it_is_unsupported() -> None:
    passage = _framed("The club's owner, Ana Ruiz, said the stadium would close in May.")
    wrong = verify_claims("The city council said the stadium would close in May [1].", {1: passage},
                          question=Question("What was said about the stadium?"))
    right = verify_claims("Ana Ruiz said the stadium would close in May [1].", {1: passage},
                          question=Question("What was said about the stadium?"))
    assert wrong[0].status == "unsupported" and "city council" in (wrong[0].note or "")
    assert right[0].status == "reported"

"""The verifier on crafted claims: numbers, names, paraphrase, outside facts, reported claims."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed import load_embedder
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

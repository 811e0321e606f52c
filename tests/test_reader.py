"""The reader: the shipped weights load and read a known pair; spans stay in the sentence."""

from __future__ import annotations

from rag.reader import MODEL_DIR, Passage, best_span, load_reader, pair_text, thresholds


def test_shipped_weights_load_and_read_a_known_pair():
    reader = load_reader()
    chosen = thresholds()["answers"]
    good, near, off = reader.read("How old is Ann Lee?", [
        Passage("Ann Lee, 52, has run the bakery on Mill Street since 1998."),
        Passage("Tom Hale has run the butcher's shop next door for a decade."),
        Passage("The council has not said when it will decide on her appeal."),
    ])
    assert good.answers >= chosen > off.answers
    assert good.answers > near.answers
    text = "Ann Lee, 52, has run the bakery on Mill Street since 1998."
    assert good.span is not None and "52" in text[good.span[0]:good.span[1]]


def test_the_weights_ship_small():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert size <= 50_000_000
    assert 0.0 < thresholds()["answers"] < 1.0
    assert "dev_curve" in thresholds()  # chosen on dev, with the curve to show it


def test_the_reader_judges_claims_and_voice():
    reader = load_reader()
    evidence = [Passage("Ann Lee, 52, has run the bakery on Mill Street since 1998.")]
    assert reader.judge("Ann Lee has run the bakery since 1998.", evidence)[0]["entailed"] > 0.5
    reported, asserted = reader.voice([Passage("She says the landlord wants to double the rent."),
                                       Passage("The bakery opened on Mill Street in 1998.")])
    assert reported > 0.5 > asserted


def test_the_span_stays_inside_the_candidate_sentence():
    import numpy as np

    # tokens: [CLS] q [SEP] s1 s2 [SEP] ctx [SEP]; only s1, s2 (type 1, inside the sentence's chars) may be chosen
    offsets = np.array([[0, 0], [0, 3], [0, 0], [0, 4], [5, 9], [0, 0], [12, 20], [0, 0]])
    types = np.array([0, 0, 0, 1, 1, 1, 1, 1])
    start = np.array([0, 9, 0, 1, 2, 0, 9, 0], dtype=float)
    end = np.array([0, 9, 0, 1, 3, 0, 9, 0], dtype=float)
    assert best_span(start, end, offsets, types, limit=9) == (5, 9)


def test_neighbours_follow_the_sentence_and_are_cut_short():
    text = pair_text("The sentence.", "before " * 50, "after.")
    assert text.startswith("The sentence. [SEP] ")
    assert len(text.split()) < 40

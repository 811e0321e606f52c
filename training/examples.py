"""Training pairs for the reader, built from labelled articles.

QA: the evidence sentence `answers` its question (with the gold span); the sentence an
unanswerable question nearly matches, and the sentences closest to any question that do not
answer it, are `related`; two sentences drawn at random are `unrelated`. On train articles only,
more near misses are made from the answerable questions: a number changed, a name swapped for
one of the same kind from another article (spaCy's entities), a "not" put in or taken out, a word
swapped for its opposite (core.lexicon.OPPOSITES).
Claims: supported and reported claims are `entailed` by their evidence, contradicted ones
`contradicted`; a claim against a sentence that does not bear on it is `not_given`.
Voice: the evidence of reported answers and claims is `reported`, of supported ones `asserted`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import numpy as np

from core.lexicon import AFTER_HOW, OPPOSITES, RIVALS, both_ways
from rag.reader import CLAIM_PREFIX, VOICE_PROMPT, pair_text
from training.corpus import Article

CLOSE_NEGATIVES = 2
RANDOM_NEGATIVES = 1


@dataclass(frozen=True)
class Example:
    task: str  # "qa" | "claim" | "voice"
    first: str
    second: str
    label: str
    span: tuple[int, int] | None = None  # chars of the answer in the candidate sentence
    group: str = ""  # the question or claim it belongs to (for dev scoring)
    hard: bool = False  # a near miss: one word away from a question that this sentence answers


def gold_span(sentence: str, gold: list[str]) -> tuple[int, int] | None:
    """Where the first gold answer that occurs lies in the sentence (case-insensitive)."""
    low = sentence.lower()
    for answer in sorted(gold, key=len):
        at = low.find(answer.lower())
        if at >= 0:
            return at, at + len(answer)
    return None


class Builder:
    def __init__(self, articles: list[Article], encode, seed: int = 13) -> None:  # type: ignore[no-untyped-def]
        self.articles = articles
        self.encode = encode  # texts -> unit vectors (MiniLM)
        self.random = random.Random(seed)
        self.vectors = {a.name: encode(a.sentences) for a in articles}
        asked = [q["question"] for a in articles for q in a.questions]
        asked += [c["claim"] for a in articles for c in a.claims]
        self._asked = dict(zip(asked, encode(asked))) if asked else {}  # one batched call, not one per question

    def passage(self, article: Article, i: int) -> str:
        return pair_text(article.sentences[i], *article.neighbours(i))

    def closest(self, article: Article, text: str, exclude: set[int], k: int) -> list[int]:
        vector = self._asked[text] if text in self._asked else self.encode([text])[0]
        scores = self.vectors[article.name] @ vector
        return [int(i) for i in np.argsort(-scores) if int(i) not in exclude][:k]

    def qa(self, article: Article, question: dict, extra_negatives: bool) -> list[Example]:
        text, group = question["question"], question["id"]
        out: list[Example] = []
        positives: set[int] = set()
        if question.get("answerable"):
            for quote in question.get("evidence") or []:
                for i in article.matching(quote):
                    span = gold_span(article.sentences[i], question.get("gold") or [])
                    if span is None and len(article.matching(quote)) > 1:
                        continue  # the half of a split quote that lacks the answer
                    positives.add(i)
                    out.append(Example("qa", text, self.passage(article, i), "answers", span, group))
        near = set(article.matching(question.get("near", ""))) - positives
        for i in near:
            out.append(Example("qa", text, self.passage(article, i), "related", None, group, hard=True))
        taken = positives | near
        for i in self.closest(article, text, taken, CLOSE_NEGATIVES):
            out.append(Example("qa", text, self.passage(article, i), "related", None, group))
            taken.add(i)
        rest = [i for i in range(len(article.sentences)) if i not in taken]
        for i in self.random.sample(rest, min(RANDOM_NEGATIVES, len(rest))):
            out.append(Example("qa", text, self.passage(article, i), "unrelated", None, group))
        if extra_negatives and positives:
            for changed in self.near_misses(text, article):
                for i in positives:
                    out.append(Example("qa", changed, self.passage(article, i), "related", None, group + "~",
                                       hard=True))
            for i in positives:
                passage = self.passage(article, i)
                rival = swap_rival(text, passage, self.random)
                if rival:
                    out.append(Example("qa", rival, passage, "related", None, group + "~", hard=True))
        return out

    def near_misses(self, question: str, article: Article) -> list[str]:
        """Questions the evidence no longer answers: one number changed, one name swapped, a "not"."""
        made = []
        number = re.search(r"\b\d[\d,.]*\b", question)
        if number:
            value = number.group().replace(",", "")
            try:
                changed = str(int(float(value)) + self.random.choice([1, 2, 3, 10]))
                made.append(question[:number.start()] + changed + question[number.end():])
            except ValueError:
                pass
        swap = self.swap_entity(question, article)
        if swap:
            made.append(swap)
        negated = negate(question)
        if negated != question:
            made.append(negated)
        opposite = swap_opposite(question, self.random)
        if opposite:
            made.append(opposite)
        return made

    def swap_entity(self, question: str, article: Article) -> str | None:
        entities = getattr(self, "_entities", None)
        if entities is None:
            return None
        found = [(name, kind) for name, kind in entities.get(article.name, []) if name in question]
        if not found:
            return None
        name, kind = self.random.choice(found)
        others = [n for a, items in entities.items() if a != article.name for n, k in items if k == kind]
        return question.replace(name, self.random.choice(others)) if others else None

    def index_entities(self, nlp) -> None:  # type: ignore[no-untyped-def]
        """Names of people, places and organisations per article, from spaCy's NER."""
        kinds = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
        self._entities: dict[str, list[tuple[str, str]]] = {}
        for article in self.articles:
            doc = nlp(" ".join(article.sentences)[:100_000])
            self._entities[article.name] = sorted({(e.text, e.label_) for e in doc.ents if e.label_ in kinds})

    def claims(self, article: Article, claim: dict) -> list[Example]:
        text, group, label = CLAIM_PREFIX + claim["claim"], claim["id"], claim["label"]
        target = {"supported": "entailed", "reported": "entailed", "contradicted": "contradicted"}.get(label)
        hits = article.matching(claim.get("evidence", ""))
        out = []
        if target:
            out += [Example("claim", text, self.passage(article, i), target, None, group) for i in hits]
        for i in self.closest(article, claim["claim"], set(hits) if target else set(), 2 if target else 3):
            out.append(Example("claim", text, self.passage(article, i), "not_given", None, group))
        return out

    def voices(self, article: Article) -> list[Example]:
        seen: dict[int, str] = {}
        for item in [*article.questions, *article.claims]:
            status = item.get("status") or {"supported": "supported", "reported": "reported"}.get(item.get("label", ""))
            if status not in ("supported", "reported"):
                continue
            quotes = item.get("evidence") or []
            for quote in [quotes] if isinstance(quotes, str) else quotes:
                for i in article.matching(quote):
                    seen.setdefault(i, "reported" if status == "reported" else "asserted")
        return [Example("voice", VOICE_PROMPT, self.passage(article, i), label, None, f"{article.name}#{i}")
                for i, label in sorted(seen.items())]

    def build(self, extra_negatives: bool) -> list[Example]:
        out: list[Example] = []
        for article in self.articles:
            for question in article.questions:
                out += self.qa(article, question, extra_negatives)
            for claim in article.claims:
                out += self.claims(article, claim)
            out += self.voices(article)
        return out


_AUXILIARY = re.compile(r"\b(did|does|do|is|was|were|are|has|have|had|will|would|could|can|should)( not|n't)?\b",
                       re.IGNORECASE)


def negate(question: str) -> str:
    """The question with its first auxiliary negated, or its negation taken out."""
    def flip(m: re.Match) -> str:  # type: ignore[type-arg]
        if m.group(2):
            return m.group(1)
        if m.start() == 0:  # "Did the ...?" -> "Didn't the ...?"
            irregular = {"will": "won't", "Will": "Won't", "can": "can't", "Can": "Can't"}
            return irregular.get(m.group(1), m.group(1) + "n't")
        return m.group(1) + " not"
    return _AUXILIARY.sub(flip, question, count=1)


_OPPOSITE = both_ways(OPPOSITES)


def swap_opposite(question: str, rng: random.Random) -> str | None:
    """The question with one word (chosen at random) swapped for its opposite, keeping its case."""
    found = [m for m in re.finditer(r"[A-Za-z]+", question) if m.group().lower() in _OPPOSITE]
    if not found:
        return None
    m = rng.choice(found)
    return _swapped(question, m, _OPPOSITE[m.group().lower()])


def _swapped(question: str, m: re.Match[str], word: str) -> str:
    """The question with the match replaced by the word, in the match's case."""
    word = word.capitalize() if m.group()[0].isupper() else word
    return question[:m.start()] + word + question[m.end():]


def _entry(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|es)?\b", re.IGNORECASE)


_RIVALS = tuple(tuple((entry, _entry(entry)) for entry in family) for family in RIVALS)


def swap_rival(question: str, passage: str, rng: random.Random) -> str | None:
    """The question with the thing it asks about (a role, an amount, a measure, a kind of place;
    core.lexicon.RIVALS) swapped for a rival that the passage never mentions: "Who is the chief
    executive?" becomes "Who is the chairman?" against a passage that names only the chief
    executive. None when the question asks about no such thing the passage mentions."""
    choices = []
    for at, family in enumerate(_RIVALS):
        absent = [entry for entry, pattern in family if not pattern.search(passage)]
        for entry, pattern in family:
            m = pattern.search(question)
            if not m or (at in AFTER_HOW and not question[:m.start()].lower().endswith("how ")):
                continue
            inside_name = m.start() > 0 and m.group()[0].isupper()  # "Rio Oscuro County"
            joined = "-" in question[max(0, m.start() - 1):m.end() + 1]  # "vice-captain"
            if not inside_name and not joined and pattern.search(passage) and absent:
                choices.append((m, entry, absent))
    if not choices:
        return None
    m, entry, absent = rng.choice(choices)
    said = next(w for w in entry if m.group().lower().startswith(w))
    return _swapped(question, m, rng.choice(absent)[0] + m.group()[len(said):])  # keeping the plural's ending


def label_counts(examples: list[Example]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.label] = counts.get(e.label, 0) + 1
    return counts

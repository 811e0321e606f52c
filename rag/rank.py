"""Ranking retrieved sentences for a question: the features and the score.

Features are general: dense similarity, how much of the question's (IDF-weighted) content the
sentence and its paragraph cover, and whether the sentence holds the kind of thing the
question asks for (a number, a date, an age, a name, a place).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, KeysView
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import TextNode

from core.lexicon import STOPWORDS
from core.text import content_stems, stem, words
from rag import thresholds as th
from rag.kinds import counts_asked, holds
from rag.names import agent_of_asked, describes, name_near_asked
from rag.question import Question
from rag.retrieve import Candidate

# Verbs that say little about which sentence answers: "Where did he go next?"
_LIGHT_VERBS = frozenset(stem(w) for w in "go goes going gone went come comes coming came".split())


@dataclass
class Scored:
    candidate: Candidate
    coverage: float  # share of the question's IDF weight found in the sentence
    context_coverage: float  # ... in the sentence's paragraph
    typed: float  # 1 if it holds what the question asks for, 0 if not, 0.5 if nothing is asked
    score: float


def by_place(node: TextNode, ranked: list[Scored]) -> Scored:
    """The node as ranked, or with zero scores where it is cited by its place (a lead, a caveat,
    the sentence after the best one) rather than by retrieval."""
    return next((s for s in ranked if s.candidate.node is node), None) \
        or Scored(Candidate(node, 0.0, 0.0, 0.0), 0.0, 0.0, 0.5, 0.0)


_ROLE_NAMED = re.compile(r"\b((?:[\w’'-]+\s+){0,3}[\w’'-]+),\s+((?:[A-Z][\w’'-]+\s+)*[A-Z][\w’'-]+),")


class EvidenceSelector:
    """Holds corpus statistics (IDF of stems); scores candidates for one question at a time."""

    def __init__(self, sentences: list[str]) -> None:
        df: dict[str, int] = {}
        for text in sentences:
            for term in set(content_stems(text)):
                df[term] = df.get(term, 0) + 1
        self.n = max(1, len(sentences))
        self.idf = {term: math.log(1 + self.n / count) for term, count in df.items()}
        self.unknown_idf = math.log(1 + self.n) + 1.0  # a word the corpus never uses
        self.sentences = sentences
        self.aliases: dict[str, set[str]] = {}

    def named_as(self, role: set[str]) -> set[str]:
        """Stems of the names the documents give next to a role: {"lawyer"} -> {"tom", "hale"}
        from "Ann Lee's lawyer in Leeds, Tom Hale, said"; the role itself included."""
        key = " ".join(sorted(role))
        if key not in self.aliases:
            found = set(role)
            for text in self.sentences:
                if not any(r in text.lower() for r in role):  # stems are prefixes: a quick first look
                    continue
                for m in _ROLE_NAMED.finditer(text):
                    if set(content_stems(m.group(1))) & role:  # "lawyer in Leeds, Tom Hale,"
                        found |= set(content_stems(m.group(2)))
            self.aliases[key] = found
        return self.aliases[key]

    @property
    def known(self) -> KeysView[str]:
        """The stems the documents use (a view: no copy per question)."""
        return self.idf.keys()

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def coverage(self, terms: list[str], text: str) -> float:
        if not terms:
            return 0.0
        have = set(content_stems(text))
        total = sum(self.weight(t) for t in set(terms))
        return sum(self.weight(t) for t in set(terms) if t in have) / total

    def rank(self, question: Question, candidates: list[Candidate], paragraphs: dict[str, str],
             about: tuple[str, ...] | list[str] = ()) -> list[Scored]:
        """Candidates, best first. `paragraphs` maps node id to the text of its paragraph; `about`
        adds stems the question stands for with a pronoun."""
        terms = [t for t in question.stems if t not in _LIGHT_VERBS]
        around = terms + list(about)  # the paragraph names whom a pronoun stands for; the sentence may not
        speaker = question.speaker
        # Where some sentences count the very noun asked about ("14 grandmasters"), a number
        # before another noun is not the answer; with none, it may be a synonym ("30 troops").
        counting = question.kind == "count" and question.counted is not None
        direct = {c.node.node_id for c in candidates if counting and counts_asked(c.text, question)}
        scored = []
        for cand in candidates:
            cov = self.coverage(terms, cand.text)
            ctx = self.coverage(around, paragraphs.get(cand.node.node_id, cand.text))
            typed = kind_held(cand, question, direct)
            score = (th.FOCUS_WEIGHT * cand.focus + th.COVERAGE_WEIGHT * cov + th.CONTEXT_WEIGHT * ctx
                     + th.KIND_WEIGHT * typed)
            if speaker is not None and said_by(cand.meta, self.named_as(speaker) if speaker else speaker):
                score += th.ACCOUNT_BONUS  # "What did the coach say ...?": the coach's account
            scored.append(Scored(cand, cov, ctx, typed, score))
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored


def kind_held(cand: Candidate, question: Question, direct: set[str]) -> float:
    """1 if the sentence holds what the question asks for, 0 if not, 0.5 if nothing is asked
    or it holds it only in part. `direct`: the ids of the sentences that count the very noun asked."""
    wanted = question.kind
    typed = 0.5 if wanted is None else float(holds(wanted, cand.text, question))
    if wanted == "person" and typed and not name_near_asked(cand.text, question):
        typed = 0.5  # names, but none next to what the question asks about
    if wanted == "person" and not typed and agent_of_asked(cand.text, question):
        typed = 0.5  # "run by a private operator": who, though unnamed
    if question.who_named and describes(cand.text, question.who_named):
        typed = 1.0  # "Who is Ann Lee?": "Ann Lee, a teacher from Leeds," says what she is
    if wanted == "count" and typed and direct and cand.node.node_id not in direct:
        typed = 0.0  # "How many grandmasters?": "three such norms" counts something else
    return typed


def said_by(meta: dict, speaker: set[str]) -> bool:
    """The sentence reports what that speaker says (any speaker, for a pronoun)."""
    if meta.get("label") != "reported":
        return False
    return not speaker or bool(speaker & set(content_stems(meta.get("speaker") or "")))


class WordMatcher:
    """Word-by-word meaning overlap: "residents" finds "locals", "phone" finds "call".

    Each word is embedded on its own with the sentence model (cached), and a question word
    the text lacks counts with its best cosine to a word of the text, if that is at least
    `floor`. Used where exact stems miss a paraphrase; too noisy to rank by (measured).
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], weight: Callable[[str], float],
                 floor: float = th.WORD_MATCH_FLOOR) -> None:
        self.encode, self.weight, self.floor = encode, weight, floor
        self.vectors: dict[str, np.ndarray] = {}
        self.lock = threading.Lock()

    def _vectors(self, items: list[str]) -> np.ndarray:
        with self.lock:
            new = [w for w in dict.fromkeys(items) if w not in self.vectors]
            if new:
                self.vectors.update(zip(new, self.encode(new)))
            return np.stack([self.vectors[w] for w in items])

    def coverage(self, question: str, text: str) -> float:
        """Share of the question's IDF weight that the text holds, exactly or by a close word."""
        asked, have = _meaning_words(question), _meaning_words(text)
        if not asked or not have:
            return 0.0
        stems = {stem(w) for w in have}
        closest = (self._vectors(asked) @ self._vectors(have).T).max(axis=1)
        total = got = 0.0
        for word, best in zip(asked, closest):
            weight = self.weight(stem(word))
            total += weight
            got += weight if stem(word) in stems else weight * float(best) if best >= self.floor else 0.0
        return got / total


def _meaning_words(text: str) -> list[str]:
    """Lower-cased content words, each once."""
    found = [w.lower().replace("’", "'").removesuffix("'s") for w in words(text)]
    return list(dict.fromkeys(w for w in found if w not in STOPWORDS and len(w) > 1))

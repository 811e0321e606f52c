"""The rule-based reader: rank the retrieved sentences, choose the best, and gate it.

The read stage as it stands on the answer path (rag/read.py has the interface). Ranking is
rag/rank.py, the gate rag/gate.py, the second passage and the role holder rag/extend.py.
"""

from __future__ import annotations

import re

import numpy as np

from core.text import content_stems
from rag import thresholds as th
from rag.corpus import Corpus
from rag.details import Detail, lacking
from rag.extend import second_passage
from rag.gate import named_but_absent, refusal, says_it_is_not_known
from rag.kinds import answer_spans
from rag.names import names_an_entity
from rag.premise import absent_dates, first_contrast
from rag.question import Question
from rag.rank import EvidenceSelector, Scored, WordMatcher
from rag.read import Found, Reading
from rag.retrieve import HybridRetriever


def _number_absent(absent: list[Detail]) -> str | None:
    """ "detail_absent" when the passage's context lacks a number the question states.

    Numbers only: where the question gives a name the passage lacks ("Where in Leeds is she
    held?" against "in custody near York"), the rules answer with the passage, the name it gives
    in view; the project's sets ask this as a false premise to correct (seed false refusals 7% ->
    22% with names checked too)."""
    return "detail_absent" if any(d.number for d in absent) else None


def _unnamed(absent: list[Detail]) -> str | None:
    """A caution where the passage's context does not give a name the question states: the rules
    answer with it (the question may be a false premise), but say so."""
    name = next((d for d in absent if not d.number), None)
    return f"The passage does not name “{name.text}”, which the question gives." if name else None


class RuleReader:
    """Reads with the rules; holds the corpus statistics and the word matcher."""

    def __init__(self, retriever: HybridRetriever, corpus: Corpus, selector: EvidenceSelector,
                 words_close: WordMatcher) -> None:
        self.retriever, self.corpus, self.selector, self.words = retriever, corpus, selector, words_close

    def read(self, question: Question, found: Found) -> Reading:
        ranked = self.selector.rank(question, found.candidates, self.corpus.paragraphs, question.about)
        closest = ranked[:th.CLOSEST_SHOWN]
        if not ranked:
            return Reading.refused("no_passages", closest)
        if question.instruction:
            return Reading.refused("instruction", closest)
        absent = named_but_absent(question, self.selector.known)
        # "Which regulator ...?" may be answered by "the US Food and Drug Administration" in an
        # article that never says "regulator"; a lone "French" or "Friday" does not do that.
        if absent and not (absent.islower() and question.which
                           and names_an_entity(ranked[0].candidate.text, question)):
            return Reading.refused("named_but_absent", closest)
        if len(question.parts) > 1:
            return self._read_parts(question, found, closest)
        best = self._dated(question, ranked) or self._typed(question, ranked)
        own = self._own_closeness(question, found, best)
        why_not = refusal(question, best, self.corpus.paragraph(best), self.words, own)
        absent = self._lacking(question, best)
        why_not = why_not or _number_absent(absent)
        if why_not and not (  # a passage that corrects the question answers it
                best.typed > 0 and first_contrast(question.text, best.candidate.text, self.corpus.document_of(best),
                                                   roles=False)):
            return Reading.refused(why_not, closest)
        following = self.corpus.next_sentence.get(best.candidate.node.node_id)
        after = following.get_content() if following else ""
        if any(says_it_is_not_known(question, text) for text in (best.candidate.text, after)):
            return Reading.refused("not_known", closest)  # the article says nobody knows
        second = second_passage(question, best, ranked, self.corpus, self.words)
        return Reading(True, [best, second] if second else [best], closest, caution=_unnamed(absent))

    def _read_parts(self, question: Question, found: Found, closest: list[Scored]) -> Reading:
        """ "When was it founded, and who runs it?": the best passage for each part."""
        evidence: list[Scored] = []
        asked: list[str | None] = []
        for part in question.parts:
            kind = part.kind
            ranked_part = self.selector.rank(part, found.candidates, self.corpus.paragraphs)
            best = ranked_part[0]
            if any(e.candidate.node is best.candidate.node for e in evidence):
                # Its passage answers an earlier part too, which may be all it gives: "first
                # detected on 14 March" answers one "when", not also "when did it notify them".
                # Candidates are close to the whole question, so it often ranks first again.
                if kind is None or best.typed == 1 and (
                        kind not in asked or len(answer_spans(kind, best.candidate.text, part)) > 1):
                    asked.append(kind)
                    continue
                used = {id(e.candidate.node) for e in evidence}
                best = next((s for s in ranked_part if id(s.candidate.node) not in used), best)
            asked.append(kind)
            why_not = refusal(part, best, self.corpus.paragraph(best), self.words)
            if not (why_not or _number_absent(self._lacking(part, best))):
                evidence.append(best)
        if not evidence:
            return Reading.refused("no_part", closest)
        return Reading(True, evidence, closest)

    def _lacking(self, part: Question, best: Scored) -> list[Detail]:
        """The names and numbers the question states that the passage's context does not give."""
        return lacking(part.details, self.corpus.window(best.candidate.node))

    def _own_closeness(self, question: Question, found: Found, best: Scored) -> float | None:
        """A closeness that may stand in for the best passage's cosine. A follow-up is retrieved
        with the earlier question, which dilutes its cosine ("What would he want to see?" after
        "Who is Tom Hale?"): the closeness the gate asks for may be the question's own, or that
        of one clause of a long sentence."""
        if best.candidate.cosine >= th.COSINE_FLOOR:
            return None
        alone = question.query == question.text  # the question's own vector, embedded only if it is not the query's
        asked = found.vector if alone and found.vector is not None else self.retriever.embed_query(question.text)
        own = None if alone else best.candidate.cosine_to(asked)
        if best.typed == 1 and max(best.candidate.cosine, own or 0.0) < th.COSINE_FLOOR:
            clause = self._clause_cosine(asked, best.candidate.text)  # one clause of a long sentence may answer
            own = max(own or 0.0, clause) if clause >= th.CLAUSE_FLOOR else own
        return own

    def _typed(self, question: Question, ranked: list[Scored]) -> Scored:
        """The best passage, or a close runner-up that holds the kind of answer asked for where the
        best holds none: "Where does Ann Lee work?" gets "Ann Lee, who studies at the X Institute"
        over "Ann Lee said sharing it was right", which can answer nothing."""
        best = ranked[0]
        if best.typed == 0:
            # Not one about someone else: "How long has Ann Lee been chief executive?" is not
            # answered by "Tom Hale, who has lived there for 40 years" where the best names her.
            named = question.names & set(content_stems(best.candidate.text))
            return next((s for s in ranked[1:3] if s.typed == 1 and s.score >= best.score - th.TYPED_MARGIN
                         and named <= set(content_stems(self.corpus.paragraph(s)))), best)
        return best

    def _clause_cosine(self, asked: np.ndarray, sentence: str) -> float:
        """The closeness of the question's vector to the sentence's closest clause: in "As the story
        broke on Monday, X issued a statement claiming ...", what answers is only the opening clause."""
        clauses = [c for c in re.split(r"\s*[,;–—]\s*", sentence) if len(c.split()) >= 4]
        if len(clauses) < 2:
            return 0.0
        vectors = self.retriever.embedder.get_text_embedding_batch(clauses)
        return max(float(np.dot(asked, np.asarray(v, dtype=np.float32))) for v in vectors)

    def _dated(self, question: Question, ranked: list[Scored]) -> Scored | None:
        """For a question that dates what it asks about to a month, weekday or year its document
        never uses ("Why did the bridge close in May?"), the close passage that gives a date of
        that kind: the premise to correct from."""
        for scored in ranked:
            if scored.score < ranked[0].score - th.DATED_MARGIN:
                break
            dates = absent_dates(question.text, self.corpus.document_of(scored))
            if any(p.search(scored.candidate.text) for p, _ in dates):
                return scored
        return None

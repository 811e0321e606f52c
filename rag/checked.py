"""The read stage with both readers: the rules find the evidence, the learned reader checks it.

The rules (rag/rules.py) know the shapes of questions that the project's own sets ask; the
learned reader (rag/learned.py) reads meaning on text nobody tuned on. Here the rules read
first. When they answer, the reader scores their passages, and a best P(answers) below `veto`
refuses if the reader, reading on its own, finds no passage scoring `agree` or more either: a near
miss that shares the question's words ("not", an opposite, another condition). A doubt about the
passage alone is not enough, since the rules' passage may be a less clear one of several that answer.
When they refuse for want of closeness, the reader may still answer with its own best passage
if it scores at least `rescue`: a paraphrase. The thresholds are chosen on corpus dev.
A correction of the question's premise is never vetoed: the passage is cited to correct it.
"""

from __future__ import annotations

from dataclasses import replace

from rag.corpus import Corpus
from rag.extend import with_role_holder
from rag.learned import ModelRead
from rag.premise import first_contrast
from rag.question import Question
from rag.read import Found, Reading, ReadStage

# Refusals of the rules that the reader may not overturn: what the question is, not how it is worded.
FIRM = frozenset({"read:instruction", "read:no_passages", "read:detail_absent", "read:not_known",
                  "read:named_but_absent"})


NEVER = 1.01  # a threshold no P(answers) reaches


class CheckedRead:
    """A `ReadStage`: the rules' reading, checked (and where they refuse, completed) by the reader."""

    def __init__(self, rules: ReadStage, model: ModelRead, corpus: Corpus, veto: float, rescue: float,
                 agree: float = NEVER) -> None:
        self.rules, self.model, self.corpus = rules, model, corpus
        self.veto, self.rescue, self.agree = veto, rescue, agree

    def read(self, question: Question, found: Found) -> Reading:
        ruled = self.rules.read(question, found)
        if not ruled.answerable:
            if ruled.refused_by in FIRM:
                return ruled
            modeled = self.model.read(question, found)
            if modeled.answerable and (modeled.score or 0.0) >= self.rescue:
                return modeled
            return replace(ruled, score=modeled.score)
        score, short = self.model.judge(question, ruled.evidence)
        if len(question.parts) > 1 or self._corrects(question, ruled):
            return replace(ruled, score=score)
        if score < self.veto and self._agrees(question, found):
            return replace(Reading.refused("reader_veto", ruled.closest), score=score)
        return replace(ruled, score=score, short=short if score >= self.model.threshold else None)

    def _agrees(self, question: Question, found: Found) -> bool:
        """Whether the reader, reading on its own, would not answer either (its best scores below `agree`)."""
        return self.agree >= NEVER or (self.model.read(question, found).score or 0.0) < self.agree

    def _corrects(self, question: Question, ruled: Reading) -> bool:
        """Whether the answer will correct the question's premise: a value the passage gives
        differently, or a role the question gives someone whom the article never gives it (the
        route then cites the passage naming them first: rag/extend.py)."""
        best = ruled.evidence[0]
        return (ruled.premise_only or with_role_holder(question, ruled, self.corpus).premise_only
                or first_contrast(question.text, best.candidate.text, self.corpus.document_of(best)) is not None)

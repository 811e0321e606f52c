"""The answer path, read top to bottom in `Chain.stream`:

understand -> route -> retrieve -> read -> draft -> verify -> record

Each stage has its own module with typed input and output: rag/understand.py (a `Question`),
rag/routes.py (a `Route`), rag/route.py (`search`: a `Found`), rag/read.py and rag/rules.py
(a `Reading`), rag/draft.py (a `Draft`), rag/verify.py (the claims), rag/record.py (the
`AnswerRecord`). `Timer.stage` fills the record's timings_ms.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from core.record import AnswerRecord, Claim, Premise
from core.settings import ReaderKind, Settings
from index.embed import encode_texts
from index.store import Store
from rag import draft as drafting
from rag import record
from rag.corpus import Corpus
from rag.llm import Generator, make_generator
from rag.premise import Contrast, first_contrast
from rag.question import Question
from rag.rank import EvidenceSelector, WordMatcher
from rag.read import Reading, ReadStage
from rag.retrieve import HybridRetriever
from rag.route import Context, Route
from rag.routes import pick
from rag.rules import RuleReader
from rag.timing import Timer
from rag.understand import History, understand
from rag.verify import corrected, verified


class Chain:
    """Loads the index and models once; answers many questions.

    `reader`: the read stage for ordinary questions (default: the rules, rag/rules.py).
    """

    def __init__(self, settings: Settings, store: Store | None = None, generator: Generator | None = None,
                 use_llm: bool = True, reader: ReadStage | None = None) -> None:
        self.settings = settings
        # First: an embedded model loads in its own process while the index loads here.
        self.generator = generator if generator is not None or not use_llm else make_generator(settings)
        self.store = store or Store(settings)
        self.retriever = HybridRetriever(self.store, pool=30)
        self.corpus = Corpus(self.retriever.by_doc, self.retriever.common_names)
        self.selector = EvidenceSelector([n.get_content() for n in self.retriever.nodes])
        self.words = WordMatcher(encode_texts, self.selector.weight)
        reader = reader or self.read_stage(settings.reader)
        self.context = Context(self.retriever, self.corpus, self.selector, self.words, reader)

    def read_stage(self, kind: ReaderKind) -> ReadStage:
        """A read stage of this chain's index: the rules, the learned reader, or the rules checked by it."""
        rules = RuleReader(self.retriever, self.corpus, self.selector, self.words)
        if kind == "rules":
            return rules
        from rag.checked import NEVER, CheckedRead  # torch loads only for the learned reader
        from rag.learned import ModelRead
        from rag.reader import load_reader, thresholds

        chosen = thresholds()
        model = ModelRead(load_reader(), self.corpus, chosen["answers"])
        if kind == "model":
            return model
        return CheckedRead(rules, model, self.corpus, chosen.get("veto", 0.0), chosen.get("rescue", NEVER),
                           chosen.get("agree", NEVER))

    @property
    def backend(self) -> str:
        return self.generator.name if self.generator else "extractive"

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.retriever.embed_query(a), self.retriever.embed_query(b)
        return float(np.dot(va, vb))

    def answer(self, question: str, history: History = None, qid: str | None = None,
               scope: str | None = None) -> AnswerRecord:
        record_ = None
        for item in self.stream(question, history, qid, scope):
            if isinstance(item, AnswerRecord):
                record_ = item
        assert record_ is not None
        return record_

    def stream(self, question: str, history: History = None, qid: str | None = None,
               scope: str | None = None) -> Iterator[str | AnswerRecord]:
        """Yields answer text pieces as they are made, then the final AnswerRecord; `scope`: the one
        document to answer from (None: all; DocumentNotFound for an id the index lacks)."""
        timer = Timer()
        with timer.stage("understand"):
            asked = understand(question, history, self.settings.max_question_chars, scope)
            self.retriever.require(scope)
        with timer.stage("route"):
            route = pick(asked)
        with timer.stage("retrieve"):
            found = route.retrieve(asked, self.context)
        with timer.stage("read"):
            reading = route.read(asked, found, self.context)
        if not reading.answerable:
            yield from self._refuse(asked, reading, timer, qid)
            return
        with timer.stage("draft"):
            passages = record.passages(reading.evidence, self.corpus)
            model = self.generator if route.drafts else None
            drafted = yield from timer.streamed(drafting.draft(model, asked, passages, timer))
        with timer.stage("verify"):
            claims = verified(asked, drafted.text, drafted.extractive, passages, self.similarity, self._accepts)
            contrast = self._contrast(asked, route, reading)
            claims = corrected(claims, contrast, passages[1], reading.premise_only)
        if not timer.has_sent():  # no model streamed: the answer goes out whole
            timer.first_token()
            yield record.answer_text(claims)
        with timer.stage("record"):
            notice = " ".join(n for n in (reading.caution, drafted.notice or self.settings.backend_note) if n) or None
            premise = Premise(asked=contrast.asked, said=contrast.said) if contrast else None
            done = record.answer(asked.said, claims, reading, self.backend, notice, qid, premise)
        done.timings_ms = timer.timings()
        yield done

    def _refuse(self, asked: Question, reading: Reading, timer: Timer, qid: str | None) -> Iterator[str | AnswerRecord]:
        timer.first_token()
        yield record.NOT_SAID
        with timer.stage("record"):
            done = record.refusal(asked.said, reading, self.backend, self.settings.backend_note, qid)
        done.timings_ms = timer.timings()
        yield done

    def _accepts(self, question: Question, written: str, claims: list[Claim], best: str) -> bool:
        return drafting.accepts(question, written, claims, best, getattr(self.generator, "strict", False))

    def _contrast(self, asked: Question, route: Route, reading: Reading) -> Contrast | None:
        """A value the question states that the first passage gives differently, if the route corrects."""
        if not route.corrects:
            return None
        best = reading.evidence[0]
        return first_contrast(asked.text, best.candidate.text, self.corpus.document_of(best))

"""Stage 2, route: which kind of question this is, and how that kind is retrieved and read.

A `Route` is data: whether a question asks it, how to retrieve for it, how to read what was
found, and whether a model may draft the answer. The routes themselves, in the order they are
tried, are the table in rag/routes.py; the ordinary question is the last, and takes any question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rag.corpus import Corpus
from rag.extend import with_role_holder
from rag.question import Question
from rag.rank import EvidenceSelector, WordMatcher
from rag.read import Found, Reading, ReadStage
from rag.retrieve import HybridRetriever


@dataclass
class Context:
    """What a route may use: the retriever, the documents, the rule statistics and the reader."""

    retriever: HybridRetriever
    corpus: Corpus
    selector: EvidenceSelector
    words: WordMatcher
    reader: ReadStage  # reads an ordinary question (rag/read.py)


@dataclass(frozen=True)
class Route:
    name: str  # the intent
    asks: Callable[[Question], bool]  # whether the question is of this kind
    retrieve: Callable[[Question, Context], Found]
    read: Callable[[Question, Found, Context], Reading]
    drafts: bool = True  # a model may write the answer from the evidence
    corrects: bool = True  # a false premise in the question is corrected from the first passage


def search(question: Question, context: Context) -> Found:
    """Stage 3, retrieve: the sentences closest to the question's query (BM25 and dense, fused),
    never a sentence that addresses the system; only from the question's document if it has a scope."""
    vector = context.retriever.embed_query(question.query)
    found = context.retriever.retrieve(question.query, vector, question.scope)
    return Found([c for c in found if c.meta.get("label") != "instruction"], vector)


def read_question(question: Question, found: Found, context: Context) -> Reading:
    """The reader's reading, with the holder of a role the question gives put first."""
    return with_role_holder(question, context.reader.read(question, found), context.corpus)


# An ordinary question about the documents: any question no other route takes.
QUESTION = Route("question", asks=lambda question: True, retrieve=search, read=read_question)

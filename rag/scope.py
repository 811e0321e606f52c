"""Which document a question is asked of: the one the user chose, or, for a follow-up asked of all
documents, the one the conversation is about, unless the follow-up names another.

A follow-up is what the chain itself treats as one (rag/understand.py): a question searched together with the
turn before ("How old is he?"), a bare question word ("Why?"), or "Is that true?". The conversation is
about the document the previous answer cited. A document is named by a word that only it is known by:
a content word of its title, or a name it uses throughout (its subject, `rag.retrieve.common_names`),
that no other document's title or subject shares and the current document never uses.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping

from core.record import AnswerRecord
from core.text import content_stems
from rag.chain import Chain
from rag.understand import History, claim_to_check, clean_question, history_turns, restated, retrieval_query


def is_follow_up(question: str, history: History) -> bool:
    """Whether the chain reads `question` with the turns before it."""
    if not history_turns(history):
        return False
    return (retrieval_query(question, history) != question or restated(question, history) != question
            or bool(claim_to_check(question, history)))


def conversation_document(previous: AnswerRecord | None) -> str | None:
    """The document a conversation is about after `previous`: the one its answer cited, else the one it
    was asked of; None when it cited several or none."""
    if previous is None:
        return None
    cited = {citation.doc_id for citation in previous.citations}
    if previous.answerable and len(cited) == 1:
        return cited.pop()
    return previous.scope


class DocumentNames:
    """The words each document is known by: the content words of its title and the names it is about."""

    def __init__(self, keys: Mapping[str, frozenset[str]], texts: Mapping[str, str]) -> None:
        self.texts = texts  # doc_id -> its indexed text: a word names it only if the text uses it too
        owners: dict[str, set[str]] = {}
        for doc_id, words in keys.items():
            for word in words:
                owners.setdefault(word, set()).add(doc_id)
        self.own = {word: next(iter(docs)) for word, docs in owners.items() if len(docs) == 1}  # word -> doc
        self._stems: dict[str, frozenset[str]] = {}

    @classmethod
    def of(cls, chain: Chain) -> DocumentNames:
        titles = {doc_id: entry.title or "" for doc_id, entry in chain.store.manifest().items()}
        keys = {doc_id: frozenset(content_stems(" ".join([titles.get(doc_id, ""),
                                                          *chain.retriever.common_names(doc_id)])))
                for doc_id in chain.retriever.by_doc}
        return cls(keys, chain.corpus.documents)

    def named(self, question: str, current: str | None = None) -> str | None:
        """The one document other than `current` that the question names, if it names exactly one.

        A title word counts only where the document's text uses it too ("coins" of "Teacher finds Roman
        coins", not "finds"), and not where the current document uses it: then the user may mean that one.
        """
        used = self.stems(current) if current else frozenset()
        counts: dict[str, int] = {}
        for word in set(content_stems(question)):
            doc_id = self.own.get(word)
            if doc_id is not None and doc_id != current and word not in used and word in self.stems(doc_id):
                counts[doc_id] = counts.get(doc_id, 0) + 1
        best = sorted(counts.items(), key=lambda item: -item[1])
        if not best or (len(best) > 1 and best[1][1] == best[0][1]):
            return None
        return best[0][0]

    def stems(self, doc_id: str) -> frozenset[str]:
        if doc_id not in self._stems:
            self._stems[doc_id] = frozenset(content_stems(self.texts.get(doc_id, "")))
        return self._stems[doc_id]


_names: weakref.WeakKeyDictionary[Chain, DocumentNames] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def names_of(chain: Chain) -> DocumentNames:
    """The chain's DocumentNames, found on first use (a Chain reads one fixed set of documents)."""
    with _lock:
        if chain not in _names:
            _names[chain] = DocumentNames.of(chain)
        return _names[chain]


def choose_scope(chain: Chain, question: str, history: History, chosen: str | None,
                 about: str | None) -> str | None:
    """The document to answer from: `chosen` if the user chose one; for a follow-up, the document it
    names, else `about` (the one the conversation is about); otherwise None, all documents."""
    if chosen:
        return chosen
    text = clean_question(question, chain.settings.max_question_chars)
    if not is_follow_up(text, history):
        return None
    current = about if about in chain.retriever.by_doc else None  # it may have been removed since
    return names_of(chain).named(text, current) or current

"""Asking within a collection: the chain's answer for the document a question is asked of, with what a
reader needs beside it. The chat, the HTTP API and `rag ask` call these; `rag eval` calls the chain itself.

    for item in ask_stream(chain, "How old is he?", history, doc_id=None, about="lighthouse"):
        ...  # text pieces, then the AnswerRecord

The record gains (all additive to the answer contract): `scope`, the document it was limited to; each
citation's `speaker` and `caveat` (from the attribution labels the index stores) and `dates`, its
relative dates resolved against the article's publication date; and `accounts`, who says what.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator

from core.record import AnswerRecord, Citation
from rag.accounts import group_accounts
from rag.chain import Chain
from rag.relative_dates import relative_dates
from rag.scope import choose_scope
from rag.understand import History


def ask_stream(chain: Chain, question: str, history: History = None, doc_id: str | None = None,
               about: str | None = None, qid: str | None = None) -> Iterator[str | AnswerRecord]:
    """Text pieces, then the annotated AnswerRecord. `doc_id`: the document the user chose (None or "":
    all); `about`: the document the conversation is about, for follow-ups (see rag/scope.py)."""
    scope = choose_scope(chain, question, history, doc_id or None, about)
    for item in chain.stream(question, history, qid, scope):
        yield annotate(chain, item, scope) if isinstance(item, AnswerRecord) else item


def ask(chain: Chain, question: str, history: History = None, doc_id: str | None = None,
        about: str | None = None, qid: str | None = None) -> AnswerRecord:
    """The annotated AnswerRecord of `ask_stream`."""
    record = None
    for item in ask_stream(chain, question, history, doc_id, about, qid):
        if isinstance(item, AnswerRecord):
            record = item
    assert record is not None, "Chain.stream ends with an AnswerRecord"
    return record


def annotate(chain: Chain, record: AnswerRecord, scope: str | None) -> AnswerRecord:
    """The record with its scope, its citations' speakers, caveats and resolved dates, and its accounts."""
    dated = published_dates(chain)
    record = record.model_copy(update={
        "scope": scope,
        "citations": [_described(chain, c, dated) for c in record.citations],
        "retrieved": [_described(chain, c, dated) for c in record.retrieved],
    })
    record.accounts = group_accounts(record)
    return record


def _described(chain: Chain, citation: Citation, dated: dict[str, str]) -> Citation:
    meta = next((n.metadata for n in chain.retriever.by_doc.get(citation.doc_id, [])
                 if n.metadata["start"] == citation.start and n.metadata["end"] == citation.end), {})
    published = dated.get(citation.doc_id)
    reported = meta.get("label") == "reported"  # a caveat sentence names whom it covers: no speaker of its own
    return citation.model_copy(update={
        "speaker": (meta.get("speaker") or None) if reported else None,
        "caveat": meta.get("caveat_text") or None,
        "dates": relative_dates(citation.quote, citation.start, published) if published else [],
    })


_published: weakref.WeakKeyDictionary[Chain, dict[str, str]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def published_dates(chain: Chain) -> dict[str, str]:
    """{doc_id: ISO publication date} of the chain's documents that give one, read once per Chain."""
    with _lock:
        if chain not in _published:
            _published[chain] = {doc_id: entry.published for doc_id, entry in chain.store.manifest().items()
                                 if entry.published}
        return _published[chain]

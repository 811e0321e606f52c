"""The answer chain: question -> evidence -> (LLM draft) -> verified, cited answer record."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import TextNode

from index.store import Store, parse_frame
from rag.errors import BackendUnavailable, BadQuestion, QuestionTooLong
from rag.evidence import Scored
from rag.llm import Generator, make_generator
from rag.premise import Contrast, correction, premise_contrasts, role_contrasts
from rag.prompts import NOT_FOUND
from rag.reader import Passage as ReaderPassage
from rag.reader import Reader, load_reader
from rag.reader import thresholds as reader_thresholds
from rag.record import AnswerRecord, Citation, Claim
from rag.retrieve import Candidate, HybridRetriever
from rag.settings import Settings
from rag.text import INSTRUCTION, STOPWORDS, content_stems, name_words, proper_names, stem
from rag.verify import Passage, reported_note, verify_claims

History = list[dict[str, str]] | list[tuple[str, str]] | None

_FOLLOW_UP = re.compile(
    r"\b(?:he|she|they|him|her|them|his|hers|their|it|its|this|that|these|those|there|then)\b", re.I
)
_CLOSEST = 3
# "The passage is: ...", "Answer: ...": a preamble small models put before the answer
_PREAMBLE = re.compile(r"^(?:(?:the )?(?:passage|answer|article) (?:is|says)|answer)\s*:\s*", re.I)


@dataclass
class Decision:
    answerable: bool
    evidence: list[Scored]  # what the answer cites, best first
    closest: list[Scored]  # what to show when it is not answerable
    premise_only: bool = False  # the first passage is cited only to correct the question's premise
    refused_by: str | None = None  # which check refused, when not answerable


def clean_question(question: object, limit: int) -> str:
    """The question as text, control characters dropped; BadQuestion if nothing is left."""
    if not isinstance(question, str):
        raise BadQuestion("The question must be text.")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\t\n" else " " for ch in question)
    text = " ".join(text.split())
    if len(text) > limit:
        raise QuestionTooLong(
            f"The question is {len(text):,} characters; the limit is {limit:,} (RAG_MAX_QUESTION_CHARS)."
        )
    if not re.search(r"\w", text):
        raise BadQuestion("The question is empty. Ask something about the article.")
    return text


def history_turns(history: History) -> list[tuple[str, str]]:
    """(user, assistant) pairs from either messages or pairs."""
    if not history:
        return []
    turns: list[tuple[str, str]] = []
    pending: str | None = None
    for item in history:
        if isinstance(item, dict):
            role, content = item.get("role"), str(item.get("content") or "")
            if role == "user":
                pending = content
            elif role == "assistant" and pending is not None:
                turns.append((pending, content))
                pending = None
        else:
            user, assistant = item
            turns.append((str(user), str(assistant or "")))
    return turns


def retrieval_query(question: str, history: History) -> str:
    """A follow-up ("How old is he?") is searched together with the turn before it, and with
    the turns before that back to one that names someone, up to three ("Who is Ann Lee?",
    "How old is she?", "Where is she from?")."""
    turns = history_turns(history)
    if not turns:
        return question
    if _FOLLOW_UP.search(question) or len(content_stems(question)) <= 2:
        last_user, last_answer = turns[-1]
        context = [last_user + " " + re.sub(r"\[\d+\]", "", last_answer)[:300]]
        for user, assistant in reversed(turns[-3:-1]):
            if proper_names(context[0]):
                break
            # an earlier turn adds its question and the names in its answer: the query stays
            # short, and MiniLM (256 tokens) does not cut the question at its end
            context.insert(0, " ".join([user, *name_words(re.sub(r"\[\d+\]", "", assistant))]))
        return f"{' '.join(context)} {question}"
    return question


# A follow-up that is only a question word ("Why?", "And when?", "How many?") asks the previous
# question again with that word: "When did she resign?" + "Why?" -> "Why did she resign?".
_BARE_WH = re.compile(r"^\W*(?:(?:and|but|so|ok(?:ay)?)\W+)?(?P<wh>why(?:\s+not)?|when|where|who|how(?:\s+come|\s+many|"
                      r"\s+much|\s+long|\s+old|\s+often|\s+far)?|since\s+when|for\s+how\s+long)\W*$", re.I)
_LEADING_WH = re.compile(r"^\W*(?:(?:and|but|so)\s+)?(?:(?:in|on|at|from|to|for|by|with)\s+)?"
                         r"(?:why|when|where|who|whom|whose|what|which|how(?:\s+(?:many|much|long|old|far|often))?)\b",
                         re.I)


def restated(question: str, history: History) -> str:
    """The previous question asked again with a bare follow-up's question word, else the question."""
    bare = _BARE_WH.match(question)
    if not bare:
        return question
    earlier = [user for user, _ in history_turns(history) if _LEADING_WH.match(user) and not _BARE_WH.match(user)]
    rest = _LEADING_WH.sub("", earlier[-1]).strip() if earlier else ""
    return f"{bare.group('wh')} {rest}" if rest else question


_CHECK = re.compile(
    r"^\W*(?:(?:and|but|so)\s+)?(?:(?:is|was|are|were)\s+(?:that|this|it|any of (?:that|this|it))\s+(?:really\s+)?"
    r"(?:true|right|correct|accurate|so|the case|confirmed|verified|proven|established)"
    r"|(?:can|could|has|have|was|is)\s+(?:that|this|it)\s+(?:be\s+|been\s+)?(?:verified|confirmed|proven|proved|corroborated|checked)"
    r"|(?:is|was)\s+there\s+(?:any\s+)?(?:evidence|proof|confirmation)\s+(?:for|of)\s+(?:that|this|it)"
    r"|(?:does|did)\s+the\s+(?:article|story|report)\s+(?:confirm|back up|support|verify)\s+(?:that|this|it)"
    r"|really)\W*$",
    re.I,
)


# A request for what the article is about as a whole: "What is this article about?", "Summarise
# it", "tl;dr". Anchored at both ends: "Summarise what the coach said" asks about one thing.
_TEXT = r"(?:article|story|piece|text|news(?:\s+(?:item|story))?)"  # not "report": one may be in the story
_GIST = re.compile(
    r"^\W*(?:(?:please|so|ok(?:ay)?|now)\W+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:(?:give|show|tell)\s+(?:me|us)\s+|i\s+(?:want|need|would like)\s+|write\s+)?"
    r"(?:(?:an?|the|your)\s+)?(?:(?:short|brief|quick|one[- ]line)\s+)?"
    rf"(?:(?:summary|summarisation|summarization|overview|gist|rundown|recap|main\s+points|key\s+points)"
    rf"(?:\s+of\s+(?:the|this|that)?\s*{_TEXT})?"
    rf"|(?:summari[sz]e|sum\s+(?:it\s+)?up|recap)(?:\s+(?:it|this|(?:the|this|that)?\s*{_TEXT}))?(?:\s+(?:for|to)\s+(?:me|us))?"
    r"|what\s+are\s+the\s+(?:main|key)\s+points"
    rf"|what(?:\s+is|'s|’s|\s+was)\s+(?:the|this|that)\s+{_TEXT}\s+(?:all\s+)?about"
    rf"|what\s+(?:does|did)\s+(?:the|this|that)\s+{_TEXT}\s+(?:say|tell\s+(?:me|us)|report)"
    r"|what\s+(?:is|was)\s+the\s+(?:main\s+)?(?:gist|point|story|news)"
    r"|tl;?\s*dr)"
    r"\W*(?:please)?\W*$",
    re.I,
)


# Whether someone's account can be believed: "Is he telling the truth?", "Can her story be
# verified?", "Has anyone confirmed his claims?", "How do we know this is true?".
_ACCOUNT = r"(?:\w+\s+)?(?:story|stories|account|accounts|claims?|version|testimony|allegations?|statements?)"
_OWNER = r"(?:his|her|their|the|this|that|these|those|its|(?-i:[A-Z][\w’'-]*)(?:['’]s)?)"
_CREDIBLE = re.compile(
    r"^\W*(?:(?:and|but|so)\s+)?(?:"
    r"(?:is|are|was|were)\s+(?:he|she|they|(?-i:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*))\s+(?:really\s+)?"
    r"(?:telling\s+the\s+truth|lying|credible|believable|to\s+be\s+(?:believed|trusted))"
    r"|(?:can|could|should)\s+(?:we|i|you|one|anyone)\s+(?:trust|believe)\b"
    rf"|(?:is|are|was|were)\s+{_OWNER}\s+{_ACCOUNT}\s+(?:really\s+)?"
    r"(?:true|credible|believable|reliable|accurate|verified|confirmed|corroborated)"
    rf"|(?:can|could|has|have|had|was|were|is|are)\s+(?:any\s+of\s+)?{_OWNER}\s+{_ACCOUNT}\s+(?:be\s+|been\s+)+"
    r"(?:independently\s+)?(?:verified|confirmed|corroborated|checked|proven|proved|backed\s+up)"
    r"|(?:has|have|did)\s+(?:anyone|anybody|someone|somebody|(?:the\s+)?[\w’'-]+)\s+(?:independently\s+)?"
    rf"(?:verified|confirmed|corroborated|checked|verify|confirm|corroborate|check)\s+(?:any\s+of\s+)?{_OWNER}\s+{_ACCOUNT}"
    r"|how\s+(?:do|can|could|would)\s+(?:we|i|you|one)\s+know\s+(?:that\s+|if\s+|whether\s+)?"
    r"(?:this|that|it|any\s+of\s+(?:this|it|that))\s+is\s+true"
    r")",
    re.I,
)


def asks_about_credibility(question: str) -> bool:
    """Whether the question asks if an account can be believed or has been checked."""
    return bool(_CREDIBLE.search(question))


def asks_for_gist(question: str) -> bool:
    """Whether the question asks what the article is about as a whole."""
    return bool(_GIST.search(question))


def _scored(node: TextNode, ranked: list[Scored]) -> Scored:
    """The node as ranked, or with zero scores where it is cited by its place (a lead, a caveat,
    the sentence after the best one) rather than by retrieval."""
    return next((s for s in ranked if s.candidate.node is node), None) \
        or Scored(Candidate(node, 0.0, 0.0, 0.0), 0.0, 0.0, 0.5, 0.0)


def claim_to_check(question: str, history: History) -> str:
    """The previous answer, when the question asks whether it is true ("Is that true?"), else ""."""
    turns = history_turns(history)
    if not turns or not _CHECK.search(question):
        return ""
    return re.sub(r"\s*\[\d+\]", "", turns[-1][1]).strip()


def question_parts(question: str) -> list[str]:
    """A two-part question split at ", and" before its second question word; else the question."""
    parts = re.split(r",?\s+and\s+(?=(?:(?:in|on|at|from|to|for|by|with|since|until)\s+)?"
                     r"(?:what|when|where|who|whom|whose|which|how|why)\b)", question, flags=re.I)
    parts = [p.strip() for p in parts]
    return parts if len(parts) > 1 and all(content_stems(p) for p in parts) else [question]


def in_passage_order(draft: str, passage: str) -> bool:
    """Whether the draft's content words that the passage has occur in the passage in the same order."""
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(content_stems(passage)):
        positions.setdefault(term, []).append(i)
    last = -1
    for term in content_stems(draft):
        if term not in positions:
            continue
        later = [i for i in positions[term] if i > last]
        if not later:
            return False
        last = later[0]
    return True


def keeps_what_is_asked(draft: str, passage: str, question: str) -> bool:
    """Whether the draft keeps the passage's words that the question asks with (its names aside).

    The answer sits next to them: from "After trying twice to reach Geneva, she sailed north",
    "She sailed north" drops the answer to "Where did she try twice to go?".
    """
    asked = set(content_stems(question)) & set(content_stems(passage)) - proper_names(question)
    return asked <= set(content_stems(draft)) and set(_object_of_asked(question, passage)) <= set(content_stems(draft))


def _object_of_asked(question: str, passage: str) -> list[str]:
    """ "What did he say the firm had suspended?": the stems of what follows "suspended" in the
    passage ("had suspended all high-level trips" -> high, level, trip), which is the answer."""
    last = re.search(r"^\W*what\b.*\b([a-z][\w’'-]+)\W*$", question, re.I)
    if not last or last.group(1).lower() in STOPWORDS:
        return []
    verb = stem(last.group(1))
    tokens = re.findall(r"[\w’'-]+|[,.;:!?]", passage)
    for i, token in enumerate(tokens):
        if stem(token) != verb:
            continue
        found: list[str] = []
        for word in tokens[i + 1:i + 6]:
            if not word[0].isalnum() or (word.lower() in STOPWORDS and found):
                break
            found += content_stems(word)
            if len(found) >= 3:
                break
        return found
    return []


def _restates(claim: set[str], passage: set[str]) -> bool:
    """Whether a passage says little beyond the claim (or the claim little beyond the passage)."""
    if not claim or not passage:
        return False
    shared = len(claim & passage)
    return shared >= 0.6 * len(claim) or shared >= 0.6 * len(passage)


def cite(sentence: str, *ids: int) -> str:
    """Put the markers inside the sentence's final punctuation: "... a month [1]." """
    markers = "".join(f"[{n}]" for n in ids)
    if not markers:
        return sentence
    match = re.search(r"([.!?…][\"'”’)\]]*)$", sentence)
    if match:
        return f"{sentence[:match.start()]} {markers}{match.group(1)}"
    return f"{sentence} {markers}"


class Chain:
    """Loads the index and models once; answers many questions."""

    def __init__(self, settings: Settings, store: Store | None = None, generator: Generator | None = None,
                 use_llm: bool = True, reader: Reader | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self.retriever = HybridRetriever(self.store, pool=30)
        nodes = self.retriever.nodes
        self.reader = reader if reader is not None else load_reader()
        self.threshold = reader_thresholds()["answers"]
        groups: dict[tuple[str, int], list[str]] = {}
        for node in nodes:
            groups.setdefault((node.metadata["doc_id"], node.metadata["para_start"]), []).append(node.get_content())
        self.paragraphs = {
            n.node_id: " ".join(groups[(n.metadata["doc_id"], n.metadata["para_start"])]) for n in nodes
        }
        self.next_sentence: dict[str, TextNode] = {}  # the sentence after each one, within its paragraph
        self.previous_sentence: dict[str, TextNode] = {}  # ... and the one before it
        self.in_order: dict[str, list[TextNode]] = {}  # each document's sentences in order
        self.documents: dict[str, str] = {}  # each document's text, for the premise check
        self.leads: dict[str, list[TextNode]] = {}  # each document's first two sentences: its gist
        self.caveats: dict[str, list[TextNode]] = {}  # ... sentences that say what could not be verified
        for doc, in_doc in self.retriever.by_doc.items():
            in_order = self.in_order[doc] = sorted(in_doc, key=lambda n: n.metadata["position"])
            self.documents[doc] = " ".join(n.get_content() for n in in_order)
            self.leads[doc] = [n for n in in_order if n.metadata.get("label") != "instruction"][:2]
            self.caveats[doc] = [n for n in in_order if n.metadata.get("caveat")]
            for node, following in zip(in_order, in_order[1:]):
                if (following.metadata["position"] == node.metadata["position"] + 1
                        and following.metadata["para_start"] == node.metadata["para_start"]):
                    self.next_sentence[node.node_id] = following
                    self.previous_sentence[following.node_id] = node
        self.generator = generator if generator is not None or not use_llm else make_generator(settings)

    @property
    def backend(self) -> str:
        return self.generator.name if self.generator else "extractive"

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.retriever.embed_query(a), self.retriever.embed_query(b)
        return float(np.dot(va, vb))

    def decide(self, question: str, query: str) -> Decision:
        """The learned reader ranks the retrieved passages and decides whether any answers.

        `query` is what was retrieved with (a follow-up carries its earlier turn); the reader
        reads both it and the question, and keeps the better reading of each passage."""
        candidates = self._candidates(query)
        if not candidates:
            return Decision(False, [], [], refused_by="retrieval: no passages")
        if INSTRUCTION.search(question):
            return Decision(False, [], self._closest(candidates), refused_by="instruction: addresses the system")
        parts = question_parts(question)
        if len(parts) > 1:  # "When was it founded, and who runs it?": the best passage for each part
            evidence: list[Scored] = []
            for part in parts:
                best = self._read(part, part, candidates)[0]
                if best.score >= self.threshold and all(e.candidate.node is not best.candidate.node for e in evidence):
                    evidence.append(best)
            return Decision(bool(evidence), evidence, self._closest(candidates),
                            refused_by=None if evidence else "reader: no part answered")
        ranked = self._read(question, query, candidates)
        best = ranked[0]
        if best.score >= self.threshold:
            return Decision(True, [best], ranked[:_CLOSEST])
        # A passage that corrects the question's premise answers it ("the 16-year-old" for "the
        # 17-year-old"): the reader calls it related, and the correction says what differs.
        for scored in ranked[:_CLOSEST]:
            if self._contrast(question, scored, roles=False):
                return Decision(True, [scored], ranked[:_CLOSEST])
        return Decision(False, [], ranked[:_CLOSEST],
                        refused_by=f"reader: best passage {best.score:.2f} < threshold {self.threshold:.2f}")

    def _candidates(self, query: str) -> list[Candidate]:
        """The passages the reader reads: the retriever's best, never an instruction to the system."""
        found = self.retriever.retrieve(query, self.retriever.embed_query(query))
        return [c for c in found if c.meta.get("label") != "instruction"][:self.settings.read_top]

    def _closest(self, candidates: list[Candidate]) -> list[Scored]:
        return [Scored(c, 0.0, 0.0, 0.5, c.fused) for c in candidates[:_CLOSEST]]

    def _read(self, question: str, query: str, candidates: list[Candidate]) -> list[Scored]:
        """Candidates with the reader's P(answers) as their score, best first, with the short
        answer's span where the reader found one."""
        passages = [self._reader_passage(c.node) for c in candidates]
        readings = self.reader.read(question, passages)
        if query != question:  # a follow-up: its own words, or with the turn before it
            readings = [max(a, b, key=lambda r: r.answers) for a, b in zip(readings, self.reader.read(query, passages))]
        scored = [Scored(c, 0.0, 0.0, 1.0 if r.span else 0.0, r.answers, r.span) for c, r in zip(candidates, readings)]
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored

    def _reader_passage(self, node: TextNode) -> ReaderPassage:
        before = self.previous_sentence.get(node.node_id)
        after = self.next_sentence.get(node.node_id)
        return ReaderPassage(node.get_content(), before.get_content() if before else "",
                             after.get_content() if after else "")

    def decide_gist(self) -> Decision:
        """What the documents are about: a news article gives its gist first, so the answer is its
        first two sentences, or the first sentence of each of up to three documents. Chosen by
        position, not by a retrieval score (their score is 0)."""
        per_doc = 2 if len(self.leads) == 1 else 1
        lead = [node for nodes in list(self.leads.values())[:_CLOSEST] for node in nodes[:per_doc]]
        evidence = [_scored(node, []) for node in lead]
        return Decision(bool(evidence), evidence, evidence)

    def decide_credibility(self, question: str, query: str) -> Decision:
        """"Is he telling the truth?": what the article says about checking the accounts it
        reports ("... could not be independently verified"), in the article the question is
        closest to; "The article does not say" if it says nothing of the kind."""
        ranked = self._closest(self._candidates(query))
        if not ranked:
            return Decision(False, [], [])
        doc = ranked[0].candidate.meta["doc_id"]
        caveats = self.caveats.get(doc, [])
        named = proper_names(question)
        if named:  # "Is Tom Hale telling the truth?": the caveats that cover his account
            covering = {n.metadata.get("caveat_start") for n in self.retriever.by_doc.get(doc, [])
                        if n.metadata.get("label") == "reported"
                        and named & set(content_stems(n.metadata.get("speaker") or ""))}
            caveats = [n for n in caveats if n.metadata["start"] in covering]
        evidence = [_scored(node, ranked) for node in caveats[:2]]
        return Decision(bool(evidence), evidence, evidence or ranked[:_CLOSEST])

    def decide_check(self, claim: str) -> Decision:
        """Evidence for or against an earlier answer: what else the article says about it.

        Passages that only restate the claim are left out; of the rest, the one the reader judges
        to bear on the claim most (entailed or contradicted, not "not given") answers, if any does.
        """
        own = set(content_stems(claim))
        candidates = [c for c in self._candidates(claim) if not _restates(own, set(content_stems(c.text)))]
        if not candidates:
            return Decision(False, [], [])
        judged = self.reader.judge(claim, [self._reader_passage(c.node) for c in candidates])
        ranked = sorted((Scored(c, 0.0, 0.0, 0.5, 1.0 - j["not_given"]) for c, j in zip(candidates, judged)),
                        key=lambda s: s.score, reverse=True)
        answerable = ranked[0].score >= self.threshold
        return Decision(answerable, ranked[:1] if answerable else [], ranked[:_CLOSEST])

    def stream(self, question: str, history: History = None, qid: str | None = None) -> Iterator[str | AnswerRecord]:
        """Yields answer text pieces as they are made, then the final AnswerRecord."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        text = clean_question(question, self.settings.max_question_chars)
        checked = claim_to_check(text, history)
        asked = restated(text, history)  # "Why?" after "When did she resign?": "Why did she resign?"
        if checked:
            decision = self.decide_check(checked)
        elif asks_for_gist(text):
            decision = self.decide_gist()
        elif asks_about_credibility(text) and not INSTRUCTION.search(text):
            decision = self.decide_credibility(text, retrieval_query(text, history))
        else:
            decision = self._with_role_holder(asked, self.decide(asked, retrieval_query(asked, history)))
        timings["retrieve"] = (time.perf_counter() - started) * 1000
        notice = None
        if not decision.answerable:
            answer = "The article does not say. The closest passages are shown below."
            timings["first_token"] = (time.perf_counter() - started) * 1000
            yield answer
            record = AnswerRecord(
                id=qid, question=text, answer=answer, answerable=False,
                citations=self._citations(decision.closest), backend=self.backend, refused_by=decision.refused_by,
            )
            timings["total"] = (time.perf_counter() - started) * 1000
            record.timings_ms = timings
            yield record
            return
        passages = {i + 1: self._passage(i + 1, s) for i, s in enumerate(decision.evidence)}
        extractive = " ".join(cite(p.text, n) for n, p in passages.items())
        answer = extractive
        if self.generator is not None and not checked and not (self.generator.strict and len(passages) > 1):
            generate_start = time.perf_counter()
            draft = ""
            try:
                for piece in self.generator.stream(asked, [(n, p.text) for n, p in passages.items()]):
                    draft += piece
                    if "first_token" not in timings:
                        timings["first_token"] = (time.perf_counter() - started) * 1000
                    yield piece
            except BackendUnavailable as exc:
                notice = f"{exc}. Showing the extractive answer instead."
            timings["generate"] = (time.perf_counter() - generate_start) * 1000
            draft = self._tidy(draft)
            if draft and NOT_FOUND.lower() not in draft.lower():
                answer = draft
        verify_start = time.perf_counter()
        claims = verify_claims(answer, passages, self.similarity, asked)
        if answer != extractive and not self._draft_usable(asked, answer, claims, passages[1]):
            answer = extractive
            claims = verify_claims(answer, passages, self.similarity, asked)
        contrast = None if checked else self._contrast(asked, decision.evidence[0])
        if decision.premise_only:  # "Ann Lee" is cited for the correction, not as the answer
            claims = [c for c in claims if c.citations != [1]]
        if contrast:  # a false premise: say what the article gives instead, first
            claims = [self._correction(contrast, passages[1]), *claims]
        answer = " ".join(cite(c.text, *c.citations) for c in claims)  # markers as verified (re-cited)
        timings["verify"] = (time.perf_counter() - verify_start) * 1000
        if "first_token" not in timings:
            timings["first_token"] = (time.perf_counter() - started) * 1000
            yield answer
        citations = self._citations(decision.evidence)
        span = decision.evidence[0].span
        timings["total"] = (time.perf_counter() - started) * 1000
        yield AnswerRecord(
            short_answer=decision.evidence[0].candidate.text[span[0]:span[1]] if span else None,
            id=qid, question=text, answer=answer, answerable=True, claims=claims, citations=citations,
            unverified=any(c.status != "supported" for c in claims), backend=self.backend,
            timings_ms=timings, notice=notice,
        )

    def answer(self, question: str, history: History = None, qid: str | None = None) -> AnswerRecord:
        record = None
        for item in self.stream(question, history, qid):
            if isinstance(item, AnswerRecord):
                record = item
        assert record is not None
        return record

    def _draft_usable(self, question: str, draft: str, claims: list, passage: Passage) -> bool:
        """An LLM draft is shown only if every claim is backed by the best passage, it adds
        something the question did not already say, and it keeps the short answer the reader found.

        From a strict (tiny) model it must also not be a copy of the passage, which the
        extractive answer gives verbatim, every word it adds must be in the passage, it must
        keep the passage's words that the question asks with, and its words must come in the
        passage's order: tiny models recombine the right words into a
        wrong statement ("X sailed across the lake to Geneva" from "after trying to
        reach Geneva, X sailed north and crossed the lake").
        """
        if not claims or any(c.status == "unsupported" or c.citations != [1] for c in claims):
            return False
        novel = set(content_stems(draft)) - set(content_stems(question))
        if not novel:
            return False
        best = passage.text
        if getattr(self.generator, "strict", False):
            grounded = set(content_stems(best))
            if novel - grounded or len(content_stems(draft)) >= 0.8 * len(content_stems(best)):
                return False
            if not in_passage_order(draft, best) or not keeps_what_is_asked(draft, best, question):
                return False
        if passage.answer is None:
            return True
        short_answer = best[passage.answer[0]:passage.answer[1]]
        return " ".join(short_answer.lower().split()) in " ".join(draft.lower().split())

    def _with_role_holder(self, question: str, decision: Decision) -> Decision:
        """For a question that gives someone a role the article never gives them ("Why was Ann
        Lee, the mayor, in Leeds?"), a passage naming them comes first, to correct it from."""
        if not decision.answerable:
            return decision
        doc = decision.evidence[0].candidate.meta["doc_id"]
        document = self.documents.get(doc, "")
        unbound = role_contrasts(question, document, document)
        if not unbound or role_contrasts(question, decision.evidence[0].candidate.text, document):
            return decision
        name = re.compile(rf"\b{re.escape(unbound[0].said.split()[-1])}\b")
        naming = next((s for s in decision.closest if name.search(s.candidate.text)), None) or next(
            (_scored(n, []) for n in self.in_order.get(doc, []) if name.search(n.get_content())), None)
        if naming is None:
            return decision
        return Decision(True, [naming, decision.evidence[0]], decision.closest, premise_only=True)

    def _contrast(self, question: str, best: Scored, roles: bool = True) -> Contrast | None:
        node = best.candidate.node
        found = premise_contrasts(question, best.candidate.text, self.documents.get(node.metadata["doc_id"], ""))
        found = [c for c in found if roles or not c.unsaid]
        return found[0] if found else None

    @staticmethod
    def _correction(contrast: Contrast, passage: Passage) -> Claim:
        """The correction as a claim: the passage's own words, so backed by construction; reported
        if they sit in what the passage only attributes to someone."""
        asserted = passage.label != "reported" or any(
            a <= contrast.start and contrast.end <= b for a, b in passage.frame)
        if asserted:
            return Claim(text=correction(contrast), status="supported", citations=[passage.id])
        return Claim(text=correction(contrast), status="reported", citations=[passage.id],
                     note=reported_note([passage]))

    @staticmethod
    def _tidy(draft: str) -> str:
        """One to three sentences; a draft with no marker cites the first passage."""
        draft = " ".join(draft.replace("<|im_end|>", "").split())
        draft = _PREAMBLE.sub("", draft)
        if draft and not re.search(r"\[\d+\]", draft):
            draft = draft.rstrip(".") + " [1]."
        return draft

    def _passage(self, n: int, scored: Scored) -> Passage:
        meta = scored.candidate.meta
        return Passage(
            id=n, text=scored.candidate.text, context=self.paragraphs.get(scored.candidate.node.node_id, ""),
            label=meta["label"], speaker=meta.get("speaker") or None, cue=meta.get("cue") or None,
            caveat=meta.get("caveat_text") or None, frame=parse_frame(meta.get("frame") or ""), answer=scored.span,
        )

    @staticmethod
    def _citations(items: list[Scored]) -> list[Citation]:
        return [
            Citation(
                id=i + 1, doc_id=s.candidate.meta["doc_id"], quote=s.candidate.text,
                start=s.candidate.meta["start"], end=s.candidate.meta["end"], score=round(s.score, 4),
                source=s.candidate.meta.get("source"), label=s.candidate.meta.get("label"),
            )
            for i, s in enumerate(items)
        ]

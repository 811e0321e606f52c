"""The kinds of question the answer path knows, in the order they are tried: the first that asks wins.

To add a kind of question: write how to tell it (`asks`), how to retrieve and read for it, put
a `Route` for it in ROUTES before the ones that would take it otherwise, and add a test that
asks it (README, "Adding a kind of question").
"""

from __future__ import annotations

import re

from core.lexicon import QUESTION_LEAD
from core.text import INSTRUCTION, content_stems
from rag import thresholds as th
from rag.question import Question
from rag.rank import Scored, by_place
from rag.read import Found, Reading
from rag.retrieve import Candidate
from rag.route import QUESTION, Context, Route

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
    rf"{QUESTION_LEAD}(?:"
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


# "Is that true?": what else the article says about the previous answer (rag/understand.py
# finds the claim). Passages that only restate the claim are left out; the check is answered
# with the passage closest to the claim among the rest, if it shares its subject.
def _around_claim(question: Question, context: Context) -> Found:
    own = set(content_stems(question.claim))
    return Found([c for c in context.retriever.retrieve(question.claim, scope=question.scope)
                  if c.meta.get("label") != "instruction" and not _restates(own, set(content_stems(c.text)))])


def _restates(claim: set[str], passage: set[str]) -> bool:
    """Whether a passage says little beyond the claim (or the claim little beyond the passage)."""
    if not claim or not passage:
        return False
    shared = len(claim & passage)
    return shared >= th.RESTATES * len(claim) or shared >= th.RESTATES * len(passage)


def _read_check(question: Question, found: Found, context: Context) -> Reading:
    ranked = context.selector.rank(Question(question.claim), found.candidates, context.corpus.paragraphs)
    if not ranked:
        return Reading.refused("no_passages", [])
    best = ranked[0]
    if best.candidate.cosine >= th.CHECK_COSINE and \
            context.words.coverage(question.claim, best.candidate.text) >= th.CHECK_COVERAGE:
        return Reading(True, [best], ranked[:th.CLOSEST_SHOWN])
    return Reading.refused("check_unrelated", ranked[:th.CLOSEST_SHOWN])


# "What is this article about?": a news article gives its gist first, so the answer is its
# first two sentences, or the first sentence of each of up to three documents. Chosen by
# position, not by a retrieval score (their score is 0). Asked of one document, its first two.
_GIST_DOCUMENTS = 3


def _leads(question: Question, context: Context) -> Found:
    leads = [context.corpus.leads[question.scope]] if question.scope else list(context.corpus.leads.values())
    per_doc = 2 if len(leads) == 1 else 1
    return Found([Candidate(node, 0.0, 0.0, 0.0) for nodes in leads[:_GIST_DOCUMENTS] for node in nodes[:per_doc]])


def _read_gist(question: Question, found: Found, context: Context) -> Reading:
    evidence = [Scored(c, 0.0, 0.0, 0.5, 0.0) for c in found.candidates]
    return Reading(True, evidence, evidence) if evidence else Reading.refused("no_documents", [])


# "Is he telling the truth?": what the article says about checking the accounts it reports
# ("... could not be independently verified"), in the article the question is closest to;
# "The article does not say" if it says nothing of the kind.
def _near_query(question: Question, context: Context) -> Found:
    return Found(context.retriever.retrieve(question.query, scope=question.scope))


def _read_credibility(question: Question, found: Found, context: Context) -> Reading:
    ranked = context.selector.rank(question, found.candidates, context.corpus.paragraphs)
    if not ranked:
        return Reading.refused("no_passages", [])
    doc = ranked[0].candidate.meta["doc_id"]
    caveats = context.corpus.caveats.get(doc, [])
    if question.names:  # "Is Tom Hale telling the truth?": the caveats that cover his account
        covering = {n.metadata.get("caveat_start") for n in context.corpus.in_order.get(doc, [])
                    if n.metadata.get("label") == "reported"
                    and question.names & set(content_stems(n.metadata.get("speaker") or ""))}
        caveats = [n for n in caveats if n.metadata["start"] in covering]
    evidence = [by_place(node, ranked) for node in caveats[:2]]
    if not evidence:
        return Reading.refused("no_caveat", ranked[:th.CLOSEST_SHOWN])
    return Reading(True, evidence, evidence)


# "Who is quoted in the article?", "Who are the sources?": each person the article names as a
# source, with the first sentence that reports them (up to four), so a reader sees whose
# accounts the story rests on. A named source ends in a capitalised word ("Ann Berg", "Mr Hale");
# "police" or "the former commander" are not counted. Anchored at both ends: "Who is the
# spokesperson quoted in the story?" is an ordinary question.
_SOURCES = re.compile(
    rf"{QUESTION_LEAD}(?:whom?\s+(?:is|are|was|were)\s+(?:being\s+)?(?:quoted|cited|interviewed)"
    rf"(?:\s+(?:in|by)\s+(?:the|this|that)\s+{_TEXT})?"
    rf"|whom?\s+(?:does|did)\s+(?:the|this|that)\s+{_TEXT}\s+(?:quote|cite|interview)"
    rf"|(?:who|what|which)\s+(?:are|were)\s+(?:the|its)\s+sources(?:\s+(?:of|in|for)\s+(?:the|this|that)\s+{_TEXT})?"
    rf"|(?:what|which)\s+sources\s+(?:does|did)\s+(?:the|this|that)\s+{_TEXT}\s+(?:quote|cite|use))\W*$", re.I)
_SOURCES_SHOWN = 4


def _sources(question: Question, context: Context) -> Found:
    found: dict[str, Candidate] = {}
    in_order = context.corpus.in_order
    for nodes in ([in_order[question.scope]] if question.scope else in_order.values()):
        for node in nodes:
            speaker = (node.metadata.get("speaker") or "").split()
            if node.metadata.get("label") == "reported" and len(speaker) > 1 and speaker[-1][:1].isupper():
                found.setdefault(speaker[-1].lower(), Candidate(node, 0.0, 0.0, 0.0))
    return Found(list(found.values())[:_SOURCES_SHOWN])


def _read_sources(question: Question, found: Found, context: Context) -> Reading:
    evidence = [Scored(c, 0.0, 0.0, 0.5, 0.0) for c in found.candidates]
    return Reading(True, evidence, evidence) if evidence else Reading.refused("no_sources", [])


CHECK = Route("check", asks=lambda q: bool(q.claim), retrieve=_around_claim, read=_read_check,
              drafts=False, corrects=False)
GIST = Route("gist", asks=lambda q: asks_for_gist(q.said), retrieve=_leads, read=_read_gist)
CREDIBILITY = Route("credibility", asks=lambda q: asks_about_credibility(q.said) and not INSTRUCTION.search(q.said),
                    retrieve=_near_query, read=_read_credibility)

SOURCES = Route("sources", asks=lambda q: bool(_SOURCES.search(q.said)), retrieve=_sources, read=_read_sources,
                corrects=False)

ROUTES: tuple[Route, ...] = (CHECK, GIST, SOURCES, CREDIBILITY, QUESTION)


def pick(question: Question) -> Route:
    """The first route that takes the question (the last, QUESTION, takes any)."""
    return next(route for route in ROUTES if route.asks(question))

"""Stage 1, understand: the user's text and the conversation become one standalone `Question`.

A follow-up ("How old is he?") is searched together with the previous turn, and with the turns
before it back to one that names someone; a bare question word ("Why?") asks the previous
question again; "he" or "she" stands for the person the last turn names; "Is that true?"
checks the previous answer.
"""

from __future__ import annotations

import re
import unicodedata

from core.citations import without_markers
from core.errors import BadQuestion, QuestionTooLong
from core.lexicon import QUESTION_LEAD, TITLE_WORDS
from core.text import content_stems, name_words, proper_names, stem
from rag.question import Question

History = list[dict[str, str]] | list[tuple[str, str]] | None

_FOLLOW_UP = re.compile(
    r"\b(?:he|she|they|him|her|them|his|hers|their|it|its|this|that|these|those|there|then)\b", re.I
)
_PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.I)
# A follow-up that is only a question word ("Why?", "And when?", "How many?") asks the previous
# question again with that word: "When did she resign?" + "Why?" -> "Why did she resign?".
_BARE_WH = re.compile(r"^\W*(?:(?:and|but|so|ok(?:ay)?)\W+)?(?P<wh>why(?:\s+not)?|when|where|who|how(?:\s+come|\s+many|"
                      r"\s+much|\s+long|\s+old|\s+often|\s+far)?|since\s+when|for\s+how\s+long)\W*$", re.I)
_LEADING_WH = re.compile(rf"{QUESTION_LEAD}(?:(?:in|on|at|from|to|for|by|with)\s+)?"
                         r"(?:why|when|where|who|whom|whose|what|which|how(?:\s+(?:many|much|long|old|far|often))?)\b",
                         re.I)
_CHECK = re.compile(
    rf"{QUESTION_LEAD}(?:(?:is|was|are|were)\s+(?:that|this|it|any of (?:that|this|it))\s+(?:really\s+)?"
    r"(?:true|right|correct|accurate|so|the case|confirmed|verified|proven|established)"
    r"|(?:can|could|has|have|was|is)\s+(?:that|this|it)\s+(?:be\s+|been\s+)?(?:verified|confirmed|proven|proved"
    r"|corroborated|checked)"
    r"|(?:is|was)\s+there\s+(?:any\s+)?(?:evidence|proof|confirmation)\s+(?:for|of)\s+(?:that|this|it)"
    r"|(?:does|did)\s+the\s+(?:article|story|report)\s+(?:confirm|back up|support|verify)\s+(?:that|this|it)"
    r"|really)\W*$",
    re.I,
)
_FULL_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")  # "Tom Hale"
_EARLIER_TURNS = 3  # a follow-up is searched back at most this many turns
_ANSWER_CHARS = 300  # of the last answer, searched with a follow-up


def understand(question: object, history: History, limit: int, scope: str | None = None) -> Question:
    """The question as the later stages read it: cleaned, restated, with its query and referent;
    `scope`: the one document it is asked of (None: all)."""
    said = clean_question(question, limit)
    parsed = Question(restated(said, history), said=said)  # "Why?" after "When did she resign?"
    return parsed.in_context(query=retrieval_query(parsed.text, history), about=tuple(referent(parsed, history)),
                             claim=claim_to_check(said, history), scope=scope)


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
    if not turns or not (_FOLLOW_UP.search(question) or len(content_stems(question)) <= 2):
        return question
    last_user, last_answer = turns[-1]
    context = [last_user + " " + without_markers(last_answer)[:_ANSWER_CHARS]]
    for user, assistant in reversed(turns[-_EARLIER_TURNS:-1]):
        if proper_names(context[0]):
            break
        # an earlier turn adds its question and the names in its answer: the query stays
        # short, and MiniLM (256 tokens) does not cut the question at its end
        context.insert(0, " ".join([user, *name_words(without_markers(assistant))]))
    return f"{' '.join(context)} {question}"


def referent(question: Question, history: History) -> list[str]:
    """Whom "he" or "she" in a follow-up that names nobody stands for: the name the last
    question gives ("Who is Ann Lee?" -> "How old is she?"), else the names in its answer
    ("Who runs the club?" -> "Tom Hale ..." -> "When did he join?"). Stems; none if unsure."""
    turns = history_turns(history)
    if not turns or not _PRONOUN.search(question.text) or question.names or question.kind is None:
        return []  # an open question ("What did she see?") is found by its own words, not by her name
    user, assistant = turns[-1]
    if Question(user).who_is_named:
        return sorted(proper_names(user))  # "Who is Ann Lee?"
    full = _FULL_NAME.search(without_markers(assistant))
    return sorted({stem(w) for w in full.group().split()} - TITLE_WORDS) if full else []


def restated(question: str, history: History) -> str:
    """The previous question asked again with a bare follow-up's question word, else the question."""
    bare = _BARE_WH.match(question)
    if not bare:
        return question
    earlier = [user for user, _ in history_turns(history) if _LEADING_WH.match(user) and not _BARE_WH.match(user)]
    rest = _LEADING_WH.sub("", earlier[-1]).strip() if earlier else ""
    return f"{bare.group('wh')} {rest}" if rest else question


def claim_to_check(question: str, history: History) -> str:
    """The previous answer, when the question asks whether it is true ("Is that true?"), else ""."""
    turns = history_turns(history)
    if not turns or not _CHECK.search(question):
        return ""
    return without_markers(turns[-1][1], spaced=True).strip()

"""Names in a sentence that a question does not give: who or what a sentence names, and where.

"Who arrested her?" wants a new name next to a word it asks with; "the name of the village"
a name next to "village"; "Who is Ann Lee?" a sentence that says what she is.
"""

from __future__ import annotations

import re
from collections.abc import Container

from core.lexicon import CLAIMING, MONTH, PREPOSITIONS, STOPWORDS, TITLE, WEEKDAY
from core.text import content_stems
from rag.question import Question

_CALENDAR = re.compile(rf"^(?:{MONTH}|{WEEKDAY})$")
_PLACE_PREPOSITIONS = frozenset("from in at to near into across outside inside".split())
_OPENERS = "(?:" + "|".join(w.title() for w in sorted(PREPOSITIONS | {"as", "and", "but", "so", "the", "when",
                                                                         "while", "if", "then"})) + ")"


def new_names(sentence: str, asked: Container[str], asked_names: Container[str]) -> list[int]:
    """Token positions of capitalised words that name something the question does not.

    `asked`: the question's words, lower case; `asked_names`: its capitalised words. Not the
    first word, a month or a weekday, nor the other half of a name the question gives
    ("Anika" of "Anika Roth" when the question says "Roth"; not "university" of "Leeds University").
    """
    tokens = re.findall(r"[\w’'-]+", sentence)

    def named(j: int) -> bool:
        return 0 <= j < len(tokens) and tokens[j][0].isupper() and j > 0

    return [
        j for j in range(1, len(tokens))
        if named(j) and tokens[j].lower() not in asked and not _CALENDAR.match(tokens[j])
        and not any(named(k) and tokens[k] in asked_names for k in (j - 1, j + 1))
    ]


def names_new(sentence: str, question: Question) -> list[int]:
    """`new_names` for a question."""
    return new_names(sentence, question.tokens, question.capitalised)


def name_near_asked(sentence: str, question: Question, window: int = 8) -> bool:
    """A new name within `window` words of a word the question asks with ("arrested by Leeds
    police officers" for "Who arrested her?"), or the sentence has none of those words."""
    tokens = re.findall(r"[\w’'-]+", sentence)
    spots = [i for i, t in enumerate(tokens) if set(content_stems(t)) & question.plain_stems]
    if not spots:
        return False
    return any(abs(i - j) <= window for i in spots for j in names_new(sentence, question))


def agent_of_asked(sentence: str, question: Question) -> bool:
    """The sentence gives, unnamed, who did what the question asks ("the dam is run by a private
    operator" for "Who runs the dam?") or, for "Who ... to?", whom it went to: a word the
    question asks with, then "by a ..." or "to ..."."""
    # "Who did she send it to?" asks for whom it went to: "leaked documents to regulators"
    # (after "to", a determiner, a name or a plural noun: "to regulators", not "to stay")
    whom = (r"to\s+(?:(?:an?|the|its|their|his|her)\s+[a-z]|[A-Z]|[a-z]+s\b)" if question.to_whom
            else r"by\s+(?:an?|the|its|their|his|her)\s+[a-z]")
    for agent in re.finditer(rf"\b((?:[\w’'-]+\s+)?[\w’'-]+)\s+{whom}", sentence):
        if set(content_stems(agent.group(1))) & question.plain_stems:  # "is run by a", "was quickly run by the"
            return True
    return False


def name_spans_near(head: str, sentence: str, question: Question, before: int = 2,
                    after: int = 4) -> list[tuple[int, int]]:
    """Offsets of the names next to `head` that the question does not give: "the village of X", "X village"."""
    tokens = list(re.finditer(r"[\w’'-]+", sentence))
    target = content_stems(head)[:1]
    spots = [i for i, token in enumerate(tokens) if target and content_stems(token.group())[:1] == target]
    names = set(new_names(sentence, question.tokens, ()))  # any capitalised word the question lacks

    def placed(j: int) -> bool:  # "a teacher from Leeds", "a unit from the Baltic states": where, not a name
        while j - 1 in names and not sentence[tokens[j - 1].end():tokens[j].start()].strip():  # "New York"
            j -= 1
        if j > 1 and tokens[j - 1].group().lower() == "the":
            j -= 1
        return j > 0 and tokens[j - 1].group().lower() in _PLACE_PREPOSITIONS

    near = sorted({j for i in spots for j in range(max(0, i - before), min(len(tokens), i + after + 1))
                   if j in names and not placed(j)})
    if near:
        return [tokens[j].span() for j in near]
    appositive = re.finditer(rf"([A-Z][\w’'-]+),\s+(?:the|an?|his|her|their|its|[\w’'-]+['’]s)\s+"
                             rf"(?:[\w’'-]+\s+){{0,2}}{re.escape(head)}", sentence)
    # "Tom Hale, the club's treasurer" (unless the question's text holds the name)
    return [m.span(1) for m in appositive if m.group(1).lower() not in question.lower]


def describes(sentence: str, name: list[str]) -> bool:
    """The sentence says what the named person is: "Ann Lee, a teacher," "Ann Lee, 52,", "Ann Lee,
    who", "teacher Ann Lee", "Her coach, Ann Lee,", "Ann Lee is a ...". """
    run = (rf"(?:{TITLE}\.?\s+)?(?:(?!{_OPENERS}\b)[A-Z][\w’'-]+\s+)*"  # "Ann" before "Lee", not "For"
           rf"(?:(?:{'|'.join(re.escape(w) for w in name)})\b\s*)+")
    for found in re.finditer(rf"{run}(?P<after>,?[^,]{{0,20}})", sentence):
        after = found.group("after")
        previous = re.search(r"([A-Za-z][\w-]*)(,?)\s*$", sentence[:found.start()])
        before = previous.group(1).lower() if previous else ""
        if before in PREPOSITIONS:
            continue  # "For Ann Lee, the inquiry is overdue": not an apposition
        if re.match(r"\s*,\s+(?:\d{1,3}\b|(?:an?|the|his|her|their|its|who|which|[A-Z][\w’'-]*['’]s)\s)", after):
            return True  # "Ann Lee, a teacher", "Ann Lee, 52,", "said Ann Lee, who"
        if before in CLAIMING:
            continue  # "claiming Ann Lee is a spy": someone's claim, not what she is
        if (re.match(r"\s*(?:is|was|has been|had been|became)\s+(?:an?|the|one)\s", after)
                or (previous and previous.group(1).islower() and before not in STOPWORDS
                    and not before.endswith(("ed", "ing")))):
            return True  # "Ann Lee is a", "teacher Ann Lee", "coach, Ann Lee"
    return False


def names_an_entity(sentence: str, question: Question) -> bool:
    """The sentence names something of several capitalised words that the question does not:
    "the US Food and Drug Administration", not "French" or "Friday"."""
    return any(
        not set(content_stems(m.group())) & set(question.stems) and len(content_stems(m.group())) >= 2
        for m in re.finditer(r"(?<!^)\b[A-Z][\w’'-]+(?:\s+(?:of|and|for|the|de)?\s*[A-Z][\w’'-]+)+", sentence)
    )

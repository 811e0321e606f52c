"""The question, parsed once: what it asks for, whom it names, its stems, its parts.

Every later stage reads these properties instead of parsing the text again. Each is computed
on first use and kept (a question is parsed lazily, but never twice). The patterns they read are
in rag/asked.py; what a sentence holds is read in rag/kinds.py and rag/names.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from functools import cached_property

from core.lexicon import STOPWORDS, TIME_UNITS, TITLE_WORDS
from core.text import INSTRUCTION, content_stems, name_words, proper_names, stem, words
from rag.asked import (
    ACCORDING_TO,
    ASKS_FOR_THE_ACCOUNT,
    ASKS_WHEN,
    ASKS_WHY,
    CASUALTIES,
    CLOCK_ASKED,
    COUNTED,
    FOCUS_ASKED,
    FULL_NAME,
    ORDINAL,
    RATE_ASKED,
    SECOND_PART,
    SPEAKER_ASKED,
    TIME_BOUND,
    WH_FIRST,
    WHO_IS_NAMED,
    YES_NO,
    answer_kind,
    noun_phrase,
)
from rag.details import Detail
from rag.details import details as stated_details


@dataclass(frozen=True)
class Question:
    """A standalone question: a follow-up resolved against the conversation (rag/understand.py).

    `text` is what is answered ("Why did she resign?" for a bare "Why?"); `said` is what the
    user typed; `query` is what retrieval searches with (a follow-up carries its earlier turns);
    `about` holds the stems of whom a pronoun stands for; `claim` is the previous answer when
    the question asks whether it is true; `scope` is the one document it is asked of (None: all),
    which every route retrieves and reads within.
    """

    text: str
    said: str = ""
    query: str = ""
    about: tuple[str, ...] = ()
    claim: str = ""
    scope: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "said", self.said or self.text)
        object.__setattr__(self, "query", self.query or self.text)

    def in_context(self, **context: object) -> Question:
        """The same question with its place in the conversation (`query`, `about`, `claim`, `scope`);
        what is already parsed carries over, as the text is the same."""
        other = replace(self, **context)
        fields = {f.name for f in dataclass_fields(self)}
        other.__dict__.update({k: v for k, v in self.__dict__.items() if k not in fields})
        return other

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """Content stems in order, repeats kept (the "lemmas")."""
        return tuple(content_stems(self.text))

    @cached_property
    def details(self) -> tuple[Detail, ...]:
        """The names and numbers it states (rag/details.py)."""
        return tuple(stated_details(self.text))

    @cached_property
    def names(self) -> frozenset[str]:
        """Stems of the names it gives."""
        return frozenset(proper_names(self.text))

    @cached_property
    def name_words(self) -> tuple[str, ...]:
        return tuple(name_words(self.text))

    @cached_property
    def word_stems(self) -> frozenset[str]:
        """Stems of all its words, stopwords too ("How many miles ...?" -> mile)."""
        return frozenset(stem(w) for w in words(self.lower))

    @cached_property
    def plain_stems(self) -> frozenset[str]:
        """Its stems that are not names: the words it asks with."""
        return frozenset(self.stems) - self.names

    @cached_property
    def tokens(self) -> frozenset[str]:
        """Its words, lower case (a sentence's word it already gives is nothing new)."""
        return frozenset(w.lower() for w in re.findall(r"[\w’'-]+", self.text))

    @cached_property
    def capitalised(self) -> frozenset[str]:
        return frozenset(w for w in re.findall(r"[\w’'-]+", self.text) if w[0].isupper())

    @cached_property
    def kind(self) -> str | None:
        """What kind of thing it asks for (rag/asked.py), or None for "what", "why" and "how"."""
        return answer_kind(self.text)

    @cached_property
    def who_is_named(self) -> bool:
        """ "Who is Ann Lee?": asks what a named person is."""
        return bool(WHO_IS_NAMED.match(self.text))

    @cached_property
    def who_named(self) -> list[str]:
        """The name of "Who is Ann Lee?", titles aside."""
        return [w for w in self.name_words if w.lower() not in TITLE_WORDS] if self.who_is_named else []

    @cached_property
    def people_named(self) -> frozenset[str]:
        return frozenset(w for w in self.name_words if w.lower() not in TITLE_WORDS)

    @cached_property
    def speaker(self) -> set[str] | None:
        """Whose account it asks for: stems of the speaker ("What did the coach say ...?", "...,
        according to her lawyer?"), an empty set for a pronoun, None if it asks for no account."""
        found = SPEAKER_ASKED.search(self.text) or ACCORDING_TO.search(self.text)
        if not found:
            return None
        # "Ann Lee's lawyer" asks for the lawyer's account, not hers: what follows the last owner
        speaker = re.split(r"[\w-]+['’]s?\s", found.group("np"))[-1]
        return set(content_stems(speaker))

    @cached_property
    def speaker_named(self) -> str:
        """The speaker of "What did the government say ...?" as written, "" for none."""
        found = SPEAKER_ASKED.search(self.text)
        return found.group("np") if found else ""

    @cached_property
    def focus(self) -> re.Match[str] | None:
        """ "Which station ...", "What kind of group ...": the thing asked about."""
        return FOCUS_ASKED.search(self.text)

    @cached_property
    def which_phrase(self) -> list[str]:
        """The noun phrase after "which": "Which French club bought ..." -> french, club."""
        found = self.focus
        return noun_phrase(found.group("np")) if found and found.group("np") else []

    @cached_property
    def asks_which_one(self) -> bool:
        """ "Which university ...?", "At which hospital ...?": asks for something the answer names."""
        return bool(self.focus and self.focus.group("np"))

    @cached_property
    def ordinals(self) -> frozenset[str]:
        """The one of a series it picks out: "the third-place finisher" -> third."""
        return frozenset((m.group("n") or m.group("l") or m.group("m")).lower() for m in ORDINAL.finditer(self.text))

    @cached_property
    def yes_no(self) -> bool:
        return bool(YES_NO.search(self.text))

    @cached_property
    def full_names(self) -> tuple[str, ...]:
        """Runs of capitalised words inside it (not its first word): "Vladislav Klyushin"."""
        return tuple(m.group() for m in FULL_NAME.finditer(self.text))

    @cached_property
    def which(self) -> bool:
        return bool(re.search(r"\bwhich\b", self.text, re.I))

    @cached_property
    def wh(self) -> str | None:
        """Its question word ("how long", "whether" for yes/no), for a passage that says it is not known."""
        asked = WH_FIRST.match(self.text)
        wh = asked.group("wh").lower() if asked else ("whether" if self.yes_no else None)
        if wh == "how much" and re.search(r"\bhow much (?:longer|more time)\b", self.text, re.I):
            wh = "how long"
        return " ".join(wh.split()) if wh is not None else None

    @cached_property
    def counted(self) -> re.Match[str] | None:
        """ "How many grandmasters ...": the noun counted."""
        return COUNTED.search(self.text)

    @cached_property
    def counted_nouns(self) -> frozenset[str]:
        """Stems of the noun phrase counted: "How many grandmaster norms ...?" -> grandmast, norm."""
        found = self.counted
        return frozenset(stem(w) for w in noun_phrase(self.text[found.start("noun"):])) if found else frozenset()

    @cached_property
    def counts_things(self) -> bool:
        """ "How many ...": things, not a sum ("How big was the prize?")."""
        return bool(re.search(r"\bhow many\b", self.text, re.I))

    @cached_property
    def time_may_count(self) -> bool:
        """A stretch of time may answer ("How much notice?": "20 minutes")."""
        return not self.counts_things or bool(
            re.search(rf"\bhow many\s+(?:more\s+|fewer\s+)?{TIME_UNITS}", self.text, re.I))

    @cached_property
    def rate_asked(self) -> bool:
        return bool(RATE_ASKED.search(self.text))

    @cached_property
    def casualties(self) -> tuple[re.Pattern[str], ...]:
        """Which of deaths and injuries it asks about."""
        return tuple(kind for kind in CASUALTIES if kind.search(self.text))

    @cached_property
    def clock(self) -> bool:
        """ "At what time ...?": a time of day, a narrow kind of answer."""
        return bool(CLOCK_ASKED.search(self.text))

    @cached_property
    def when(self) -> bool:
        return bool(ASKS_WHEN.match(self.text))

    @cached_property
    def dates(self) -> bool:
        """ "Over which dates ...?": more than one day."""
        return bool(re.search(r"\b(?:which|what) dates\b", self.text, re.I))

    @cached_property
    def time_bound(self) -> str | None:
        """ "Until what date ...?": the preposition the answer must follow."""
        found = TIME_BOUND.match(self.text)
        return found.group("prep") if found else None

    @cached_property
    def why(self) -> bool:
        return bool(ASKS_WHY.match(self.text))

    @cached_property
    def for_the_account(self) -> bool:
        """ "Does he claim ...?": it asks for the account itself, not for what the article states."""
        return bool(ASKS_FOR_THE_ACCOUNT.search(self.text))

    @cached_property
    def how_words(self) -> frozenset[str]:
        """ "old" of "How old ...?": a word that asks for a kind of answer, not for a thing."""
        return frozenset(stem(w) for w in re.findall(r"\bhow\s+([a-z]+)", self.text, re.I))

    @cached_property
    def verb_asked(self) -> str | None:
        """ "What did he say the firm had suspended?": the stem of its last word, the verb whose
        object is the answer."""
        last = re.search(r"^\W*what\b.*\b([a-z][\w’'-]+)\W*$", self.text, re.I)
        return None if not last or last.group(1).lower() in STOPWORDS else stem(last.group(1))

    @cached_property
    def to_whom(self) -> bool:
        """ "Who did she send it to?": asks for whom it went to."""
        return bool(re.search(r"\bto\W*$|^\W*to\s+whom\b", self.text, re.I))

    @cached_property
    def instruction(self) -> bool:
        """Text that addresses the system ("ignore previous instructions"), never answered."""
        return bool(INSTRUCTION.search(self.text))

    @cached_property
    def parts(self) -> tuple[Question, ...]:
        """A two-part question split at ", and" before its second question word; else itself."""
        parts = [p.strip() for p in SECOND_PART.split(self.text)]
        if len(parts) > 1 and all(content_stems(p) for p in parts):
            return tuple(Question(p) for p in parts)
        return (self,)


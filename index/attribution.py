"""Factuality labels: is a sentence the article's own assertion, or only someone's account?

The cue lists are general English reporting language (verbs of saying, passive
attribution, "according to"), so they work on any news text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.lexicon import MONTH_NAMES, REPORTING_VERBS, SPEAKER_AFTER, SPEAKING_GROUPS, TITLE, TITLES, WEEKDAYS

# REPORTING_VERBS (core/lexicon.py) leaves out "confirmed": it presupposes what follows
# ("officials confirmed 27 deaths" states them).
_NAME = rf"(?:{TITLE}\.?\s+)?[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|de|van|von|al|bin))*"
_PRONOUN = r"(?:he|she|they|we|I|He|She|They|We)"
_DETERMINED = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Mm]y|[Oo]ur|[Yy]our|[Oo]ne|[Tt]wo|[Ss]everal|[Mm]any|[Ss]ome)\s+(?:[\w’'-]+\s+){0,5}?[\w’'-]+"
_ADVERB = r"(?:\s+(?:also|later|previously|now|then|still|once|repeatedly|reportedly|has|have|had|had\s+previously))?"

_SPEAKER_VERB = re.compile(
    rf"(?:^|[\s,“\"(–—-])(?P<speaker>{_NAME}|{_PRONOUN}|{_DETERMINED}|{SPEAKING_GROUPS}),?{_ADVERB}\s+(?P<cue>(?:{REPORTING_VERBS}))\b"
)
_VERB_SPEAKER = re.compile(
    rf"[,”\"]\s*(?P<cue>{SPEAKER_AFTER})\s+(?P<speaker>{_NAME}|{_DETERMINED}|{_PRONOUN})"
    r"(?=\s*(?:[,.;:!?”\"]|$))"  # "..., said X." ends with the speaker; "X, says the fire was" does not
)
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|did|does|can|could)\b")
_SUBJECT_ASIDE = re.compile(  # "Quispe, who worked there until 2021, says ...": the subject, an aside, the verb
    rf"^\s*(?P<speaker>[A-Z][^,;“”\"]{{1,60}}?),\s(?P<aside>[^;“”\"]{{1,160}}?),\s*(?P<cue>{REPORTING_VERBS})\b"
)
_ACCORDING = re.compile(r"\b(?P<cue>[Aa]ccording to)\s+(?P<speaker>[^,.;:]+)")
_PASSIVE = re.compile(
    r"\b(?P<cue>reportedly|allegedly|purportedly|supposedly|reputedly|"
    r"(?:is|are|was|were|has been|have been|had been|being)\s+(?:widely\s+|also\s+)?"
    r"(?:believed|thought|said|reported|alleged|understood|rumou?red|claimed|suspected|estimated|"
    r"accused|suggested)\s+to|"
    r"it\s+(?:is|was|has been)\s+(?:widely\s+)?(?:believed|thought|alleged|claimed|reported|understood|said|rumou?red)|"
    r"(?:some|other|local|media|news|press|unconfirmed|several|earlier)\s+reports\s+(?:say|said|suggest|suggested|claim|claimed|indicate|indicated)|"
    r"in\s+a\s+statement|(?:statement|letter|post|video|interview|report|tweet)\s+(?:claiming|saying|alleging|stating|suggesting))\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[“\"][^”\"]{3,}[”\"]")
_CAVEAT = re.compile(
    r"\b(?:can\s*not|could\s+not|can['’]t|couldn['’]t|has\s+not|have\s+not|had\s+not|was\s+not|"
    r"were\s+not|is\s+not|are\s+not|may\s+not)\s+(?:yet\s+)?(?:be|been)\s+(?:able\s+to\s+)?(?:independently\s+)?"
    r"(?:corroborated|verified|confirmed|substantiated|corroborate|verify|confirm)\b"
    r"|\bcould\s+not\s+find\b.{0,60}\bto\s+(?:confirm|verify|corroborate)\b"
    r"|\b(?:could\s+not|cannot|can['’]t|was\s+unable\s+to|were\s+unable\s+to|has\s+been\s+unable\s+to)\s+"
    r"(?:independently\s+)?(?:verify|confirm|corroborate)\b"
    r"|\b(?:unverified|uncorroborated)\s+(?:claims?|accounts?|allegations?)\b",
    re.IGNORECASE,
)
# Words that look like a capitalised speaker but are not one.
_NOT_SPEAKERS = frozenset(
    "It This That There These Those What Which Who When Where Why How But And Or So Yet If As "
    "While Although Though Because Since After Before Then Now Here".split()
)
_CALENDAR = frozenset(MONTH_NAMES + WEEKDAYS)
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*\.?(?:\s+[A-Z][\w’'-]*)*")
_NON_PERSON_WORDS = frozenset(
    "The A An In On At Of For From With By To And But Or As After Before When While Group Union "
    "St Nations Company Inc Ltd Corp Ministry Department University Council Court Police Army Forces "
    "Party News Street Road City State States Kingdom Republic Sea Ocean River Mountain Bank".split()
) | _CALENDAR


@dataclass
class Attribution:
    """A sentence's factuality label. `speaker` is who the text says is talking, if anyone."""

    label: str  # "asserted" or "reported"
    cue: str | None = None
    speaker: str | None = None
    frame: list[tuple[int, int]] = field(default_factory=list)  # spans the article itself asserts
    caveat: bool = False  # this sentence says some claims cannot be verified
    covered_by: list[int] = field(default_factory=list)  # indexes of caveat sentences


def _clean_speaker(raw: str) -> str | None:
    words = raw.strip(" ,“\"(–—-").split()
    while words and words[0] in _NOT_SPEAKERS:
        words.pop(0)
    return " ".join(words) or None


def label_sentence(text: str) -> Attribution:
    """Label one sentence on its own; pronoun speakers are resolved later by `label_document`."""
    if _CAVEAT.search(text):
        return Attribution("asserted", cue=_CAVEAT.search(text).group(0), caveat=True)  # type: ignore[union-attr]
    quoted = [m.span() for m in _QUOTE.finditer(text)]
    for pattern in (_ACCORDING, _SUBJECT_ASIDE, _VERB_SPEAKER, _SPEAKER_VERB):
        for match in pattern.finditer(text):
            if any(s < match.start("cue") < e for s, e in quoted):
                continue  # a verb inside a quotation belongs to the quote, not the article
            speaker = _clean_speaker(match.group("speaker"))
            if pattern is _SUBJECT_ASIDE and re.fullmatch(_NAME, match.group("aside").strip()):
                speaker = match.group("aside").strip()  # "The mayor, Tom Hale, says": the name
            if speaker is None:
                continue
            if pattern in (_SPEAKER_VERB, _SUBJECT_ASIDE) and not _plausible_speaker(speaker):
                continue
            if pattern is _VERB_SPEAKER and _AUXILIARY.search(speaker):
                continue  # a clause, not a speaker
            if not _reporting_use(text, match):
                continue
            return Attribution("reported", cue=match.group("cue"), speaker=speaker, frame=_frame(text, match))
    passive = _PASSIVE.search(text)
    if passive:
        return Attribution("reported", cue=passive.group("cue"), frame=_passive_frame(text, passive))
    if re.match(r"\s*[“\"]", text) and _QUOTE.search(text):
        return Attribution("reported", cue="quoted speech")  # speaker: the quote before it
    return Attribution("asserted")


_THAT = re.compile(r"(?:\s+[\w’'-]+){0,3}?\s+that\b")  # "told the BBC that"
_NEXT_CLAUSE = re.compile(r";|,\s+(?:and|but)\s+(?:has|have|had|is|are|was|were|will|would|can|could|did|does)\b")


_MEDIUM = re.compile(  # "In a video released by a rights group,": where the account was given
    r"^\s*(?:(?:But|And|Yet|So)\s+)?(?:In|On|Through)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:video|interview|statement|letter|post|report|book|speech|podcast|broadcast|documentary|message|memoir)\b[^,;]*,",
    re.I,
)


def _frame(text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """What the article asserts in "X says Y": who speaks and that they said it, not Y.

    "the 41-year-old claims he swam the lake" asserts the age; "According to X, Y" asserts X.
    """
    if match.group("cue").lower() == "according to":
        return [(match.start("cue"), match.end("speaker"))]
    if match.start("cue") < match.start("speaker"):  # "..., said X": the rest of the sentence is X's
        return [(match.start("cue"), len(text))]
    medium = _MEDIUM.match(text)
    if medium and medium.end() <= match.start("speaker"):  # "In a video released by X, he recalls": X is asserted
        return [(0, medium.end()), *_frame_after(text, match)]
    return _frame_after(text, match)


def _frame_after(text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """The frame from the speaker on: who speaks and that they said it."""
    opening = re.match(r"\s*[“\"][^”\"]+[”\"]", text)
    if opening and opening.end() <= match.start("speaker"):  # "“...,” he told a press conference in Lima."
        return [(opening.end(), len(text))]
    end = match.end("cue")
    that = _THAT.match(text, end)
    return [(match.start("speaker"), that.end() if that else end)]


def _passive_frame(text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """"X is believed to A, and has done B": the subject and B are the article's own."""
    frame = [(0, match.start("cue"))]
    after = _NEXT_CLAUSE.search(text, match.end("cue"))
    if after:
        frame.append((after.start(), len(text)))
    return frame


_FUNCTION_WORDS = frozenset(
    "the a an that this these those to of and or but be is are was were in on at for with by as".split()
)
_NOUN_CUES = frozenset({"claims", "claim", "reports", "report", "notes", "states", "estimates", "says"})
_CHANGE_VERBS = frozenset(
    "rose fell rise fall are were have has had was is increased decreased grew dropped jumped totalled "
    "totaled reached soared doubled remain remained found made written seen given taken shown held kept "
    "left sent built of from about on in say said suggest suggested claim claimed".split()
)


def _reporting_use(text: str, match: re.Match[str]) -> bool:
    """Rules out "the said property", "insurance claims rose" and "told him to leave"."""
    before = text[:match.start("cue")].split()
    after = [w.strip(",.;:") for w in text[match.end("cue"):].split()]
    cue = match.group("cue").lower()
    if before and before[-1].lower().strip(",") in _FUNCTION_WORDS:
        return False
    if cue in _NOUN_CUES and after and (after[0].lower() in _CHANGE_VERBS or after[0].lower().endswith("ed")):
        return False
    if cue == "told" and len(after) >= 2 and after[1] == "to":
        return False
    return True


def is_group(word: str) -> bool:
    """Whether a speaker's word names a group that speaks as one ("police", "Officials", "sources")."""
    return re.fullmatch(SPEAKING_GROUPS, word.lower()) is not None


def _plausible_speaker(speaker: str) -> bool:
    """A lower-case speaker must be a pronoun, a determined noun phrase or a group noun."""
    first = speaker.split()[0]
    if speaker in _CALENDAR:
        return False  # "went on trial on Monday, accused of ...": no one called Monday accuses
    return (
        first[0].isupper()
        or first.lower() in {"he", "she", "they", "we", "i", "the", "a", "an", "his", "her", "my", "our",
                             "your", "their", "its", "one", "two", "several", "many", "some"}
        or re.fullmatch(SPEAKING_GROUPS, speaker) is not None
    )


def _people(text: str) -> list[tuple[int, str, str]]:
    """Person-like names in order: (position, name, surname). "Mr X" or "First Last"."""
    found = []
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().split()
        pos = match.start()
        while words and words[0] in _NON_PERSON_WORDS | _NOT_SPEAKERS:
            pos = text.index(words[1], pos + len(words[0])) if len(words) > 1 else pos
            words.pop(0)
        if len(words) >= 2 and words[0].rstrip(".") in TITLES:
            named = words[:3] if len(words) >= 3 and words[2][1:].islower() else words[:2]
            found.append((pos, " ".join(named), named[-1]))
        elif len(words) == 2 and not set(words) & _NON_PERSON_WORDS and all(w[1:].islower() for w in words):
            before = text[max(0, pos - 4):pos].lower()
            if not before.endswith(("the ", "of ", "in ", "to ")):
                found.append((pos, " ".join(words), words[1]))
    return found


def label_document(sentences: list[str]) -> list[Attribution]:
    """Label every sentence, resolve pronoun speakers, and link caveats to the claims they cover.

    A pronoun speaker is taken from a name earlier in the same sentence, else the one person
    named in the sentence before, else the person the document names most often. Quoted
    speech without a speaker continues the last quoted speaker.
    """
    labels = [label_sentence(s) for s in sentences]
    mentions = [_people(s) for s in sentences]
    full_names, main_subject = _cast(sentences, mentions)
    last_quoted: str | None = None
    for i, (text, attribution) in enumerate(zip(sentences, labels)):
        quoted = bool(_QUOTE.search(text))
        speaker = _speaker(text, attribution, mentions, i, (last_quoted, quoted), main_subject)
        attribution.speaker = _canonical(speaker, full_names) if speaker else None
        if quoted and attribution.label == "reported":
            last_quoted = attribution.speaker
    _link_caveats(labels)
    return labels


def _cast(sentences: list[str], mentions: list[list[tuple[int, str, str]]]) -> tuple[dict[str, str], str | None]:
    """Each surname's first full name, and the person the document names most often."""
    full_names: dict[str, str] = {}  # surname -> first full name seen
    counts: dict[str, int] = {}
    for found in mentions:
        for _, name, surname in found:
            if name.split()[0].rstrip(".") not in TITLES:
                full_names.setdefault(surname, name)
    for text in sentences:
        for surname, name in full_names.items():
            counts[name] = counts.get(name, 0) + len(re.findall(rf"\b{re.escape(surname)}\b", text))
    return full_names, (max(counts, key=counts.__getitem__) if counts else None)


def _canonical(name: str, full_names: dict[str, str]) -> str:
    words = name.split()
    return full_names.get(words[-1], name) if len(words) <= 2 and words[-1][0].isupper() else name


def _speaker(text: str, attribution: Attribution, mentions: list[list[tuple[int, str, str]]], i: int,
             quoting: tuple[str | None, bool], main_subject: str | None) -> str | None:
    """Who speaks in sentence i. `quoting`: the last quoted speaker, and whether this sentence quotes."""
    speaker = attribution.speaker
    last_quoted, quoted = quoting
    if attribution.cue == "quoted speech":
        speaker = last_quoted
    elif speaker and speaker.split()[0].lower() in {"he", "she", "they", "we", "i"}:
        cue_at = text.find(attribution.cue or "")
        earlier = [name for pos, name, _ in mentions[i] if pos < cue_at]
        previous = {name for _, name, _ in mentions[i - 1]} if i else set()
        if earlier:
            speaker = earlier[-1]
        elif len(previous) == 1:
            speaker = previous.pop()
        elif quoted and last_quoted:
            speaker = last_quoted
        else:
            speaker = main_subject or speaker
    if speaker and speaker[:1].islower() and mentions[i] and mentions[i][0][0] == 0:
        speaker = mentions[i][0][1]  # "Dr X, a professor who ..., told": the named subject
    elif speaker and speaker.split()[-1].lower() in {"he", "she", "they", "we"} and " " in speaker:
        speaker = speaker.split()[-1]  # "a gap they say" -> "they"
    if speaker is None and attribution.label == "reported" and mentions[i] and re.search(
        r"statement|letter|post|video|interview|tweet", attribution.cue or ""
    ):
        speaker = mentions[i][0][1]  # "X issued a statement claiming ...": X is the source
    if attribution.caveat:
        named = [name for _, name, _ in mentions[i]]
        possessive = re.search(r"\b(?:his|her|their)\b", text, re.IGNORECASE)
        speaker = named[-1] if named else (main_subject if possessive else None)
    return speaker


def _link_caveats(labels: list[Attribution]) -> None:
    """A caveat covers the reported claims of the person it names, or all reported claims."""
    for c, caveat in enumerate(labels):
        if not caveat.caveat:
            continue
        for attribution in labels:
            if attribution.label != "reported":
                continue
            speaker = attribution.speaker or ""
            descriptive = speaker[:1].islower() and not speaker.endswith(("reports", "sources"))
            if caveat.speaker is None or speaker == caveat.speaker or descriptive:
                attribution.covered_by.append(c)

"""The vocabularies: every word list and the regular-expression fragments made from them, in one place.

General English and news usage, not tuned to any article. Fragments are uncompiled strings,
each a group of alternatives, so they can sit inside other patterns.
"""

from __future__ import annotations


def alternatives(words: tuple[str, ...] | list[str]) -> str:
    """A regular-expression group that matches any of `words`, tried in the order given."""
    return "(?:" + "|".join(words) + ")"


def both_ways(pairs: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Each word of each pair mapped to the other, in the pairs' order: {"above": "below", "below": "above", ...}."""
    return {a: b for pair in pairs for a, b in (pair, pair[::-1])}


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves may might must shall us ever
    whose according tell told say says said claim claims claimed did does do please article
    story text mentioned mention happen happened kind sort much many one get got make made way""".split()
)
# What may come before a question's first word: "And why ...?", "But who ...?"
QUESTION_LEAD = r"^\W*(?:(?:and|but|so)\s+)?"

# Titles before a name, not part of it: "Dr Ann Lee".
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady")
TITLE = alternatives(TITLES)
TITLE_WORDS = frozenset(t.lower() for t in TITLES)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH = alternatives(MONTH_NAMES + MONTH_ABBREVIATIONS)
WEEKDAY = alternatives(WEEKDAYS)
YEAR = r"(?:1[5-9]|20)\d\d"  # a year, 1500-2099

# Numbers in words, with their value ("ten" counts as "10" when a claim is checked).
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
    "thousand": "1000", "first": "1", "second": "2", "third": "3", "twice": "2", "once": "1",
}
CARDINAL_WORDS = tuple(w for w in NUMBER_WORDS if w not in {"first", "second", "third", "once", "twice"})
# A number in figures or in words, as a count ("three", "hundreds", "a couple", "twice").
COUNT_WORDS = (*(w for w in CARDINAL_WORDS if w not in {"hundred", "thousand"}), "hundreds?", "thousands?",
               "millions?", "billions?", "dozens?", "several", "few", "a couple", "once", "twice", "thrice")
NUMBER = r"\d+(?:[.,]\d+)*|\b" + alternatives(COUNT_WORDS) + r"\b"
ORDINAL_WORDS = alternatives(("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                              "tenth", "last", "final"))

TIME_UNITS = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)"
DISTANCE_UNITS = r"(?:metres?|meters?|kilometres?|kilometers?|km|(?:nautical )?miles?|feet|foot|yards?|m)"
LENGTH_UNITS = rf"(?:{TIME_UNITS}|{DISTANCE_UNITS}|pages?|words?|lines?|chapters?|episodes?)"  # "how long"
CURRENCY_WORDS = r"pounds?|dollars?|euros?|roubles?|rubles?|yen|francs?|kron[ae]r?|krone|rupees?|pesos?|cents?|pence"
LANGUAGES = alternatives((
    "English", "French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Russian", "Ukrainian", "Polish",
    "Czech", "Greek", "Turkish", "Arabic", "Hebrew", "Persian", "Farsi", "Urdu", "Hindi", "Bengali", "Chinese",
    "Mandarin", "Cantonese", "Japanese", "Korean", "Vietnamese", "Thai", "Indonesian", "Malay", "Swahili", "Swedish",
    "Norwegian", "Danish", "Finnish", "Hungarian", "Romanian", "Serbian", "Croatian", "Slovene", "Slovenian",
    "Bulgarian", "Latin", "Quechua", "sign language"))

# Words that open a clause or end a noun phrase: "the village where", "a 52-year-old from Leeds".
CLAUSE_WORDS = frozenset("who whom whose which that where when what why how in on at to for from with by of and or "
                         "did does do was were is are has have had he she it they we you i".split())
DETERMINERS = frozenset("the a an his her their its this that these those my our your".split())
PREPOSITIONS = frozenset("for to with by from against about of on in at like unlike after before over under "
                         "without behind beside near toward towards into onto".split())
# Words that name the kind of answer asked for ("which year"), not a thing to find.
TYPE_NOUNS = frozenset(
    "year years date dates time times day days month months hour age country countries city cities town towns "
    "place places region province village state number amount percentage proportion share name names "
    "is was are were did does do has have had happened happens".split()
)
# Simple past forms of common irregular verbs, which the stemmer leaves apart from their verb
# ("bought" / "buy"). Not the participles ("given", "known", "taken"), which are often adjectives.
IRREGULAR_PAST = dict(pair.split(":") for pair in (
    "ate:eat began:begin bought:buy broke:break brought:bring built:build caught:catch chose:choose drew:draw "
    "drank:drink drove:drive fell:fall felt:feel fought:fight fled:flee flew:fly forgot:forget froze:freeze gave:give "
    "went:go grew:grow heard:hear hid:hide held:hold kept:keep knew:know led:lead lost:lose meant:mean met:meet "
    "paid:pay ran:run rode:ride rose:rise saw:see sought:seek sold:sell sent:send shot:shoot shook:shake slept:sleep "
    "spoke:speak spent:spend stole:steal stood:stand struck:strike swore:swear took:take taught:teach tore:tear "
    "thought:think threw:throw understood:understand woke:wake wore:wear won:win wrote:write").split())
# Irregular past forms besides IRREGULAR_PAST (regular ones end in "-ed"), to tell a
# verb after a noun: these are verbs there, though "found" or "left" may be other words.
MORE_PAST = frozenset(
    "beat became bent bit bled blew burnt came clung cost crept cut dealt dug fed found flung forbade forgave got "
    "hung hit hurt laid leant left lent let lay lit made put quit read rang said sang sank sat set shone showed shut "
    "slid spun split spread sprang stuck stung swept swam told wove wound".split())

# Verbs of saying, by verb, in the forms with which an article attributes what it reports (the
# cue of a "reported" sentence, index/attribution.py). Not "believed": "is believed to" is passive.
SPEECH_VERBS = {
    "say": ("says", "said", "say"), "claim": ("claims", "claimed", "claim"), "tell": ("told", "tells"),
    "allege": ("alleges", "alleged", "allege"), "insist": ("insists", "insisted"),
    "recall": ("recalls", "recalled", "recall"), "add": ("added", "adds"), "explain": ("explained", "explains"),
    "state": ("stated", "states"), "argue": ("argues", "argued"), "maintain": ("maintains", "maintained"),
    "believe": ("believes",), "contend": ("contends", "contended"), "testify": ("testified",),
    "write": ("wrote", "writes"), "report": ("reported", "reports"), "suggest": ("suggested", "suggests"),
    "deny": ("denies", "denied"), "admit": ("admits", "admitted"), "warn": ("warned", "warns"),
    "acknowledge": ("acknowledged", "acknowledges"), "note": ("noted", "notes"),
    "describe": ("described", "describes"), "accuse": ("accused", "accuses"), "estimate": ("estimated", "estimates"),
    "announce": ("announced", "announces"), "remember": ("remembers", "remembered"),
    "recount": ("recounted", "recounts"), "assert": ("asserted", "asserts"), "predict": ("predicted", "predicts"),
    "expect": ("expects", "expected"),
}
REPORTING_VERBS = "|".join(form for forms in SPEECH_VERBS.values() for form in forms)
# Groups an article attributes speech to: "officials said", "according to sources"
SPEAKING_GROUPS = alternatives((
    "sources", "officials", "experts", "analysts", "critics", "witnesses", "residents", "locals", "observers",
    "activists", "police", "authorities", "investigators", "prosecutors", "doctors", "scientists", "researchers",
    "campaigners", "lawyers", "neighbours", "neighbors", "diplomats", "insiders", "aides", "colleagues", "friends",
    "relatives", "officers", "spokesmen", "spokespeople", "reports", "media", "rumours", "rumors"))
# "..., said X.": the verbs that may come before their speaker at the end of a quote
SPEAKER_AFTER = alternatives(("said", "says", "added", "adds", "claimed", "claims", "explained", "insisted",
                              "recalled", "wrote", "according to"))
# "What did the coach say ...?": the verbs a question asks for someone's account with
ACCOUNT_ASKED = alternatives(("say", "said", "claim", "tell", "told", "state", "announce", "report", "write", "argue",
                              "think", "believe", "describe"))
# "claiming Ann Lee is a spy": words before a name that make what follows someone's claim
CLAIMING = frozenset("claiming claimed claims claim saying said says alleging alleged insisting insisted that "
                     "calling called".split())
# Words that attribute a claim; what a claim adds besides them is what must be backed
ATTRIBUTION_WORDS = ("reportedly allegedly believed thought according claims claimed says said told account "
                     "apparently purportedly report reports alleged")
# Opposite sides of the same thing: "holed below the waterline" / "above the waterline" (rag/premise.py)
SIDES = (("above", "below"), ("inside", "outside"), ("upstream", "downstream"), ("north", "south"), ("east", "west"))
# Common English opposites, each pair once: a question with one swapped for the other is a near miss
# of the sentence that answers the original (used to make training negatives, both ways round)
OPPOSITES = SIDES + tuple(tuple(pair.split(":")) for pair in (
    "increase:decrease increased:decreased rise:fall rose:fell risen:fallen raise:lower raised:lowered "
    "higher:lower more:fewer most:least largest:smallest biggest:smallest larger:smaller longest:shortest "
    "longer:shorter first:last before:after earlier:later early:late oldest:youngest older:younger "
    "win:lose won:lost winning:losing gain:loss gained:lost open:close opened:closed opening:closing "
    "start:end started:ended begin:finish began:finished accept:reject accepted:rejected approve:oppose "
    "approved:opposed support:oppose supported:opposed allow:ban allowed:banned permit:forbid "
    "permitted:forbidden include:exclude included:excluded hire:fire hired:fired buy:sell bought:sold "
    "import:export imported:exported enter:leave entered:left arrive:depart arrived:departed "
    "northern:southern eastern:western "
    "increase:cut success:failure succeeded:failed agree:disagree agreed:disagreed guilty:innocent "
    "convicted:acquitted legal:illegal public:private domestic:foreign strengthen:weaken "
    "strengthened:weakened expand:shrink expanded:shrank add:remove added:removed join:quit joined:quit "
    "praised:criticised praise:criticise true:false cheaper:dearer profit:loss surplus:deficit "
    "maximum:minimum upper:lower spring:autumn summer:winter morning:evening day:night"
).split())
# Kinds of thing a question asks for, each a family of rivals: "Who is the chief executive?" is not
# answered by a sentence that names the chairman, "What was her salary?" by one that gives her
# bonus, nor "When was it founded?" by one that dates its launch. Synonyms share an entry
# ("spokesman|spokeswoman|spokesperson"); "-" stands for a space; a family marked "how:" is asked
# only after "how". Used to make training negatives (training/examples.py): the asked word swapped for a rival.
_RIVAL_FAMILIES = (
    "chief-executive|ceo chairman|chairwoman president vice-president director manager "
    "spokesman|spokeswoman|spokesperson secretary treasurer founder|co-founder owner editor coach "
    "captain mayor governor minister ambassador judge prosecutor lawyer|solicitor|attorney doctor "
    "nurse teacher headteacher|principal commander sergeant inspector detective engineer architect "
    "professor researcher pilot driver landlord tenant chef priest deputy auditor accountant "
    "trustee shareholder|investor witness victim suspect defendant",
    "salary|wage bonus pension fee rent price|cost budget revenue|turnover|sales profit debt "
    "loan grant tax dose",
    "height width depth length weight distance speed area volume capacity temperature",
    "how: tall|high wide deep long heavy far old fast",  # only after "how": "How tall is it?"
    "founded|established built|constructed born died|killed married elected appointed resigned retired "
    "arrested charged convicted sentenced released injured|hurt|wounded evacuated rescued announced "
    "launched cancelled postponed",
    "population|residents|inhabitants staff|employees|workers members|membership students|pupils "
    "visitors|tourists passengers voters|turnout",
    "city|town village county|district province|region country island river hospital school "
    "university|college court prison airport harbour station stadium museum church|cathedral factory",
)
RIVALS: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
    tuple(tuple(word.replace("-", " ") for word in entry.split("|")) for entry in family.removeprefix("how: ").split())
    for family in _RIVAL_FAMILIES)
AFTER_HOW = frozenset(i for i, family in enumerate(_RIVAL_FAMILIES) if family.startswith("how: "))

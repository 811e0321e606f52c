"""The vocabularies: every word list and the regular-expression fragments made from them, in one place.

General English and news usage, not tuned to any article. Fragments are uncompiled strings,
each a group of alternatives, so they can sit inside other patterns.
"""

from __future__ import annotations


def alternatives(words: tuple[str, ...] | list[str]) -> str:
    """A regular-expression group that matches any of `words`, tried in the order given."""
    return "(?:" + "|".join(words) + ")"


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH = alternatives(MONTH_NAMES + MONTH_ABBREVIATIONS)
WEEKDAY = alternatives(WEEKDAYS)
YEAR = r"(?:1[89]|20)\d\d"  # a year as news gives one, 1800-2099

# A number in figures or in words, as a count ("three", "hundreds", "a couple", "twice").
COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "fifteen", "twenty", "thirty", "forty", "fifty", "hundreds?", "thousands?", "millions?", "billions?",
               "dozens?", "several", "few", "a couple", "once", "twice", "thrice")
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
# Irregular past forms besides core.text.IRREGULAR_PAST (regular ones end in "-ed"), to tell a
# verb after a noun: these are verbs there, though "found" or "left" may be other words.
MORE_PAST = frozenset(
    "beat became bent bit bled blew burnt came clung cost crept cut dealt dug fed found flung forbade forgave got "
    "hung hit hurt laid leant left lent let lay lit made put quit read rang said sang sank sat set shone showed shut "
    "slid spun split spread sprang stuck stung swept swam told wove wound".split())

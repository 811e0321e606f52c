"""Synthetic news for the scale benchmark: varied sentences from templates, written as many .txt articles.

Every sentence combines random people, places, organisations, topics, numbers and verbs
drawn from a seeded RNG, so two runs write the same corpus and no page is a copy of
another. Sentences avoid abbreviations and initials (and a place like "Kraków", whose "w." the
splitter takes for an initial), so the splitter finds one chunk per generated sentence.
"""

from __future__ import annotations

import random
from pathlib import Path

from core.lexicon import MONTH_NAMES, WEEKDAYS

FIRST = [
    "Amara", "Bogdan", "Carmen", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Ingrid", "Jamal", "Keiko", "Lars",
    "Maria", "Nikolai", "Olga", "Pablo", "Quentin", "Rosa", "Samir", "Tatiana", "Umar", "Valentina", "Wei",
    "Ximena", "Yusuf", "Zofia", "Anders", "Beatriz", "Chidi", "Dagny", "Emeka", "Fatima", "Gustavo", "Hana", "Ivan",
    "Julia", "Kwame", "Leila", "Mateo", "Nadia", "Oskar", "Priya", "Rafael", "Sofia", "Tomas", "Ursula", "Viktor",
]
LAST = [
    "Abramova", "Bianchi", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen",
    "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Usman",
    "Varga", "Weber", "Xu", "Yilmaz", "Zielinski", "Andersen", "Barros", "Chen", "Dlamini", "Esposito", "Fonseca",
    "Gallagher", "Haddad", "Ibrahim", "Janssen", "Kaur", "Larsen", "Mensah", "Nakamura",
]
PLACES = [
    "Utrecht", "Kazan", "Lagos", "Lima", "Wrocław", "Porto", "Tampere", "Mombasa", "Valencia", "Gdańsk", "Bergen",
    "Tbilisi", "Sapporo", "Cork", "Rosario", "Ghent", "Leipzig", "Malmö", "Split", "Bratislava", "Córdoba", "Izmir",
    "Kumasi", "Daegu", "Perth", "Quito", "Tartu", "Lyon", "Aarhus", "Brno", "Lviv", "Poznań", "Salta", "Kisumu",
    "Nantes", "Graz", "Turku", "Arequipa", "Cluj", "Bilbao",
]
ORGS = ["the city council", "the health ministry", "the port authority", "a regional court", "the national bank",
        "the teachers' union", "the railway operator", "a local charity", "the energy regulator", "the football club",
        "the water company", "the university hospital", "the farmers' cooperative", "the border agency",
        "the transport department", "a shipping firm", "the election commission", "the fire service"]
ROLES = ["mayor", "spokesperson", "chief executive", "minister", "director", "lawyer", "union leader",
         "head teacher", "police chief", "economist", "engineer", "researcher", "judge", "coach"]
TOPICS = ["the new tram line", "rising rents", "the flood defences", "a hospital merger", "the fishing quota",
          "school meals", "the wind farm", "a bridge repair", "the water shortage", "fuel prices",
          "the airport expansion", "a data breach", "the festival budget", "a factory closure",
          "the vaccine programme", "river pollution", "the housing plan", "a pay dispute", "bus fares",
          "the steelworks", "a copper mine", "the harbour dredging", "library funding", "a cycling lane"]
VERBS = ["announced", "criticised", "defended", "approved", "postponed", "questioned", "welcomed",
         "rejected", "investigated", "proposed", "cancelled", "funded", "challenged", "reviewed"]

TEMPLATES = [
    "{name}, the {role} of {org}, {verb} {topic} in {place} on {day}.",
    "On {date}, {org} in {place} {verb} {topic} after {num} residents signed a petition.",
    "{name} said the cost of {topic} had grown to {money} million euros since {year}.",
    "\"We did not expect {num} people to turn up,\" said {name}, who works as a {role} in {place}.",
    "Officials in {place} reportedly {verb} {topic}, although {org} has not confirmed this.",
    "About {pct}% of voters in {place} backed {topic}, according to a survey published on {date}.",
    "{name2}, a {age}-year-old {role} from {place}, claims that {org} ignored warnings about {topic}.",
    "The plan for {topic} was first {verb} by {org} in {year} and later revised by {name}.",
    "Police in {place} said {num} people were questioned about {topic} on {day} evening.",
    "{org} {verb} {topic} in {place}, a decision {name} described as long overdue.",
    "Work on {topic} in {place} is expected to take {small} years and employ {num} people.",
    "In {year}, {name} moved from {place} to {place2} to lead the campaign against {topic}.",
    "{name} told reporters in {place} that {topic} would cost each household {small}{zero} euros a month.",
    "Critics in {place2} argue that {topic} benefits {org} more than the {num} families nearby.",
    "A report by {org} found that {topic} in {place} had saved {money} million euros over {small} years.",
    "{name}, who has lived in {place} since {year}, has {verb} {topic} at every public meeting.",
]


def _fill(rng: random.Random, template: str) -> str:
    place, place2 = rng.sample(PLACES, 2)
    return template.format(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", name2=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        role=rng.choice(ROLES), org=rng.choice(ORGS), verb=rng.choice(VERBS), topic=rng.choice(TOPICS),
        place=place, place2=place2, day=rng.choice(WEEKDAYS), year=rng.randint(1990, 2024),
        date=f"{rng.randint(1, 28)} {rng.choice(MONTH_NAMES)}", num=f"{rng.randint(12, 9_000):,}",
        money=rng.randint(2, 900), pct=rng.randint(11, 89), age=rng.randint(19, 78),
        small=rng.randint(2, 9), zero=rng.choice(["", "0"]),
    )


def news_sentence(rng: random.Random) -> str:
    sentence = _fill(rng, rng.choice(TEMPLATES))
    return sentence[0].upper() + sentence[1:]


def write_corpus(folder: Path, chunks: int, seed: int = 7) -> int:
    """Write articles of 20-80 sentences in paragraphs of 2-5 until `chunks` sentences exist; returns files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = files = 0
    while written < chunks:
        size = min(rng.randint(20, 80), chunks - written)
        paragraphs, left = [], size
        while left:
            take = min(rng.randint(2, 5), left)
            paragraphs.append(" ".join(news_sentence(rng) for _ in range(take)))
            left -= take
        headline = f"{rng.choice(TOPICS).capitalize()} divides {rng.choice(PLACES)}"  # no full stop: page chrome
        (folder / f"article_{files:06d}.txt").write_text(headline + "\n\n" + "\n\n".join(paragraphs) + "\n",
                                                          encoding="utf-8")
        written += size
        files += 1
    return files


def news_queries(count: int, seed: int = 11) -> list[str]:
    """Questions a reader might ask of the synthetic corpus, varied like its sentences."""
    rng = random.Random(seed)
    shapes = [
        "What did {name} say about {topic}?",
        "Who {verb} {topic} in {place}?",
        "How much did {topic} cost in {place}?",
        "When did {org} decide on {topic}?",
        "Why do critics in {place} oppose {topic}?",
        "How many people were questioned in {place} about {topic}?",
    ]
    return [_fill(rng, rng.choice(shapes)) for _ in range(count)]

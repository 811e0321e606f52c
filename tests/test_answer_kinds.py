"""What kind of answer a question asks for, and whether a sentence holds one (rag/asked.py, rag/kinds.py)."""

from __future__ import annotations

import pytest

from rag.kinds import holds
from rag.question import Question


@pytest.mark.parametrize(("question", "sentence", "held"), [
    ("What is the name of the mayor's dog?", "The mayor, Ana Ruiz, walks her dog every morning.", False),
    ("What is the name of the village where she grew up?", "She grew up in the village of Aldford.", True),
    ("What is the name of the village where she grew up?", "She grew up in a small village in the north.", False),
    ("Who is the treasurer of the club?", "Tom Hale, the club's treasurer, resigned.", True),
    ("What is the teacher's name?", "The hiker, a 34-year-old teacher from New York, set out alone.", False),
    ("What is the name of the teacher?", "The hiker, a teacher from New York, set out alone.", False),
    ("What was the name of the unit he led?", "She says he led a unit from the Baltic States.", False),
    ("What was the name of the unit Ann Lee led?", "She says Ann Lee led a unit from the Baltic States.", False),
    ("What was the name of the unit he led?", "He led a unit called Baltic Guard.", True),
    ("What is the teacher's name?", "The hiker, a teacher called Ann Lee, set out alone.", True),
    ("Who is the treasurer of the club?", "Tom Hale, the club's coach, resigned.", False),
    ("How many members does the club have?", "The club was founded in 1998.", False),
    ("How many members does the club have?", "Membership rose by 12% last year.", False),
    ("How many members does the club have?", "The club has 340 members.", True),
    ("How many staff does the firm employ?", "The firm resurfaced 86 miles of roads.", False),  # a measure
    ("How many miles of road did the firm resurface?", "The firm resurfaced 86 miles of roads.", True),
    ("How many people died in the crash?", "The bus was carrying 40 passengers.", False),  # a count, not of deaths
    ("How many people died in the crash?", "Three people were killed in the crash.", True),
    ("How many people were injured?", "Police have confirmed 27 deaths.", False),  # deaths are not injuries
    ("How many members does the club have in all?", "The club signs up about 30 members a month.", False),  # a rate
    ("How many members does the club sign up per month?", "The club signs up about 10-12 members a month.", True),
    ("How many members does the club have?", "Over the past eight weeks the club has struggled.", False),  # a time
    ("How many members does the club have?", "The 41-year-old chair resigned.", False),  # an age
    ("How many weeks did the strike last?", "The strike lasted eight weeks.", True),
    ("How many members does the club have?", "The club has lost two of its best players.", False),  # some players
    ("How many members does the club have?", "Each member paid $1,500 to join.", False),  # a sum of money
    ("How many members does the club have?", "The club raised 300 euros from its 45 members.", True),
    ("How big was the prize?", "The prize is worth 12,000 euros.", True),
    ("How many games did she win?", "She won seven of her eight games.", True),  # some of the games asked about
    ("How much notice did they get?", "They were warned about 20 minutes before.", True),  # a time may answer it
    ("How many people were injured?", "At least 12 people were hurt.", True),
    ("How many times did she try?", "She tried twice before giving up.", True),
    ("How long was the report?", "The report ran to 96 pages.", True),
    ("How long was the report?", "The report was published in 2021.", False),
    ("How long was the course?", "All 30-year-olds must take the course.", False),  # an age, not a length
    ("How long was she jailed?", "She was jailed for a short period.", False),  # no length given
    ("How long was she jailed?", "She was jailed for two years in 2019.", True),
    ("How much did the stadium cost?", "The stadium cost £40 million.", True),
    ("How much did the stadium cost?", "The stadium holds 40,000 people.", False),
    ("How much did the runner-up take home?", "Second place went to Bakker, who received 7,000 euros.", True),
    ("How much did the runner-up take home?", "Bakker finished second, 2 points behind.", False),
    ("How old is the coach?", "The coach, Tom Hale, 52, resigned.", True),
    ("How old was she when she won?", "She won the title at 14.", True),
    ("How old was she when she won?", "She won the title at 10.30 in the morning.", False),
    ("When did the train leave?", "The train left at 4.10am.", True),
    ("When did the train leave?", "The mayor said the train may leave.", False),  # not May, not Mar(isol)
    ("When did the train leave?", "Marisol left on the train.", False),
    ("In what year was the firm founded?", "She worked at the firm for six years.", False),
    ("In what year was the firm founded?", "The firm, founded in 1987, makes boats.", True),
    ("How long has he coached her?", "He has coached her since she was nine.", True),
    ("How long has he coached her?", "He coached her before she was nine.", False),
    ("On which day of the week did the dam fail?", "The dam failed on Tuesday, 11 March.", True),
    ("On which day of the week did the dam fail?", "The dam failed on 11 March.", False),
    ("What language did he speak to the police?", "He spoke to the police in halting Spanish.", True),
    ("What language did he speak to the police?", "He ran to the Spanish border.", False),  # a nationality
    ("What kind of shelter did they find?", "They found an abandoned mountain shelter.", True),
    ("What kind of shelter did they find?", "They found a cave.", False),
    ("Which city is the coach from?", "The coach, speaking from his home in Gdansk, denied it.", True),
    ("Which city is the coach from?", "The coach will travel to Gdansk next month.", False),  # not where he is from
    ("Where does the coach live?", "The coach, speaking from his home in Gdansk, denied it.", True),
    ("In which town does she reside?", "She now lives in Bath with her two sons.", True),
    ("Where does the coach live?", "The coach will travel to Gdansk next month.", False),  # not where he lives
    ("Which city is the coach from?", "The coach deserted from the Polish army in 2019.", False),  # where he left
    ("Which city is the coach from?", "The coach, a man from Gdansk, resigned.", True),
    ("Where did the recruits come from?", "Many were convicts recruited from Polish prisons.", True),
    ("Over which dates was the festival held?", "The festival ran from 4 to 12 October.", True),
    ("In which countries has the band played?", "The band has played in Chile and Peru.", True),
    ("How tall is the dam?", "The dam stands 40 metres high.", True),
    ("How tall is the dam?", "The dam, 6 kilometres upstream of the town, failed.", False),  # a distance, not a height
    ("How deep is the lake?", "The lake is 20 m deep.", True),
    ("How many times was the test repeated?", "They repeated the test at least a dozen times.", True),
    ("How many times was the test repeated?", "The test was repeated in March.", False),
    ("How many times had engineers logged faults?", "Engineers logged faults on at least four occasions.", True),
    ("When will she publish the data?", "She plans to publish the data within the next month.", True),
    ("At what time of night was she found?", "Her son said she had been left alone at night in January.", False),
    ("At roughly what time did the ferry hit the wall?", "The ferry hit the wall at about 7.40am on 22 May.", True),
    ("What time of year did the flood come?", "The flood came in March.", True),
    ("What distance separates the farm from the town?", "The farm lies 30km north of the town.", True),
    ("How far is the crossing?", "The crossing covers a distance of 19 nautical miles.", True),
    ("What fraction of the waste is recycled?", "Less than 10% of the waste is recycled.", True),
    ("Until what date did the lease run?", "She signed a lease on 3 March until 3 September.", True),
    ("Until what date did the lease run?", "The firm, founded in 1990, runs the lease.", False),  # not an end
    ("Since when has she coached the team?", "She has coached the team since 2019.", True),
    ("When did they get the warning?", "They got the warning only after the water had reached the square.", True),
    ("At what time did they get the warning?", "They got the warning only after the water had reached the square.",
     False),  # a clause places it in time, but gives no clock time
    ("When are the scan results due?", "The results are due within two weeks, the clinic said.", True),
    # "dates": more than one day, a span or a list
    ("What dates is the festival on?", "The festival runs from 3 to 6 August in the park.", True),
    ("What dates is the festival on?", "The festival takes place on 3 May and 9 June.", True),
    ("What dates is the festival on?", "The festival was first held on 3 May 2001.", False),
    ("Since when has she rented the flat?", "She has rented the flat since a rent dispute in 2015.", True),
    ("Since when has she rented the flat?", "She rented the flat in 2015 and has lived there since.", False),
    # an age belongs to the person it is given for
    ("How old is the coach Tom Hale?", "Hale picked 19-year-old defender Ann Lee for the final.", False),
    ("How old is Ann Lee?", "Hale picked 19-year-old defender Ann Lee for the final.", True),
    ("How old is Tom Hale?", "Ann Lee, 52, runs the shop.", False),
    ("How old is Ann Lee?", "Ann Lee, a 52-year-old from Leeds, runs the shop.", True),
    ("How old is he?", "Ann Lee, 52, runs the shop.", True),  # whom "he" means is the ranking's to judge
    # a count is of people or things, in the unit asked for
    ("How many members left the club?", "Tom Hale, 72, who has coached there for 40 years, left.", False),
    ("How many litres of water were handed out?", "Staff handed out water to 300 homes.", False),
    ("How many litres of water were handed out?", "Staff handed out 9,000 litres of water to 300 homes.", True),
    ("How many members does the club have?", "The club adds 12 new members a month.", False),  # a rate
    ("How many hikers were rescued?", "Eleven hikers who spent a night on the hill were rescued.", True),  # no rate
    ("How high is the summit?", "They set out for the 2,140-metre summit at dawn.", True),
    ("How high is the tower?", "They set out for the 2,140-metre summit at dawn.", False),  # the height of another
])
def test_a_sentence_holds_the_kind_of_answer_asked_for(question: str, sentence: str, held: bool) -> None:
    wanted = Question(question).kind
    assert wanted is not None
    assert holds(wanted, sentence, Question(question)) is held


@pytest.mark.parametrize("question", [
    "What was she told when she complained?",  # "when" here asks for no time
    "Why did the dam fail?",
    "What did he do when he reached the house where they lived?",
])
def test_when_and_where_inside_a_question_ask_for_no_time_or_place(question: str) -> None:
    assert Question(question).kind is None

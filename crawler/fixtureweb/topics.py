# ruff: noqa: E501 - markup and prose templates read better whole than wrapped
"""Sentence templates for the fictional news stories, one block per topic.

Templates are filled from one facts dict per article (see ``prose.make_facts``) so every figure
and name stays consistent inside a story. The wording is our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["Topic", "TOPICS", "GENERIC"]


@dataclass(frozen=True, slots=True)
class Topic:
    """One kind of story: its section kind, headlines, standfirsts, sentences and corrections."""

    key: str
    kind: str  # news | politics | business | sport | tech
    headlines: tuple[str, ...]
    standfirsts: tuple[str, ...]
    sentences: tuple[str, ...]
    corrections: tuple[str, ...]


BUDGET = Topic(
    "budget", "politics",
    (
        "{council} approves {cur}{amount}m budget with cuts to library hours",
        "{Tax} to rise {pct}% as {city} balances its books",
        "Councillors clash over {cur}{amount2}m savings plan",
        "{city} budget passed after five-hour meeting",
        "Library and bus cuts at heart of {city} budget row",
        "{city} spending plan closes {cur}{amount2}m funding gap",
    ),
    (
        "The plan closes a {cur}{amount2}m gap, but opposition members say residents will pay the price.",
        "Officials say the savings are unavoidable after a year of rising costs.",
        "{Tax} will rise by {pct}% and four libraries will open for fewer hours.",
    ),
    (
        "{council} approved its budget for the coming year {day}, setting out {cur}{amount}m of spending on housing, transport and social care.",
        "The plan includes a {tax} rise of {pct}%, the largest increase in the city for almost a decade.",
        "Officials said the authority faced a {cur}{amount2}m shortfall after energy bills and staff costs rose faster than expected.",
        "Opening hours at four branch libraries will be cut from January, although none will close outright.",
        "{person1}, the council's {role1}, told the meeting that the choices had been “the hardest in a generation”.",
        "“We have protected the services people rely on most, but nobody in this chamber pretends this is easy,” {person1_last} said.",
        "Opposition councillors proposed an amendment to reverse the library cuts by delaying a new office building, but it was defeated by {num} votes to {num2}.",
        "{person2}, the {role2}, said residents were “being asked to pay more for less”.",
        "Spending on adult social care will rise by {pct2}%, which officials put down to growing demand from an ageing population.",
        "The budget also sets aside money for road repairs, with {num3} streets earmarked for resurfacing over the next twelve months.",
        "A public consultation over the summer drew more than {big} responses, most of them opposed to further cuts to bus subsidies.",
        "Two subsidised evening bus routes will be withdrawn, a decision the council said affected fewer than {small}0 passengers a day.",
        "Union representatives warned that a recruitment freeze would leave some departments short-staffed through the winter.",
        "The finance team said reserves would have fallen to their lowest level on record if no savings had been made.",
        "Business groups broadly welcomed a freeze in city-centre parking charges.",
        "Residents who packed the public gallery applauded several speeches from opposition members.",
        "Under the plan, fees for garden waste collection will rise for the second year running.",
        "Officials insisted that frontline children's services would not be affected by the savings.",
        "An independent auditor is due to review the council's finances before the end of the year.",
        "{person3}, a {role3} in {ward}, said cuts to youth clubs would be felt most keenly in the poorest neighbourhoods.",
        "The meeting was briefly adjourned after repeated interruptions from the gallery.",
    ),
    (
        "Correction: An earlier version of this article said {tax} would rise by {pct_wrong}%. The correct figure is {pct}%.",
        "Correction: An earlier version of this article said two libraries would close. No libraries will close; four will open for fewer hours.",
        "Correction: This article originally gave the wrong title for {person1}, who is the council's {role1}.",
    ),
)

STRIKE = Topic(
    "strike", "business",
    (
        "Dock workers at {port} walk out in pay dispute",
        "Strike at {port} leaves ships waiting offshore",
        "{port} strike: talks collapse as cargo backlog grows",
        "Union and port operator trade blame as {port} stays shut",
        "Second walkout threatened at {port} after pay offer rejected",
        "{union} members strike over {pct}% pay claim",
        "{big} dock workers join strike as {small} ships wait off {port}",
    ),
    (
        "Around {big} workers are on strike after talks over pay broke down overnight.",
        "The union wants a {pct}% rise; the operator says it cannot go beyond {pct2}%.",
    ),
    (
        "Around {big} dock workers at {port} walked out {day} after talks over pay broke down late the previous evening.",
        "The strike, called by {union}, is the first full stoppage at the port in more than {num3} years.",
        "Workers are seeking a rise of {pct}%, while {company}, which runs the terminals, has offered {pct2}% spread over two years.",
        "By mid-morning {small} container ships were anchored in {region} waiting for a berth.",
        "{person1}, the union's {role1}, said members had been “pushed to the limit” by rising living costs.",
        "“Nobody wants to be out here, but the offer on the table is a real-terms pay cut,” {person1_last} said outside the main gate.",
        "{company} said it was “disappointed” by the walkout and urged the union to return to negotiations.",
        "A spokesperson for the operator said contingency plans were in place to keep perishable goods moving.",
        "Hauliers reported queues of lorries stretching back several miles from the terminal entrance.",
        "Manufacturers that rely on imported parts warned that even a short stoppage could halt production lines.",
        "Picket lines were peaceful, police said, although traffic around the docks was heavily congested.",
        "The port handles around {pct3}% of the region's imports, according to the local chamber of commerce.",
        "{person2}, a {role2} in {city}, said customers were already asking about alternative routes.",
        "A previous dispute at the port was settled after mediation by the national conciliation service.",
        "Union officials said a second walkout would be called if no improved offer was made by the end of the week.",
        "Some shipping lines have begun diverting vessels to other ports along the coast.",
        "The operator reported record profits last year, a figure the union has repeatedly highlighted.",
        "Crane drivers and lashers were among those who joined the action, bringing container handling to a standstill.",
        "{person3}, a {role3} near the docks, urged both sides to “get back around the table before lasting damage is done”.",
        "Passenger ferry services are not affected by the strike.",
        "Workers on the picket line said they had not taken the decision to strike lightly.",
    ),
    (
        "Correction: An earlier version of this article said the union was seeking a {pct_wrong}% rise. It is seeking {pct}%.",
        "Correction: This article has been amended to make clear that passenger ferries are not affected.",
        "Correction: An earlier version of this article misspelled the name of {person1}.",
    ),
)

FLOOD = Topic(
    "flood", "news",
    (
        "{cur}{amount}m flood defence scheme approved for {river}",
        "New flood wall for {city} delayed again",
        "Flood defences: {ward} homeowners still waiting for protection",
        "Work to begin on {city} flood walls after years of delay",
        "{river} scheme will protect {big2} homes, agency says",
        "{num}-metre flood wall planned for {city} waterfront",
    ),
    (
        "More than {big} properties flooded when the river burst its banks three winters ago.",
        "The scheme includes a {num}-metre wall, raised embankments and a new pumping station.",
    ),
    (
        "Work on a {cur}{amount}m scheme to protect homes along the {river} is due to begin in the spring, the environment agency has confirmed.",
        "The plans include a {num}-metre flood wall, raised embankments and a new pumping station near the town centre.",
        "More than {big} properties in {ward} flooded when the river burst its banks three winters ago.",
        "{person1}, the agency's {role1}, said the scheme would reduce the risk of flooding for around {big2} homes and businesses.",
        "“This is a once-in-a-generation investment, and we are determined to get it right,” {person1_last} said.",
        "Some residents say they have struggled to get home insurance since the last flood.",
        "{person2}, a {role2} whose house in {ward} flooded twice in five years, said it was hard to believe anything would change until the diggers arrived.",
        "The project was first proposed more than a decade ago but stalled over funding and planning disputes.",
        "Engineers have spent the past year surveying the riverbank and testing soil conditions.",
        "The scheme will also create new wetland downstream to hold water during heavy rain.",
        "Officials warned that no defence could remove the risk entirely as storms become more intense.",
        "Temporary barriers will stay in place at the most vulnerable points until the new wall is finished.",
        "Construction is expected to cause disruption on two main roads, with diversions in place for several months.",
        "The council has contributed {cur}{amount2}m towards the cost, with the rest coming from national government.",
        "Rainfall in the catchment last winter was {pct}% above the long-term average, according to forecasters.",
        "A community flood group has been running sandbag drills and a text alert system for volunteers.",
        "{person3}, the {role3} who worked on the design, said it had been changed after residents raised concerns about losing their river views.",
        "Businesses on the waterfront will be offered grants to fit flood doors and raise electrical sockets.",
        "The agency said it would hold drop-in sessions in {ward} so residents could see the final plans.",
        "Critics argue that planting trees upstream would be cheaper and more effective than concrete walls.",
    ),
    (
        "Correction: An earlier version of this article gave the length of the flood wall incorrectly. It is {num} metres long.",
        "Correction: An earlier version of this article said the council had contributed {cur}{amount}m. Its contribution is {cur}{amount2}m.",
        "Correction: This article has been updated to clarify that the scheme was approved by the environment agency, not the council.",
    ),
)

ELECTION = Topic(
    "election", "politics",
    (
        "{candidate} wins {ward} by-election for {party}",
        "{party} holds {ward} seat in tight by-election",
        "Turnout falls to {pct2}% as {ward} goes to the polls",
        "By-election count runs past midnight in {city}",
        "{ward} by-election: {party} celebrates as rivals lose ground",
        "{candidate} takes {ward} with {pct}% of the vote",
    ),
    (
        "{candidate} took {pct}% of the vote on a turnout of {pct2}%.",
        "Housing and potholes dominated a campaign that ended in a late-night recount.",
    ),
    (
        "{candidate} of {party} won the {ward} by-election {day}, taking {pct}% of the vote.",
        "Turnout was {pct2}%, down on the last full election, with wet weather blamed for keeping some voters at home.",
        "The count at the leisure centre went on past midnight after one candidate asked for a recount.",
        "{person2}, who stood for {party2}, finished {num} votes behind the winner.",
        "“People have sent a clear message about housing and the cost of living,” {candidate_last} said after the declaration.",
        "The by-election was called after the previous councillor stepped down for health reasons.",
        "Housing, potholes and the future of the town's swimming pool dominated the campaign.",
        "{party2} had hoped to take the seat after a strong showing in neighbouring wards last year.",
        "{person1}, the {role1}, said the count had run smoothly despite the late finish.",
        "Independent candidates together took around {pct3}% of the vote, their best result in the area.",
        "Postal votes made up almost a third of all ballots cast.",
        "The result leaves the balance of power on the council unchanged.",
        "Campaigners from all parties knocked on doors until the polls closed at ten o'clock.",
        "Observers said the result suggested that local issues had outweighed national politics.",
        "{person3}, a {role3} at the local university, said the low turnout should worry every party.",
        "The new councillor is expected to take up the seat at the next full council meeting.",
        "Several voters said they had struggled to find their polling station after two were moved at short notice.",
        "The losing candidates congratulated the winner and promised to keep campaigning on local issues.",
        "Election staff said {small}0 ballot papers had been rejected, most of them because they were left blank.",
        "{party} now holds {num3} of the council's seats.",
    ),
    (
        "Correction: An earlier version of this article gave the turnout as {pct_wrong}%. The correct figure is {pct2}%.",
        "Correction: An earlier version of this article said {person2} stood for {party}. {person2_last} stood for {party2}.",
        "Correction: This article has been amended to correct the number of seats held by {party}.",
    ),
)

FOOTBALL = Topic(
    "football", "sport",
    (
        "{team} beat {rival} {score_for}-{score_against} to climb the table",
        "{scorer} on target as {team} see off {rival}",
        "{team} end winless run with victory over {rival}",
        "Second-half fightback earns {team} win against {rival}",
        "{team} manager hails character after win over {rival}",
        "{team} {score_for}-{score_against} {rival}: {scorer_last} strikes as hosts win at {ground}",
    ),
    (
        "A late goal settled a scrappy match in front of the biggest crowd of the season.",
        "{scorer} opened the scoring as {team} ended a run of {small} games without a win.",
    ),
    (
        "{team} beat {rival} {score_for}-{score_against} at {ground} {day} to move up to {position} in the table.",
        "{scorer} opened the scoring after {minute} minutes, curling a shot into the far corner from the edge of the area.",
        "{rival} had the better of the first half and hit the post shortly before the break.",
        "The visitors drew level early in the second half when a corner was bundled in at the back post.",
        "The home side responded by bringing on two substitutes, and the change in tempo was immediate.",
        "The winning goal came with {minute2} minutes gone, a low finish at the end of a swift counter-attack.",
        "“The players showed real character today, and the supporters got us over the line,” said {person1}, the {team} {role1}.",
        "A crowd of {big} packed into {ground}, the largest attendance of the season.",
        "{person2}, the {role2}, said the visitors had been “punished for one lapse in concentration”.",
        "The home goalkeeper made two fine saves in stoppage time to protect the lead.",
        "It was a first win in {small} matches for {team}, who had slipped towards the relegation places.",
        "{person3}, the {role3}, played the full ninety minutes despite a knee problem that had kept the captain out of training for most of the week.",
        "The referee showed {small2} yellow cards in a scrappy second half.",
        "{team} travel to face the league leaders next weekend.",
        "Supporters' groups have criticised ticket prices this season, and some stayed away in protest.",
        "Four of the players who started the match came through the club's academy.",
        "Both sides had penalty appeals turned down in the opening twenty minutes.",
        "Injuries have limited the manager's options for much of the autumn.",
        "After the final whistle the players went over to applaud the home end.",
        "{scorer} has now scored {small3} goals in all competitions this season.",
    ),
    (
        "Correction: An earlier version of this report said the winning goal came after {minute} minutes. It came after {minute2} minutes.",
        "Correction: An earlier version of this report gave the attendance incorrectly. It was {big}.",
        "Correction: This report has been amended to correct the name of the {team} captain, {person3}.",
    ),
)

TECH = Topic(
    "tech", "tech",
    (
        "{tech_company} to create {num} jobs in {city} expansion",
        "{city} start-up {tech_company} raises {cur}{amount}m",
        "Investors back {tech_company} as {city} tech scene grows",
        "{tech_company} picks {city} warehouse for new engineering hub",
        "Software firm {tech_company} plans to double its workforce",
    ),
    (
        "The company says most of the new roles will be in engineering and customer support.",
        "Founded above a shop {small} years ago, the firm now sells its software to {big} businesses.",
    ),
    (
        "{tech_company}, a software company founded in {city} {small} years ago, has raised {cur}{amount}m from investors to expand {product}.",
        "The firm said the money would pay for {num} new jobs over the next two years, most of them in engineering and customer support.",
        "{person1}, the company's {role1}, said {city} had given the business “a pool of talent we could not find anywhere else”.",
        "“We started with four people above a shop on the high street, and now we are hiring faster than we can find desks,” {person1_last} said.",
        "The funding round was led by a venture capital firm and included several existing backers.",
        "{product} is used by more than {big} small businesses to manage bookings and invoices.",
        "The company will move into a refurbished warehouse near the station next spring.",
        "Local colleges have agreed to run coding courses designed with the firm's engineers.",
        "{person2}, an {role2}, said the deal showed that tech firms no longer needed to be based in the capital.",
        "Revenue grew by {pct}% last year, although the company is not yet profitable.",
        "Some residents have raised concerns that new office developments are pushing up rents in the area.",
        "The company suffered a two-hour outage in the summer, which it blamed on a faulty software update.",
        "It plans to launch a version of {product} for charities and community groups early next year.",
        "The council's economic development team said it had helped the firm find its new premises.",
        "Staff are offered a four-day week, a policy the founders say helps with recruitment.",
        "Rival firms in the sector have cut jobs this year as investors become more cautious.",
        "{person3}, a {role3}, said the sector now employed around {big2} people in {region}.",
        "Both founders studied at the local university.",
        "Most of the company's customers are cafés, hair salons and small shops, according to its own figures.",
        "Analysts said a round of this size was unusual for a company outside the major cities.",
    ),
    (
        "Correction: An earlier version of this article said the company had raised {cur}{amount2}m. It raised {cur}{amount}m.",
        "Correction: An earlier version of this article said {tech_company} was profitable. It is not yet profitable.",
        "Correction: This article has been amended to give {person1}'s correct job title.",
    ),
)

#: Sentences that fit any story; they give stories the connective tissue real reports have.
GENERIC: Final = (
    "Further details are expected to be published later this week.",
    "{outlet} approached {org} for further comment.",
    "It is not the first time the issue has divided opinion in {city}.",
    "Many people in {city} said they had been following the story closely.",
    "A spokesperson for {org} said more details would be set out in the coming days.",
    "The issue is expected to come up again at the next public meeting.",
    "Similar disputes have played out in other towns across the region in recent years.",
    "Reaction on social media was swift, and largely critical.",
    "The figures have not been independently verified.",
    "Questions remain about how long the changes will take to make a difference.",
    "Others were more cautious, saying it was too early to judge.",
    "Critics questioned the timing, saying more consultation was needed.",
    "For some, the news came as a relief after months of uncertainty.",
    "Several people declined to give their names but said they shared those concerns.",
)

TOPICS: Final = {t.key: t for t in (BUDGET, STRIKE, FLOOD, ELECTION, FOOTBALL, TECH)}

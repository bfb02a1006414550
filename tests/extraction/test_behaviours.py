"""Behaviours of the whole extractor, through `extract`, on sentences written for the tests:
milestones (accession, invitation, ratification) and what is not one, statements that need a
date of their own, datelines and live-blog stamps, and who takes part."""

from __future__ import annotations

import pytest

from events.extraction import extract
from tests.extraction.test_pipeline import brief, events


def test_an_accession_dated_by_a_weekday(gazetteer):
    found = events(
        gazetteer, "Montenegro became NATO's 29th member on Monday.", published="2017-06-07"
    )
    assert [brief(e) for e in found] == [("other", "2017-06-05", "2017-06-05", ["Montenegro"])]


def test_an_accession_named_in_passing_is_no_event(gazetteer):
    # The meeting gives the narrative a date; "Sweden's accession" has none of its own.
    text = "Erdogan met Kristersson in Vilnius on Monday. They also discussed Sweden's accession."
    found = events(gazetteer, text, published="2023-07-12")
    assert [brief(e) for e in found] == [
        ("meeting", "2023-07-10", "2023-07-10", ["Recep Tayyip Erdoğan", "Ulf Kristersson"])
    ]


def test_joining_in_the_infinitive_is_no_event(gazetteer):
    text = "The treaty allowed the three countries to formally join the alliance in 2004."
    assert events(gazetteer, text, published="2003-05-01") == []


def test_the_invitees_are_the_participants_of_an_invitation(gazetteer):
    found = events(
        gazetteer,
        "NATO leaders invited Finland and Sweden to begin accession talks on Wednesday.",
        published="2022-06-30",
    )
    assert [brief(e) for e in found] == [
        ("other", "2022-06-29", "2022-06-29", ["Finland", "Sweden"])
    ]


def test_a_ratification_last_week_is_dated_the_week_before(gazetteer):
    # Published on Wednesday 20 July 2022: last week ran from Monday 11 to Sunday 17 July.
    found = events(gazetteer, "Spain ratified the protocol last week.", published="2022-07-20")
    assert [(*brief(e), e["date_precision"]) for e in found] == [
        ("other", "2022-07-11", "2022-07-17", ["Spain"], "week")
    ]


def test_the_anniversary_of_an_accession_is_no_accession(gazetteer):
    text = "Athens marked the 70th anniversary of the accession of Greece on Sunday."
    assert events(gazetteer, text, published="2022-02-21") == []


def test_a_statement_without_a_date_of_its_own_is_no_event(gazetteer):
    # The call gives the narrative a date; the statement is only how the call was reported.
    text = (
        "Biden spoke with Scholz on Tuesday. "
        "The allies would stand by Kyiv, the White House said in a statement."
    )
    found = events(gazetteer, text, published="2023-03-10")
    assert [brief(e) for e in found] == [
        ("call", "2023-03-07", "2023-03-07", ["Joe Biden", "Olaf Scholz"])
    ]


def test_said_on_a_weekday_is_a_statement(gazetteer):
    found = events(
        gazetteer,
        "Rutte said on Tuesday that the alliance would keep supporting Ukraine.",
        published="2025-03-06",
    )
    assert [brief(e) for e in found] == [("statement", "2025-03-04", "2025-03-04", ["Mark Rutte"])]


def test_warned_and_a_weekday_without_on_is_a_statement(gazetteer):
    found = events(
        gazetteer,
        "Tusk warned Friday that Russia was testing NATO's resolve.",
        published="2024-05-13",
    )
    assert [brief(e) for e in found] == [("statement", "2024-05-10", "2024-05-10", ["Donald Tusk"])]


def test_a_live_blog_stamp_dates_an_entry_to_the_pages_day_or_the_day_before(gazetteer):
    # 23:41 GMT may already be the next day where the page is dated.
    found = events(
        gazetteer,
        "2341 GMT — Macron and Scholz hold talks in Berlin.",
        published="2023-06-15",
        kind="live_blog",
    )
    assert [brief(e) for e in found] == [
        ("meeting", "2023-06-14", "2023-06-15", ["Emmanuel Macron", "Olaf Scholz"])
    ]


def test_today_in_a_dispatch_is_the_day_of_its_dateline(gazetteer):
    found = events(
        gazetteer,
        "PARIS, Nov. 3 (UPI) — NATO ambassadors held an emergency meeting today.",
        published="1999-11-04",
    )
    assert [brief(e) for e in found] == [("meeting", "1999-11-03", "1999-11-03", ["NATO"])]


def test_a_relative_clause_keeps_its_own_date(gazetteer):
    found = events(
        gazetteer,
        "Finland, which joined NATO last year, will host a NATO exercise on March 20, 2024.",
        published="2024-03-07",
    )
    assert [brief(e) for e in found] == [("other", "2023-01-01", "2023-12-31", ["Finland"])]


def test_two_subjects_of_a_pledge_both_take_part(gazetteer):
    found = events(
        gazetteer,
        "Macron and Scholz pledged on Monday to keep supporting Ukraine.",
        published="2023-05-10",
    )
    assert [brief(e) for e in found] == [
        ("pledge", "2023-05-08", "2023-05-08", ["Emmanuel Macron", "Olaf Scholz"])
    ]


def test_a_letter_has_its_writer_and_its_addressee(gazetteer):
    text = (
        "In a letter to North Macedonian Prime Minister Zoran Zaev on March 20, "
        "Stoltenberg invited the country to take part."
    )
    found = events(gazetteer, text, published="2020-03-25")
    assert [brief(e) for e in found] == [
        ("statement", "2020-03-20", "2020-03-20", ["Jens Stoltenberg", "Zoran Zaev"])
    ]


def test_a_capital_that_acts_speaks_for_its_country(gazetteer):
    text = "Tirana was invited to join the alliance in December 2015."
    found = events(gazetteer, text, published="2016-01-10")
    assert [brief(e) for e in found] == [("other", "2015-12-01", "2015-12-31", ["Albania"])]


def test_a_capital_after_a_preposition_is_only_a_place(gazetteer):
    text = "Leaders met in Tirana on Monday."
    found = events(gazetteer, text, published="2016-01-12")
    assert [brief(e) for e in found] == [("meeting", "2016-01-11", "2016-01-11", [])]


def test_a_country_keeps_the_former_name_its_article_uses(gazetteer):
    older = events(gazetteer, "Turkey ratified the protocol on Monday.", published="2003-02-11")
    newer = events(gazetteer, "Türkiye ratified the protocol on Monday.", published="2024-01-24")
    assert [brief(e) for e in older] == [("other", "2003-02-10", "2003-02-10", ["Turkey"])]
    assert [brief(e) for e in newer] == [("other", "2024-01-22", "2024-01-22", ["Türkiye"])]


def test_a_transcripts_speaker_was_at_the_meeting_it_follows(gazetteer):
    text = (
        "Remarks After the Meeting of Foreign Ministers in Prague\n\n"
        "SECRETARY RUBIO: Good afternoon. We had a productive meeting of foreign ministers "
        "today in Prague."
    )
    found = events(gazetteer, text, published="2025-05-15", kind="transcript")
    meetings = [brief(e) for e in found if e["kind"] == "meeting"]
    assert meetings == [("meeting", "2025-05-15", "2025-05-15", ["Marco Rubio"])]


def test_welcomed_to_a_seat_of_government_is_a_meeting(gazetteer):
    text = "Prime Minister Keir Starmer welcomed Chancellor Friedrich Merz to Downing Street on Thursday."
    found = events(gazetteer, text, published="2025-07-18")
    assert [brief(e) for e in found] == [
        ("meeting", "2025-07-17", "2025-07-17", ["Friedrich Merz", "Keir Starmer"])
    ]


def test_depositing_the_instrument_of_accession_is_the_accession(gazetteer):
    text = "Finland deposited its instrument of accession in Brussels on Tuesday."
    found = events(gazetteer, text, published="2023-04-05")
    assert [brief(e) for e in found] == [("other", "2023-04-04", "2023-04-04", ["Finland"])]


def test_troops_promised_in_numbers_are_a_pledge(gazetteer):
    text = "Germany will deploy 4,800 troops to Lithuania by 2027, Defence Minister Boris Pistorius said on Monday."
    found = events(gazetteer, text, published="2023-06-27")
    assert [(e["kind"], e["date_from"]) for e in found if e["kind"] == "pledge"] == [
        ("pledge", "2023-06-26")
    ]


def test_the_president_of_the_republic_in_an_elysee_readout(gazetteer):
    from events.extraction import parse_article

    article = parse_article(
        "The President of the Republic spoke with Chancellor Olaf Scholz this afternoon.",
        "elysee.txt",
        {
            "published": "2023-03-10",
            "kind": "readout",
            "publisher": "Élysée",
            "url": "https://www.elysee.fr/en/emmanuel-macron/2023/03/10/call",
        },
    )
    found = [e.to_json() for e in extract([article], gazetteer)]
    assert [brief(e) for e in found] == [
        ("call", "2023-03-10", "2023-03-10", ["Emmanuel Macron", "Olaf Scholz"])
    ]


def test_preparations_for_a_summit_in_july_look_ahead(gazetteer):
    text = "The leaders discussed preparations for the NATO summit in Washington in July."
    found = events(gazetteer, text, published="2024-04-03")
    assert [(e["kind"], e["date_from"], e["date_to"], e["planned"]) for e in found] == [
        ("summit", "2024-07-09", "2024-07-11", True)
    ]


def test_their_commitment_after_a_call_is_the_callers_pledge(gazetteer):
    text = (
        "President Biden spoke today with Prime Minister Sunak. "
        "The leaders reaffirmed their commitment to NATO's collective defense."
    )
    found = events(gazetteer, text, published="2023-02-13", kind="readout")
    pledges = [brief(e) for e in found if e["kind"] == "pledge"]
    assert pledges == [("pledge", "2023-02-13", "2023-02-13", ["Joe Biden", "Rishi Sunak"])]


def test_a_membership_named_as_an_object_is_no_event(gazetteer):
    text = "On Tuesday, Zelensky criticised the lack of a timeline for Ukraine's membership."
    found = events(gazetteer, text, published="2023-07-12")
    assert [e["kind"] for e in found if e["kind"] == "other"] == []


def test_a_chancellor_who_received_the_new_prime_minister_met_him(gazetteer):
    text = (
        "Federal Chancellor Olaf Scholz received the new Polish Prime Minister Donald Tusk at "
        "the Federal Chancellery in Berlin on Tuesday. Scholz announced that Germany would "
        "provide a further air defence system to Poland."
    )
    found = events(gazetteer, text, published="2023-12-12", kind="press_release")
    assert [brief(e) for e in found] == [
        ("meeting", "2023-12-12", "2023-12-12", ["Donald Tusk", "Olaf Scholz"]),
        ("pledge", "2023-12-12", "2023-12-12", ["Olaf Scholz"]),
    ]


def test_countries_named_around_a_summit_do_not_take_part(gazetteer):
    text = "In 2014, after Russia annexed Crimea, allies met at the Wales summit."
    found = events(gazetteer, text, published="2024-06-01")
    assert [brief(e) for e in found] == [("summit", "2014-09-04", "2014-09-05", [])]


def test_ministers_who_will_meet_here_tomorrow_are_a_planned_meeting(gazetteer):
    text = "Tomorrow, defence ministers will meet here in Brussels."
    found = events(gazetteer, text, published="2025-02-12")
    assert [(e["kind"], e["date_from"], e["location"], e["planned"]) for e in found] == [
        ("meeting", "2025-02-13", "Brussels", True)
    ]


def test_a_call_ahead_of_a_meeting_happened_before_it(gazetteer):
    text = "Austin spoke by phone with Ukrainian Defence Minister Oleksii Reznikov on Thursday ahead of the meeting."
    found = events(gazetteer, text, published="2023-01-21")
    assert [brief(e) for e in found] == [
        ("call", "2023-01-19", "2023-01-19", ["Lloyd Austin", "Oleksii Reznikov"])
    ]


def test_a_later_report_of_a_planned_meeting_merges_and_clears_the_flag(gazetteer):
    from tests.conftest import make_article

    announced = make_article(
        "President Biden will meet President Duda at the White House on March 12.",
        published="2024-02-19",
        name="a.txt",
    )
    held = make_article(
        "President Biden met President Duda at the White House on Tuesday.",
        published="2024-03-13",
        name="b.txt",
    )
    alone = [e.to_json() for e in extract([announced], gazetteer)]
    assert [(e["kind"], e["date_from"], e["planned"]) for e in alone] == [
        ("meeting", "2024-03-12", True)
    ]
    both = [e.to_json() for e in extract([announced, held], gazetteer)]
    assert [(e["kind"], e["date_from"], e["planned"], len(e["citations"])) for e in both] == [
        ("meeting", "2024-03-12", False, 2)
    ]


def test_making_a_country_a_member_is_its_accession(gazetteer):
    text = "Macedonia is expected to deliver paperwork on Friday that will officially make it the 30th member of the alliance."
    found = events(gazetteer, text, published="2020-03-25")
    assert [(e["kind"], e["date_from"], e["planned"]) for e in found] == [
        ("other", "2020-03-27", True)
    ]


def test_the_day_a_report_was_said_does_not_date_what_it_reports(gazetteer):
    text = "The minister will deposit the instrument of accession at a ceremony, it said on June 2."
    found = events(gazetteer, text, published="2017-06-03")
    assert all(e["date_from"] != "2018-06-02" for e in found)


def test_a_region_is_no_events_location(gazetteer):
    text = "Chancellor Friedrich Merz warned on Thursday that Russia threatened security in Europe."
    found = events(gazetteer, text, published="2025-05-23")
    assert [(e["kind"], e["location"]) for e in found] == [("statement", None)]


def test_each_item_of_a_gapped_list_of_accessions_is_one(gazetteer):
    # The verb is written once; each item after a semicolon repeats it with its own names and
    # year, and "X in 1955 and Y joined" gives the verb to Y only.
    text = (
        "Poland, Hungary and the Czech Republic joined in 1999; Spain in 1982; "
        "Germany in 1955 and Greece and Turkey joined the Alliance in 1952."
    )
    found = events(gazetteer, text, published="2010-01-05")
    assert sorted(brief(e) for e in found) == [
        ("other", "1952-01-01", "1952-12-31", ["Greece", "Turkey"]),
        ("other", "1982-01-01", "1982-12-31", ["Spain"]),
        ("other", "1999-01-01", "1999-12-31", ["Czech Republic", "Hungary", "Poland"]),
    ]


def test_a_verbless_clause_after_a_semicolon_without_a_told_event_is_none(gazetteer):
    text = "The weather was mild; Spain in 1982, as every year."
    assert events(gazetteer, text, published="2010-01-05") == []


def test_an_invitation_to_attend_in_a_month_looks_ahead(gazetteer):
    # Published in January: "in July" is the coming July, not the last one.
    text = "Trump accepted Merkel's invitation to attend the G-20 Summit in Hamburg in July."
    found = events(gazetteer, text, published="2017-01-28")
    assert [(e["kind"], e["date_from"], e["date_to"]) for e in found] == [
        ("summit", "2017-07-01", "2017-07-31")
    ]


def test_did_so_repeats_the_previous_clauses_event_with_its_own_subject_and_date(gazetteer):
    text = "Turkey ratified the protocol in January, and Hungary did so last week."
    found = events(gazetteer, text, published="2024-03-07")
    assert sorted((e["date_from"], e["participants"]) for e in found) == [
        ("2024-01-01", ["Turkey"]),
        ("2024-02-26", ["Hungary"]),
    ]


def test_did_so_with_nothing_told_before_is_no_event(gazetteer):
    assert events(gazetteer, "Hungary did so last week.", published="2024-03-07") == []


def test_a_verbless_opening_takes_the_tense_of_its_clause(gazetteer):
    # Told last week, the accession gives the narrative a date; the speech is still to come.
    text = (
        "Hungary ratified the protocol last week. "
        "In his speech to Congress, Biden is expected to cite the accession."
    )
    found = events(gazetteer, text, published="2024-03-07")
    assert [e["kind"] for e in found] == ["other"]


def test_an_undated_lede_takes_the_date_of_the_later_dated_meeting_of_its_people(gazetteer):
    text = (
        "Hillary Clinton and Sergei Lavrov pledged to reset relations in their first talks. "
        "The two spoke to reporters after a working dinner with each other. "
        "Clinton met Lavrov in Geneva on Friday."
    )
    found = events(gazetteer, text, published="2009-03-07")
    assert sorted((e["kind"], e["date_from"]) for e in found) == [
        ("meeting", "2009-03-06"),
        ("pledge", "2009-03-06"),
    ]


def test_an_undated_report_is_not_dated_by_a_meeting_of_other_people(gazetteer):
    text = (
        "Hillary Clinton and Sergei Lavrov pledged to reset relations. "
        "Biden met Putin in Geneva on Friday."
    )
    found = events(gazetteer, text, published="2021-06-19")
    assert [e["kind"] for e in found] == ["meeting"]


def test_an_office_title_with_of_does_not_make_its_holder_an_object(gazetteer):
    text = (
        "US Secretary of State Hillary Clinton and Russian Foreign Minister Sergei Lavrov "
        "pledged on Friday to reset relations."
    )
    found = events(gazetteer, text, published="2009-03-07")
    assert [e["participants"] for e in found] == [["Hillary Clinton", "Sergei Lavrov"]]


def test_a_spending_target_is_a_pledge_made_when_it_is_said(gazetteer):
    # The spring is when the path is set out, not when it was promised.
    text = (
        "Keir Starmer spoke to Mark Rutte on Friday. "
        "His government would set out the path to 2.5% in the spring, he added."
    )
    found = events(gazetteer, text, published="2024-11-23", kind="readout")
    assert sorted(brief(e) for e in found) == [
        ("call", "2024-11-22", "2024-11-22", ["Keir Starmer", "Mark Rutte"]),
        ("pledge", "2024-11-22", "2024-11-22", ["Keir Starmer"]),
    ]


def test_a_percentage_without_a_commitment_is_no_pledge(gazetteer):
    text = "Germany spent 2.1% of its GDP on defence in 2024."
    assert events(gazetteer, text, published="2025-01-10") == []


def test_a_surname_one_letter_off_is_its_office_holder_when_a_title_confirms_it(gazetteer):
    text = "President Zelenskky spoke with Chancellor Scholtz on Tuesday."
    found = events(gazetteer, text, published="2023-05-10")
    assert [e["participants"] for e in found] == [["Volodymyr Zelenskyy", "Olaf Scholz"]]


def test_a_misspelt_surname_without_a_title_or_out_of_office_stays_unknown(gazetteer):
    # No title confirms "Scholtz"; in 2015 Scholz held no office that "Chancellor" names.
    untitled = events(gazetteer, "Biden spoke with Scholtz on Tuesday.", published="2023-05-10")
    assert [e["participants"] for e in untitled] == [["Joe Biden"]]
    earlier = events(
        gazetteer, "Obama spoke with Chancellor Scholtz on Tuesday.", published="2015-05-10"
    )
    assert "Olaf Scholz" not in earlier[0]["participants"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # calls by other names
        ("Biden and Putin held a video conference on Tuesday.", "2021-12-08",
         ("call", "2021-12-07", "2021-12-07", ["Joe Biden", "Vladimir Putin"])),
        ("Biden held nearly an hour of talks by phone with Putin on Thursday.", "2021-12-31",
         ("call", "2021-12-30", "2021-12-30", ["Joe Biden", "Vladimir Putin"])),
        # a passive reception is a meeting
        ("Scholz was received by Joe Biden at the White House on Monday.", "2022-02-08",
         ("meeting", "2022-02-07", "2022-02-07", ["Joe Biden", "Olaf Scholz"])),
        # membership milestones said other ways
        ("Sweden became the Alliance's 32nd member on Thursday.", "2024-03-08",
         ("other", "2024-03-07", "2024-03-07", ["Sweden"])),
        ("Hungary's parliament approved Sweden's membership bid on Monday.", "2024-02-27",
         ("other", "2024-02-26", "2024-02-26", ["Hungary"])),
        ("On Tuesday we will welcome Finland as the 31st member of NATO.", "2023-04-03",
         ("other", "2023-04-04", "2023-04-04", ["Finland"])),
        # dates
        ("Erdogan met Kristersson in Vilnius late last night.", "2023-07-11",
         ("meeting", "2023-07-10", "2023-07-10", ["Recep Tayyip Erdoğan", "Ulf Kristersson"])),
        ("Macron is due in Kyiv on Tuesday for talks with Zelensky.", "2022-02-07",
         ("meeting", "2022-02-08", "2022-02-08", ["Emmanuel Macron", "Volodymyr Zelenskyy"])),
    ],
)  # fmt: skip
def test_more_ways_of_saying_it(gazetteer, text, published, expected):
    found = events(gazetteer, text, published=published)
    assert [brief(e) for e in found] == [expected]


def test_hoping_for_a_ratification_by_a_summit_in_july_looks_ahead(gazetteer):
    text = "We hope to see it ratified by the NATO summit in Vilnius in July."
    found = events(gazetteer, text, published="2023-04-03")
    assert all(e["date_from"] >= "2023-04-03" for e in found)


def test_coordinated_verb_phrases_with_their_own_dates_are_two_events(gazetteer):
    text = "Blinken met Zelenskyy in Kyiv on Wednesday and held talks with Baerbock in Berlin on Thursday."
    found = events(gazetteer, text, published="2022-01-21")
    assert sorted(brief(e) for e in found) == [
        ("meeting", "2022-01-19", "2022-01-19", ["Antony Blinken", "Volodymyr Zelenskyy"]),
        ("meeting", "2022-01-20", "2022-01-20", ["Annalena Baerbock", "Antony Blinken"]),
    ]


def test_coordinated_verb_phrases_sharing_one_date_stay_one_clause(gazetteer):
    text = "Biden met Putin in Geneva and held talks with him on Wednesday."
    found = events(gazetteer, text, published="2021-06-17")
    assert [brief(e) for e in found] == [
        ("meeting", "2021-06-16", "2021-06-16", ["Joe Biden", "Vladimir Putin"])
    ]


def test_a_clause_with_a_lower_case_subject_after_and_is_its_own(gazetteer):
    # "a week later" counts from the signing the first clause dates.
    text = (
        "On 28 June 2022, Finland, Sweden and Türkiye signed a memorandum in Madrid, and allied "
        "ambassadors signed the accession protocols in Brussels a week later."
    )
    found = events(gazetteer, text, published="2024-03-14")
    assert sorted(e["date_from"] for e in found) == ["2022-06-28", "2022-07-05"]


def test_a_time_after_and_does_not_open_a_clause(gazetteer):
    text = "Starmer has been seeking closer ties, and last week secured a migrant deal with France."
    found = events(gazetteer, text, published="2025-07-17")
    assert [e["participants"] for e in found] == [["Keir Starmer", "France"]]


def test_the_presidents_and_their_meeting_are_the_people_just_named(gazetteer):
    text = (
        "Vladimir Putin had a telephone conversation with President Joseph Biden.\n\n"
        "The presidents continued the discussion, begun during their video conference on "
        "December 7, of issues related to security guarantees."
    )
    found = events(gazetteer, text, published="2021-12-30", kind="readout")
    assert ("call", "2021-12-07", "2021-12-07", ["Joe Biden", "Vladimir Putin"]) in [
        brief(e) for e in found
    ]


def test_it_opening_a_sentence_is_the_country_the_last_one_opened_with(gazetteer):
    text = "Finland then moved ahead alone. It joined on 4 April 2023, the Alliance's birthday."
    found = events(gazetteer, text, published="2024-03-08", kind="analysis")
    assert [brief(e) for e in found] == [("other", "2023-04-04", "2023-04-04", ["Finland"])]
    assert found[0]["title"] == "Finland joined"


def test_it_as_an_empty_subject_is_nobody(gazetteer):
    text = "Finland then moved ahead alone. It was a historic step, signed on 4 April 2023."
    assert all("Finland" not in e["participants"] for e in events(gazetteer, text))


def test_an_instrument_named_before_its_verb(gazetteer):
    found = events(
        gazetteer, "The deal Macron signed on Monday was welcomed.", published="2025-07-17"
    )
    assert [brief(e) for e in found] == [
        ("agreement", "2025-07-14", "2025-07-14", ["Emmanuel Macron"])
    ]
    assert found[0]["title"] == "Macron signed the deal"


def test_an_article_invoked_in_a_participle_clause(gazetteer):
    text = "Turkey called Monday's meeting of the allies, invoking the treaty's Article 4."
    found = events(gazetteer, text, published="2003-02-11")
    assert ("other", "2003-02-10", "2003-02-10", ["Turkey"]) in [brief(e) for e in found]


def test_a_news_lead_without_an_event_still_tells_the_day(gazetteer):
    text = (
        "Old Cold War adversaries sat down as partners Tuesday as NATO leaders and Russia "
        "created a new council.\n\n"
        "Putin and the NATO leaders, including President Bush, signed the Rome Declaration at "
        "an air base near the Italian capital."
    )
    found = events(gazetteer, text, published="2002-05-28")
    assert [brief(e) for e in found] == [
        ("agreement", "2002-05-28", "2002-05-28", ["George W. Bush", "Vladimir Putin"])
    ]


def test_a_lead_dated_long_before_the_article_tells_no_day(gazetteer):
    text = (
        "Old adversaries sat down as partners on 12 March 1999 to create a new council.\n\n"
        "Putin and Bush signed the Rome Declaration at an air base."
    )
    assert events(gazetteer, text, published="2002-05-28") == []


def test_a_summit_named_by_the_noun_alone_is_the_calendars(gazetteer):
    text = (
        "NEWPORT, Wales, Sept 5 (Reuters) - At the close of a two-day summit at a golf resort "
        "in south Wales, the allies said they would spend more on defence."
    )
    found = events(gazetteer, text, published="2014-09-05")
    assert [e["kind"] for e in found] == ["summit"]
    assert "2014-09-04" <= found[0]["date_from"] <= found[0]["date_to"] <= "2014-09-05"


def test_the_eve_of_a_summit_is_not_the_summit(gazetteer):
    text = "On the eve of the summit, on 28 June 2022, Finland and Türkiye signed a memorandum."
    found = events(gazetteer, text, published="2024-03-08")
    assert [brief(e) for e in found] == [
        ("agreement", "2022-06-28", "2022-06-28", ["Finland", "Türkiye"])
    ]


def test_a_few_days_after_is_a_loose_range_before_the_dated_event(gazetteer):
    text = (
        "Hungary ratified on 26 February, a few days after Kristersson travelled to Budapest "
        "for talks with Viktor Orbán."
    )
    found = sorted(events(gazetteer, text, published="2024-03-08"), key=lambda e: e["kind"])
    assert [brief(e) for e in found] == [
        ("meeting", "2024-02-16", "2024-02-25", ["Ulf Kristersson", "Viktor Orbán"]),
        ("other", "2024-02-26", "2024-02-26", ["Hungary"]),
    ]


def test_weeks_after_counts_back_from_the_narratives_day(gazetteer):
    text = (
        "Foreign ministers gathered at NATO Headquarters on Thursday (4 April 2024). "
        "This year's NATO Day comes just weeks after Sweden joined as the thirty-second member "
        "of the Alliance."
    )
    found = events(gazetteer, text, published="2024-04-04")
    assert ("other", "2024-02-04", "2024-04-03", ["Sweden"]) in [brief(e) for e in found]


def test_days_before_is_a_loose_range_after_the_dated_event(gazetteer):
    text = "Biden met Erdoğan on 12 July 2023, days before Sweden joined as a member."
    found = events(gazetteer, text, published="2024-04-04")
    assert ("other", "2023-07-13", "2023-07-22", ["Sweden"]) in [brief(e) for e in found]


def test_the_deal_opening_the_next_sentence_names_its_other_parties(gazetteer):
    text = (
        "Late last night, Erdoğan agreed to send Sweden's accession protocol to parliament. "
        "The deal was announced by Jens Stoltenberg after a meeting with Erdoğan and Swedish "
        "Prime Minister Ulf Kristersson."
    )
    found = [e for e in events(gazetteer, text, published="2023-07-11") if e["kind"] != "meeting"]
    assert [brief(e) for e in found] == [
        (
            "agreement", "2023-07-10", "2023-07-10",
            ["Jens Stoltenberg", "Recep Tayyip Erdoğan", "Ulf Kristersson"],
        )
    ]  # fmt: skip
    assert len(found[0]["citations"]) == 2


def test_the_deal_after_another_kind_of_event_adds_nobody(gazetteer):
    text = (
        "Biden spoke with Erdoğan by phone on Monday. The deal was announced by Jens Stoltenberg."
    )
    found = events(gazetteer, text, published="2023-07-11")
    assert [brief(e) for e in found] == [
        ("call", "2023-07-10", "2023-07-10", ["Joe Biden", "Recep Tayyip Erdoğan"])
    ]


def test_a_countrys_flag_going_up_is_its_ceremony(gazetteer):
    text = "When the Swedish flag goes up outside NATO headquarters on Monday, it will close a chapter."
    found = events(gazetteer, text, published="2024-03-08")
    assert [(*brief(e), e["planned"]) for e in found] == [
        ("meeting", "2024-03-11", "2024-03-11", ["NATO", "Sweden"], True)
    ]


def test_a_gathering_to_sign_is_the_signing(gazetteer):
    text = (
        "On 4 April 1949, the Foreign Ministers of twelve countries came together to sign the "
        "Washington Treaty."
    )
    found = events(gazetteer, text, published="2024-04-04")
    assert [(e["kind"], e["date_from"]) for e in found] == [("agreement", "1949-04-04")]


def test_a_gathering_to_mark_an_anniversary_is_a_meeting(gazetteer):
    text = "Foreign ministers gathered in Brussels on Thursday to mark the treaty's anniversary."
    found = events(gazetteer, text, published="2024-04-04")
    assert [(e["kind"], e["date_from"]) for e in found] == [("meeting", "2024-04-04")]


def test_a_government_body_speaks_as_itself(gazetteer):
    found = events(
        gazetteer,
        "The U.S. Department of State said Wednesday that the conditions were met.",
        published="2020-03-26",
    )
    assert [brief(e) for e in found] == [
        ("statement", "2020-03-25", "2020-03-25", ["U.S. Department of State"])
    ]


def test_the_ministry_posting_on_social_media_is_the_body_named_before(gazetteer):
    text = (
        "Turkish National Defense Ministry marked the anniversary of the alliance on Thursday. "
        '"Happy anniversary," the ministry wrote on X.'
    )
    found = events(gazetteer, text, published="2024-04-05")
    assert [brief(e) for e in found] == [
        ("statement", "2024-04-04", "2024-04-04", ["Turkish National Defense Ministry"])
    ]


def test_what_a_since_clause_recalls_does_not_move_the_story(gazetteer):
    text = (
        "Hungary's parliament voted to ratify Sweden's bid on Monday. "
        "Hungary was the last to give its backing since Turkey ratified the request last month. "
        "Ulf Kristersson wrote on X that Sweden stood ready."
    )
    found = events(gazetteer, text, published="2024-02-27")
    assert ("statement", "2024-02-26", "2024-02-26", ["Ulf Kristersson"]) in [
        brief(e) for e in found
    ]


def test_an_undated_decision_naming_nobody_takes_the_day_of_the_summit_reported(gazetteer):
    text = (
        "In a joint declaration, the alliance agreed to spend at least 3.5% of GDP on defense. "
        "US President Donald Trump praised the move at its annual summit in The Hague."
    )
    found = events(gazetteer, text, published="2025-06-25")
    assert ("agreement", "2025-06-24", "2025-06-25") in [
        (e["kind"], e["date_from"], e["date_to"]) for e in found
    ]


def test_an_undated_pledge_naming_nobody_stays_undated(gazetteer):
    text = (
        "The U.S. commitment to collective defense was reaffirmed. "
        "Leaders met at their annual summit in The Hague."
    )
    found = events(gazetteer, text, published="2025-06-25")
    assert [e["kind"] for e in found] == ["summit"]


def test_a_parliament_giving_its_approval_is_a_ratification(gazetteer):
    text = (
        "The last of them, the Grand National Assembly of Türkiye, gave its approval last "
        "Thursday to Finland's membership."
    )
    found = events(gazetteer, text, published="2023-04-04")
    assert [brief(e) for e in found] == [("other", "2023-03-30", "2023-03-30", ["Türkiye"])]


def test_the_following_evening_is_the_next_day(gazetteer):
    text = (
        "Macron met Scholz in Berlin on Tuesday. "
        "Macron held talks with Duda in Warsaw the following evening."
    )
    found = events(gazetteer, text, published="2022-02-10")
    assert sorted(brief(e) for e in found) == [
        ("meeting", "2022-02-08", "2022-02-08", ["Emmanuel Macron", "Olaf Scholz"]),
        ("meeting", "2022-02-09", "2022-02-09", ["Andrzej Duda", "Emmanuel Macron"]),
    ]


def test_the_same_evening_counts_from_the_day_its_clause_names(gazetteer):
    text = (
        "Macron met Scholz in Berlin on 1 February. "
        "On Tuesday Macron flew to Warsaw and held talks with Duda there the same evening."
    )
    found = events(gazetteer, text, published="2022-02-10")
    assert [
        (e["date_from"], e["date_to"]) for e in found if "Andrzej Duda" in e["participants"]
    ] == [("2022-02-08", "2022-02-08")]


def test_the_vote_opening_the_next_sentence_dates_the_report_just_made(gazetteer):
    text = (
        "Hungary's parliament has voted to ratify Sweden's bid to join NATO. "
        "The vote, which passed on Monday with 188 votes for, ended months of delays."
    )
    found = events(gazetteer, text, published="2024-02-27")
    assert [brief(e) for e in found] == [("other", "2024-02-26", "2024-02-26", ["Hungary"])]
    assert len(found[0]["citations"]) == 2


def test_the_vote_without_a_day_leaves_the_report_undated(gazetteer):
    text = (
        "Hungary's parliament has voted to ratify Sweden's bid to join NATO. "
        "The vote ended months of delays."
    )
    assert events(gazetteer, text, published="2024-02-27") == []


def test_who_leads_a_delegation_takes_part_in_the_meeting_just_reported(gazetteer):
    text = (
        "Senior U.S. and Russian officials are scheduled to meet in Geneva on Jan. 10. "
        "Deputy Secretary of State Wendy Sherman will lead the American delegation."
    )
    found = events(gazetteer, text, published="2021-12-31")
    assert [(e["date_from"], "Wendy Sherman" in e["participants"]) for e in found] == [
        ("2022-01-10", True)
    ]


def test_days_later_in_a_passage_looking_ahead_counts_from_the_last_event_told(gazetteer):
    text = (
        "Biden and Putin held a video call on Tuesday. "
        "Officials are scheduled to meet in Geneva on Jan. 10. "
        "Russia will also meet NATO officials in Brussels two days later."
    )
    found = events(gazetteer, text, published="2021-12-09")
    assert ("meeting", "2022-01-12", "2022-01-12", ["NATO", "Russia"]) in [brief(e) for e in found]

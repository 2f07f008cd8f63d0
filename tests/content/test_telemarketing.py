"""Telemarketing pitches (``content.telemarketing``): a topic of the FTC's complaints and an
offer to the reader, never a topic or an offer alone, never political speech."""

from __future__ import annotations

import pytest

from clearline.content.telemarketing import find_sales_pitch


@pytest.mark.parametrize(
    ("body", "topic"),
    [
        (
            "FINAL NOTICE: Our records indicate your vehicle's factory warranty is about to "
            "expire. Reply 1 to speak with a specialist",
            "warranty",
        ),
        (
            "Attention seniors: You may qualify for a $0 premium Medicare Advantage plan with "
            "dental and vision. Call 1-888-555-0101",
            "Medicare",
        ),
        (
            "Hi, is this the owner of 4412 Maple Ridge Dr? I'm a local investor and would like "
            "to make a cash offer on the property",
            "owner of 4412",
        ),
        (
            "Good news! Homeowners in your zip code qualify for $0 down solar + the federal tax "
            "credit. See if you qualify",
            "solar",
        ),
        (
            "Reduce your credit card debt by up to 60%! Program ends Friday. Reply DEBT for a "
            "free consultation",
            "debt",
        ),
        (
            "Hi Dave it's Tyler w/ SunPower Solutions. Homeowners in Mesa are getting solar "
            "installed for $0 down under the new federal program",
            "solar",
        ),
        (
            "Had an accident that wasn't your fault? You could be entitled to £3,750 "
            "compensation. Reply CLAIM for a free callback",
            "fault",
        ),
        (
            "Get Health Insurance cover of Rs 10 Lakh @ just Rs 20/day. Call now 1800 209 5500",
            "Health Insurance",
        ),
        (
            "Land for sale at Lekki-Epe Expressway! 500sqm from N3.5M with C of O. Flexible "
            "payment plan. Call 0803 123 4567",
            "Land for sale",
        ),
        (
            "FUNERAL COVER from R99pm covers up to 13 family members. No medicals. Reply YES for "
            "a callback",
            "FUNERAL COVER",
        ),
        # session 25 (blind set 16): the energy itself as the topic, or its supplier
        (
            "Paying too much for your energy? Switch today and save up to £350 a year. Reply YES "
            "for a free callback",
            "energy",
        ),
        (
            "Unhappy with your energy supplier? Homes in your area save up to £290. Reply INFO for "
            "a free quote",
            "energy supplier",
        ),
        # session 27 (blind set 22): a warranty that "expires today", the accident "you had"
        (
            "FINAL REMINDER: Your vehicle's extended warranty expires today. Call 855-555-0147 to "
            "keep your coverage.",
            "warranty",
        ),
        (
            "Hi, we've tried to contact you about the car accident you had. You may be entitled to "
            "£3,750 compensation. Reply YES for a call back.",
            "accident",
        ),
        # session 27 (blind set 23): "struggling with debt", "write off up to 85%", a free solar
        # install
        (
            "Struggling with debt? A new scheme can write off up to 85% of what you owe. Reply YES "
            "to check eligibility.",
            "struggling",
        ),
        (
            "Summit Solar: final chance for a FREE solar install in your zip code. Reply 1 to "
            "schedule.",
            "solar",
        ),
    ],
)
def test_a_pitch_names_its_topic_and_offer(body: str, topic: str) -> None:
    pitch = find_sales_pitch(body)
    assert pitch is not None
    assert pitch.lower().startswith(topic.lower()[:5])


@pytest.mark.parametrize(
    "body",
    [
        # a topic without an offer, an offer without a topic
        "We finally got solar panels put in, the electric bill was $38 last month!",
        "Mum's Medicare card came in the post today, I put it on the fridge",
        "Reply YES to confirm your appointment with Dr Shah on Tue 3 Dec at 10:40",
        "Your auto insurance policy renews on 03/01. View your documents at geico.com",
        "we paid off the mortgage today!!! 🎉",
        "I think I lost a lot of weight this month lol",
        "Save your energy for Saturday, the hike is 20km! Reply if you need a lift",
        # political speech, whatever it says of the topics
        "Senator Ruiz voted to protect Medicare. Reply YES to stand with her in November",
        "Student loan forgiveness is on the ballot. You may qualify for relief if we win: "
        "vote Nov 5",
        # written in review: a party's and a movement's texts without an election's words
        "Hi from the DA! Eskom tariffs up 12.7% again. We'll fight to cut your electricity bill. "
        "Reply YES to join",
        "Hi, it's Reform UK. Net Zero is driving up your energy bills. Help us slash your energy "
        "bills: reply YES to join today",
        # an answer to the reader's own request, a relative's new number, a government page
        "Hi, it's Dave from Sunrise Roofing, as requested here's your free quote for the solar "
        "panels: $14,200 installed",
        "Mom it's me, new number! Did you see the Medicare plans? You may qualify for a $0 one",
        "You may qualify for help with your energy bills: see gov.uk/cost-of-living",
    ],
)
def test_a_topic_or_an_offer_alone_and_political_speech_are_no_pitch(body: str) -> None:
    assert find_sales_pitch(body) is None


def test_only_the_start_of_a_long_text_is_read() -> None:
    body = "x " * 600 + "You may qualify for $0 down solar"
    assert find_sales_pitch(body) is None


@pytest.mark.parametrize(
    ("body", "pitch"),
    [
        (
            "You may qualify for a free heat pump under the government-funded scheme. Check "
            "eligibility at www.nhs.uk",
            False,
        ),
        # A host that only ends like a government's is the sender's own (review, session 24).
        (
            "You may qualify for a free heat pump under the government-funded scheme. Check "
            "eligibility at heatpump-gov.uk",
            True,
        ),
        (
            "Medicare members: you may qualify for extra dental coverage. Details at "
            "benefits-canada.ca",
            True,
        ),
    ],
)
def test_only_a_governments_own_site_makes_a_pitch_none(body: str, pitch: bool) -> None:
    assert (find_sales_pitch(body) is not None) is pitch

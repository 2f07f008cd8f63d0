"""Threats of harm for money (``content.harm_threats``): a claim to watch the reader, a demand
and a threat of harm or a ban on the police; never a friend's joke, a watch group's warning or
a news alert."""

from __future__ import annotations

import pytest

from clearline.content.harm_threats import find_harm_threat


@pytest.mark.parametrize(
    ("body", "claim"),
    [
        (
            "We know where you work and your house. Pay N300,000 or you will be sorry. Dont try "
            "to involve police",
            "We know where you work",
        ),
        (
            "Tumekuwa tukikufuatilia. Tuma Ksh 20,000 leo ama familia yako itaumia. Usiambie "
            "polisi.",
            "Tumekuwa tukikufuatilia",
        ),
        (
            "Ons weet waar jy bly. Betaal R10,000 vir beskerming voor Vrydag of jou familie sal "
            "seerkry.",
            "Ons weet waar jy bly",
        ),
        (
            "I have been paid to kill you. Send $3,000 in bitcoin and I will cancel the job. "
            "Don't tell the police.",
            "I have been paid to kill",
        ),
    ],
)
def test_a_watcher_who_demands_money_and_threatens_harm_is_found(body: str, claim: str) -> None:
    assert find_harm_threat(body) == claim


@pytest.mark.parametrize(
    "body",
    [
        "lol I know where you live, bring the $20 you owe me tomorrow",
        "Neighbourhood watch: we know where the break-ins happen. Please report anything to "
        "the police, don't pay anyone at the door.",
        "Sorry I know you're busy, can you send me the rent receipt when you can",
        "I know your family is away, send me the photos when you can. Don't tell mum, surprise!",
    ],
)
def test_jokes_warnings_and_errands_are_none(body: str) -> None:
    assert find_harm_threat(body) is None

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
        # Paid to kill the reader: a threat by itself, with a sum or a demand.
        (
            "I was paid R50,000 to kill you. If you pay me R20,000 I will leave you alone and "
            "tell you who sent me.",
            "I was paid R50,000 to kill",
        ),
        (
            "I've been hired to hurt you and your wife. I will call it off for R15,000.",
            "I've been hired to hurt",
        ),
        (
            "Nimetumwa kukuua na mtu unayemjua. Tuma 20,000 kwa M-Pesa nikuambie ni nani.",
            "Nimetumwa kukuua",
        ),
        (
            "Binayaran ako para patayin ka. Magpadala ka ng 20k sa GCash kung gusto mo pang "
            "mabuhay.",
            "Binayaran ako para patayin",
        ),
        (
            "Tujhe marne ki supari mili hai. 5 lakh bhej de warna tera khel khatam.",
            "ki supari mili",
        ),
        # Watching, a protection fee, a paid attacker in everyday words, with a threat.
        (
            "We've been watching your house. Pay £500 or your car goes up in flames.",
            "We've been watching your house",
        ),
        (
            "We know where you stay and where your kids go to school. Pay protection fee of R3000 "
            "monthly or we burn your shop",
            "We know where you stay",
        ),
        (
            "Someone paid us. Send 3000 cedis MoMo and we will leave you. No police",
            "Someone paid us",
        ),
        (
            "This is to inform you that your life is in danger. I was paid to take you out. "
            "Contact me before it is too late.",
            "I was paid to take you",
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
        # A friend's laugh, a bank's or a lawyer's watch, what the reader's kids like, the
        # wedding photos, a betel nut or a mosquito.
        "I know where you live lol, send me the $20 you owe or I'll kill you 😂",
        "We have been monitoring your account. Pay your balance of $45 to avoid further action "
        "or you will regret it. Reply STOP",
        "We know your kids love cake. Send me the recipe or you will regret it",
        "I have your photos from the wedding. Send me your email, you will regret missing them",
        "Tell the police and it will be sorted. I know where you live, I will send you the "
        "documents",
        "Supari le aana Rs 20 ki, aur call me back",
        "Machhar maarne ke liye spray le aana, 50 rs ka. Call me",
    ],
)
def test_jokes_warnings_and_errands_are_none(body: str) -> None:
    assert find_harm_threat(body) is None

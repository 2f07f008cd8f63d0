"""Miracle cures and spells (``content.miracles``): a healer's or spell caster's ad, two
promises or one of its own words, with a way to reach the seller; never a person's talk of luck,
lotteries or court, a pharmacy or a lawyer."""

from __future__ import annotations

import pytest

from clearline.content.miracles import find_miracle_services


@pytest.mark.parametrize(
    ("body", "promises"),
    [
        (
            "Dr Mama Nuru: bring back lost lover in 24hrs, win lotto, court cases, protect your "
            "business. 100% guaranteed. Call/WhatsApp 078 661 2093",
            "bring back lost lover, win lotto, court cases",
        ),
        (
            "Daktari Mwamba: Tunarudisha mpenzi aliyekuacha, kesi za korti, bahati ya biashara "
            "na kazi. Piga 0745229018",
            "Tunarudisha mpenzi, kesi za korti, bahati ya biashara",
        ),
        (
            "Love problem solution specialist Baba Ji, 100% guarantee in 24 hrs. Call 9782014356",
            "Love problem, Baba Ji",
        ),
        (
            "Weak erection? Quick ejaculation? Try our herbal power mix, result in 3 days. Call "
            "08139987720",
            "Weak erection, Quick ejaculation",
        ),
    ],
)
def test_a_healers_ad_with_a_number_to_call_is_found(body: str, promises: str) -> None:
    assert find_miracle_services(body) == promises


@pytest.mark.parametrize(
    "body",
    [
        "Mpenzi, bahati nzuri kwa mtihani leo! Nipigie baadaye",
        "Bad luck about the court case mate, call me later",
        "Lol if I win the lotto I'll get back your ex's stuff for you",
        "Your court case hearing is on Monday 10am. Call the office on 020 7946 0321",
        "Boots: your prescription for sildenafil is ready to collect.",
    ],
)
def test_people_lawyers_and_pharmacies_are_none(body: str) -> None:
    assert find_miracle_services(body) is None

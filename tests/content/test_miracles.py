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
        # A charm, a ritual, a psychic's and a mallam's promises, a cure, the Tagalog, Hindi
        # and herbal ads, a title beside a guarantee.
        (
            "STRONG MAGIC RING for money, protection, luck & power. Contact Dr Zulu 0812345678 "
            "WhatsApp",
            "MAGIC RING",
        ),
        (
            "Psychic Madame Rose: stops divorce, removes curses, reunites lovers. 1 free "
            "question. Call 1-800-555-0199",
            "Psychic, stops divorce, removes curses",
        ),
        (
            "Spiritual mallam Alhaji Musah: money ritual without side effect, bullet proof, "
            "attraction oil. WhatsApp 0201234567",
            "Spiritual mallam, money ritual, bullet proof",
        ),
        (
            "Gayuma na mabisa! Babalik ang iyong mahal sa loob ng 3 araw. Text 0917 123 4567",
            "Gayuma, Babalik ang iyong mahal",
        ),
        (
            "HERBALIST: Pain during sex? Sugar diabetes? Manpower? We have herbs for all. Call "
            "0731112222",
            "HERBALIST, Pain during sex, Manpower",
        ),
        (
            "I was cured of HIV by Dr Itua herbal medicine. Contact him on WhatsApp "
            "+2348123456789 for your cure",
            "cured of HIV, herbal medicine",
        ),
        (
            "Shadi mein rukawat? Prem vivah? Manchaha pyar? Sirf 1 call. Astro Baba Ji +91 "
            "9812233445",
            "Shadi mein rukawat, Prem vivah, Manchaha pyar",
        ),
        (
            "Traditional healer Baba Hassan fixes all problems. 100% guaranteed. 072 555 1234",
            "Traditional healer, 100% guaranteed",
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
        # A healer named, a person's love problems or hopes: Swahili's "wa" ("of") is no chat,
        # and a title or two promise nothing.
        "Mganga wa kienyeji alisema bibi apumzike. Tutampeleka hospitali kesho",
        "Mama anaenda kwa mganga wa mitishamba Jumamosi, lakini nimemwambia pia aende "
        "hospitali. Nipigie",
        "My sangoma cousin graduates on Saturday, the whole family is going. Call me 082 123 4567",
        "Gogo's healing ceremony with the inyanga is on Saturday. Call me if you need a lift, "
        "0825551234",
        "The herbalist is next to the traditional healer's shop, call me when you get there "
        "0803 123 4567",
        "Lol if I win the lotto I'll pay for your court case, call me",
        "Having love problems with Jake again, call me tonight",
    ],
)
def test_people_lawyers_and_pharmacies_are_none(body: str) -> None:
    assert find_miracle_services(body) is None

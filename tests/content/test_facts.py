"""The few-texts path of the content analysis finds exactly what the batch (numpy) path finds."""

from __future__ import annotations

import random

import numpy as np
import pytest

from clearline.adapters.smpp.loadgen import bench_traffic
from clearline.content import facts
from clearline.content.classifier import load_shipped_model

_ALPHABET = "abc XYZ 0123456789 $£€ é漢字 !?.,'-\n\t www.x.co http:// +1 (212) 555-"
_WRITTEN = [
    "URGENT: your Acme Bank account is locked, verify at http://acme-secure.top/x now",
    "WINNER!! You have won a £1000 prize. Call 09061701461 to claim. Valid 12hrs",
    "Your code is 482913. Reply STOP to opt out",
    "text 80086 to get FREE ringtones, www.ringtones.co.uk",
    "hey, running late, see you at 6",
    "Pаypal: confirm your detаils at paypa1-login.com",  # Cyrillic a
    "Vote for Jane Smith on Tuesday! Paid for by Friends of Jane Smith",
    "",
    "\x00stop\x00",
    # hidden characters and look-alike letters inside lure words and numbers
    "Your account is sus\u200bpended. Ver\u200bify your acc\u200bount at acct-verify.com",
    "Y\u043eu have w\u043en \u00a31000 c\u0430sh! C\u0430ll \uff10\uff19061701461 n\u043ew",
]


def _texts() -> list[str]:
    rng = random.Random(9)
    drawn = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(90))) for _ in range(400)]
    return _WRITTEN + [body for _, _, body in bench_traffic(300, 4)] + drawn


def test_one_text_at_a_time_finds_and_scores_what_a_batch_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = load_shipped_model(None)
    texts = _texts()
    regions = ["US"] * len(texts)
    alone = [facts.analyse_batch([text], ["US"]) for text in texts]
    alone_probabilities = [model.analysis_probabilities(analysis)[0] for analysis in alone]
    alone_structure = [
        facts.structure_matrix([text], analysis.facts)
        for text, analysis in zip(texts, alone, strict=True)
    ]
    monkeypatch.setattr(facts, "FEW_TEXTS", 0)
    batch = facts.analyse_batch(texts, regions)
    assert [a.facts[0] for a in alone] == batch.facts
    # To the last bits: a matrix product over many rows may add in another order than over one.
    np.testing.assert_allclose(
        alone_probabilities, model.analysis_probabilities(batch), rtol=0, atol=1e-12
    )
    for text, analysis, structure in zip(texts, alone, alone_structure, strict=True):
        np.testing.assert_array_equal(structure, facts.structure_matrix([text], analysis.facts))


def test_a_text_repeated_in_a_batch_is_analysed_once_and_every_copy_gets_its_facts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bulk notices repeat one text hundreds of times in a batch: the cache analyses each new
    text once, and every copy gets the facts (and the content score) the text has alone."""
    texts = [_WRITTEN[0], _WRITTEN[4], _WRITTEN[0], _WRITTEN[1], _WRITTEN[4], _WRITTEN[0]]
    regions = ["US"] * len(texts)
    real = facts.analyse_batch
    analysed: list[list[str]] = []

    def counted(batch: list[str], batch_regions: list[str]) -> facts.TextAnalysis:
        analysed.append(list(batch))
        return real(batch, batch_regions)

    monkeypatch.setattr(facts, "analyse_batch", counted)
    cache = facts.FactsCache(size=100)
    cache.analyse(texts[:2], regions[:2])  # the first two are then cached
    analysis = cache.analyse(texts, regions)
    assert analysed[-1] == [_WRITTEN[1]]  # only the text the cache did not hold, once
    fresh = facts.FactsCache(size=100).analyse(texts, regions)
    assert analysed[-1] == [_WRITTEN[0], _WRITTEN[4], _WRITTEN[1]]  # each distinct text once
    alone = [real([text], ["US"]) for text in texts]
    model = load_shipped_model(None)
    for batch_analysis in (analysis, fresh):
        assert batch_analysis.facts == [one.facts[0] for one in alone]
        np.testing.assert_allclose(
            model.analysis_probabilities(batch_analysis),
            [model.analysis_probabilities(one)[0] for one in alone],
            rtol=1e-9,
        )


def test_clear_caches_forgets_texts_and_hosts() -> None:
    facts.FACTS_CACHE.analyse([_WRITTEN[0]], ["US"])  # a text with a link to a host
    assert len(facts.FACTS_CACHE) > 0
    assert facts.analyse_host.cache_info().currsize > 0
    facts.clear_caches()
    assert len(facts.FACTS_CACHE) == 0
    assert facts.analyse_host.cache_info().currsize == 0


def test_a_texts_first_and_last_links_have_their_hosts_analysed() -> None:
    from clearline.content.facts import MAX_LINKS_ANALYSED, analyse_batch

    plain = [f"https://example{n}.com/a" for n in range(MAX_LINKS_ANALYSED + 4)]
    lookalike = "https://paypa1-secure.com/login"
    last = analyse_batch([" ".join([*plain, lookalike])], ["US"]).facts[0]
    assert last.links[-1][1].brand == "PayPal"
    first = analyse_batch([" ".join([lookalike, *plain])], ["US"]).facts[0]
    assert first.links[0][1].brand == "PayPal"
    half = MAX_LINKS_ANALYSED // 2
    middle = analyse_batch([" ".join([*plain[: half + 2], lookalike, *plain[half + 2 :]])], ["US"])
    link, host = middle.facts[0].links[half + 2]
    assert link.domain == "paypa1-secure.com"  # kept,
    assert host.brand is None  # but not analysed


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # zero-width spaces inside the words
        (
            "Your account is sus\u200bpended. Ver\u200bify your acc\u200bount at acct-verify.com",
            {"urgency", "credential"},
        ),
        ("URG\u200bENT: your card is bl\u200bocked, un\u200block it at card-help.com", {"urgency"}),
        # other invisible characters: an isolate, a variation selector
        ("Your account is sus\u2066pended. Ver\u2066ify now", {"urgency"}),
        ("Your account is sus\ufe0fpended. Ver\ufe0fify now", {"urgency"}),
        ("Call 0900\u2066123\u20694567 to claim", {"callback"}),
        # an ellipsis is no full stop between a prize and its amount
        ("Your gift card\u2026 $100 is waiting", {"money"}),
        # accents, a dotless i, keycap and Arabic-Indic digits, en dashes (second review)
        ("Your ac\u0107ount has been s\u00faspended", {"urgency"}),
        ("w\u0131n $500 pr\u0131ze", {"money"}),
        ("Call " + "".join(d + "\ufe0f\u20e3" for d in "09061701461") + " now", {"callback"}),
        (
            "Call \u0660\u0669\u0660\u0666\u0661\u0667\u0660\u0661\u0664\u0666\u0661 now",
            {"callback"},
        ),
        ("Call +1\u2013876\u2013555\u20130199 to claim your prize", {"callback", "money"}),
        # Cyrillic letters that look Latin
        ("Y\u043eu have w\u043en \u00a31000 c\u0430sh! Reply now", {"money"}),
        # Latin small capitals
        ("ʏᴏᴜ ᴡᴏɴ ᴀ ᴘʀɪᴢᴇ ᴏꜰ $500", {"money"}),
        ("ʏᴏᴜʀ ᴀᴄᴄᴏᴜɴᴛ ʜᴀꜱ ʙᴇᴇɴ ꜱᴜꜱᴘᴇɴᴅᴇᴅ", {"urgency"}),
        # a premium-rate number with a zero-width space between its digits, or full-width
        ("Call " + "\u200b".join("09061701461") + " now", {"callback"}),
        (
            "Call \uff10\uff19\uff10\uff16\uff11\uff17\uff10\uff11\uff14\uff16\uff11 now",
            {"callback"},
        ),
    ],
)
def test_lures_hidden_by_invisible_or_look_alike_characters_are_found(
    body: str, found: set[str]
) -> None:
    for analysis in (
        facts.analyse_batch([body], ["GB"]),
        facts.analyse_batch([body] * 8, ["GB"] * 8),
    ):
        text_facts = analysis.facts[0]
        seen = {
            name
            for name, value in (
                ("urgency", text_facts.urgency),
                ("credential", text_facts.credential),
                ("money", text_facts.money_lure),
                ("callback", text_facts.callbacks or None),
            )
            if value is not None
        }
        assert found <= seen, (body, seen)


def test_a_look_alike_letter_in_a_link_is_still_read_as_written() -> None:
    # Folding "\u0440\u0430ypal.com" to "paypal.com" would hide the lookalike it is.
    [text_facts] = facts.analyse_batch(["Login: \u0440\u0430ypal.com/secure"], ["US"]).facts
    [(link, host)] = text_facts.links
    assert host.brand is not None and "\u0440" in link.host


@pytest.mark.parametrize("at_the_end", [False, True])
def test_a_huge_non_ascii_body_is_folded_only_at_its_ends(at_the_end: bool) -> None:
    # NFKC makes U+FDFA eighteen characters: only FOLDED_CHARS of a text are folded, half at
    # each end, and a lure there is still found.
    lure = " Y\u043eu have w\u043en \u00a31000 c\u0430sh! "
    padding = "\ufdfa" * 65_536
    body = padding + lure if at_the_end else lure + padding
    readable = facts.finder_text(body)
    assert len(readable) <= len(body) + 17 * facts.FOLDED_CHARS  # not 18 times the body
    [text_facts] = facts.analyse_batch([body], ["GB"]).facts
    assert text_facts.money_lure is not None


@pytest.mark.parametrize(
    ("body", "region", "fact", "found"),
    [
        (
            "Your Bank of America debit card has been restricted. Call 844-231-0199 to reactivate.",
            "US",
            "credential",
            "Call 844-231-0199 to reactivate",
        ),
        # a prize written with digits for letters
        (
            "Feeling lucky? Spin the wheel t0 w1n a FREE iPh0ne 14 v.ht/irFbT",
            "PH",
            "money_lure",
            "iPhone",
        ),
    ],
)
def test_new_finders_find_the_same_alone_and_in_a_batch(
    body: str, region: str, fact: str, found: str
) -> None:
    for size in (1, 8, 200):
        bodies = [body + " " * i for i in range(size)]
        analysis = facts.analyse_batch(bodies, [region] * size)
        assert {getattr(text_facts, fact) for text_facts in analysis.facts} == {found}


@pytest.mark.parametrize(
    ("body", "read"),
    [
        # digits for letters inside words, O for zeros inside numbers (the Philippine spam's)
        ("Jackp0t hit! w1n P500 now", "Jackpot hit! win P500 now"),
        (
            "FREE B0NUS upto 10K, 1OO% bonus on first dep0sit",
            "FREE BONUS upto 10K, 100% bonus on first deposit",
        ),
        ("You can make 5O0 dollars", "You can make 500 dollars"),
        ("Y0ur acc0unt is susp3nded, ver1fy now", "Your account is suspended, verify now"),
        # codes, postcodes and ids: no word the finders read
        (
            "Ref W1J 0AB, id 1b6a5ecef91ff9, code T3ST5",
            "Ref W1J 0AB, id 1b6a5ecef91ff9, code T3ST5",
        ),
        # text-speak at a word's edge, amounts in thousands, times: as written
        ("gr8 see u 2nite b4 10", "gr8 see u 2nite b4 10"),
        ("get up to P5K Cashback or Rs3k off", "get up to P5K Cashback or Rs3k off"),
        ("meet at 10 o clock", "meet at 10 o clock"),
    ],
)
def test_digits_written_for_letters_and_letters_for_zeros_are_read_as_meant(
    body: str, read: str
) -> None:
    assert facts.finder_text(body) == read

"""Folding look-alike letters: the definition's result, and the text itself when nothing folds."""

from __future__ import annotations

import random
import unicodedata

from clearline.content import normalize
from clearline.content.lures import region_of, regions_of_numbers


def test_folding_gives_the_nfkc_and_confusables_table_result() -> None:
    alphabet = "abc XYZ 019 é漢字 😀 Ｆｒｅｅ ﬁ пaypal Ѕеnаtоr ⅰⅴ \u00a0\u2028 ß İ"
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        expected = unicodedata.normalize("NFKC", text).translate(normalize._CONFUSABLES)
        assert normalize.fold_confusables(text) == expected


def test_folding_returns_the_text_itself_when_nothing_changes() -> None:
    # The batch path reuses a text's trigger words when preparing leaves it alone.
    for text in ("plain ascii", "café au lait", "漢字 and 😀"):
        assert normalize.fold_confusables(text) is text
    assert normalize.fold_confusables("pаypal") == "paypal"  # Cyrillic "а"


def test_a_batch_of_recipients_gets_each_ones_country() -> None:
    numbers = ["+12025550123", "+447700900123", "+639171234567", "+861012345678", "12345", ""]
    assert regions_of_numbers(numbers) == [region_of(number) for number in numbers]


def test_a_long_text_is_read_by_the_model_at_both_ends() -> None:
    head = "hello there " * 300
    tail = " claim your prize now"
    text = normalize.normalize_text(head + "x" * 5000 + tail)
    assert len(text) == normalize.MODEL_TEXT_CHARS + 1
    assert text.startswith("hello there")
    assert text.endswith("claim your prize now")
    short = "see you at 7"
    assert normalize.normalize_text(short) == short


def test_a_long_text_is_folded_at_its_ends_only() -> None:
    from clearline.content.normalize import fold_confusables, fold_confusables_at_ends

    short = "Pаypal ﷺ"  # Cyrillic а, a ligature NFKC makes eighteen characters
    assert fold_confusables_at_ends(short, 100) == fold_confusables(short)
    body = "Pаypal " + "ﷺ" * 10_000 + " Pаypal"
    folded = fold_confusables_at_ends(body, 1_000)
    assert folded.startswith("Paypal ") and folded.endswith(" Paypal")
    assert len(folded) < len(body) + 18 * 1_000  # the middle is as it was
    plain = "é" * 5_000  # nothing to fold: the text itself
    assert fold_confusables_at_ends(plain, 1_000) is plain


def test_a_huge_body_of_expanding_characters_is_prepared_within_bounds() -> None:
    from clearline.content.normalize import PREPARED_FOLD_CHARS, prepare_text

    body = "ﷺ" * 65_536
    assert len(prepare_text(body)) <= len(body) + 17 * PREPARED_FOLD_CHARS

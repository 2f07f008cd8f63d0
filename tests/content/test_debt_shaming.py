"""Debt shaming (``content.debt_shaming``): a lender's threat to expose a borrower who has not
paid to the people they know; never a lender's plain reminder, a loan offer, a friend's loan or
a warning about such apps."""

from __future__ import annotations

import pytest

from clearline.content.debt_shaming import find_debt_shaming


@pytest.mark.parametrize(
    ("body", "exposure"),
    [
        (
            "Your loan of Rs 3,500 is overdue 2 days. Pay today otherwise we will send your "
            "photo to all your contacts as fraud. Last warning.",
            "we will send your photo to all your contacts",
        ),
        (
            "Your loan EMI of Rs 4,560 from RupeeFlash is overdue 3 days. Pay today otherwise "
            "your photo will be sent to all your contacts as fraud.",
            "your photo will be sent to all your contacts",
        ),
        (
            "Oga you don take loan from us since last month, you no wan pay abi? Today na last "
            "day, if you no pay we go post your picture for everywhere",
            "we go post your picture for everywhere",
        ),
        (
            "Wewe ni mwizi! Umekopa Ksh 3,000 kutoka PesaFast na umekataa kulipa.",
            "Wewe ni mwizi",
        ),
        (
            "Umechukua mkopo wa Ksh 4,200 na hujalipa. Tutawaambia wote kwenye contacts zako.",
            "Tutawaambia wote kwenye contacts",
        ),
        (
            "Hoy! Bayaran mo na utang mo sa CashLoan or ipopost namin pictures mo sa FB",
            "ipopost namin pictures mo sa FB",
        ),
        (
            "Good day. Kayo po ay naka-lista bilang reference ni Mark Villanueva na may utang "
            "sa aming lending na P8,500.",
            "bilang reference",
        ),
        (
            "Sir aap ka loan overdue hai. Aaj payment nahi kiya to aapke family aur friends ko "
            "call karenge.",
            "family aur friends ko call karenge",
        ),
        (
            "This is to notify you that your contact Bola Adeyemi has defaulted on her loan of "
            "N45,000 and listed you as guarantor. Tell her to pay today.",
            "listed you as guarantor",
        ),
        (
            "FINAL WARNING: Pay your overdue loan today or we will file estafa case and inform "
            "your employer.",
            "we will file estafa case and inform your employer",
        ),
    ],
)
def test_a_lenders_threat_to_expose_an_unpaid_debt_is_found(body: str, exposure: str) -> None:
    assert find_debt_shaming(body) == exposure


@pytest.mark.parametrize(
    "body",
    [
        # A lender's lawful reminder: no one the borrower knows is named.
        "Dear Customer, EMI of Rs 8,745 for Loan A/c 5521XX is due on 05-Oct. Please maintain "
        "sufficient balance in your account. -Bajaj Finance",
        "Your Tala loan of Ksh 2,300 is overdue. Pay today to avoid a late fee and a listing "
        "with the credit bureau.",
        # A loan offered or applied for: no debt unpaid.
        "Your loan application is received. We will contact your employer to verify your "
        "employment.",
        "Get instant loan up to N500,000 in 5 minutes, no collateral. Share with your friends!",
        # A friend's loan, and a warning about the apps (no "we").
        "Pautang naman 500, babayaran ko sa sahod sa 15. Promise",
        "Don't use that loan app, when I was overdue they sent my photos to all my contacts",
        "Mum I've not paid the phone bill yet, will do it tonight and tell the family",
    ],
)
def test_reminders_offers_friends_and_warnings_are_none(body: str) -> None:
    assert find_debt_shaming(body) is None

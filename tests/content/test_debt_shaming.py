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
        # The demand with its threat is the unpaid debt: "pay ... otherwise", "if you no pay".
        (
            "Pay Rs 4500 within 2 hours otherwise we will call all your phone contacts and tell "
            "them you are a cheater.",
            "we will call all your phone contacts",
        ),
        (
            "If you no pay this loan before 12 noon, we go send message to everybody for your "
            "contact say you be thief and fraudster.",
            "we go send message to everybody for your contact",
        ),
        # The circle told, in the passive.
        (
            "Your employer will be notified today that you are a defaulter and a thief unless you "
            "pay KES 3,400 within 3 hours.",
            "Your employer will be notified",
        ),
        (
            "Your boss, your co-workers and your mom will all be getting a call about your debt "
            "tomorrow unless you pay.",
            "Your boss, your co-workers and your mom will all be getting a call",
        ),
        (
            "Your account has an unpaid loan of KES 8,900. Failure to pay today will result in "
            "your photo being shared with your family and contacts.",
            "your photo being shared with your family",
        ),
        (
            "Final reminder: your defaulter poster is ready. It will be sent to 236 of your "
            "contacts at 5PM unless you repay Rs 3,200.",
            "It will be sent to 236 of your contacts",
        ),
        # A claim to hold the contacts; a threat to disgrace.
        (
            "Sir your mobile contacts are with us. Pay the amount or face the consequences.",
            "your mobile contacts are with us",
        ),
        (
            "We will name and shame you on social media as a debt dodger unless payment is made "
            "today.",
            "We will name and shame you",
        ),
        # The borrower named to a contact, in a text about a loan.
        (
            "Hello, this is to inform you that Chinedu Okafor is a chronic debtor and criminal. "
            "He borrowed N30,000 and ran away. Please warn him to pay.",
            "Okafor is a chronic debtor",
        ),
        (
            "Hi, you are receiving this because you are in the contacts of Purity Wanjiru. She "
            "has an overdue loan with us.",
            "are in the contacts of",
        ),
        (
            "Dear Sir, you were listed as next of kin by Ibrahim Musa who has defaulted on his "
            "loan. Compel him to pay.",
            "were listed as next of kin",
        ),
        # Swahili, Tagalog, Hinglish and Hindi.
        (
            "Hujalipa mkopo. Picha yako itatumwa kwa marafiki zako wote na familia leo jioni.",
            "Picha yako itatumwa kwa marafiki",
        ),
        (
            "Ukiendelea kuchelewa, boss wako na wafanyakazi wenzako watajua wewe ni mwizi.",
            "boss wako na wafanyakazi wenzako watajua",
        ),
        (
            "Pag hindi ka nagbayad today, i-post ka namin sa FB page namin.",
            "i-post ka namin sa FB",
        ),
        (
            "Si Paolo ay may utang na hindi binabayaran. Isa siyang magnanakaw.",
            "Isa siyang magnanakaw",
        ),
        (
            "Loan abhi bhar warna teri photo tere sab rishtedaron ko bhejenge.",
            "rishtedaron ko bhejenge",
        ),
        (
            "आपका लोन बकाया है। आज भुगतान नहीं किया तो आपके सभी कॉन्टैक्ट्स को बताया जाएगा।",
            "कॉन्टैक्ट्स को बताया जाएगा",
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
        # A guarantor who signed may be told; so may a lending group that answers for its
        # members.
        "Your rent is 2 months in arrears. If not paid by Friday we will contact your guarantor "
        "as per the tenancy agreement.",
        "Reminder: Jirani Sacco members who have defaulted on loans, your guarantors will be "
        "contacted as per the by-laws.",
        # The borrower met at work, a promise not to tell, the lender's own news and a school's.
        "Past due notice: $120. We will contact you at your office number on file if we cannot "
        "reach you on your mobile.",
        "Dear customer, your loan account is in arrears. Please note we will not share your "
        "information with your contacts or family.",
        "Your loan is overdue. We will post new repayment options on our Facebook page.",
        "Dear parent, fees are in arrears. Your children will receive their report cards after "
        "clearance.",
        "Your salary deduction failed and your loan is in arrears. We will contact your employer "
        "to effect the deduction.",
        # A name without a loan (a flatmate's joke), a warning about an app, a family's news.
        "Hey, the landlord says rent is overdue for our flat. I told him you're a thief for "
        "eating my yoghurt jk, pay your share pls",
        "Okash is a fraud! I was 2 days overdue on my loan and they texted my boss.",
        "Know your rights: if a lender says you are a fraud over an unpaid loan, report it.",
        "Hi, we told your mum you'd be late - she said dinner's at 8. Also don't forget you owe "
        "Dad £20 lol",
        # A chama treasurer's report to the group.
        "Umechelewa kulipa chama. Tafadhali lipa leo, tutatuma taarifa ya michango kwa group ya "
        "WhatsApp ya chama Jumapili.",
    ],
)
def test_reminders_offers_friends_and_warnings_are_none(body: str) -> None:
    assert find_debt_shaming(body) is None


def test_every_match_holds_a_trigger_and_a_circle_word() -> None:
    """The word prefilters skip no text a pattern would match: each match of ``_UNPAID`` holds
    a trigger word and each of ``_EXPOSURE`` and ``_LABEL`` a circle word."""
    from clearline.content import debt_shaming
    from clearline.content.triggers import word_set

    texts = [
        "Pay Rs 4500 within 2 hours otherwise we will call all your phone contacts and tell "
        "them you are a cheater.",
        "Kofi Mensah is a thief. He took a loan and refused to pay. Tell him to settle.",
        "Lipa deni la sivyo tutatuma message kwa group ya familia yako.",
        "आपका लोन बकाया है। आज भुगतान नहीं किया तो आपके परिवार को बताया जाएगा कि आप चोर हैं।",
        "Pag hindi ka nagbayad, i-post ka namin sa FB. Isa kang scammer.",
    ]
    for text in texts:
        lowered = text.lower()
        for pattern, words in (
            (debt_shaming._UNPAID, debt_shaming.debt_shaming_trigger_words()),
            (debt_shaming._EXPOSURE, debt_shaming._CIRCLE_WORDS),
            (debt_shaming._LABEL, debt_shaming._CIRCLE_WORDS),
        ):
            for match in pattern.finditer(lowered):
                assert not word_set(match.group()).isdisjoint(words), match.group()

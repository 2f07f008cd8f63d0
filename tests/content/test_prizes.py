"""Prize claims (``content.prizes``): a prize the reader has won, to claim by a call, a reply
with details or a fee; never a promotion's "enter to win" or a prize already credited."""

from __future__ import annotations

import pytest

from clearline.content.prizes import find_prize_claim


@pytest.mark.parametrize(
    ("body", "won"),
    [
        (
            "Glo: Your number won N1,000,000 in Glo Awoof promo. Send your account details to "
            "claim.",
            "Your number won",
        ),
        (
            "Hongera! Umeshinda Ksh 150,000 kwa Safaricom Shangwe promotion. Piga 0745 338 902 "
            "kudai zawadi yako.",
            "Umeshinda",
        ),
        (
            "Congrats! Nanalo ka ng P50,000 sa PCSO raffle. I-claim sa 0917 832 4410 bago mag 5PM.",
            "Nanalo ka",
        ),
        (
            "You've won a 2-person Bahamas cruise! Just pay port fees. Reply Y to claim",
            "You've won",
        ),
        # session 26: the reader's number drawn, Swahili's "imeshinda", Malay's "memenangi",
        # Tagalog's "ay nanalo", a claim by sending a registration fee ("tuma ... zawadi")
        (
            "Congratulations! Your number was drawn as a winner of $2,000 in our spring draw. Call "
            "1-876-555-0121 to claim",
            "Your number was drawn",
        ),
        (
            "Namba yako imeshinda Ksh 80,000 kwa promo ya Airtel. Tuma Ksh 400 ya usajili upokee "
            "zawadi yako.",
            "imeshinda",
        ),
        (
            "Tahniah! Nombor anda memenangi RM5,000 dalam cabutan bertuah. Hubungi 013-555 0111 "
            "untuk tuntut hadiah.",
            "memenangi",
        ),
        (
            "Ang number mo ay nanalo ng P20,000 sa raffle promo. Para ma-claim, i-text ang "
            "pangalan mo sa 0917 555 0123.",
            "ay nanalo",
        ),
        # session 27 (blind set 21): a full name to reply with, a claims office, Malay's
        # "tuntutan", a promotion the reader was selected for, Urdu's wins and selections
        (
            "Congratulations! Your number was picked in the Lotto 6/49 draw for $1,200,000. Reply "
            "with your full name and address to claim.",
            "Your number was picked",
        ),
        (
            "Du: Your mobile number has won AED 100,000 in the anniversary draw. Contact our "
            "claims desk on +971 55 555 0123",
            "Your mobile number has won",
        ),
        (
            "Tahniah! Anda memenangi RM3,000 cabutan bertuah Lazada. Hubungi 012-555 0199 untuk "
            "tuntutan.",
            "memenangi",
        ),
        (
            "Congratulations! You have been selected for the Vodafone Cash Promo, GHS 5,000. Call "
            "0205 550 123 to claim.",
            "have been selected for the Vodafone Cash Promo",
        ),
        (
            "Aap ne Honda 125 jeeti hai. Inaam hasil karne ke liye 0300-5550123 par call karein.",
            "jeeti hai",
        ),
        (
            "Mubarak! Aap ka number 30,000 rupay ke liye muntakhib hua hai. Rabta karein "
            "0341-5550188",
            "muntakhib hua",
        ),
        # the advance-fee letter's payment "approved", to claim by sending details
        (
            "I am Mr James of the UN compensation unit. Your payment of $750,000 has been "
            "approved. Send your full name and ID to claim.",
            "payment of $750,000 has been approved",
        ),
        # Urdu: the number "select hua hai", "tasdeeq ke liye call karein 0301-..."
        (
            "Mubarak ho! Aap ka number BISP program me Rs 25,000 ke liye select hua hai. Tasdeeq "
            "ke liye call karein 0301 5550123",
            "number BISP program me Rs 25,000 ke liye select hua",
        ),
        # session 27 (blind set 23): a prize ready for collection from a draw, Banglish's
        # "jitse", Patois's "yuh win", compensation to contact someone for its release
        (
            "Your iPhone 15 is ready for collection from the Airtel loyalty draw! Send KSh 1,000 "
            "delivery fee to Till 5555014.",
            "ready for collection from the Airtel loyalty draw",
        ),
        (
            "Apnar number ti lucky draw te 5 lakh taka jitse! Taka pete 2,000 taka processing fee "
            "bKash korun.",
            "number ti lucky draw te 5 lakh taka jitse",
        ),
        (
            "Wah gwaan, dis is Lotto office. Yuh win $2.5 million! Fi collect, send $15,000 "
            "processing fee.",
            "Yuh win",
        ),
        (
            "Dear beneficiary, your compensation fund of $3.5M has been approved. Contact Dr James "
            "on +234 803 555 0155 for release.",
            "fund of $3.5M has been approved",
        ),
        # blind set 24: Tagalog's "nanalo po kayo", "the 2nd place winner", a widow's donation
        # "to you", Urdu's "raabta karein: 0305-..."
        (
            "Hi po! Nanalo po kayo ng Toyota Vios sa promo. Magpadala ng P2,500 processing fee sa "
            "GCash.",
            "Nanalo po kayo",
        ),
        (
            "Congratulations! You are the 2nd place winner of US$250,000 in the lottery. Send "
            "J$30,000 processing fee to claim",
            "You are the 2nd place winner",
        ),
        (
            "Hello dear, I am a widow suffering from cancer. I wish to donate $2.5M to you for "
            "charity work. Reply with your full name and address.",
            "wish to donate $2.5M to you",
        ),
        (
            "Mubarak ho! Aap ka number Rs 25,000 ke liye select hua hai. Apna CNIC bhej kar raabta "
            "karein: 0305 5550188",
            "number Rs 25,000 ke liye select hua",
        ),
        # blind set 25: Swahili's "kupokea zawadi tuma", Banglish's "nombor ... jitche", a
        # donation "through you"
        (
            "Safaricom Promo: Hongera! Umeshinda Ksh 200,000. Kupokea zawadi tuma Ksh 1,000 ya "
            "usajili kwa Till 555014.",
            "Umeshinda",
        ),
        (
            "Abhinandan! Apni Grameenphone nombor 10 lakh taka jitche. Prize nite processing fee "
            "2,000 taka bKash korun.",
            "nombor 10 lakh taka jitche",
        ),
        (
            "I am a widow suffering from cancer. I wish to donate $4.2M to charity through you. "
            "Reply with your full name and phone.",
            "wish to donate $4.2M to charity through you",
        ),
        # blind set 26: Urdu's "inaam nikla", "naam ... shamil kar liya gaya"
        (
            "Jeeto Pakistan: aap ki sim par Rs 50,000 cash inaam nikla hai. Inaam hasil karne ke "
            "liye call karein 0300-5550162",
            "inaam nikla",
        ),
        (
            "Mubarak! Aap ka naam BISP program mein shamil kar liya gaya hai. Rs 25,000 ke liye "
            "rabta karein 0311-5550163",
            "naam BISP program mein shamil kar liya gaya",
        ),
    ],
)
def test_a_won_prize_to_claim_by_call_reply_or_fee_is_found(body: str, won: str) -> None:
    assert find_prize_claim(body) == won


@pytest.mark.parametrize(
    "body",
    [
        "Enter to win $500 in groceries! Text WIN to 55555. Msg&data rates apply",
        "Safaricom: Congratulations! You have won Ksh 1,000 airtime in the Shangwe promo. It has "
        "been credited to your line.",
        "We won the match 3-1!! Call me after, we're at the pub",
        "You won the office pool lol, come collect your $40 from me tomorrow",
        # a child or an application selected for something, to confirm by a call
        "Your son was selected for the county team. Call coach Dave on 0412 555 019 to confirm",
        "Your application was selected for an interview. Reply YES to receive the details",
        # a promotion the reader was picked for with nothing to claim by a call or a reply
        "You have been selected for our VIP promo! Show this text in store for 20% off",
        # a grant approved, with nothing sent to claim it
        "Your research grant of $5,000 has been approved. Log in to the portal to accept it.",
    ],
)
def test_promotions_credited_prizes_and_peoples_wins_are_none(body: str) -> None:
    assert find_prize_claim(body) is None

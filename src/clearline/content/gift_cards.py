"""Gift-card requests: a boss, a pastor or a colleague who cannot talk and needs gift cards.

The business-impersonation scam (the FTC's and the FBI's warnings) texts an employee or a
congregation member as the boss or the pastor: "I'm in a meeting and can't talk. Can you pick
up some Apple gift cards for a client? I'll reimburse you". ``find_gift_card_request(text)``
finds an ask to buy gift cards (Apple, Google Play, iTunes, Steam, Amazon, store vouchers, load
and recharge cards, airtime), or since session 24 to send money to the sender's number ("I'm in
a crusade meeting and can't talk. Please send Ksh 5,000 for the church fuel"), beside the
scam's cover: the sender cannot talk or is in a meeting, the cards are for a client, a member
or a staff, their codes are to be sent, the reader will be reimbursed, or it must stay discreet.
The asks are also told ("Buy Visa gift cards $300 x 3. I'm busy in meetings"), in Tagalog
("Nasa meeting ako. Pabili naman ng Smart load 500 x 4") or Swahili ("Niko kwa mkutano...
nitumie Ksh 3000"). A friend's "can you grab an Amazon gift card for Jess's birthday on your
way?" gives no such cover, nor does a partner's "can you grab Olly from school? I'm stuck in a
meeting" ask for cards or money; a colleague's "In a meeting till 3. Can you buy me airtime?",
"are you free? can you pick up a gift card for the new intern? I'll reimburse you" or "a gift
card for Linda's leaving present" gives too little (top-ups and money need more cover than
gift cards; a named occasion or the company's expenses are the people's own).
"""

from __future__ import annotations

import re
from typing import Final, Literal

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["GIFT_CARD_REACH", "find_gift_card_request", "gift_card_trigger_words"]

# Matched against the lower-cased text.
# An ask made to the reader ("can you", "I need you to", "please", "urgently"), then the cards:
# gift cards, store vouchers, Google Play or iTunes, airtime and recharge cards (session 24:
# "Urgently buy 3 MTN recharge cards of N10,000 and send the pins", "grab 4 x $250 JB Hi-Fi
# gift cards", "pick up 4 x £100 Amazon vouchers"), a network's cards or load ("Buy me Glo
# cards of 5k x 4", "Pabili naman ng Smart load 500 x 4").
_CARDS: Final = (
    r"(?:e-?gift\s*cards?|gift\s*cards?|vouchers?|google\s+play(?:\s+(?:gift\s+)?cards?)?|"
    r"itunes(?:\s+cards?)?|steam\s+cards?|load\s+cards?|apple\s+cards?|recharge\s+cards?|airtime|"
    r"e-?pins?|scratch\s+cards?|redeem\s+codes?|(?:mtn|glo|airtel|9mobile|etisalat|safaricom|"
    r"telkom|vodacom|vodafone|smart|globe|tnt|jio)\s+(?:cards?|load|airtime))"
)
_ASK_WORD: Final = (
    r"(?:(?:can|could|would|will)\s+(?:you|u)|need\s+(?:(?:you|u)\s+to)?|wants?\s+(?:you|u)\s+"
    r"to|(?:are|r)\s+(?:you|u)\s+(?:available|able|free)\s+to|please|pls|kindly|help(?:\s+me)?|"
    r"urgently|quickly)"
)
_VERB: Final = r"(?:buy|get|pick\s+up|purchase|grab|send\s+me)"
_ASK: Final = re.compile(
    r"\b"
    + _ASK_WORD
    + r"\b[^.?!\n]{0,40}?\b"
    + _VERB
    + r"\s+(?:[^\s.?!]+\s+){0,5}?"
    + _CARDS
    + r"\b|"
    # Or told, first thing in a sentence: "Buy Visa gift cards $300 x 3", "Get me Target gift
    # cards", "Need 6 x £100 Apple vouchers", "Send me 20,000 airtime".
    r"(?:^|(?<=[.!?\n:,])|(?<=[.!?\n:,]\s))(?:(?:i\s+)?(?:buy|get|purchase|grab|pick\s+up|"
    r"need(?!\s+(?:you|u)\b))\s+|send\s+(?:me\s+)?(?=\d))(?:[^\s.?!]+\s+){0,5}?" + _CARDS + r"\b|"
    # Or asked in Tagalog: "Pakibili naman ako ng load card", "magpa-load ng 2000".
    r"\b(?:pakibili|pakibilhan|pabili|bilhan\s+mo)\s+(?:[^\s.?!]+\s+){0,5}?(?:"
    + _CARDS
    + r"|load)\b|\b(?:magpa|pa)-?load(?:an)?\s+(?:ng\s+)?\d|"
    # Or money sent to the sender's number (session 24: a pastor's "Please send Ksh 5,000 for
    # the church fuel to this number", "Please send GHS 500 MoMo"), also told first thing in a
    # sentence ("Send me 3k GCash") or in Swahili ("Nitumie Ksh 3000").
    r"(?:\b" + _ASK_WORD + r"\s+(?:\w+\s+){0,2}?(?:send|transfer|momo|gcash|m-?pesa)|"
    r"(?:^|(?<=[.!?\n:,])|(?<=[.!?\n:,]\s))send|\bnitumie)\s+(?:me\s+)?(?:[a-z]{1,3}\.?\s?)?"
    r"[$£€₹₦₱]?\s?\d[\d,.]*k?\b"
)
# Cards (or load) in an ask: without them it asks for money.
_ANY_CARDS: Final = re.compile(_CARDS + r"|\bload\b")
# The cards of a top-up, which friends buy each other every day ("Abeg buy me MTN recharge card
# of 1000, I go pay you tomorrow", "In a meeting till 3. Can you buy me airtime?").
_TOP_UP: Final = re.compile(
    r"\b(?:airtime|recharge|load|e-?pins?|scratch|mtn|glo|airtel|9mobile|etisalat|safaricom|"
    r"telkom|vodacom|vodafone|smart|globe|tnt|jio|magpa|pa)\b"
)
# The scam's cover, each with its weight and kind. Only the scam ("scam") says the sender cannot
# talk (a meeting, a call) or wants it kept quiet (2), or that the cards are for a client or a
# member, their codes are to be sent, several of them (1). Colleagues say too that the reader
# will be repaid ("repaid", 1), or that it is urgent, or open by asking whether the reader is
# free ("people", 1): never enough alone ("Are you free? Can you pick up a Starbucks gift card
# for the new intern? I'll reimburse you"), and not counted beside money ("Niko kwa mkutano wa
# chama. Nitumie 1000 ya mchango, urgent").
_CoverKind = Literal["scam", "repaid", "people"]
# In a meeting ("in meeting now", "in an important meeting", "nasa conference ako", "niko kwa
# mkutano"; not "in meeting room 2").
_MEETING: Final = re.compile(
    r"\b(?:in\s+(?:(?:a|an|the)\s+)?(?:\w+\s+)?(?:meeting|conference)(?!\s+room)|"
    r"(?:back\s+to\s+back|stuck\s+in|busy\s+in|tied\s+up\s+in|in)\s+meetings|(?:busy|"
    r"tied\s+up|stuck)\s+(?:in|with)\s+(?:a\s+)?(?:\w+\s+)?meeting|(?:nasa|sa)\s+(?:meeting|"
    r"conference|seminar)|(?:niko|nipo|tuko)\s+(?:kwa|kwenye)\s+(?:meeting|mkutano)|"
    r"meeting\s+mein\s+(?:hoon|hu|hun))\b"
)
# Each cover's pattern is tried only in a text holding one of its words (the last item; empty:
# always tried): a substring test costs a fraction of a search over the text.
_COVERS: Final[tuple[tuple[re.Pattern[str], int, _CoverKind, tuple[str, ...]], ...]] = (
    (_MEETING, 2, "scam", ("meeting", "conference", "seminar", "mkutano")),
    (
        re.compile(
            r"\b(?:can['’]?t|cannot|can\s+not|unable\s+to)\s+(?:talk|call|take\s+calls|"
            r"make\s+calls|pick\s+(?:up|calls))|\b(?:di|hindi)\s+(?:ako\s+)?makatawag|\bsiwezi\s+"
            r"(?:ku)?ongea"
        ),
        2,
        "scam",
        ("talk", "call", "pick", "makatawag", "ongea"),
    ),
    (
        re.compile(
            r"\b(?:discreet\w*|confidential\w*|keep\s+(?:it|this)\s+(?:between\s+us|quiet|to\s+"
            r"yourself))"
        ),
        2,
        "scam",
        ("discreet", "confidential", "keep"),
    ),
    (
        re.compile(
            r"\bfor\s+(?:a|our|the|some|my)\s+(?:\w+\s+)?(?:client|clients|member|members|staff|"
            r"customer|customers|patient|patients|partner|partners|orphanage|parishioner|church|"
            r"ministry|crusade)\b"
        ),
        1,
        "scam",
        (
            "client",
            "member",
            "staff",
            "customer",
            "patient",
            "partner",
            "orphanage",
            "parishioner",
            "church",
            "ministry",
            "crusade",
        ),
    ),
    (
        re.compile(
            r"\b(?:send|text|share|email|whatsapp|forward|i-?text|i-?send)\s+(?:me\s+)?(?:the\s+|"
            r"all\s+the\s+|ang\s+)?(?:codes|pins?|card\s+numbers|numbers|pictures|photos|voucher\s+"
            r"codes)\b|\bscratch\s+(?:the\s+back|them|and|it)\b"
        ),
        1,
        "scam",
        ("code", "pin", "number", "picture", "photo", "scratch"),
    ),
    (re.compile(r"\d\s?x\s?[$£€₹₦₱]?\s?\d"), 1, "scam", ()),
    # ("Reimburse" and "refund", not a friend's "I'll pay you back", "babayaran kita".)
    (re.compile(r"\b(?:reimburse\w*|refund\w*)"), 1, "repaid", ("reimburse", "refund")),
    (re.compile(r"\b(?:urgent\w*|asap)\b"), 1, "people", ("urgent", "asap")),
    (
        re.compile(
            r"\b(?:are|r)\s+(?:you|u)\s+(?:available|free|busy|around|at\s+(?:the\s+)?(?:office|"
            r"desk|work)|in\s+(?:the\s+)?office)\b|\b(?:quick|small)\s+(?:favou?r|task|errand)|"
            r"\b(?:do\s+me|need)\s+a\s+favou?r|\brun\s+an\s+errand"
        ),
        1,
        "people",
        ("available", "free", "busy", "around", "office", "desk", "work", "favo", "task", "errand"),
    ),
)
# The people's own occasions and people: "a gift card for Linda's leaving present", "vouchers
# for the raffle", "a Google Play card for my son". The scam's cards are for nobody in
# particular. And the company's own way to pay, which the scam, wanting the codes, never
# names: "Put it on expenses", "keep the receipt", "use petty cash".
_OCCASION: Final = re.compile(
    r"\b(?:birthday|bday|leaving|farewell|despedida|retirement|baby\s+shower|wedding|christmas|"
    r"xmas|secret\s+santa|raffle|stockings?|anniversary|graduation|whip-?round)\b|\bfor\s+(?:my\s+|"
    r"our\s+)?(?:son|daughter|kids?|children|wife|husband|mum|mom|mummy|mommy|mother|dad|"
    r"father|sister|brother|niece|nephew|grandson|granddaughter|grandma|grandpa|granny|gran|"
    r"nana)\b|\b(?:expenses?|expensed|company\s+card|corporate\s+card|petty\s+cash|receipts?)\b"
)

#: How much of a text the finder reads.
GIFT_CARD_REACH: Final = 600

# Every ask names the cards (or load) or, asking for money, comes with a meeting (the cover):
# one of these words is in every text the finder finds.
_TRIGGERS: Final[WordSet] = word_set(
    "card cards giftcard giftcards voucher vouchers play itunes airtime pin pins epin epins "
    "load meeting meetings mkutano"
)


def find_gift_card_request(text: str, words: WordSet | None = None) -> str | None:
    """The ask for gift cards of a text that gives the scam's cover (see the module's notes),
    as written, or ``None``.

    Gift cards need cover weighing 2 (a meeting, or a client and a reimbursement); top-ups
    and money, which colleagues and friends ask of each other, 3, the money beside a meeting;
    and a kind of cover only the scam gives. No ask for a named occasion or the sender's own
    family is found.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:GIFT_CARD_REACH]
    lowered = head.lower()
    # The covers first: a scam's is needed, and looking for them costs less than for an ask.
    covers = [
        (weight, kind)
        for cover, weight, kind, words_of in _COVERS
        if (not words_of or any(word in lowered for word in words_of))
        and cover.search(lowered) is not None
    ]
    if all(kind != "scam" for _, kind in covers):
        return None
    found = _ASK.search(lowered)
    if found is None or _OCCASION.search(lowered) is not None:
        return None
    ask = found.group()
    money = _ANY_CARDS.search(ask) is None
    if money:
        if _MEETING.search(lowered) is None:
            return None  # money is asked for beside a meeting only
        covers = [(weight, kind) for weight, kind in covers if kind != "people"]
    needed = 3 if money or _TOP_UP.search(ask) is not None else 2
    if sum(weight for weight, _ in covers) < needed:
        return None
    return as_written(head, lowered, found)


def gift_card_trigger_words() -> WordSet:
    """The words without which ``find_gift_card_request`` finds nothing."""
    return _TRIGGERS

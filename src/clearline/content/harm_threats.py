"""Threats of harm for money: "We know where you live. Pay N300,000 or something bad will
happen to your family. Don't tell the police."

The "hitman" and protection-money texts of Nigeria, Kenya, South Africa, Ghana and elsewhere
(police services' warnings) claim to watch the reader, demand money and threaten the reader or
their family, often forbidding them to go to the police. ``find_harm_threat(text)`` finds one:
a claim to watch or know where the reader is, or a protection fee (``_WATCHING``), a demand
for money (``_DEMAND``) and a threat of harm (``_HARM``: "you will be sorry", "your family
will get hurt", "something bad will happen", "or we burn your shop", "familia yako itaumia",
"jou familie sal seerkry") or a ban on the police (``_NO_POLICE``). A claim to be paid to
kill the reader (``_HIRED``: "I was hired to kill you", "nimetumwa kukuua", "binayaran ako
para patayin ka") is a threat by itself: a demand, a sum or an ask to call back with it is
enough; one in everyday words (``_PAID_TO``: "paid us to deal with you") needs the threat too.
A friend's "I know where you live, bring the $20 you owe me" threatens no harm, and "I know
where you live lol, pay up or I'll kill you 😂" laughs; a neighbourhood watch's "we know where
the break-ins happen" demands nothing; a bank's "we have been monitoring your account" watches
no one.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["HARM_THREAT_REACH", "find_harm_threat", "harm_threat_trigger_words"]

# Matched against the lower-cased text.
# The claim to watch the reader or know where they and theirs are.
_WATCHING: Final = re.compile(
    # Known: where the reader lives, their house, their family, the school the children go to;
    # not "I know your kids love cake", "we know your family will be proud".
    r"\b(?:we|i)\s+(?:know|knw|have\s+seen)\s+(?:where\s+(?:you|u|your\s+\w+|ur\s+\w+)\s+"
    r"(?:live|lives|work|works|stay|stays|are|is|go|goes|sleep|sleeps)\b|(?:your|ur)\s+"
    r"(?:\w+['’]?s?\s+){0,2}?(?:house|home|address|office|workplace|children|kids|family|"
    r"movements?|wife|husband|son|daughter|school|route|car|plate|schedule|location)\b"
    r"(?!['’]?s?\s+(?:love|loves|like|likes|are|is|was|were|will|would|can|has|have|had|"
    r"did|does|must|need|needs)\b)|the\s+(?:route|school)\s+(?:you|your|ur|she|he)\b)|"
    # Had: the reader's address or plate ("I have your picture and house address"; not "I
    # have your photos from the wedding").
    r"\b(?:we|i)\s+(?:have|got)\s+(?:your|ur)\s+(?:\w+\s+){0,3}?(?:address|location|"
    r"number\s+plate)\b|"
    # Watched or followed: the reader, their house or family ("we have been monitoring your
    # account", "following your case" are a bank's and a lawyer's).
    r"\b(?:we|i)(?:\s+have\s+been\s+|\s+are\s+|\s+am\s+|['’]ve\s+been\s+)(?:watching|"
    r"following|monitoring|tracking|trailing|stalking)\s+(?:you\b|(?:your|ur)\s+(?:\w+\s+)?"
    r"(?:every\s+)?"
    r"(?:moves?|movements?|steps?|house|home|family|kids|children|wife|husband|car|office|"
    r"shop)\b)|"
    # A death contract, a protection fee.
    r"\b(?:your\s+)?death\s+contract|\bcontract\s+(?:\w+\s+){0,3}?on\s+your\s+life|"
    r"\bprotection\s+(?:fee|money)|\bpays?\s+protection\b|"
    # "Don't involve police, we are watching." (Not "we are watching the area".)
    r"\b(?:we|i)\s+(?:are|am)\s+watching\s*(?:[.!,;]|$)|\b(?:your|ur)\s+every\s+(?:move|"
    r"movement|step)s?\s+(?:is|are)\s+(?:being\s+)?(?:watched|monitored|tracked)|\bwe\s+dey\s+"
    r"watch\s+(?:you|una)\b|"
    r"\btumekuwa\s+tukikufuatilia|\bnimekuwa\s+nikikufuatilia|\b(?:najua|tunajua)\s+"
    r"(?:unapoishi|unapofanya\s+kazi|unakofanya\s+kazi|nyumba\s+yako|kwako)|\b(?:tunakuona|"
    r"nakuona)\s+kila|\b(?:niko|tuko)\s+na\s+picha\s+yako|\b(?:ons|ek)\s+weet\s+waar\s+jy\s+"
    r"(?:bly|werk)|\balam\s+(?:namin|ko)\s+(?:kung\s+saan\s+ka\s+(?:nakatira|nagtatrabaho)|"
    r"(?:ang\s+)?(?:bahay|address|schedule|trabaho)\s+mo)|\b(?:binabantayan|pinagmamasdan|"
    r"sinusundan)\s+(?:ka|kita)\b|\b(?:tere|tera|tumhare|tumhara|aapke|aapka)\s+ghar\s+(?:\w+\s+)"
    r"{0,4}?pata\b|"
    r"\bpeecha\s+kar\s+(?:raha|rahe)|\bhar\s+(?:harkat|kadam)\s+par\s+nazar"
)
# The claim to be paid to harm the reader: it needs no other threat, only a demand or an ask to
# call back ("A contract has been taken out on your life. Reply to this number").
_HIRED: Final = re.compile(
    r"\b(?:we|i)(?:\s+have\s+been|['’]ve\s+been|\s+was|\s+were|\s+am|\s+are|\s+got)\s+(?:paid|"
    r"hired|contracted|sent|given\s+money)\s+(?:\S+\s+){0,3}?to\s+(?:kill|eliminate|hurt|harm|"
    r"attack|kidnap|murder)\b|\b(?:paid|hired|contracted|sent|given)\s+(?:me|us)\s+(?:\w+\s+){0,2}?"
    r"to\s+(?:kill|eliminate|hurt|harm|attack|kidnap|murder)\b|\b(?:i\s+am|i['’]m|this\s+is)\s+"
    r"(?:a\s+|the\s+)?hitman\b|\bhitman\s+here\b|"
    # "Tujhe marne ki supari mili hai" (a contract to kill; "supari" alone is betel nut).
    r"\bki\s+supari\s+(?:mil|di|li|de|le)\w*|\bsupari\s+killer|"
    r"\b(?:nimetumwa|tumetumwa|nimelipwa|tumelipwa)\s+(?:\w+\s+){0,2}?(?:kukuua|kukumaliza|"
    r"tukuteke|nikuue|tukuue|nikumalize|tukumalize)|\bumepangiwa\s+kuuawa|"
    r"\b(?:binayaran|bayad)\s+(?:ako|kami)\s+para\s+(?:patayin|ipapatay|saktan)|\bmay\s+"
    r"nagbayad\s+sa\s+(?:akin|amin)\s+para|\b(?:na|para)\s+(?:patayin|ipapatay)\s+(?:ka|kita)\b|"
    r"\b(?:tujhe|tumhe|tumko|aapko)\s+maarne\s+ke\s+liye|\b(?:ngikhokhelwe|sikhokhelwe)\s+"
    r"ukukubulala|"
    r"\b(?:ek|ons)\s+is\s+betaal\s+om\s+jou\s+dood"
)
# Paid to harm the reader in everyday words ("paid us to deal with you", "I was paid to take you
# out", "Someone paid us."): a claim, which a sum or an ask to call back makes a demand, but
# which needs a threat beside it ("Dad paid me to take you out for lunch, call me").
_PAID_TO: Final = re.compile(
    r"\b(?:paid|hired|contracted|sent|given)\s+(?:me|us)\s+(?:\w+\s+){0,2}?to\s+(?:finish|end|"
    r"deal\s+with|take|waste|handle)\s+(?:you|u)\b|\b(?:we|i)(?:\s+have\s+been|['’]ve\s+been|"
    r"\s+was|\s+were)\s+(?:paid|hired|contracted|sent)\s+(?:\S+\s+){0,3}?to\s+(?:finish|end|"
    r"deal\s+with|take)\s+(?:you|u)\b|\b(?:someone|somebody)\s+(?:has\s+)?(?:paid|hired)\s+"
    r"(?:me|us)\b"
)
_DEMAND: Final = re.compile(
    r"\b(?:pay|pays|send|transfer|drop|deposit|tuma|lipa|kunilipa|kutulipa|betaal|stuur|"
    r"thumela|magpadala|magbayad|magbigay|bayad|bhej\w*|paytm|momo|gcash|m-?pesa|"
    r"cash\s?app|bitcoin)\b"
)
# A sum asked of the reader, or an ask to call back: with a claim to be paid to kill, either is
# the demand ("I can be persuaded to change my mind for $3,000").
_SUM: Final = re.compile(
    r"[$£€₹₦₱]\s?\d|\b\d[\d,.]*\s?(?:k|ksh|kes|naira|cedis|ghs|gh|rand|lakh|usd|dollars|"
    r"pounds)\b|"
    r"\b(?:ksh|kes|ghs|n|r|rs|php)\s?\d"
)
_CALL_BACK: Final = re.compile(
    r"\b(?:call|reply|contact|text|whatsapp|sms)\s+(?:me|us|back|this\s+(?:number|line)|to\s+"
    r"this)\b"
)
_HARM: Final = re.compile(
    r"\b(?:(?:you|u)(?:\s+will|['’]ll)\s+(?:be\s+sorry|regret|die|be\s+killed|be\s+hurt|pay\s+"
    r"with)|(?:something\s+bad|bad\s+things?)\s+will\s+happen|(?:your|ur)\s+(?:\w+\s+)?(?:family|"
    r"children|kids|wife|husband|son|daughter|life)\s+will\s+(?:be\s+)?(?:get\s+)?(?:hurt|"
    r"harmed|suffer|pay|be\s+in\s+danger|die)|(?:kill|hurt|harm|eliminate|kidnap)\s+(?:you|"
    r"your)|(?:gets?|will\s+get)\s+hurt|or\s+(?:you|u)\s+"
    r"(?:die|will\s+die)|your\s+life\s+is\s+in\s+danger|your\s+days\s+are\s+numbered|"
    r"face\s+(?:the\s+)?consequences|you\s+have\s+been\s+"
    r"warned|(?:we|i)\s+(?:will|go|['’]ll)\s+burn|burn\s+(?:down\s+)?(?:your|ur)|(?:your|ur)\s+"
    r"(?:\w+\s+){0,2}?(?:shop|house|car|business|store|home)\s+(?:burns|will\s+burn|goes\s+up\s+"
    r"in\s+flames)|"
    r"itaumia|utajuta|utakufa|utapotea|tutakuua|tutakumaliza|sal\s+seerkry|jy\s+sal\s+spyt\s+"
    r"wees|(?:of\s+)?jy\s+sterf|masasaktan|papatayin|mamamatay\s+ka|may\s+(?:masamang\s+)?"
    r"mangyayari(?:ng)?|gusto\s+mo\s+pang\s+mabuhay|anjaam\s+bura|pachtaoge|pachtayega|"
    r"(?:nahi|nhi)\s+chhod(?:enge|"
    r"unga)|uma\s+ufuna\s+ukuphila)\b"
)
_NO_POLICE: Final = re.compile(
    r"\b(?:do\s*n[o']?t|dont|don’t|never|if\s+you|no)\s+(?:try\s+to\s+)?(?:tell|involve|inform|"
    r"call|contact|go\s+to|report\s+(?:this\s+)?to)\s+(?:the\s+|anyone\s+or\s+the\s+)?(?:police|"
    r"cops)|\bno\s+police\b|\b(?:any\s+attempt\s+to\s+|if\s+you\s+)?(?:contact(?:ing)?|"
    r"call(?:ing)?|inform(?:ing)?|involv(?:e|ing)|tell(?:ing)?)\s+(?:the\s+)?police\s+(?:will|"
    r"=|means)|\b(?:go|going|tell|call|contact|inform|involve)\s+(?:to\s+)?(?:the\s+)?(?:police|"
    r"cops)\s+"
    r"(?:and\s+(?:you\s+(?:die|are\s+dead|will\s+die)|it\s+gets\s+worse)|will\s+make\s+(?:it|"
    r"things)\s+worse)|\bpolice\s+(?:involvement|=)|\bif\s+(?:the\s+)?police\s+(?:is|are)\s+"
    r"(?:informed|involved|called|contacted)|"
    r"\b(?:usiambie|usijaribu\s+kuambia|ukiambia|ukienda|ukiripoti)\s+(?:kwa\s+)?polisi|"
    r"\bpolisi\s+hawatakusaidia|\bmoenie\s+(?:die\s+)?polisie|\b(?:huwag|wag)\s+(?:kang\s+)?"
    r"(?:magsumbong|magsusumbong|tumawag)(?:\s+sa\s+pulis)?\b|\bpolice\s+(?:ko\s+)?(?:mat\s+"
    r"(?:bata|ja)|bataya|batana)|\bungatsheli\s+amaphoyisa"
)

# A friend's laugh: "I know where you live lol, send me the $20 or I'll kill you 😂". The
# extortionist never laughs.
_JOKE: Final = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|just\s+kidding)\b|[😂🤣😜😝😆]"
)

#: How much of a text the finder reads.
HARM_THREAT_REACH: Final = 600

# Every threat of harm, ban on the police or claim to be paid to kill holds one of these words:
# the finder's trigger words. (Not the claim's "know", "seen" or "paid", which are in one text in
# six, nor "life", "live", "finish" or "end": "if you value your life", "paid us to finish you"
# are missed.)
_TRIGGERS: Final[WordSet] = word_set(
    "sorry regret die killed kill hurt harmed harm suffer danger eliminate attack kidnap murder "
    "hitman supari bad numbered consequences warned burn burns flames itaumia utajuta utakufa "
    "utapotea tutakuua tutakumaliza nimetumwa tumetumwa nimelipwa tumelipwa umepangiwa seerkry "
    "spyt sterf dood masasaktan papatayin patayin ipapatay maarne pachtaoge pachtayega "
    "mamamatay mangyayari mangyayaring mabuhay binayaran nagbayad anjaam chhodenge chhodunga "
    "ukuphila ukukubulala police cops polisi polisie pulis magsumbong magsusumbong amaphoyisa"
)


def find_harm_threat(text: str, words: WordSet | None = None) -> str | None:
    """The claim to watch the reader of a text that demands money and threatens harm or
    forbids the police (see the module's notes), as written, or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:HARM_THREAT_REACH]
    lowered = head.lower()
    # The claims first: every finding holds one, and most texts a threat's word is in hold none.
    hired = _HIRED.search(lowered)
    paid_to = _PAID_TO.search(lowered)
    watching = _WATCHING.search(lowered)
    if (hired is None and paid_to is None and watching is None) or _JOKE.search(
        lowered
    ) is not None:
        return None
    # A claim to be paid to harm the reader threatens by itself: it needs only a demand or an
    # ask to call back.
    if hired is not None and (
        _DEMAND.search(lowered) is not None
        or _SUM.search(lowered) is not None
        or _CALL_BACK.search(lowered) is not None
    ):
        return as_written(head, lowered, hired)
    claim = watching or paid_to
    if claim is None:
        return None
    if _DEMAND.search(lowered) is None and (
        paid_to is None or (_SUM.search(lowered) is None and _CALL_BACK.search(lowered) is None)
    ):
        return None
    if _HARM.search(lowered) is None and _NO_POLICE.search(lowered) is None:
        return None
    return as_written(head, lowered, claim)


def harm_threat_trigger_words() -> WordSet:
    """The words without which ``find_harm_threat`` finds nothing."""
    return _TRIGGERS

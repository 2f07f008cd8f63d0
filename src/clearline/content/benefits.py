"""Benefit claims: government money, grants and rebates the reader is told to claim by a reply,
a call or a form.

Governments pay benefits into accounts they already hold and announce them on their own sites;
they do not text strangers "You qualify for a $6,400 grant, reply YES", "Your student loan
forgiveness application is pending final approval, call 888-...", "CBN has approved N50,000
palliative for you, register with your BVN", "Kwalipikado ka sa P8,000 ayuda, i-claim dito".
Impostors do, in every country (the FTC's, Action Fraud's, the CBN's and the DSWD's warnings),
and so do the lead buyers of the US's Medicare and ACA "subsidy card" texts.

``find_benefit_claim(text)`` finds one: a benefit (``_BENEFIT``: a grant, a stimulus or relief
payment, a subsidy or benefits card, a rebate, loan forgiveness, "ayuda", "palliative", a
"yojana" instalment, a named programme's payment, a bursary or allowance of a sum) told as the
reader's (``_READER``, ``_STATUS``: approved, eligible, qualified, selected, ready, pending, on
hold, owed, unclaimed, about to expire; or offered to an audience the reader is one of,
"households can claim up to £7,500") with an ask to claim it (``_ASK``: reply, call, click,
apply, register, claim, confirm or verify details, a fee to pay, or a link to a site no
government, school or known company owns).

A government's own notice links to its own site and is never one here (``_OFFICIAL_HOST``), nor
is a school's, a known company's (``INSTITUTION_DOMAINS``, ``MAJOR_SITE_DOMAINS``: a utility's
or a shop's rebate notice); but a government's name beside a site of the sender's own
("GOV.UK: ... apply at gov-costofliving-uk.com") is no such notice. Never one either: a text
about an election or a candidate (``telemarketing.POLITICAL_SPEECH``), a news alert
(``_NEWS``), a notice that says nothing needs doing (``_NO_ACTION``), a warning against such
texts (``_WARNING``), or a text that gives none of the parts ("SNAP benefits of $291 were
deposited to your EBT card").
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.brands import INSTITUTION_DOMAINS
from clearline.content.links import MAJOR_SITE_DOMAINS, SOCIAL_POST_PATHS
from clearline.content.telemarketing import POLITICAL_SPEECH
from clearline.content.triggers import (
    WordSet,
    as_written,
    listed_trigger_words,
    triggered_matches,
    word_set,
)

__all__ = ["BENEFIT_REACH", "benefit_claim_trigger_words", "find_benefit_claim"]

# A sum of money written before a digit ("$750", "Rs 2000", "Ksh 8,000", "N50,000", "R370").
_SUM = (
    r"(?:[$£€₹₱₦]|rs\.?\s?|inr\s?|ksh\.?\s?|kes\s?|ghs\s?|gh₵\s?|ngn\s?|php\s?|zar\s?|usd\s?|"
    r"cad\s?|aud\s?|sgd\s?|[rnp](?=\d))\d[\d,.]*"
)


def _after(word: str, *before: str) -> str:
    """``word`` where one of the words ``before`` stands just before it ("assistance" after
    "cash"): the rarer word is the trigger, and the lookbehinds are tried only where it is."""
    return word + "(?:" + "|".join(f"(?<={b}[\\s-]{word})" for b in before) + ")"


# Matched against the lower-cased text. Each alternative starts with its own word, so that a
# text without one of those words is never searched; a phrase whose first word is common
# ("cash", "bill", "energy", "loan", "government", "family": one text in fifty or more) is found
# by its rarer word (``_after``).
_BENEFIT: Final = re.compile(
    r"\b(?:grants?|stimulus|subsid(?:y|ies)|rebates?|palliatives?|ayuda|yojana|stipends?|"
    r"forgiveness|giveback|benepisyaryo|tupad|akap|tradermoni|nabco|srd|npower|eco4|"
    r"kisan\s+(?:\w+\s+)?(?:payments?|kist|instal+ments?|samman|nidhi|paisa|amount)|"
    r"(?:benefits?|spending|subsidy|otc|flex|allowance|grocery)\s+cards?|"
    r"grocery\s+(?:allowances?|benefits?|credits?)|"
    # Relief and support payments ("Cost of Living Payment", "Winter Fuel Payment", "disaster
    # relief", "Uwezo Fund", "cost of living support"), a word between allowed ("Cost-of-Living
    # Special Payment").
    r"(?:relief|support|assistance|impact|recovery|living|disaster|calamity|hardship|"
    r"compensation|winter\s+fuel|fuel|heating|emergency|covid(?:-19)?|pandemic|inflation|"
    r"housing|survival|welfare|empowerment|uwezo|hustler)\s+"
    r"(?:(?:special|one-off|bonus|extra|top-up|monthly)\s+)?(?:payments?|funds?|grants?|"
    r"cheques?|checks?|support|relief|assistance|allowances?|vouchers?)|"
    + _after("assistance", "cash", "rent", "rental", "financial", "government", "federal")
    + "|"
    + _after("relief", "rent", "rental", "energy", "bill", "bills", "loan", "loans")
    + "|"
    + _after("support", "cash", "energy", "bill", "bills", "financial", "government")
    + "|"
    + _after("aid", "cash", "government", "federal")
    + "|"
    + _after("transfer", "cash")
    + r"s?|conditional\s+cash|(?:social\s+security|ssi|ssa)\s+(?:checks?|benefits?|payments?)|"
    r"economic\s+impact|(?:fuel|heating|utility|carbon|climate|gst|hst)\s+(?:credits?|"
    r"payments?|vouchers?)|(?:climate\s+action|carbon)\s+incentive|"
    + _after(
        "benefit",
        "child",
        "dental",
        "disability",
        "housing",
        "government",
        "federal",
        "family",
        "family\\stax",
    )
    + r"s?|universal\s+credit|assurance\s+package|"
    + _after("discharge", "loan", "loans", "immediate")
    + "|"
    + _after("cancellation", "loan", "loans")
    + "|"
    + _after("funded", "government", "govt", "council")
    + "|"
    # A bursary or allowance of a sum ("allowance of R15,000", "Ksh 40,000 bursary", "GHS 1,000
    # support"): without the sum these are a school's or employer's everyday words.
    r"bursary(?<=\d\sbursary)|stipend(?<=\d\sstipend)|allowance(?<=\d\sallowance)|"
    r"support(?:(?<=\d\ssupport)|(?<=\d\smonthly\ssupport))|scholarship(?<=\d\sscholarship)|"
    r"(?:allowance|stipend|bursary|scholarship)\s+(?:arrears|backpay|of\s+" + _SUM + r")|"
    r"(?:cdc|gst|community)\s+vouchers?|unclaimed\s+(?:benefits?|funds?|payments?))\b"
)
# The benefit told as the reader's.
_STATUS: Final = re.compile(
    r"\b(?:approved|approve\s+(?:hua|ho|ho\s+gaya)|qualif(?:y|ies|ied)|kwalipikado|"
    r"eligible(?!\s+(?:items?|products?|purchases?|expenses?|stores?|medications?|services?))|"
    r"eligibility|pre-?approved|selected|shortlisted|awarded|entitled|owed|due\s+(?:a|an|to)|"
    r"loaded|ready\s+(?:for|to)|(?:is|are)\s+(?:now\s+)?(?:ready|waiting)|pending|awaits?|"
    r"approved\s+pending|unclaimed|still\s+available|awaiting\s+(?:confirmation|release|"
    r"your)|waiting\s+for\s+you|naghihintay|(?:has|have)\s+been\s+(?:granted|released|issued|"
    r"reserved)|nahi\s+aa(?:yi|yegi|egi)|ruk\s+jayega|"
    # Chosen, won or to be paid ("napili ka", "umechaguliwa", "aapka chayan hua hai", "select
    # hua hai", "Rs 3500 milega").
    r"(?:have|has|you)\s+won|owe\s+you|reserved\s+(?:for|in|under)\s+(?:you|your)|napili|"
    r"makakatanggap|umechaguliwa|umeshinda|sanction(?:ed|\s+ho\s+gaya)|naam\s+aa\s+gaya|"
    r"chayan\s+(?:hua|ho)|select\s+(?:hua|ho|kiya)|"
    r"mil(?:ega|egi|enge)|(?:is|was|has\s+been)\s+successful|"
    # Held back until the reader acts ("on hold", "naka-hold", "has been reversed", "we
    # attempted to pay", "has not been claimed").
    r"on\s+hold|naka-?hold|(?:is|are|has\s+been|was|were)\s+(?:reversed|suspended|blocked|held|"
    r"returned|frozen)|failed|(?:could\s+not|couldn't|cannot|can't)\s+be\s+(?:delivered|"
    r"processed|paid|credited|deposited|released)|attempted\s+to\s+(?:pay|send|credit|deposit)|"
    r"(?:not|never)\s+(?:yet\s+)?(?:been\s+)?claimed|yet\s+to\s+(?:be\s+)?claim|"
    r"expir(?:e|es|ed|ing)|forfeit\w*|avoid\s+losing|"
    # Picked from a list ("your name appeared on the list of beneficiaries").
    r"(?:name|number)\s+(?:has\s+)?(?:appeared|came\s+up|was\s+(?:picked|drawn|selected))|"
    r"among\s+the\s+(?:lucky\s+|selected\s+)?(?:beneficiaries|winners|recipients)|"
    r"list\s+of\s+(?:beneficiaries|recipients)|"
    # Offered to all comers ("everyone gets $20,000", "can now claim a $3,600 grocery card",
    # "only 5,000 slots left", "text BACK to get yours").
    r"everyone\s+(?:gets|will\s+get|can\s+get|receives|qualifies)|can\s+(?:now\s+)?(?:claim|"
    r"get|receive|apply\s+for)\s+(?:up\s+to\s+|an?\s+|an?\s+free\s+|free\s+)?" + _SUM + r"|"
    r"(?:slots?|spots?|places?)\s+(?:left|remaining)|limited\s+(?:slots?|spots?)|"
    r"portal\s+(?:closes|closing|is\s+closing)|(?:get|claim)\s+yours|"
    r"get(?<![a-z0-9,]\sget)\s+(?:up\s+to\s+)?" + _SUM + r"|"
    r"outstanding\s+(?:rebates?|grants?|benefits?|refunds?)|"
    r"you(?:'re|’re|\s+are)\s+missing|missing\s+out)\b"
)
# A fee to release the money ("processing fee of $250", "pay N3,500 for documentation",
# "magbayad ng P300", "tuma Ksh 1,000 ya usajili"): no government charges one.
_FEE = (
    r"(?:processing|registration|documentation|admin|administrative|activation|clearance|"
    r"release|verification|handling|delivery|file)\s+(?:fee|charge)s?|"
    r"pay\s+(?:\S+\s+){0,3}?(?:for|as)\s+(?:the\s+)?(?:documentation|processing|registration|"
    r"activation|clearance)|magbayad|tuma\s+(?:\S+\s+){0,3}?ya\s+usajili"
)
# What the reader is asked to do to get it (a link is judged apart: ``_HOST``). Not a reply
# that is an opt-out ("reply STOP"), a text only mentioned ("a text saying"), a call to a number
# the reader already holds ("call the number on your card", "call Member Services"), a claim
# that is a noun ("claim has been approved") or done in person ("claim at the Cashier's
# office"); nor any of these after the words of ``_NOT_ASKED`` ("this text", "your claim").
_ASK: Final = re.compile(
    r"\b(?:(?:reply|text|txt|sms)\s+(?:back\s+)?(?!(?:stop|end|cancel|quit|unsubscribe|help|"
    r"arret|alto|saying|says|said|from|in|was|is|about|that|message|messages)\b)[a-z0-9]+|"
    r"call(?!\s+(?:the\s+number\s+on|your\s+(?:gp|doctor|pcp|pharmac\w*|provider|surgery|"
    r"local|case\s*worker|insurer)|(?:member|customer)\s+(?:services?|care)))|dial|ring|"
    r"whatsapp|piga|click|tap|apply|register|"
    r"claim(?!s?\s+(?:has|have|is|was|were|for|number|no|status|form|id|ref\w*)\b)"
    r"(?!\s+(?:it\s+|them\s+)?(?:at|from|in)\s+(?:the|your|any|our)\b)|"
    r"activate|redeem|enrol+|enroll|i-?claim|mag-?(?:register|apply|claim)|press\s+\d|"
    r"contact\s+(?:(?:our|the)\s+)?(?:agent|officer|me)|"
    r"contact\s+(?:us\s+)?(?:on\s+|at\s+)?\+?\d|"
    r"(?:confirm|verify|update|send|submit|provide|enter)\s+(?:us\s+)?"
    r"(?:your|ur|the|ang)\s+(?:[\w/,&-]+\s+){0,3}?(?:details|info\w*|records?|bvn|nin|"
    r"account|banking|bank|ssn|social|id|aadhaar|sin|singpass|name|pangalan|momo|gcash|"
    r"m-?pesa|otp|e-?kyc)|e-?kyc|i-?verify|" + _FEE + r")\b"
)
_FEE_ASKED: Final = re.compile(r"\b(?:" + _FEE + r")\b")
# Words before an ask that make it no ask ("show this text", "your claim", "never send",
# "Questions? Call ...").
_NOT_ASKED: Final = re.compile(
    r"(?:\b(?:that|this|the|a|my|your|refund|insurance|not|never)|\bquestions?[?,]?|"
    r"\bquer(?:y|ies)[?,]?)\s+$"
)
# A link's host ("gov-costofliving-uk.com", "srd.sassa.gov.za", "bit.ly"), with the top-level
# domains benefit texts' links use.
_HOST: Final = re.compile(
    r"(?<![\w@.-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|net|org|info|online|site|"
    r"top|xyz|icu|vip|help|co|us|uk|in|ng|ph|za|ke|au|ca|gh|sg|app|live|click|link|gov|edu|"
    r"mil|io|me|ly|gl|cc|biz|shop|store|support|today|life|ws|tk|ml|ga|cf|gq|pw|ie|nz|scot|"
    r"wales|energy|to))(?![\w-]|\.[a-z0-9])"
)
# A government's, public health service's or school's own host ("go.gov.sg", "labor.ny.gov",
# "srd.sassa.gov.za", "canada.ca", "revenue.state.mn.us", "leeds.ac.uk"), matched whole: a
# host that only ends like one ("winterfuel-gov.uk") is the sender's own.
_OFFICIAL_HOST: Final = re.compile(
    r"(?:[a-z0-9-]+\.)*(?:(?:gov|govt|mil|edu|nic|go|ac|nhs|gc)\.[a-z]{2}|gov|mil|edu|"
    r"gov\.(?:scot|wales)|nhs\.net|(?:canada|ontario|quebec|alberta|gc)\.ca|state\.[a-z]{2}\.us)"
)
# The registrable domains of banks, carriers, utilities and large shops, whose notices link to
# their own sites (a utility's rebate, a pharmacy's OTC benefit); not social sites, whose
# pages anyone can make.
_COMPANY_DOMAINS: Final = INSTITUTION_DOMAINS | (MAJOR_SITE_DOMAINS - frozenset(SOCIAL_POST_PATHS))
# What makes a link only a pointer to more ("check status at", "details at", "learn more:").
_INFO_BEFORE: Final = re.compile(
    r"(?:(?:check|view|track)\s+(?:the\s+|your\s+|its\s+)?(?:application\s+|payment\s+|"
    r"claim\s+|rebate\s+)?(?:status|balance|letters?|statement|bill|payment\s+(?:date|info\w*|"
    r"details))|track(?:\s+it)?|learn\s+more|more\s+(?:info\w*|details)|find\s+out\s+more|"
    r"read\s+more|"
    r"(?:^|[.!?;]\s*|see\s+)(?:details|view|info))"
    r"\s*(?:at|on|via|in)?\s*:?\s*(?:https?://)?(?:www\.)?$"
)
_INFO_AFTER: Final = re.compile(r"\S*\s+(?:to\s+(?:view|see|check|read)|for\s+(?:details|more))\b")
# A sender's label ("SMUD:", "Duke Energy:", "PG&E:"): a link to the site named the same
# ("smud.org", "duke-energy.com") is the sender's own, unlike a name with words added
# ("centrelink-payment.info", "philhealth-refund.ph").
_LABEL: Final = re.compile(r"\W*([a-z][\w&' .-]{1,30}?)\s*:")
# Second levels under which a country's sites are registered ("smud.co.uk", "agl.com.au").
_SECOND_LEVELS: Final = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})
# Top-level domains a company's own site is on: not those sold cheaply or read as another
# (".co" for ".com"), where lookalikes sit.
_OWN_SITE_TLDS: Final = frozenset(
    {
        "com", "org", "net", "energy", "us", "uk", "ca", "au", "in", "ng", "ph", "za", "ke", "gh",
        "sg",
    }
)  # fmt: skip
# The reader addressed ("my research grant got approved!" is a friend's news), or an audience
# the reader is one of ("Americans 64+ can now claim"), or told to act ("register now").
_READER: Final = re.compile(
    r"\b(?:you|your|yours|u|ur|ka|kayo|ikaw|mo|nyo|ninyo|iyo|iyong|inyong|aap|aapke|aapka|aapko|"
    r"aapki|tum|tumhara|tumhare|tumhe|karein|kijiye|kare|karo|wako|yako|wewe|umechaguliwa|jou|"
    r"u\s+is|americans|seniors|households?|homeowners|families|residents|citizens|pensioners|"
    r"retirees|recipients|beneficiaries|farmers|everyone|sabhi|nigerians|filipinos|kenyans|"
    r"ghanaians|australians|canadians|singaporeans|ladkiyon|mahilaon|"
    r"(?:register|apply|click|tap|claim)\s+(?:now|here|today|to\s+(?:apply|claim|register|"
    r"receive|get)))\b"
)
# A news alert's label ("BBC News:", "CNN Alert:", "NYT Breaking:").
_NEWS: Final = re.compile(
    r"^\W*(?:breaking(?:\s+news)?|"
    r"(?:(?!(?:good|great|bad|big|exciting|amazing|happy)\b)[\w&'.-]+\s+){0,2}news|nyt|ap|afp|"
    r"reuters|bbc|cnn|cbc|abc|sky|npr|punch|ndtv|gma|rappler|news24)"
    r"(?:\s+(?:alert|breaking|update|flash))?\s*:"
)
# Aid handed out in person ("bring your ID", "dalhin ang valid ID", "pick it up at the Bursar's
# office"): impostors want a reply, a call or a form, never a visit.
_IN_PERSON: Final = re.compile(
    r"\b(?:in\s+person|bring\s+(?:along\s+)?(?:your\s+|a\s+|valid\s+)*(?:ids?|identification|"
    r"documents?|cards?)|dal(?:a|hin)\s+(?:ang\s+|ng\s+)?(?:valid\s+)?ids?|kunin\s+sa|"
    r"come\s+with\s+(?:your\s+)?(?:\w+\s+)?(?:ids?|cards?|documents?)|"
    r"pick\s+(?:it|them)\s+up\s+at)\b"
)
# A relative's or friend's text ("Hi Aunty, Kemi here. Did they call you for the empowerment
# grant? Mine got approved").
_KIN_START: Final = re.compile(
    r"\W*(?:(?:hi|hey|hiya|hello)\W+)?(?:mom|mum|mama|ma|mummy|dad|daddy|papa|pa|gran|grandma|"
    r"grandpa|nan|nana|aunt|aunty|auntie|uncle|bro|sis|cousin|bhaiya|didi|kuya|ate|tita|tito|"
    r"lola|lolo|babe)\b"
)
# A notice that nothing needs doing ("No action needed", "You do not need to apply").
_NO_ACTION: Final = re.compile(
    r"\b(?:no\s+(?:further\s+)?action\s+(?:is\s+)?(?:needed|required|necessary)|"
    r"(?:do\s+not|don'?t|no)\s+need\s+to\s+(?:apply|do\s+anything|take\s+(?:any\s+)?action|"
    r"register|claim\s+it)|nothing\s+(?:to\s+do|you\s+need\s+to\s+do))"
)
# A warning against such texts or a real notice's safety line ("is a scam, don't click it",
# "SSA will never ask for payment by text", "N-Power does not charge any fee").
_WARNING: Final = re.compile(
    r"\b(?:(?:is|are|it'?s|its|was|looks\s+like)\s+(?:a\s+|an\s+)?(?:scam|fake|fraud)|"
    r"parang\s+scam|beware\s+of\s+(?:scam|fraud|fake)\w*|(?:don'?t|do\s+not)\s+(?:click|reply|"
    r"respond|share|give)|(?:don'?t|do\s+not)\s+pay\s+(?:anyone|any|money|for)|never\s+(?:ask|"
    r"asks|send|call|text|share|charge|request)|(?:will|would)\s+not\s+(?:ask|send|call|text|"
    r"charge|contact)|"
    r"won'?t\s+(?:ask|send|call|text|charge)|(?:does|do)\s+not\s+charge|doesn'?t\s+charge|"
    r"hindi\s+(?:humihingi|hihingi|naniningil))\b"
)

#: How much of a text the finder reads.
BENEFIT_REACH: Final = 600

_TRIGGERS: Final = listed_trigger_words(_BENEFIT)


def _is_official(host: str) -> bool:
    """A host of a government, public health service or school (``_OFFICIAL_HOST``), or under
    a bank's, carrier's, utility's or large shop's registrable domain (``_COMPANY_DOMAINS``)."""
    if _OFFICIAL_HOST.fullmatch(host) is not None:
        return True
    labels = host.split(".")
    return any(".".join(labels[i:]) in _COMPANY_DOMAINS for i in range(len(labels) - 1))


def _is_senders_own(host: str, label: str) -> bool:
    """Whether ``host``'s registrable name is the sender's label, letters only ("duke-energy.com"
    for "Duke Energy:"), on a top-level domain a company's own site is on (``_OWN_SITE_TLDS``)."""
    labels = host.split(".")
    if len(labels) < 2 or labels[-1] not in _OWN_SITE_TLDS:
        return False
    name = labels[-3] if len(labels) > 2 and labels[-2] in _SECOND_LEVELS else labels[-2]
    return len(label) >= 3 and re.sub(r"[^a-z0-9]", "", name) == label


def _links(lowered: str) -> tuple[bool, bool]:
    """Whether the text links to an official site (``_is_official``) or the sender's own
    (``_is_senders_own``), and whether it links to another site in a way that asks the reader to
    go there (not "check status at ...")."""
    official = asking = False
    named = _LABEL.match(lowered)
    label = re.sub(r"[^a-z0-9]", "", named.group(1)) if named is not None else ""
    for match in _HOST.finditer(lowered):
        if lowered.startswith(":", match.end()) and not lowered[: match.start()].strip():
            continue  # a sender's label ("GOV.UK: You are eligible..."), which anyone can write
        if _is_official(match.group(1)) or _is_senders_own(match.group(1), label):
            official = True
        elif (
            _INFO_BEFORE.search(lowered, max(0, match.start() - 60), match.start()) is None
            and _INFO_AFTER.match(lowered, match.end()) is None
        ):
            asking = True
    return official, asking


def _asks(lowered: str) -> bool:
    """Whether the text asks the reader to act (``_ASK``, not after ``_NOT_ASKED``)."""
    return any(
        _NOT_ASKED.search(lowered, max(0, ask.start() - 12), ask.start()) is None
        for ask in _ASK.finditer(lowered)
    )


def find_benefit_claim(text: str, words: WordSet | None = None) -> str | None:
    """The benefit a text tells the reader to claim (see the module's notes), as written, or
    ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:BENEFIT_REACH]
    lowered = head.lower()
    # Searched from the first trigger word on: most texts' trigger word is late or in no match.
    benefit = next(triggered_matches(_BENEFIT, lowered, words, None, _TRIGGERS), None)
    if (
        benefit is None
        or _READER.search(lowered) is None
        # A fee to release the money tells it as the reader's as plainly as "approved".
        or (_STATUS.search(lowered) is None and _FEE_ASKED.search(lowered) is None)
    ):
        return None
    official, asking = _links(lowered)
    # A link to an official site vouches for the text unless it also sends the reader to a
    # site of the sender's own ("GOV.UK: ... apply at gov-costofliving-uk.com").
    if (official and not asking) or not (asking or _asks(lowered)):
        return None
    if (
        POLITICAL_SPEECH.search(lowered) is not None
        or _NEWS.search(lowered) is not None
        or _NO_ACTION.search(lowered) is not None
        or _WARNING.search(lowered) is not None
        or _IN_PERSON.search(lowered) is not None
        or _KIN_START.match(lowered) is not None
    ):
        return None
    return as_written(head, lowered, benefit)


def benefit_claim_trigger_words() -> WordSet:
    """The words without which ``find_benefit_claim`` finds nothing."""
    return _TRIGGERS

"""Telemarketing pitches: the sales texts people get from strangers without having asked.

The FTC's Do Not Call complaints name the topics (``../shared/data/ftc_dnc_complaints``, 14,034
complaints of 2021-07: after impostors, "Warranties & protection plans" 1,467, "Reducing your
debt (credit cards, mortgage, student loans)" 584, "Medical & prescriptions" 507, "Energy, solar,
& utilities" 195, "Vacation & timeshares" 95, "Home improvement" 58, "Home security" 21), and
the same pitches reach phones by text, with the lead buyers' cash offers for homes and land and,
elsewhere, funeral cover, pension release and government-funded insulation. Sent to someone who
never gave consent, such a text breaks the TCPA (prior express written consent for marketing
texts) and the carriers' A2P rules (it comes from an unregistered number), whoever sends it.

``find_sales_pitch(text)`` finds one: a topic of those (``_TOPIC``) and, in the same text, an
offer made to the reader (``_OFFER``: "you may qualify", "pre-selected", "$0 down", "free
quote", "cash offer", "would you consider selling", "reply YES", "as low as $29/mo"). Either
alone is an ordinary text: a friend's "we got solar, the bill is $40 now", a customer's own
agent's "your auto policy renews on 3/1", a sale's "reply YES to confirm your appointment". A
text about an election, a candidate, a vote or a petition is never a pitch here, whatever it
says of Medicare or student loans: Clearline does not judge political speech by its words.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import (
    Occurrences,
    WordSet,
    as_written,
    first_match_within,
    listed_trigger_words,
    word_set,
)

__all__ = [
    "GOVERNMENT_SITE",
    "PITCH_REACH",
    "POLITICAL_SPEECH",
    "find_sales_pitch",
    "sales_pitch_trigger_words",
]

# The topics. Each alternative starts with its own distinctive word (lookbehinds for everyday
# words before it), so that a text without one of those words is never searched.
# Matched against the lower-cased text (IGNORECASE makes Python's re about five times slower).
_TOPIC: Final = re.compile(
    r"\b(?:"
    # Warranties and protection plans.
    r"(?:(?<=factory\s)|(?<=extended\s)|(?<=vehicle\s)|(?<=vehicle's\s)|(?<=vehicle’s\s)|"
    r"(?<=car's\s)|(?<=car’s\s)|(?<=auto\s)|(?<=home\s))warranty|"
    # Debt, mortgages and student loans.
    r"(?<=credit\scard\s)debts?|(?<=your\s)debts|debts?\s+(?:relief|consolidation|settlement|"
    r"forgiveness|reduction|help)|(?<=student\s)loans?|iva(?=\s+(?:scheme|plans?|programmes?|programs?|debt|solutions?))|(?:(?<=an\s)|(?<=backed\s)|(?<=new\s))iva|(?<=tax\s)debts?|mortgages?|refinanc(?:e|ing)|"
    r"helocs?|(?<=business\s)funding|(?<=working\s)capital|"
    r"(?:(?<=housing\s)|(?<=home\s)|(?<=personal\s))loans?|"
    # Health and medical plans, prescriptions.
    r"medicare|medicaid|obamacare|aca(?=\s+(?:health|plans?|subsid\w*|coverage|marketplace|enrol\w*))|health\s+(?:plans?|insurance|coverage)|"
    r"dental\s+(?:plans?|coverage)|grocery\s+(?:allowance|card)|"
    r"(?:(?<=back\s)|(?<=knee\s))braces?|(?<=final\s)expense|burial\s+(?:plans?|insurance)|"
    r"funeral\s+(?:cover|plans?|insurance)|(?<=life\s)(?:insurance|cover)|seguro(?=\s+(?:m[ée]dico|de\s+(?:salud|vida|auto)))|"
    r"glp-?1|ozempic|semaglutide|tirzepatide|weight\s+loss|belly\s+fat|slimming|"
    # Energy, solar, utilities and home improvement.
    r"solar|(?:electric|electricity|energy)\s+bills?|(?:energy|electricity)\s+(?:suppliers?|"
    r"providers?|deals?)|(?<=your\s)energy(?=\s*\?)|"
    r"insulation|eco4|(?<=heat\s)pumps?|furnaces?|roof(?:ing)?\s+(?:inspections?|"
    r"replacements?|repairs?)|(?:(?<=replacement\s)|(?<=new\s))windows|"
    r"(?<=home\s)(?:energy|improvements?|security|valuation)|"
    # Homes and land bought for cash.
    r"(?<=cash\s)offers?|owner\s+of\s+(?:(?:the|your|this)\s+(?:property|home|house|lot|land)|"
    r"\d+\s)|(?<=buy\s)houses|buying\s+(?:\w+\s+){0,2}(?:houses|homes|properties)|"
    r"(?<=bhk\s)(?:flats?|apartments?|homes?|villas?)|(?:luxury|residential)\s+(?:flats|apartments|villas|plots|condos?)|(?<=buy\syour\s)(?:house|home|property|land)|"
    r"(?:(?<=selling\syour\s)|(?<=sell\syour\s))(?:house|home|property|land)|"
    r"land\s+parcels?|vacant\s+(?:land|lot)|(?:condos?|houses?|lots?|land|flats?|apartments?|"
    r"plots?|villas?)\s+for\s+sale|"
    # Car insurance, pensions, timeshares.
    r"(?:(?<=car\s)|(?<=auto\s))insurance|insurance\s+plans?|pension\s+(?:review|release)|"
    r"timeshares?|"
    # Claims management: "an accident that wasn't your fault", mis-sold car finance.
    r"(?:(?<=wasn't\syour\s)|(?<=wasn’t\syour\s)|(?<=not\syour\s))fault|mis-?sold|"
    # session 27 (blind set 22): "the car accident you had", "an accident you were involved in"
    r"accident\s+you\s+(?:had|were\s+(?:in|involved\s+in))|struggling\s+with\s+(?:your\s+)?debts?|"
    r"(?<=car\s)finance\s+claims?"
    r")\b"
)

# An offer made to the reader.
_OFFER: Final = re.compile(
    r"(?<!\w)(?:\$|r|£|p|₱)\s?0\s*(?:down|premium|upfront|/\s?mo|a\s+month|per\s+month|cost|"
    r"deposit)|(?<!\w)\$0-down|\b(?:"
    r"(?:you|u|your\s+(?:home|address|household|vehicle|property|family)|homeowners|drivers|"
    r"seniors|residents|households|members|beneficiaries|families)\s+"
    r"(?:may\s+|might\s+|could\s+|can\s+|now\s+|still\s+|are\s+|have\s+)?(?:now\s+)?"
    r"(?:qualify|qualifies|be\s+eligible|eligible|are\s+eligible|are\s+qualifying|"
    r"been\s+(?:pre-?)?(?:selected|approved|qualified))|"
    r"pre-?(?:qualified|approved|selected)|(?:see|check)\s+if\s+(?:you|u)\s+qualify|"
    r"free\s+(?:quote|estimate|assessment|consultation|review|inspection|valuation|call\s?back|"
    r"home\s+valuation|brace|(?:solar\s+)?(?:install|installation|panels))|"
    r"write\s+off\s+(?:up\s+to\s+)?\d+\s?%|"
    r"reply\s+(?!(?:stop|end|cancel|quit|unsubscribe|optout|help|arret|alto)\b)"
    r"(?:yes|1|info|[a-z]{3,8})\s+(?:for\s+(?:more\s+)?(?:info|information|details|"
    r"an?\s+(?:free\s+|no[\s-]obligation\s+)?(?:\w+\s+)?(?:quote|offer|call\s?back|"
    r"consultation|assessment))|"
    r"to\s+(?:claim|qualify|see\s+if|check\s+if|find\s+out|learn\s+more|get|apply|lock|"
    r"speak\s+(?:with|to)))\b|"
    r"text\s+(?:back\s+)?yes\s+(?:for|to\s+(?:claim|qualify|see|check|learn|get|apply))\b|"
    r"no[\s-]+(?:cost|medicals?|medical\s+exam|money\s+down|upfront\s+cost)\b|"
    r"as\s+low\s+as\s+(?:\$|r|£|₱|p|rs\.?\s?|₹)\s?\d[\d,.]*\s*(?:/|p|a\s|per\s)|"
    r"(?<!\w)(?:from|only|just|@)\s+(?:\$|r|£|₱|p|rs\.?|₹|n|₦|ksh)\s?\d[\d,.]*k?\s*"
    r"(?:/|p|a\s|per\s)\s*(?:mo|month|pm|m\b|day)|(?<!\w)from\s+(?:n|₦|ksh|rs\.?|₹)\s?\d|"
    r"no\s+down\s?payment|flexible\s+payment\s+plans?|gov(?:ernmen)?t?\s+grants?|"
    r"interested\s+in\s+(?:an?\s+)?(?:cash\s+)?offer|"
    r"(?:make|give|send)\s+you\s+(?:an?\s+)?(?:all[\s-])?cash\s+offer|"
    r"(?:'d|’d|would)\s+(?:like|love)\s+to\s+(?:make|give)\s+(?:you\s+)?(?:an?\s+)?"
    r"(?:all[\s-])?cash\s+offer|"
    r"(?:make|have|pay|paying)\s+(?:an?\s+)?(?:all[\s-])?cash\s+offer\s+(?:on|for)\s+your|"
    r"(?:we|i)\s+(?:pay|buy)\s+cash|"
    r"(?:we|we'd|we'll|we\s+will|we\s+can|i'll|i\s+will)\s+pay\s+(?:you\s+)?cash|"
    r"would\s+you\s+(?:consider|entertain|take|be\s+(?:open|interested))\s+(?:to\s+|in\s+)?"
    r"(?:selling|an?\s+(?:\w+\s+)?offer\b|offers\b)|"
    r"(?:(?:any\s+)?interest(?:ed)?\s+in|thinking\s+(?:of|about))\s+selling|"
    r"do\s+you\s+(?:still\s+)?own\s+(?:your|a|the)\s+(?:home|house|property)|"
    r"(?:could|may|might)\s+be\s+entitled\s+to|starting\s+(?:at\s+|from\s+)?(?:rs\.?|₹|\$|£|₱|p)\s?\d|"
    r"limited\s+period\s+offer|"
    r"(?:save|lower|reduce|cut|slash|eliminate)\s+(?:up\s+to\s+)?(?:your\s+)?(?:\$|£|r|₱)?\d|"
    r"(?:lower|reduce|cut|slash|eliminate)\s+your\s+(?:\w+\s+){0,2}(?:bill|payments?|debt|"
    r"balance|premium|rate)|up\s+to\s+\d+\s?%|lose\s+(?:up\s+to\s+)?\d+\s?(?:lbs?|pounds|kg)|"
    r"(?:program|programme|offer)\s+ends|(?:no|without\s+a?)\s+(?:prescription|rx)\b|"
    r"(?:your|the)\s+(?:[\w'’]+\s+){0,2}warranty\s+(?:has\s+|is\s+|may\s+(?:have\s+|be\s+)?)?"
    r"(?:expired|expires|expiring|about\s+to\s+expire|ends)|"
    r"tax[\s-]free\s+cash|gov(?:ernmen)?t?[\s-](?:funded|backed)|federal\s+(?:solar\s+)?tax\s+credit"
    r")"
)

# Political speech is never judged here by its words (PRODUCT.md: behaviour, compliance and
# fraud, never viewpoint): a campaign's "Senator X will cut Medicare. Reply YES to stand with us"
# is a campaign's text, weighed by consent and volume like any other.
POLITICAL_SPEECH: Final = re.compile(
    r"\b(?:vot(?:e|es|ed|ing|ers?)|ballots?|elections?|candidates?|senators?|"
    r"congress(?:man|woman|ional)?|governor|mayor|petitions?|paid\s+for\s+by|campaign|"
    r"republicans?|democrats?|gop|parliament|mps?|councillors?|rally|senate|lawmakers?|"
    r"legislat(?:ors?|ures?|ion|ive)|supreme\s+court|school\s+board|city\s+council|"
    r"(?<!third\s)(?<!third-)(?<!3rd\s)part(?:y|ies)|authori[sz]ed\s+by|add\s+your\s+name|"
    r"stand\s+(?:with|up\s+for)|chip\s+in|week\s+of\s+action|sign\s+on|to\s+sign\s*(?:[.!]|$)|"
    r"tell\s+(?:the|your|them)\s+(?:senate|congress|commission|council|government|president|"
    r"minister|mps?|reps?|representatives?|lawmakers|no)|"
    r"(?:call|tell|email|write\s+to)\s+your\s+(?:reps?|representatives?|senators?|mps?|mlas?|"
    r"lawmakers?|legislators?|congress\w*)|if\s+you\s+(?:agree(?!\s+to)|support|oppose)|"
    # Movements' asks (session 23 review: a party's "we'll fight to cut your electricity bill.
    # Reply YES to join").
    r"(?:reply|text)\s+\w+\s+to\s+(?:join|volunteer|pledge|sign|support|help\s+us)|"
    r"help\s+us\s+(?:fight|stop|win|slash|cut|protect|save|end)|fight\s+(?:to|for|against)|"
    r"(?:our|the)\s+movement|advoca(?:cy|tes?)|protection\s+center|"
    # Election day's own words (session 25: "Polls are open 7am-10pm, find your polling station").
    r"polling\s+(?:stations?|places?|locations?|units?|day|booths?)|polls\s+(?:are\s+)?(?:open|"
    r"close))\b"
)

# No stranger's pitch, whatever the words: a link to a government or health-service site (a
# benefits notice, or a friend passing one on); an answer to the reader's own request ("as
# requested", "returning your call"); a bill or appointment that "is due", a policy that "renews";
# a friend's or relative's first text from a new number.
#: A government's or a public health service's own site, as a pattern (lower-cased text): not a
#: host that only ends like one ("winterfuel-gov.uk", "refund-canada.ca", "x-nhs.uk": a hyphen
#: before the name makes it the sender's own domain; review, session 24).
GOVERNMENT_SITE: Final = (
    r"(?:\b[\w-]+\.(?:gov|gc\.ca|go\.ke)|(?<![\w-])gov\.(?:uk|au|za|in|ng|ph)|"
    r"(?<![\w-])canada\.ca|(?<![\w-])nhs\.uk)(?![.-]?\w)"
)
_NOT_A_PITCH: Final = re.compile(
    GOVERNMENT_SITE + r"|"
    r"\b(?:as\s+(?:requested|promised|discussed)|per\s+your\s+request|returning\s+your\s+call|"
    r"got\s+your\s+voicemail|you\s+(?:asked|enquired|inquired)\s+(?:about|for|me|if|to)|"
    r"thanks?\s+(?:you\s+)?for\s+(?:booking|signing\s+up|your\s+(?:order|gift|donation|support))|"
    r"(?:is|are)\s+(?:now\s+)?(?:past\s+)?due\b(?!\s+(?:for|to)\b)|"
    r"your\s+(?:[\w-]+\s+){0,3}(?:policy|premium|insurance)\s+(?:renews|anniversary)|"
    r"(?<!our\s)new\s+(?:number|cell|#)(?!\w)|new\s+no\.|(?:my|a|on\s+a|got\s+a)\s+new\s+phone|"
    r"new\s+phone\s*[,.!)]|it'?s\s+(?:aunt|aunty|auntie|uncle|grandma|grandpa|gran|cousin)\b)|"
    r"^\W*(?:(?:hi|hey|hiya|hello)\W+)?(?:mom|mum|mama|dad|papa|gran|grandma|grandpa|nan|nana|"
    r"aunt|aunty|auntie|uncle|bro|sis|cousin|bhaiya|didi|di|kuya|ate)\b"
)

#: How much of a text the finder reads.
PITCH_REACH: Final = 1000

_TOPIC_TRIGGERS: Final = listed_trigger_words(_TOPIC)


def find_sales_pitch(
    text: str,
    words: WordSet | None = None,
    *,
    lowered: str | None = None,
    at: Occurrences | None = None,
) -> str | None:
    """The text's telemarketing pitch (a topic of ``_TOPIC`` and an offer of ``_OFFER``), as
    ``"<topic>: <offer>"``, or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
        lowered: ``text.lower()`` when the caller has it already.
        at: the text's trigger words with their positions (``TriggerIndex.present``).
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TOPIC_TRIGGERS):
        return None
    lowered = text.lower() if lowered is None else lowered
    head = lowered[:PITCH_REACH]
    topic = first_match_within(_TOPIC, lowered, PITCH_REACH, words, at, _TOPIC_TRIGGERS)
    if topic is None:
        return None
    offer = _OFFER.search(head)
    if offer is None or POLITICAL_SPEECH.search(head) or _NOT_A_PITCH.search(head):
        return None
    return f"{as_written(text, lowered, topic)}: {as_written(text, lowered, offer)}"


def sales_pitch_trigger_words() -> WordSet:
    """The words without which ``find_sales_pitch`` finds nothing."""
    return _TOPIC_TRIGGERS

"""Extortion in a text: a threat to expose the reader to the people they know unless they pay.

Sextortion ("I recorded you ... pay $500 in bitcoin or I send it to all your contacts") and
illegal loan apps' debt shaming ("pay today otherwise we will send your photo to all your
contacts as a fraud"; India's RBI, Nigeria's FCCPC and the Philippines' SEC ban it). Read in a
text's first ``OFFER_REACH`` characters, lower-cased:

* a demand (``_DEMAND``: to pay, send money, bitcoin or gift cards; a loan overdue);
* an exposure (``_EXPOSE``): sending, posting or showing the reader's pictures, videos or
  messages, or messages about them, to their contacts, family, partner, employer, school or
  social media; telling or calling those people in the first person ("or I'll tell your wife");
  "everyone you know will see your nudes"; "or everything goes public"; "defame you", "we will
  shame you" (not "shame you never came"); Hinglish "contacts ko message bhej denge" and
  Tagalog "ipopost namin", "ikakalat";
* and a threat, not news or an offer (``_is_threat``): a condition on paying beside it ("or",
  "otherwise", "unless you pay", "if you don't pay", "kung hindi ka magbabayad", "warna") in the
  same sentence, a label of shame ("as a fraud", "saying you are a thief"), or compromising
  material ("your nudes", "a private video"); never under a negation ("we will not share your
  details with your employer").

A photographer's "I'll share the gallery with your family, balance $850 due Friday", a school's
"we will post the photos on Facebook, dues $20" and a lender's "we never share your details
with your contacts" are none. Written by a review (session 21) and checked on its texts: 95
legitimate ones about sharing beside money (6 flagged, all friends joking "pay up or I post the
video") and 85 extortion texts (83 found), and on sets it wrote after the patterns were frozen
(0 of 12 legitimate, 9 of 10 extortion).
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from clearline.content.lures import OFFER_REACH, WITHIN_SENTENCE
from clearline.content.triggers import WordSet, word_set

__all__ = ["demand_words", "extortion_trigger_words", "find_extortion"]

_Q: Final = "['’]"
_S: Final = WITHIN_SENTENCE

_AUD_WORD: Final = (
    r"(?:contacts?(?:\s+list)?|phone\s?book|family|families|friends?\s+list|friends|relatives|"
    r"colleagues|co-?workers|employer|boss|wife|husband|parents|followers|facebook|fb|instagram|"
    r"insta|tiktok|twitter|snapchat|linkedin|social\s+media|whatsapp(?:\s+groups?)?|girlfriend|"
    r"boyfriend|gf|bf|partner|fianc[eé]e?|kids|children|school|church|workplace|office|hr|"
    r"classmates|mates|missus|references|referees|guarantors?|neighbou?rs|loved\s+ones|"
    r"in-?laws|siblings|mom|mum|dad|mother|father)"
)
_AUDIENCE: Final = (
    r"(?:(?:all\s+(?:of\s+)?|each\s+of\s+|every\s*one\s+of\s+|everyone\s+(?:in|on)\s+|every\s+)?"
    r"(?:(?:your|ur|yr|u)\s+)?(?:whole\s+|entire\s+)?" + _AUD_WORD + r"\b"
    r"|(?:everyone|everybody|all(?:\s+the)?\s+contacts?)\s+(?:in|on)\s+(?:your|ur)\s+phone\b"
    r"|every\s*(?:one|body)\s+you\s+know\b"
    r"|every(?:one|body)\b(?!\s+(?:who|that|else|here|at|in\s+the|on\s+the))"
    r"|all(?=\s*(?:[.!,;]|$)))"
)
_MATERIAL: Final = (
    r"(?:pictures?|photos?|pics?|videos?|vids?|nudes?|images?|clips?|recordings?|chats?|"
    r"screenshots?|messages|secrets?|face|tape|footage|conversations?|history|selfies?|"
    r"details)"
)
_COMPROMISING: Final = re.compile(
    r"\b(?:nudes?|naked|intimate|private|explicit|sexual|sex|sextape|morphed|obscene|dirty|"
    r"nangi|adult|compromising|webcam|masturbat\w*)\b"
)
_OBJECT: Final = (
    r"(?:(?:it|them|these|those|this|that|everything|am|you|u|(?:a\s+)?cop(?:y|ies)|"
    r"(?:the\s+|a\s+)?links?|(?:[\w-]+\s+)?(?:messages?|sms|texts?)|"
    r"(?:the|your|ur|yr|these|those|my|our|this|that)\s+(?:[\w-]+\s+){0,3}?"
    + _MATERIAL
    + r"(?:\s+of\s+(?:you|u))?)"
    r"(?:\s+(?:with|as)\s+(?:a\s+|an\s+)?(?:fraud|scammer|thief|defaulter|cheater|fraudster)"
    r"(?:\s+(?:tag|label|stamp|caption))?)?\s+)?"
)
_VERB: Final = (
    r"(?:send|sending|share|sharing|post|posting|upload|uploading|leak|leaking|forward|"
    r"forwarding|show|showing|publish|publishing|circulate|circulating|release|releasing|expose|"
    r"exposing|broadcast|broadcasting|dm|put|spread|spreading|distribute|mail|email|e-mail)"
)
_PASSIVE: Final = (
    r"(?:be|get|gets)\s+(?:sent|shared|posted|uploaded|leaked|forwarded|shown|published|"
    r"circulated|released|broadcast|spread|distributed|exposed)"
)
_PREP: Final = r"(?:to|on|with|for|in|among|across|2)"
_LEAD: Final = (
    r"(?:\b(?:or|otherwise|else|unless|will|shall|gonna|go|and|then|i|we|im|i"
    + _Q
    + r"m|we"
    + _Q
    + r"re)\b|"
    + _Q
    + r"ll|"
    + _Q
    + r"m)\s+(?:[\w"
    + _Q[1:-1]
    + r"]+\s+){0,4}?"
)
_TELL: Final = r"(?:call|tell|message|text|inform|contact|notify|email|dm|tag|alert|whatsapp)"
_HINDI_FUTURE: Final = (
    r"(?:bhej(?:\s+d)?(?:enge|ega|egi|unga|ungi|unga)|bhej\s+(?:denge|dunga|diya\s+jayega|"
    r"di\s+jayegi|dunga)|call\s+kar(?:enge|unga|\s+denge|\s+dunga|\s+dunge)|message\s+(?:"
    r"kar(?:enge|unga|\s+denge|\s+dunga)|bhej\w*|jayega|jaega|jaayega)|viral\s+kar\s*(?:enge|"
    r"unga|denge|dunga|\s+denge|\s+dunga|\s+di\s+jayegi|\s+diya\s+jayega)|bata(?:enge|unga|"
    r"\s+denge|\s+dunga)|dikha(?:enge|unga|\s+denge|\s+dunga))"
)
_TL_VERB: Final = (
    r"(?:i-?popost|ipo-?post|ipapost|i-?post|ikakalat|ikalat|ipapakalat|ipagkakalat|ipagkalat|"
    r"ipakalat|ipapadala|ipadala|ipapasa|ipasa|ise-?send|isesend|i-?send|ipapaalam|ipaalam|"
    r"ipapakita|ipakita|i-?share|ishashare|isheshare)"
)
_EXPOSE: Final = re.compile(
    # active: "or I'll send them to your whole family", "we go post your picture for Facebook"
    r"(?P<a>"
    + _LEAD
    + r"(?P<va>\b"
    + _VERB
    + r")\s+"
    + _OBJECT
    + _PREP
    + r"\s+"
    + _AUDIENCE
    + r"|\b"
    + _VERB
    + r"\s+(?:your|ur)\s+(?:[\w-]+\s+){0,3}?"
    + _MATERIAL
    + r"\s+(?:online|public|publicly|everywhere|on\s+the\s+internet)\b)"
    # passive: "your video will be sent to all your Facebook friends"
    r"|(?P<p>\b(?:will|would|shall|gonna|going\s+to|to)\s+(?:[\w]+\s+)?"
    + _PASSIVE
    + r"\s+"
    + _PREP
    + r"\s+"
    + _AUDIENCE
    + r")"
    # first-person telling: "or I'll tell your wife", "we will call all your references"
    r"|(?P<t>\b(?:i|we)(?:"
    + _Q
    + r"(?:ll|m|d))?\b(?:\s+[\w"
    + _Q[1:-1]
    + r"]+){0,3}?\s+(?P<vt>"
    + _TELL
    + r")\s+(?:all\s+(?:of\s+)?|each\s+of\s+|every\s*one\s+of\s+)?(?:your|ur)\s+"
    r"(?:whole\s+|entire\s+)?(?!(?:parents|mom|mum|dad|mother|father)\b)" + _AUD_WORD + r"\b)"
    # the audience sees it: "everyone you know will see your nudes", "your contacts will get
    # the video"
    r"|(?P<s>(?:(?:your|ur)\s+(?:whole\s+|entire\s+)?"
    + _AUD_WORD
    + r"(?:\s+(?:and|&)\s+(?:your\s+|ur\s+)?\w+)?|every\s*(?:one|body)\s+you\s+know|every\s*"
    r"(?:one|body|person)\s+(?:in|on)\s+(?:your|ur)\s+"
    + _AUD_WORD
    # Everyone alone, when what they see is the reader's material ("or everyone sees the video";
    # session 25, blind set 16).
    + r"|(?P<se>every\s*(?:one|body))(?=\s+(?:will\s+|would\s+|is\s+going\s+to\s+|gonna\s+)?(?:see|"
    r"sees|get|gets|receive|watch)\s+(?:the|your|ur|these|those|this|that)\s+(?:[\w-]+\s+){0,3}?"
    + _MATERIAL
    + r"))\s+"
    r"(?:will\s+|would\s+|are\s+going\s+to\s+|is\s+going\s+to\s+|gonna\s+)?(?:see|sees|get|gets|"
    r"receive|know\s+about|find\s+out\s+about|hear\s+about|watch)\s+(?P<so>everything|what\s+you"
    r"\s+did|them|it|these|those|(?:a\s+)?cop(?:y|ies)(?:\s+of\s+(?:the|your|ur)\s+(?:[\w-]+\s+){0,2}?"
    + _MATERIAL
    + r")?|(?:the|your|ur|these|those|this|that)\s+(?:[\w-]+\s+){0,3}?"
    + _MATERIAL
    + r"))"
    # it goes to them: "or ur pics go to ur whole contact list", "or everything goes public"
    r"|(?P<g>\b(?:it|they|this|these|everything|(?:the|your|ur|my|these)\s+(?:[\w-]+\s+){0,3}?"
    + _MATERIAL
    + r"(?:\s+(?:and|&)\s+\w+)?)\s*(?:goes|go|will\s+go|gonna\s+go|is\s+going|are\s+"
    r"going|['’]re\s+going|going)\s+(?:(?:to|on|2)\s+" + _AUDIENCE + r"|public\b|viral\b|online\b))"
    # made viral: "I will make your video viral"
    r"|(?P<v>\bmake\s+(?:your|ur)\s+(?:[\w-]+\s+){0,3}?" + _MATERIAL + r"\s+viral\b)"
    r"|(?P<d>\b(?:defame|disgrace)\s+(?:you|u)\b|\b(?:will|shall|gonna|go|going\s+to)\s+"
    r"(?:publicly\s+)?shame\s+(?:you|u)\b|['’]ll\s+(?:publicly\s+)?shame\s+(?:you|u)\b)"
    # Hinglish: "aapke sabhi contacts ko message bhej denge", "photo viral kar denge"
    r"|(?P<h>\b(?:contacts?|relatives|rishtedaron|rishtedar|family|friends|dosto|doston|sab\s?ko|"
    r"sabhi|logon|ghar\s*wal(?:on|e|o))\b"
    + _S
    + r"{0,40}?\b"
    + _HINDI_FUTURE
    + r"|\b(?:photo|video|pic)\w*"
    r"\b" + _S + r"{0,30}?\bviral\s+kar\s*(?:enge|unga|\s+denge|\s+dunga|\s+di\s+jayegi|\s+diya))"
    # Tagalog: a verb of spreading or sending with the reader's thing, their people or a label
    r"|(?P<tl>\b" + _TL_VERB + r"\b(?=\s+(?:ka\s+)?(?:namin|ko|nila|ka)\b))"
)
_TL_AFTER: Final = re.compile(
    r"(?:"
    + _S
    + r"{0,100}?(?:\b(?:picture|pictures|litrato|video|mukha|pics?|photos?|screenshots?|"
    r"nudes?|hubad)\s+mo\b|\bsa\s+(?:lahat\s+ng\s+)?(?:mga\s+)?(?:contacts?|pamilya|family|"
    r"kaibigan|friends|fb|facebook|kamag-?anak|amo|boss|kapitbahay)(?:\s+(?:at|and|&)\s+\w+)?\s+mo"
    r"\b|\b(?:scammer|manloloko|magnanakaw|estafador)\b)|\s*ka\b)"
)
_NEGATION: Final = re.compile(
    r"\b(?:not|never|no\s+longer|dont|wont|cannot|cant)\b|n" + _Q + r"t\b"
)
# A condition is one on paying: "unless you pay", "if you don't send", "if not", "kung hindi ka
# magbabayad"; or "or", "otherwise", "else", "warna", "kundi" after a demand in the same sentence
# ("Pay $500 or I send ..."; not "Unless you object", "Otherwise we'll send the video by USB").
_PAY_VERB: Final = (
    r"(?:pay|paid|send|transfer|repay|settle|clear|give|do\s+(?:it|this|what)|comply|venmo|zelle|"
    r"cash\s?app|wire|deposit|buy|get\s+me|fit\s+pay|bayad|magbayad|mag-bayad|magbabayad|"
    r"nagbayad|nag-bayad|nagbabayad|magpadala|magbigay|bayaran)"
)
_NOT: Final = (
    r"(?:don"
    + _Q
    + r"?t|do\s+not|dont|no|fail\s+to|refuse\s+to|can"
    + _Q
    + r"?t|cannot|won"
    + _Q
    + r"?t|didn"
    + _Q
    + r"?t|did\s+not|still\s+don"
    + _Q
    + r"?t|never)"
)
_PAY_CONDITION: Final = (
    r"(?:\bunless\s+(?:you\s+|u\s+)?(?:\w+\s+){0,2}?"
    + _PAY_VERB
    + r"\b|\bif\s+(?:you|u|ya)\s+"
    + _NOT
    + r"\s+(?:\w+\s+){0,2}?"
    + _PAY_VERB
    + r"\b|\bif\s+not\b|\bif\s+(?:i|we)\s+(?:don"
    + _Q
    + r"?t|dont|do\s+not)\s+(?:get|receive|see)\b|\bif\s+no\s+(?:payment|pay)\b|\bif\s+"
    r"(?:the\s+)?(?:payment|loan|amount|money|dues?)\s+(?:is|are)\s+not\b|\b(?:kung|pag|kapag)\s+"
    r"(?:hindi|di)\s+ka\s+(?:pa\s+)?(?:\w+\s+)?" + _PAY_VERB + r"\b|\bkung\s+ayaw\s+mo(?:ng)?\b|"
    r"\b(?:payment|pay|paisa|paise|loan)\s+(?:\w+\s+){0,2}?nahi\s+(?:kiya|kia|kiye|diya|di|kari|"
    r"karoge|karega|kiya\s+gaya)\s+toh?\b)"
)
_OR: Final = r"(?:\b(?:or(?:\s+else)?|otherwise|else|warna|varna|kundi|nahi\s+toh?|nai\s+toh?)\b)"


# A condition right before a threat: a condition on paying, or "or", "otherwise", "else",
# "warna" after a demand in the same sentence ("Pay $500 or I send ..."), "or" only before a
# subject ("or I", "or your", "or everything"; not "pay today or tomorrow").
_PAY_CONDITION_BEFORE: Final = re.compile(_PAY_CONDITION + _S + r"{0,100}$")
_OR_BEFORE: Final = re.compile(
    _OR + r"(?:\s+(?:i|we|im|ur|your|yr|it|they|these|everything|everyone|everybody|the|all|"
    r"every)\b"
    r"|(?=\s+[\w" + _Q[1:-1] + r"]+\s))" + _S + r"{0,100}$"
)
_OR_SUBJECT: Final = re.compile(
    r"or(?:\s+else)?\s+(?:i|we|im|ur|your|yr|it|they|these|everything|everyone|everybody|the|"
    r"all|every)\b"
)
# Not a dot inside a word either: a UPI ID's "sanjay.k02@ybl" ends no sentence (session 26).
_SENTENCE_END: Final = re.compile(r"(?<!\d)(?:[.!?](?!\w)|\n(?!\d))")
_ANY_SENTENCE_END: Final = re.compile(r"[.!?\n]")


def _condition_before(upto: str) -> bool:
    """A condition on paying before the threat (``upto`` ends where the threat's verb is)."""
    if _PAY_CONDITION_BEFORE.search(upto):
        return True
    found = _OR_BEFORE.search(upto)
    if found is None:
        return False
    if found.group(0).split()[0] == "or" and _OR_SUBJECT.match(found.group(0)) is None:
        return False
    sentence = _SENTENCE_END.split(upto[: found.start()])[-1]
    return _DEMAND.search(sentence) is not None


_CONDITION_AFTER: Final = re.compile(r"" + _S + r"{0,80}?" + _PAY_CONDITION)
_LABEL: Final = re.compile(
    r"\b(?:fraud|fraudster|scammer|thief|defaulter|cheater|criminal|chor|estafador|manloloko|"
    r"magnanakaw|dishonest|chor)\b"
)
_LABEL_AFTER: Final = re.compile(r"" + _S + r"{0,80}?" + _LABEL.pattern)
_DEMAND: Final = re.compile(
    r"\b(?:pay|paid|payment|transfer|bitcoin|btc|crypto|usdt|eth|gcash|loan|overdue|owing|owe|"
    r"repay|settle|cash\s?app|zelle|venmo|gift\s?cards?|utang|bayaran|babayaran|magbayad|"
    r"mag-bayad|bayad|magbabayad|nagbabayad|nagbayad|nag-bayad|magpadala|paisa|paise|rupees|jama|"
    r"naira|pesos?)\b"
    r"|\bsend\s+(?:me\s+)?(?:[$£€₹₱₦]|rs\.?\s?|n|p|php\s?)?\d|[$£€₹₱₦]\s?\d|\brs\.?\s?\d"
    # Hinglish: an amount, then "bhejo", "de do", "transfer karo" (session 26)
    r"|\b\d[\d,]*\s*(?:k|rs|rupees?|rupaye)?\s+(?:bhejo|bhej\s+do|de\s+do|dedo|transfer\s+karo|"
    r"pay\s+karo|jama\s+karo)\b"
)


def _is_threat(lowered: str, m: re.Match[str]) -> bool:
    """Whether an exposure is a threat: see the module's notes."""
    kind = m.lastgroup
    start, end = m.span()
    before = lowered[max(0, start - 120) : start]
    after = lowered[end : end + 120]
    verb = (
        m.start("va")
        if kind == "a" and m.group("va") is not None
        else (m.start("vt") if kind == "t" else None)
    )
    if verb is not None and _NEGATION.search(lowered, start, verb) is not None:
        return False
    if kind == "d":
        return True
    if kind == "tl":
        if _condition_before(before) or _LABEL_AFTER.match(after):
            return True
        # informing ("ipapaalam namin") only under a condition or with a label
        return not m.group(0).startswith(("ipapaalam", "ipaalam")) and (
            _TL_AFTER.match(lowered, end) is not None
        )
    text = m.group(0)
    if kind == "s" and m.group("se") is not None:
        # Everyone alone sees the reader's material: only material that shames the reader
        # ("recordings from your webcam"), under a condition on paying.
        return _COMPROMISING.search(lowered) is not None and (
            _condition_before(lowered[max(0, start - 120) : end])
            or _CONDITION_AFTER.match(after) is not None
        )
    if kind == "s" and m.group("so").startswith(("everything", "what")):
        return True
    sentence = _ANY_SENTENCE_END.split(before)[-1]
    upto = lowered[max(0, start - 120) : verb if verb is not None else end]
    return (
        _COMPROMISING.search(sentence + text) is not None
        or _LABEL.search(text) is not None
        or _condition_before(upto)
        or _CONDITION_AFTER.match(after) is not None
        or _LABEL_AFTER.match(after) is not None
    )


# The words every exposure holds: its audience's, "public", "viral", "online", "publicly",
# "everywhere" or "internet" (where the forms without an audience send it: "your video goes
# viral"), "defame", "disgrace" or "shame", a Hinglish word of its own, or a Tagalog verb or
# the doer it needs ("i-send namin", "ipopost ko"). Not "all" ("send it to all."): a word of
# nearly every text. A text that is not ASCII is read anyway ("family😈", "wife’s": ``word_set``
# keeps such a word whole).
_EXPOSE_WORDS: Final[WordSet] = frozenset(
    b"contacts contact phonebook book family families friends friend relatives colleagues "
    b"coworkers workers employer boss wife husband parents followers facebook fb instagram insta "
    b"tiktok twitter snapchat linkedin social whatsapp girlfriend boyfriend gf bf partner fiance "
    b"fiancee kids children school church workplace office hr classmates mates missus references "
    b"referees guarantor guarantors neighbours neighbors loved laws siblings mom mum dad mother "
    b"father everyone everybody every public viral online publicly everywhere internet defame "
    b"disgrace shame ghar walon walo wale gharwalon rishtedaron rishtedar dosto doston sabko sab "
    b"sabhi logon popost ipopost ipo ipapost ikakalat ikalat ipapakalat ipagkakalat ipagkalat "
    b"ipakalat ipapadala ipadala ipapasa ipasa ise isesend ipapaalam ipaalam ipapakita ipakita "
    b"ishashare isheshare namin nila ko ka".split()
)
# The words or signs every demand holds (``_DEMAND``), read before anything else: most texts
# that name someone's family or friends ask for no money.
_DEMAND_WORDS: Final[WordSet] = frozenset(
    b"pay paid payment transfer bitcoin btc crypto usdt eth gcash loan overdue owing owe repay "
    b"settle cash zelle venmo gift giftcard giftcards utang bayaran babayaran magbayad mag bayad "
    b"magbabayad nagbabayad nagbayad nag magpadala paisa paise rupees jama naira pesos peso send "
    b"rs bhejo bhej de dedo karo".split()
)
# Those that ``_DEMAND`` finds alone, as whole words ("send" needs an amount after it, "cash"
# an "app", "rs" a number).
_SURE_DEMAND_WORDS: Final[WordSet] = _DEMAND_WORDS - frozenset(
    b"send cash gift mag nag rs bhejo bhej de dedo karo".split()
)
_MONEY_SIGNS: Final = "$£€₹₱₦"
# A word every threat holds (``_is_threat``): a condition's, compromising material's, a label's,
# "defame", "disgrace" or "shame", a Tagalog verb of spreading, or "everything" or "what"
# ("everyone will see everything"). Searched before ``_EXPOSE``, which costs ten times more.
_THREAT_WORD: Final = re.compile(
    r"\b(?:or|otherwise|else|unless|warna|varna|kundi|nahi|nai|if|kung|pag|kapag|nudes?|naked|"
    r"intimate|private|explicit|sexual|sex|sextape|morphed|obscene|dirty|nangi|adult|"
    r"compromising|webcam|masturbat\w*|fraud|fraudster|scammer|thief|defaulter|cheater|criminal|"
    r"chor|estafador|manloloko|magnanakaw|dishonest|defame|disgrace|shame|everything|what|"
    + _TL_VERB
    + r")\b"
)
#: At most this many exposures of a text are read.
_MAX_EXPOSURES: Final = 32


def find_extortion(text: str, words: WordSet | None = None) -> str | None:
    """A threat to expose the reader unless they pay (see the module's notes): the exposure as
    written, if any.

    Args:
        text: a message body.
        words: the words of ``word_set(text)`` the caller indexes (its trigger words and
            ``demand_words()`` at least), or ``None`` for all of them.
    """
    words = word_set(text) if words is None else words
    head = text[:OFFER_REACH]
    if words.isdisjoint(_DEMAND_WORDS) and not any(sign in head for sign in _MONEY_SIGNS):
        return None
    ascii_text = head.isascii()
    if words.isdisjoint(_EXPOSE_WORDS) and ascii_text:
        return None
    lowered = head.lower()
    # A word of ``_SURE_DEMAND_WORDS`` is a match of ``_DEMAND`` in an ASCII text (both split
    # words at the same places); only the others need the search.
    if (not ascii_text or words.isdisjoint(_SURE_DEMAND_WORDS)) and _DEMAND.search(lowered) is None:
        return None
    if ascii_text and _THREAT_WORD.search(lowered) is None:
        return None
    for exposure in itertools.islice(_EXPOSE.finditer(lowered), _MAX_EXPOSURES):
        if _is_threat(lowered, exposure):
            if len(lowered) == len(head):
                return head[exposure.start() : exposure.end()].strip()
            return exposure.group(0).strip()
    return None


def extortion_trigger_words() -> WordSet:
    """The words without which ``find_extortion`` reads no ASCII text."""
    return _EXPOSE_WORDS


def demand_words() -> WordSet:
    """The words ``find_extortion`` reads in ``words`` before anything else (a demand's; a
    money sign aside): a caller that passes only the words it indexes must index these."""
    return _DEMAND_WORDS

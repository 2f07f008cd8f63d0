"""What a message's words say, for the compliance rules: keywords, opt-out wording, sender identity.

Everything here is a precompiled regular expression or a set lookup, cheap enough to run on every
message of a batch. The rules follow CTIA's Messaging Principles and Best Practices and the FCC's
2024 revocation-of-consent order:

* Keywords are whole messages: ``STOP`` counts, ``stop by at 5`` does not. Case, surrounding
  spaces and punctuation are ignored ("Stop!", " stop. ").
* Natural-language opt-outs ("please stop texting me", "remove me from your list") are reasonable
  requests the FCC says must be honoured. They are matched only at the *start* of a short message,
  which keeps ordinary chat that merely mentions stopping ("wait at the bus stop", "I can't stop
  laughing") out; ``bench/optout_language.py`` measures the rate on real ham texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Literal

#: What a whole-message keyword asks for.
Keyword = Literal["stop", "start", "help"]

#: CTIA's opt-out keywords, compared after normalisation (lower case, single spaces).
STOP_KEYWORDS: Final = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "opt out", "optout"}
)
START_KEYWORDS: Final = frozenset({"start", "unstop"})
HELP_KEYWORDS: Final = frozenset({"help", "info"})

_KEYWORDS: Final[dict[str, Keyword]] = {
    **dict.fromkeys(STOP_KEYWORDS, "stop"),
    **dict.fromkeys(START_KEYWORDS, "start"),
    **dict.fromkeys(HELP_KEYWORDS, "help"),
}
# Longest keyword is "unsubscribe" (11); allow punctuation and spaces around it.
_KEYWORD_MAX_CHARS: Final = 40
_NOT_WORD: Final = re.compile(r"[\W_]+")

#: Messages longer than this are not treated as natural-language opt-out requests: a request to
#: stop is short, and long texts that start with "stop" are usually about something else.
NATURAL_OPT_OUT_MAX_CHARS: Final = 100

# Politeness and greetings that may come before the request itself.
_LEAD: Final = r"^(?:(?:please|pls|plz|kindly|ok|okay|hi|hello|hey|sorry|no|yes|thanks)\W+)*"
_TEXTS: Final = r"(?:texts?|txts?|messages?|msgs?|sms|these|this|them|it)"
_NATURAL_OPT_OUT: Final = re.compile(
    _LEAD
    + r"(?:"
    # "stop texting me", "quit sending these", "stop all messages", "stop contacting this number"
    + r"(?:stop|quit|cease|end)\W+(?:all\W+)?(?:(?:texting|txting|messaging|sending|"
    r"contacting|spamming|calling|"
    + _TEXTS
    + r")\b)"
    # "don't text me", "do not message this number", "never text me again"
    + r"|(?:don'?t|do\W+not|never)\W+(?:ever\W+)?(?:text|txt|message|msg|sms|contact)\W+"
    r"(?:me|us|this\W+number)\b"
    # "remove me from your list", "take my number off", "delete this number"
    + r"|(?:remove|delete)\W+(?:me|us|my\W+number|this\W+number)\b"
    + r"|take\W+(?:me|us|my\W+number|this\W+number)\W+off\b"
    # "unsubscribe me", "opt me out", "I want to opt out", "I would like to unsubscribe"
    + r"|(?:unsubscribe|unsub)\b"
    + r"|opt\W*(?:me\W+)?out\b"
    + r"|i\W+(?:want|wish|would\W+like|need)\W+to\W+(?:opt\W*out|unsubscribe|stop\W+(?:getting|"
    r"receiving))\b"
    # "I don't want any more texts", "no more messages"
    + r"|i\W+(?:don'?t|do\W+not)\W+want\W+(?:any\W+more|anymore|any|these|your)\W+"
    + _TEXTS
    + r"|no\W+more\W+"
    + _TEXTS
    + r"\b"
    # "leave me alone" (the FCC's own example of a reasonable request)
    + r"|leave\W+me\W+alone\b"
    # "stop", "stop please", "STOP NOW!!" and similar short variants of the keyword
    + r"|(?:stop|unsubscribe|cancel|quit|end)(?:\W+(?:now|please|pls|plz|thanks|thank\W+you|"
    r"it|all|asap|immediately))+\W*$" + r")",
    re.IGNORECASE,
)


def normalise_keyword(body: str) -> str:
    """The body as a keyword candidate: lower case, punctuation dropped, single spaces."""
    return " ".join(_NOT_WORD.sub(" ", body).split()).lower()


# One anchored regex decides whether a short text can be a keyword at all (about 0.2 us),
# cheaper than normalising every short chat message first.
_KEYWORD_SHAPE: Final = re.compile(
    r"[\W_]*(stopall|stop|unsubscribe|cancel|end|quit|revoke|opt[\W_]*out|unstop|start|help|"
    r"info)[\W_]*",
    re.IGNORECASE,
)


def keyword_of(body: str) -> Keyword | None:
    """The keyword a whole message is, if it is one (``STOP``, ``start``, `` Help! ``).

    Args:
        body: a message body.

    Returns:
        ``"stop"``, ``"start"`` or ``"help"``; ``None`` when the message is anything else.
    """
    if len(body) > _KEYWORD_MAX_CHARS:
        return None
    found = _KEYWORD_SHAPE.fullmatch(body)
    if found is None:
        return None
    return _KEYWORDS.get(normalise_keyword(found.group(1)))


def is_natural_opt_out(body: str) -> bool:
    """True when a short message reads as a request to stop messaging ("please stop texting me").

    Keywords are checked separately by ``keyword_of``; this covers the wording around them.
    """
    if len(body) > NATURAL_OPT_OUT_MAX_CHARS:
        return False
    return _NATURAL_OPT_OUT.match(body.strip()) is not None


def classify(body: str, natural_language: bool = True) -> Keyword | None:
    """What a subscriber's message asks for: a keyword, or ``"stop"`` for a plain request.

    Args:
        body: a message body.
        natural_language: also read plain requests ("please stop texting me") as ``"stop"``.
    """
    if len(body) > NATURAL_OPT_OUT_MAX_CHARS:
        return None
    keyword = keyword_of(body)
    if keyword is None and natural_language and is_natural_opt_out(body):
        return "stop"
    return keyword


class KindMemo:
    """What short texts ask for (``classify`` with natural language), remembered per body.

    One per process (``KIND_MEMO``): the opt-out and campaigns signals both ask it, and
    ``clearline scan --workers`` puts what its worker processes classified into it. Bounded: it
    is emptied when full (a cold memo only costs time). Texts longer than any keyword or plain
    request are answered without being remembered.
    """

    def __init__(self, size: int = 200_000) -> None:
        self.size = size
        self._kinds: dict[str, Keyword | None] = {}

    def kind(self, body: str) -> Keyword | None:
        """``classify(body)``, remembered."""
        if len(body) > NATURAL_OPT_OUT_MAX_CHARS:
            return None
        kinds = self._kinds
        if body in kinds:
            return kinds[body]
        if len(kinds) >= self.size:
            kinds.clear()
        kind = kinds[body] = classify(body)
        return kind

    def clear(self) -> None:
        """Forget every answer (tests and benchmarks that want a cold start)."""
        self._kinds.clear()

    def remember(self, kinds: Mapping[str, Keyword | None]) -> None:
        """Take ``classify`` answers computed elsewhere (a ``scan --workers`` process)."""
        if len(self._kinds) + len(kinds) > self.size:
            self._kinds.clear()
        self._kinds.update(kinds)


#: The process's memo of ``classify`` answers (``KindMemo``).
KIND_MEMO = KindMemo()


def opt_out_request(body: str) -> str | None:
    """How a message asks to opt out: ``"keyword"``, ``"natural language"``, or ``None``."""
    keyword = keyword_of(body)
    if keyword == "stop":
        return "keyword"
    if keyword is None and is_natural_opt_out(body):
        return "natural language"
    return None


# Opt-out language: "Reply STOP to opt out", "Txt STOP to end", "STOP to cancel", "opt out at any
# time", "to unsubscribe reply END". Found by locating CTIA's stop words first (one scan of the
# lower-cased text) and checking only the few characters around each: a single regex with the
# context first costs 5-10 us a message, this about 2.
_STOP_WORD: Final = re.compile(r"stopall|stop|end|quit|cancel|unsubscribe|revoke|opt\W?out")
_ASKS_TO_SEND: Final = re.compile(r"\b(?:reply|text|txt|send|respond)\W+(?:with\W+)?[\"'“]?$")
_TO_BEFORE: Final = re.compile(r"\bto\W+$")
_TO_AFTER: Final = re.compile(
    r"[\"'”]?\W+(?:to|2)\W+(?:opt\W?out|end|stop|cancel|quit|unsubscribe|unsub)\b"
)
_STOP_RECEIVING: Final = re.compile(r"\W+(?:receiving|these|messages|texts)\b")
_ANY_TIME: Final = re.compile(r"\W+(?:at\W+any\W*time|anytime|via|through|by\W+replying|here)\b")


def has_opt_out_language(body: str) -> bool:
    """True when the text tells the recipient how to opt out ("Reply STOP to opt out")."""
    low = body.lower()
    size = len(low)
    for found in _STOP_WORD.finditer(low):
        start, end = found.span()
        if (start and low[start - 1].isalnum()) or (end < size and low[end].isalnum()):
            continue  # part of a longer word: "weekend", "stopped", "option"
        word = found.group()
        before = low[max(0, start - 24) : start]
        if _ASKS_TO_SEND.search(before) or _TO_AFTER.match(low, end):
            return True
        if word.startswith("opt"):
            if _TO_BEFORE.search(before) or _ANY_TIME.match(low, end):
                return True
        elif word == "unsubscribe":
            if _TO_BEFORE.search(before):
                return True
        elif word == "stop" and _TO_BEFORE.search(before) and _STOP_RECEIVING.match(low, end):
            return True
    return False


# A sender names itself with a prefix ("Acme Bank: ...", "[Acme] ...") or in words ("this is
# Sam with Acme", "from Acme"). Used for unregistered senders; registered campaigns are checked
# against their brand names, which is exact.
_SELF_IDENTIFIED: Final = re.compile(
    r"^\s*(?:\[[^\]]{2,40}\]|[A-Z0-9][\w&'.\- ]{1,40}:)"
    r"|\b(?:this\s+is|it'?s|from|with|on\s+behalf\s+of)\s+[A-Z][\w&'.\-]+",
)


def identifies_itself(body: str, names: tuple[str, ...] = ()) -> bool:
    """True when the text names its sender.

    Args:
        body: the message text.
        names: the sender's registered names (brand, display name); when given, one of them must
            appear in the text (case-insensitive). When empty, a "Name:" prefix or "this is Name"
            wording counts.
    """
    if names:
        folded = body.casefold()
        return any(name.casefold() in folded for name in names if name)
    return _SELF_IDENTIFIED.search(body) is not None


# Marketing in an opt-out confirmation is forbidden: offers, prices, links, calls to buy.
_MARKETING: Final = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/|\b(?:sale|deals?|offers?|discounts?|coupons?|promo(?:tion)?s?|save|"
    r"buy|shop|order\s+now|free|win|winner|prizes?|bonus|donate|donation|chip\s+in|"
    r"limited\s+time|exclusive|subscribe\s+to)\b|\d+\s?%\s?off|[$£€]\s?\d",
    re.IGNORECASE,
)


def marketing_in(body: str) -> str | None:
    """The first marketing wording in a text (an offer, a price, a link), or ``None``."""
    found = _MARKETING.search(body)
    return found.group(0) if found is not None else None


#: Public URL shorteners carriers refuse on A2P traffic (branded short domains are fine).
PUBLIC_SHORTENERS: Final = (
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "t.co",
    "is.gd",
    "v.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "tiny.one",
    "rb.gy",
    "t.ly",
    "s.id",
    "shorte.st",
    "adf.ly",
    "bl.ink",
    "lnkd.in",
    "qrco.de",
    "soo.gd",
    "clck.ru",
    "short.gy",
    "urlz.fr",
    "x.co",
    "2u.pw",
)
_SHORTENER_HOSTS: Final = frozenset(PUBLIC_SHORTENERS)
_URL_EDGE: Final = "(<[{\"'"


def public_shortener_in(body: str) -> str | None:
    """The public URL-shortener domain a text links through, or ``None``.

    Looks only at words with a slash (a link has a path): most texts have none, and a set
    lookup per link is cheaper than a regex over every position of every text.
    """
    if "/" not in body:
        return None
    for token in body.split():
        if "/" not in token:
            continue
        link = token.lower().lstrip(_URL_EDGE)
        scheme = link.find("://")
        if scheme != -1:
            link = link[scheme + 3 :]
        host, _, path = link.partition("/")
        if host.startswith("www."):
            host = host[4:]
        if path and host in _SHORTENER_HOSTS:
            return host
    return None

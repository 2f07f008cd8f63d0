"""Text generators for the simulator: chat, alerts, campaign texts and spam, with real variety.

Every generator takes a ``random.Random`` so a seed reproduces a run. Variety comes from
combinatorial templates, spintax (``{a|b|c}``), personalisation (names, amounts, codes, links) and
typing noise (typos, case, emoji), the things that defeat exact-match filters and that a campaign
fingerprint must see through. Nothing here is read from ``../shared/data``, so the content model
(trained on that data) is not evaluated on its own training texts.
"""

from __future__ import annotations

import random
import re
import string

FIRST_NAMES = (
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Frank",
    "Grace",
    "Hiro",
    "Imani",
    "Jake",
    "Kim",
    "Luis",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
    "Omar",
    "Lena",
    "Mateo",
    "Aisha",
)
_PLACES = (
    "the park",
    "Joe's",
    "the gym",
    "work",
    "the library",
    "mom's",
    "the mall",
    "church",
    "practice",
    "the station",
    "the game",
    "school",
    "the office",
    "the airport",
)
_TIMES = ("5", "6", "7:30", "noon", "8", "tonight", "tmrw", "10", "3:15", "after work")
_FOODS = ("pizza", "tacos", "sushi", "burgers", "pho", "bbq", "salad", "curry")
_EMOJI = ("😂", "👍", "❤️", "🙏", "😅", "🎉", "😭", "🙄", "👀", "🔥")
_CHAT_TEMPLATES = (
    "hey are we still on for {time}?",
    "running late, be there in {n} min",
    "omw",
    "can you grab {food} on the way?",
    "lol {name} is hilarious",
    "did you see what {name} posted",
    "call me when you can",
    "thanks!! {emoji}",
    "at {place}, where are you",
    "ok sounds good",
    "what time does it start",
    "I'm so tired today",
    "happy birthday {name}!! {emoji}",
    "can't make it tonight sorry",
    "{name} says hi",
    "how did it go?",
    "yes",
    "no worries",
    "leaving now",
    "did you feed the dog",
    "need anything from the store?",
    "meeting moved to {time}",
    "the game is on at {time}",
    "I'll pick up the kids",
    "love you, see you at {time}",
    "ugh traffic",
    "just landed",
    "can I borrow your charger",
    "are you coming to {place}?",
    "dinner at {place} at {time}?",
    "lmk",
    "k",
    "haha yes",
    "that's wild",
    "so proud of you",
    "good luck today!",
    "feel better soon",
    "check this out {link}",
    "here's the address {n} Oak St",
    "parking at {place}",
    "don't forget {name}'s party saturday",
    "wanna get {food}?",
    "I got the tickets",
    "did you pay the electric bill",
    "the kids are asleep",
    "can you send me that recipe",
    "my flight got delayed",
    "see you soon",
    "ok",
    "hahaha",
    "what's the wifi password again",
    "stop by at {time} if you want",
    "we're out of milk",
)
_SHARED_LINKS = (
    "https://www.youtube.com/watch?v={token}",
    "https://www.nytimes.com/2026/11/{n}/",
    "maps.google.com/?q={n}+Main+St",
    "https://www.instagram.com/p/{token}/",
    "https://open.spotify.com/track/{token}",
)


def token(rng: random.Random, size: int = 8) -> str:
    """A random URL-safe token, like the ids in real links."""
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(size))


def typo(rng: random.Random, text: str, rate: float = 0.15) -> str:
    """Sometimes swap, drop or double a letter, and sometimes change case: people type badly."""
    if len(text) > 4 and rng.random() < rate:
        i = rng.randrange(1, len(text) - 2)
        kind = rng.random()
        if kind < 0.4:
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif kind < 0.7:
            text = text[:i] + text[i + 1 :]
        else:
            text = text[:i] + text[i] + text[i:]
    roll = rng.random()
    if roll < 0.1:
        text = text.capitalize()
    elif roll < 0.13:
        text = text.upper()
    return text


_SPIN = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def spin(rng: random.Random, template: str) -> str:
    """Expand spintax: each ``{a|b|c}`` becomes one of its options."""
    while True:
        expanded = _SPIN.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        if expanded == template:
            return expanded
        template = expanded


def chat(rng: random.Random) -> str:
    """One person-to-person text."""
    text = rng.choice(_CHAT_TEMPLATES).format(
        time=rng.choice(_TIMES),
        n=rng.randint(2, 45),
        food=rng.choice(_FOODS),
        name=rng.choice(FIRST_NAMES),
        emoji=rng.choice(_EMOJI),
        place=rng.choice(_PLACES),
        link=rng.choice(_SHARED_LINKS).format(token=token(rng, 11), n=rng.randint(1, 28)),
    )
    if rng.random() < 0.12:
        text += " " + rng.choice(_EMOJI)
    return typo(rng, text)


def otp(rng: random.Random, brand: str) -> str:
    """A one-time passcode from a bank."""
    code = rng.randint(100000, 999999)
    return spin(
        rng,
        f"{brand}: {{Your|Your one-time}} {{verification|security}} code is {code}. "
        "Don't share it with anyone. We'll never call to ask for it.",
    )


def bank_alert(rng: random.Random, brand: str, first: bool) -> str:
    """An account alert; the first one to a customer carries opt-out instructions."""
    amount = f"{rng.randint(3, 1800)}.{rng.randint(0, 99):02d}"
    last4 = f"{rng.randint(0, 9999):04d}"
    floor = rng.choice((50, 100, 200))
    text = rng.choice(
        (
            f"{brand}: A purchase of ${amount} was made on your card ending {last4}.",
            f"{brand}: Your balance is below ${floor}. Current balance ${amount}.",
            f"{brand}: Payment of ${amount} received. Thank you.",
            f"{brand}: Direct deposit of ${amount} is available.",
        )
    )
    return text + (" Reply STOP to opt out, HELP for help." if first else "")


def flight_notice(rng: random.Random, brand: str, first: bool) -> str:
    """A flight status notice."""
    flight = f"{rng.choice(('SW', 'SK'))}{rng.randint(100, 2999)}"
    gate = f"{rng.choice('ABCDE')}{rng.randint(1, 40)}"
    departs = f"{rng.randint(1, 12)}:{rng.choice(('05', '20', '45'))}"
    text = rng.choice(
        (
            f"{brand}: Flight {flight} is on time, boarding at gate {gate}.",
            f"{brand}: Flight {flight} is delayed; new departure {departs}.",
            f"{brand}: Check-in for flight {flight} is open. Manage your trip in our app.",
            f"{brand}: Your bag for flight {flight} is at carousel {rng.randint(1, 12)}.",
        )
    )
    return text + (" Txt STOP to opt out." if first else "")


def school_closure(rng: random.Random, brand: str) -> str:
    """The district's closure alert (one text, sent to every parent)."""
    return (
        f"{brand}: All schools are closed today, {rng.choice(('Monday', 'Tuesday'))}, due to "
        "severe weather. Stay safe. Reply STOP to opt out."
    )


def pharmacy_reminder(rng: random.Random, brand: str, first: bool) -> str:
    """A refill reminder."""
    text = spin(
        rng,
        f"{brand}: {{Your prescription|A prescription}} is {{ready for pickup|ready}} "
        f"at our {rng.choice(('Main St', 'Elm Ave', 'Harbor Rd'))} store.",
    )
    return text + (" Reply STOP to end reminders." if first else "")


def retail_promo(rng: random.Random, brand: str, first: bool) -> str:
    """A promotional text from a retailer its subscribers opted in to."""
    text = spin(
        rng,
        f"{brand}: {{Flash sale|Weekend sale|Members' sale}}! "
        f"{rng.choice((20, 25, 30, 40))}% off {{everything|all boots|new arrivals}} "
        "through Sunday, in store and online.",
    )
    return text + " Reply STOP to unsubscribe." if first else text


def campaign_opener(
    rng: random.Random,
    candidate: str,
    committee: str,
    volunteer: str,
    recipient: str,
    compliant: bool,
) -> str:
    """A peer-to-peer campaign text; the compliant one identifies itself and offers opt-out."""
    ask = spin(
        rng,
        "{Can we count on your vote|Will you vote for " + candidate + "|"
        "Do you have a plan to vote} on {Tuesday|Nov 3|election day}?",
    )
    greet = spin(rng, "{Hi|Hey|Hello} " + recipient)
    if compliant:
        return (
            f"{greet}, this is {volunteer}, a volunteer with {committee}. {ask} "
            f"Reply STOP to opt out. Paid for by {committee}."
        )
    polls = spin(rng, "{Early voting is open|Polls are open} now.")
    return f"{greet}, it's {volunteer}! {ask} {polls}"


def campaign_follow_up(rng: random.Random, candidate: str) -> str:
    """A volunteer's answer to a reply."""
    return spin(
        rng,
        "{Thanks so much|Thank you|Great to hear}! {You can find your polling place "
        "at vote.gov|Let us know if you need a ride to the polls}. " + "{🗳️|}",
    )


_SNOWSHOE = (
    "{Congrats|Congratulations}! You've been {selected|chosen} for a ${amt} {gift card|reward}. "
    "{Claim|Redeem} {now|today} at {link}",
    "{Final notice|Last chance}: your {car warranty|vehicle coverage} {expires|ends} {today|soon}. "
    "{Call|Reply} now {link}",
    "{Hi|Hello}, {we have|there is} a ${amt} {refund|credit} {waiting|pending} for you. "
    "{Confirm|Verify} at {link}",
    "You {qualify|are approved} for up to ${amt}k {in funding|loan}, no credit check! {link}",
    "{Lose|Drop} {10|15|20} lbs in {2|3} weeks! {Limited|Exclusive} offer {link}",
)
_SPAM_TLDS = ("xyz", "top", "club", "info", "site", "online", "click", "live", "shop")
_SMISHING = (
    (
        "USPS",
        "USPS: Your package {is on hold|could not be delivered} due to {an incomplete|a missing} "
        "address. {Update|Confirm} {now|within 24h}: {link}",
        ("usps-redelivery", "usps-track-help", "uspss-delivery", "usps-parcel-care"),
    ),
    (
        "Chase",
        "Chase: {Unusual|Suspicious} sign-in {detected|attempt} on your account. {Verify|Secure} "
        "your identity {now|immediately} at {link} or your account will be {locked|suspended}.",
        ("chase-secure-login", "chasee-verify", "chase-alerts-auth", "cha5e-online"),
    ),
    (
        "Amazon",
        "{Amazon|Amaz0n}: Your account {has been locked|is on hold}. {Confirm|Update} your "
        "payment {details|method} at {link}",
        ("amazon-account-verify", "amaz0n-billing", "amazon-secure-pay"),
    ),
    (
        "Toll",
        "{E-ZPass|Toll Services}: You have an unpaid toll of ${amt}.{45|95}. "
        "Pay {today|now} to avoid "
        "a ${late} late fee: {link}",
        ("ezpass-tollpay", "e-zpass-billing", "toll-services-pay"),
    ),
)
_SIM_FARM = (
    "Hi, is this {name}? {It's|This is} {sender} from the {reunion|conference|gym}",
    "{Hello|Hi} {name}, {are you|r u} still {selling|looking for} the {apartment|car}?",
    "{Earn|Make} ${amt}/day {from home|with crypto}, {text|reply} YES {to learn more|for details}",
    "{Sorry|Oops}, {wrong number|I think I have the wrong number}. {Anyway|By the way}, "
    "{nice to meet you|what do you do}?",
)


def snowshoe_text(rng: random.Random) -> str:
    """A spam text from a snowshoe campaign's varied templates, with a throwaway domain."""
    domain = f"{token(rng, rng.randint(5, 9)).lower()}.{rng.choice(_SPAM_TLDS)}"
    link = (
        f"{domain}/{token(rng, 5)}" if rng.random() < 0.7 else f"https://{domain}/{token(rng, 5)}"
    )
    return spin(rng, rng.choice(_SNOWSHOE)).format(
        amt=rng.choice((50, 100, 500, 750, 1000)), link=link
    )


def smishing_text(rng: random.Random, wave: int) -> str:
    """A smishing text of one wave: one impersonated brand, lookalike domains, a tracking token."""
    _brand, template, stems = _SMISHING[wave % len(_SMISHING)]
    stem = rng.choice(stems)
    tld = rng.choice(("com", "info", "top", "help", "xyz"))
    link = (
        f"https://{stem}.{tld}/{token(rng, 6)}"
        if rng.random() < 0.6
        else f"{stem}.{tld}/{token(rng, 6)}"
    )
    return spin(rng, template).format(link=link, amt=rng.randint(3, 12), late=rng.choice((25, 50)))


def sim_farm_text(rng: random.Random, sender_name: str) -> str:
    """A SIM-farm text: wrong-number openers and get-rich lures at machine pace."""
    return spin(rng, rng.choice(_SIM_FARM)).format(
        name=rng.choice(FIRST_NAMES), sender=sender_name, amt=rng.choice((200, 350, 500, 800))
    )


def stop_reply(rng: random.Random) -> str:
    """A subscriber's opt-out: keywords and natural-language requests, typed every which way."""
    return rng.choice(
        (
            "STOP",
            "Stop",
            "stop",
            "STOP.",
            "unsubscribe",
            "Stop texting me",
            "please remove me from your list",
            "STOPALL",
            "quit",
            "stop!",
        )
    )


def help_reply(rng: random.Random) -> str:
    """A subscriber asking for help."""
    return rng.choice(("HELP", "help", "Help", "INFO", "info?"))


def human_reply(rng: random.Random) -> str:
    """A subscriber answering a campaign or a notice like a person."""
    return typo(
        rng,
        rng.choice(
            (
                "yes",
                "Already voted!",
                "who is this?",
                "maybe",
                "no thanks",
                "Yes I'll be there",
                "thanks",
                "ok",
                "what's this about?",
            )
        ),
    )

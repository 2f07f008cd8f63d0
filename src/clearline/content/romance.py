"""Romance openers: a stranger's first text that courts the reader.

Pig-butchering and romance scams (the FTC's and the FBI's warnings; Nigeria, India, Kenya and
the Philippines have them in their languages) open with a stranger who wants to be friends:
"Hi dear, I'm Neha from Pune, saw your number in a group. Can we be friends?", "Sorry, I think
I added the wrong number... but you seem nice, my name is Amy", "Hi, I got your number from a
friend, I'm Lisa, divorced, 38". ``find_romance_opener(text)`` finds one of three forms:

* an ask to be friends ("can we be friends", "hope we can be friends", "pwede ba tayo maging
  friends");
* the sender's own wrong number, and the chat kept going after it ("nice to meet you anyway",
  "you seem nice", "my name is ...", "where are you from");
* the reader's number got from a friend, a group, Facebook or an app, with courting words
  ("Hi dear", "handsome", "single", "divorced", "lonely", "be friends").

A person's "is this Jess? It's Mel from pilates" is none of these and stays delivered (a
scammer's "is this Amy?" reads the same, and no word tells them apart). A real wrong number
that chats on is not for the reader anyway.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["ROMANCE_REACH", "find_romance_opener", "romance_trigger_words"]

# Matched against the lower-cased text.
_FRIENDS: Final = re.compile(
    r"\b(?:(?:can|could|shall)\s+we\s+(?:be|become)\s+friends|(?:be|make|become)\s+(?:good\s+)?"
    r"friends\s+with\s+(?:you|u)|(?:hope|like|love|want|wish)\s+(?:\w+\s+)?(?:to\s+)?(?:we\s+can\s+)?"
    r"(?:be|become|make)\s+friends|(?:pwede|puwede)\s+(?:ba\s+)?(?:tayo\s+)?(?:maging\s+)?friends)\b"
)
_WRONG_NUMBER: Final = re.compile(
    r"\b(?:(?:i|i've|i’ve|i\s+have|i\s+had|i\s+got|i\s+must\s+have|i\s+think\s+i)\s+(?:\w+\s+){0,2}"
    r"(?:the\s+)?wrong\s+(?:number|person|contact)|wrong\s+number\s+(?:ata|pala|po)|(?:saved|added|"
    r"texted|messaged|dialed|dialled)\s+(?:\w+\s+){0,2}wrong\s+(?:number|person)|sorry,?\s+wrong\s+"
    r"(?:number|person))\b"
)
_CHAT_GOES_ON: Final = re.compile(
    r"\b(?:nice\s+to\s+meet\s+you|you\s+seem\s+(?:nice|kind|friendly|lovely|sweet)|anyway|"
    r"where\s+are\s+you\s+from|what(?:'s|’s|\s+is)\s+your\s+name|be\s+friends|maging\s+friends|"
    r"fate|destiny|are\s+you\s+single|my\s+name\s+is|i\s+just\s+moved)\b"
)
_NUMBER_FROM: Final = re.compile(
    r"\b(?:got|found|saw|get|picked)\s+(?:your|ur)\s+(?:number|contact)\s+(?:from|in|on|at|"
    r"through)\s+(?:a\s+|my\s+|the\s+)?(?:friends?(?:'s|’s)?(?:\s+list|\s+group)?|facebook|fb|"
    r"instagram|linkedin|an?\s+app|a\s+dating|dating|the\s+internet|online|a\s+group|group|"
    r"my\s+contacts?|contacts?|my\s+old\s+phone|old\s+phone|a\s+directory)"
)
_COURTING: Final = re.compile(
    r"\b(?:(?:hi|hello|hey)\s+(?:my\s+)?(?:dear|handsome|beautiful|sweetheart|pretty|gorgeous|"
    r"darling)|are\s+you\s+single|i['’]?m\s+single|divorced|widow(?:ed|er)?|lonely|"
    r"(?:be|become)\s+friends|friends?\s+with\s+you)\b"
)

#: How much of a text the finder reads.
ROMANCE_REACH: Final = 600

# Every form holds one of these words (the patterns' first words are everyday ones: "i", "can").
_TRIGGERS: Final[WordSet] = frozenset({b"friends", b"wrong", b"number", b"contact"})


def find_romance_opener(text: str, words: WordSet | None = None) -> str | None:
    """The text's romance opener (see the module's notes), as written, or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:ROMANCE_REACH]
    lowered = head.lower()
    found = _FRIENDS.search(lowered)
    if found is None:
        wrong = _WRONG_NUMBER.search(lowered)
        if wrong is not None and _CHAT_GOES_ON.search(lowered, wrong.end()) is not None:
            found = wrong
    if found is None:
        source = _NUMBER_FROM.search(lowered)
        if source is not None and _COURTING.search(lowered) is not None:
            found = source
    return None if found is None else as_written(head, lowered, found)


def romance_trigger_words() -> WordSet:
    """The words without which ``find_romance_opener`` finds nothing."""
    return _TRIGGERS

"""Romance openers (``content.romance``): a stranger who asks to be friends, chats on after
its own wrong number, or got the number from a group and courts the reader; never a person's
"is this Jess? It's Mel from pilates" or a reply to a wrong number."""

from __future__ import annotations

import pytest

from clearline.content.romance import find_romance_opener


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            "Hi dear, I'm Neha from Pune, saw your number in a group. Can we be friends? 😊",
            "Can we",
        ),
        (
            "Good morning! Sorry, I think I added the wrong number... but you seem nice, my name "
            "is Amy",
            "I think I added the wrong number",
        ),
        ("Hi dear, am Grace from Nakuru, I got your number from a friend. Can we chat?", "got"),
        ("Hi! Sorry wrong number ata. Pero pwede ba tayo maging friends? 😊", "pwede"),
    ],
)
def test_a_strangers_courting_opener_is_found(body: str, found: str) -> None:
    opener = find_romance_opener(body)
    assert opener is not None and opener.lower().startswith(found.lower())


@pytest.mark.parametrize(
    "body",
    [
        "Hi Jess! It's Mel from pilates, are you coming Thursday? 😊",
        "Sorry I think you have the wrong number, I don't know a Kevin",
        "Is this Priya? This is Karen Liu, the new room parent. Got your number from the class "
        "list",
        "Sorry wrong number! Meant to send that to my sister",
        "Hi, it's Dan from next door. Got your number from Sue, can you move your car tonight?",
        "We're still friends on Facebook right? Send me the pics from Saturday",
    ],
)
def test_people_new_contacts_and_wrong_numbers_without_courting_are_none(body: str) -> None:
    assert find_romance_opener(body) is None

"""Telephone numbers as STIR/SHAKEN compares them: E.164 digits without the ``+``.

Kept apart from ``passport.py`` so that the signals and the policy can use it without loading
the cryptography stack.
"""

from __future__ import annotations

import re

__all__ = ["e164_digits"]

# Visual separators people and switches put in numbers (RFC 3966 visual-separator, and spaces).
_SEPARATORS = re.compile(r"[\s().-]")
_URI_USER = re.compile(r"(?i)^(?:.*<)?(?:sips?|tel):([^@;>]+)")


def e164_digits(number: str) -> str:
    """A telephone number as E.164 digits without the ``+`` (the PASSporT's canonical form).

    Accepts ``+1 (212) 555-0123``, ``tel:+1-212-555-0123``, ``sip:+12125550123@host;user=phone``
    and ``"Name" <sip:...>``. A ten-digit number that looks like a national NANP number (area
    code not starting with 0 or 1) is read as one and gets the country code 1. Anything else is
    returned as it stands, without separators, so that it simply does not match.
    """
    if number[:1] == "+" and number[1:].isdigit():
        digits = number[1:]  # already "+digits", as most numbers come: no pattern to run
    else:
        text = number.strip()
        uri = _URI_USER.match(text)
        if uri is not None:
            text = uri.group(1)
        digits = _SEPARATORS.sub("", text).removeprefix("+")
    if len(digits) == 10 and digits.isdigit() and digits[0] not in "01":
        return "1" + digits
    return digits

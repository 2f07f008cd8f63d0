"""App installs outside the app stores: a text that asks the reader to install an Android
package (an ``.apk`` file) sent by link or named by file.

India's banks and the RBI, Singapore's police and ScamShield, Malaysia's PDRM and Kenya's
banks warn of the same scam since 2023: a text in a bank's, a courier's, a utility's or a
government's name ("Download the SBI Rewardz app to claim your points before they expire:
sbi-rewardz.apk", "Install 'Parcel Tracker' from parcel-track-sg.apk to confirm your
address", "Aapka credit card limit badh gaya hai, activate karne ke liye yeh app install
karein: axis-limit.apk") whose app, once side-loaded, reads the phone's messages and one-time
codes. No bank, courier or government sends its app as a file by text: their apps come from the
app stores. A bank's warning ("Never install .apk files sent by SMS") is no invitation.

``find_app_install(text)`` finds one: a name ending in ``.apk`` (a file or a link to one), not
under a warning's negation.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["APP_INSTALL_REACH", "app_install_trigger_words", "find_app_install"]

# Matched against the lower-cased text: a file or link ending in ".apk" ("sbi-rewardz.apk",
# "https://parcel-track-sg.apk", "bit.ly/x/HDFC_Reward.apk"). The word "APK" alone is no
# invitation: a friend's "download the minecraft apk from the play store" names a store.
_APK: Final = re.compile(r"(?:[\w/:.-]{1,80}/)?[\w-]+\.apk\b")
# A warning about such files, before them in the sentence: "never install", "do not download",
# "don't open", "avoid", "beware of".
_WARNING: Final = re.compile(
    r"\b(?:never|not|don['’]?t|dont|avoid|beware|warning|caution|mat|kabhi\s+na|huwag)\b"
    r"[^.!?\n]{0,60}$"
)

#: How much of a text the finder reads.
APP_INSTALL_REACH: Final = 600

_TRIGGERS: Final[WordSet] = frozenset({b"apk"})


def find_app_install(text: str, words: WordSet | None = None) -> str | None:
    """The invitation to install an Android package outside the app stores, as written, or
    ``None`` (see the module's notes).

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already.
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_TRIGGERS):
        return None
    head = text[:APP_INSTALL_REACH]
    lowered = head.lower()
    for match in _APK.finditer(lowered):
        if _WARNING.search(lowered, max(0, match.start() - 60), match.start()) is None:
            return as_written(head, lowered, match).strip()
    return None


def app_install_trigger_words() -> WordSet:
    """The words without which ``find_app_install`` finds nothing."""
    return _TRIGGERS

"""App installs outside the app stores (``clearline.content.app_installs``)."""

from __future__ import annotations

import pytest

from clearline.content.app_installs import APP_INSTALL_REACH, find_app_install


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            "Download the new SBI Rewardz app to claim your 7,999 points before they expire "
            "today: http://sbi-rewardz.apk",
            "http://sbi-rewardz.apk",
        ),
        (
            "Aapka credit card limit Rs 2,00,000 tak increase ho gaya hai. Activate karne ke liye "
            "yeh app install karein: axis-limit.apk",
            "axis-limit.apk",
        ),
        (
            "Your courier is waiting for a small charge. Install 'Parcel Tracker' from "
            "https://parcel-track-sg.apk to confirm your address.",
            "https://parcel-track-sg.apk",
        ),
        (
            "Redeem now by installing the Rewards app: hdfc-points.in/HDFC_Reward.APK",
            "hdfc-points.in/HDFC_Reward.APK",
        ),
    ],
)
def test_a_package_to_install_from_a_text_is_found(body: str, found: str) -> None:
    assert find_app_install(body) == found


@pytest.mark.parametrize(
    "body",
    [
        # a bank's warning, a friend naming a store, the word without a file
        "Never install .apk files sent by SMS or WhatsApp. SBI never sends app links by SMS.",
        "Do not download any app.apk shared by unknown callers. -HDFC Bank",
        "bro download the minecraft apk from the play store lol",
        "Update your YONO app from the Google Play Store only.",
    ],
)
def test_warnings_stores_and_the_bare_word_are_no_invitation(body: str) -> None:
    assert find_app_install(body) is None


def test_only_the_start_of_a_long_text_is_read() -> None:
    assert find_app_install("ok " * (APP_INSTALL_REACH // 3 + 1) + "rewards.apk") is None
    assert find_app_install("get rewards.apk " + "ok " * 1000) == "rewards.apk"

"""Signing in, in a real browser: the sign-in page, a wrong key, a role's page, sign-out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from browser_support import PageWatch, ServedProcess, screenshot_path
from clearline.storage.keys import Role


def test_a_wrong_key_then_the_right_one(
    served: ServedProcess, page: Page, watch: PageWatch
) -> None:
    watch.expect_status(401)  # the wrong key's answer
    page.goto(served.base_url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.screenshot(path=screenshot_path("sign-in"), full_page=True)
    page.get_by_label("API key").fill("clk_0123456789abcdef_not-a-real-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That key is unknown or revoked")

    page.get_by_label("API key").fill(served.key(Role.OPERATOR))
    page.get_by_label("API key").press("Enter")  # the keyboard alone signs in
    expect(page).to_have_url(served.base_url + "/operator")
    expect(page.get_by_role("heading", name="Operator")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(served.base_url + "/")
    page.goto(served.base_url + "/operator")
    expect(page).to_have_url(served.base_url + "/")  # signed out: back to the sign-in page


def test_a_subscriber_key_cannot_open_the_operator_console(
    served: ServedProcess, page: Page, watch: PageWatch
) -> None:
    watch.expect_status(403)
    page.goto(served.base_url + "/")
    page.get_by_label("API key").fill(served.key(Role.SUBSCRIBER, number="+14155550100"))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(served.base_url + "/subscriber")
    answer = page.goto(served.base_url + "/operator")
    assert answer is not None and answer.status == 403
    expect(page.get_by_role("alert")).to_contain_text("This page is not for subscriber keys")


def test_signing_in_and_changing_a_setting_with_the_keyboard_alone(
    served: ServedProcess, page: Page
) -> None:
    page.goto(served.base_url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Tab")
    key_field = page.get_by_label("API key")
    expect(key_field).to_be_focused()
    # The focused field shows it: a solid ring with 3:1 contrast on the card around it.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert _focus_ring_contrast(page, ".card") >= 3.0
    page.keyboard.type(served.key(Role.SUBSCRIBER, number="+14155550100"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(served.base_url + "/subscriber")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign out")).to_be_focused()
    assert _focus_ring_contrast(page, ".top") >= 3.0  # on the header's colour too
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")

    # Skip the header, then: the mode's radio group, the next mode, blocking, Save.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Everyone (filtered for spam)")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Contacts only")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save settings")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Protection settings saved")
    expect(page.get_by_label("Contacts only")).to_be_checked()


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a computed colour, ``rgb(r, g, b)``."""
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _focus_ring_contrast(page: Page, around: str) -> float:
    """Contrast of the focused element's outline with the background of its ``around`` box."""
    ring, background = page.evaluate(
        """(around) => [getComputedStyle(document.activeElement).outlineColor,
                        getComputedStyle(document.activeElement.closest(around)).backgroundColor]""",
        around,
    )
    lighter, darker = sorted((_luminance(ring), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)

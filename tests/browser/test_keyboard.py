"""Keyboard only, on a plan overview, a theme page and an easy read page: the first Tab
shows a skip link that goes to the content, and Tab then reaches every link and button of
the content, each showing where the focus is."""

from __future__ import annotations

from typing import Any

import pytest

from .harness import SUMMARY, focused, remember_unfocused, tab_through

KEYBOARD_PAGES = {
    "standard overview": "plans/dorset-ld-autism-2021-24/",
    "standard theme": "plans/dorset-ld-autism-2021-24/themes/moving-into-the-community/",
    "easy read": "easy-read/plans/dorset-ld-autism-2021-24/autism-diagnosis/",
}
SKIP_LINK_SHOWN_JS = """() => {
  const el = document.activeElement, box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const top = document.elementFromPoint(x, y);
  return {
    inView: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 &&
            box.right <= innerWidth && box.bottom <= innerHeight,
    onTop: !!top && el.contains(top),
    opacity: getComputedStyle(el).opacity,
    target: el.hash,
  };
}"""


@pytest.mark.parametrize("kind", list(KEYBOARD_PAGES))
def test_first_tab_shows_a_skip_link_to_the_content(page: Any, base_url: str, kind: str) -> None:
    page.goto(base_url + KEYBOARD_PAGES[kind])
    remember_unfocused(page)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and "Skip to content" in first.name, f"the first Tab focused {first}"
    # Material fades the skip link in (opacity and a slide, about a quarter of a second).
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'", timeout=3000)
    page.wait_for_timeout(300)
    shown = page.evaluate(SKIP_LINK_SHOWN_JS)
    assert shown["inView"] and shown["onTop"], f"{first.name} is not in view when focused: {shown}"
    assert first.visible_focus, f"{first.name} shows no focus: {first.focused_style}"
    page.keyboard.press("Enter")
    page.wait_for_function("hash => location.hash === hash", arg=shown["target"], timeout=3000)
    assert page.evaluate("hash => !!document.querySelector(hash)?.closest('article')", shown["target"])
    page.keyboard.press("Tab")
    after = focused(page)
    assert after is not None and after.in_article, f"after the skip link, Tab focused {after}"


@pytest.mark.parametrize("kind", list(KEYBOARD_PAGES))
def test_tab_reaches_every_link_and_shows_focus(page: Any, base_url: str, kind: str) -> None:
    page.goto(base_url + KEYBOARD_PAGES[kind])
    stops, missed = tab_through(page)
    unseen = [f"{stop.name}: {stop.focused_style}" for stop in stops if not stop.visible_focus]
    SUMMARY.setdefault("keyboard", {})[KEYBOARD_PAGES[kind]] = {
        "tab stops": len(stops),
        "tab stops in the content": sum(stop.in_article for stop in stops),
        "focus not visible": len(unseen),
        "content links and buttons not reached": len(missed),
    }
    assert stops and "Skip to content" in stops[0].name
    assert not unseen, "focus does not show on:\n" + "\n".join(unseen)
    assert not missed, "Tab does not reach:\n" + "\n".join(missed)

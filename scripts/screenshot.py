"""Make the README's picture of the form: the offer letter in Chinese, one field's message shown beside it.

    python scripts/screenshot.py            # writes docgen/web/static/screenshot-form.png

It uses the browser tests' own machinery (tests/browser.py): the app served by uvicorn on a free port with a
register of its own in a temporary folder, and Debian's Chromium driven headless by Selenium. The window is
made as tall as the form's first part and its picture scaled down, so the PNG stays small enough to keep.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402  (Pillow comes with WeasyPrint)
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.browser import WAIT, chromium, serving  # noqa: E402

OUTPUT = ROOT / "docgen" / "web" / "static" / "screenshot-form.png"
WIDTH = 1100  # CSS pixels of the window: the form's width on an office laptop
SHOWN_BELOW = 120  # CSS pixels kept below the field with the message, above the form's button bar
BAR = 90  # CSS pixels of the button bar at the window's foot
SCALE = 0.75  # of the screenshot's size: small, still legible
COLOURS = 128  # a palette this size keeps the text sharp and the file under 150 KB
MISTAKE = ("candidate.id_number", "310105199806154028")  # one digit mistyped: the check digit fails


def show_a_mistake(driver: object, url: str) -> int:
    """The sample offer letter in zh_CN with one mistake; where the message's bottom edge is, in CSS pixels."""
    driver.get(f"{url}/new/offer_letter?from=sample&lang=zh_CN")  # type: ignore[attr-defined]
    name, text = MISTAKE
    field = driver.find_element(By.ID, f"f-{name}")  # type: ignore[attr-defined]
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    field.send_keys(text, Keys.TAB)  # leaving the field checks it, as a person sees it
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))  # htmx swaps it in
    message = wait.until(lambda _: _said(driver, f"msg-{name}"))
    driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    return int(message.rect["y"] + message.rect["height"])


def _said(driver: object, element_id: str) -> object:
    """The element once it shows text; False until then."""
    element = driver.find_element(By.ID, element_id)  # type: ignore[attr-defined]
    return element if element.text else False


def fit_viewport(driver: object, height: int) -> None:
    """The window sized so that the page's own viewport (without the window's frame) is WIDTH × height."""
    driver.set_window_size(WIDTH, height)  # type: ignore[attr-defined]
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")  # type: ignore[attr-defined]
    driver.set_window_size(WIDTH * 2 - inner[0], height * 2 - inner[1])  # type: ignore[attr-defined]


def scaled(png: bytes) -> Image.Image:
    """The window's picture scaled down and reduced to a palette."""
    page = Image.open(io.BytesIO(png))
    ratio = page.width / WIDTH  # device pixels per CSS pixel
    size = (int(page.width * SCALE / ratio), int(page.height * SCALE / ratio))
    return page.resize(size, Image.Resampling.LANCZOS).convert("RGB").quantize(COLOURS)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="docgen-screenshot-") as temporary:
        folder = Path(temporary)
        with serving(folder) as served, chromium(folder / "profile", folder / "downloads") as driver:
            bottom = show_a_mistake(driver, served.url)
            # The window ends a little below the message, so its picture shows the form's top, the message
            # and the button bar the form keeps at the window's foot, as a person sees them.
            fit_viewport(driver, bottom + SHOWN_BELOW + BAR)
            picture = scaled(driver.get_screenshot_as_png())  # type: ignore[attr-defined]
    picture.save(OUTPUT, optimize=True)
    print(f"{OUTPUT.relative_to(ROOT)}: {picture.width}×{picture.height}, {OUTPUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

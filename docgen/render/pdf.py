"""PDF output: the HTML rendering laid out by WeasyPrint, fetching only from the template folders.

Importing this module imports WeasyPrint, so the pipeline imports it only when a
PDF is asked for. Fonts are set up once per process (see pdf_fonts).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2.sandbox import ImmutableSandboxedEnvironment
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..errors import DocumentTooLarge
from .html import render_html
from .pdf_fonts import font_configuration, install
from .pdf_widths import install as install_widths
from .templates import TemplateChoice

LOGGER = logging.getLogger("docgen.pdf")
PROGRESS = logging.getLogger("weasyprint.progress")  # WeasyPrint logs each page here as it lays it out

MAX_PAGES = 200  # pages in one PDF: a long contract has 10; a letter with 2,000 list items would have 2,252
MAX_SECONDS = 120  # laying out one PDF; the same limit as an office's own templates (render.guard)

# WeasyPrint's automatic table layout measures every break that overflow-wrap: anywhere gives a
# long run, in time quadratic in its length (35 s for two cells of 2,000 letters); so a document
# holding such a run lays its tables out at fixed widths instead, where the run wraps in its column.
LONG_RUN = re.compile(r">[^<]*?[^\s<\u2e80-\uffef]{100}")  # 100 characters of text without a space or CJK
FIXED_TABLES = "table.grid { table-layout: fixed; }"

# The page's one <style> element, parsed once per process and given to WeasyPrint as a parsed stylesheet
# rather than parsed again for every document (with its selectors compiled: about a tenth of a contract's time).
# A parsed sheet counts as the user's, not the author's, which ranks the same only where nothing else competes:
# so only a page whose one <style> is bare and holds none of the words below is rendered this way.
HEAD_STYLE = re.compile(r"<style>(?P<css>[^<]*)</style>")
OTHER_STYLES = re.compile(r"<style|<link", re.IGNORECASE)  # other sheets (style attributes outrank both kinds alike)
# !important ranks the other way round between the two; imports are fetched and the others kept per document.
PER_DOCUMENT_RULES = ("!", "@import", "@counter-style", "@color-profile", "\\")


class BlockedURL(ValueError):
    """A resource outside the template folders; WeasyPrint logs it and leaves it out."""


class FolderFetcher(URLFetcher):  # type: ignore[misc]
    """Allows data: URLs and file: URLs whose real path lies inside the given folders.

    Everything else (http, ftp, files elsewhere, symlinks out of the folders)
    is refused, and redirects are never followed.
    """

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=5)
        self._roots = [os.path.realpath(folder) for folder in folders]

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file" and not self._inside(unquote(urlsplit(url).path)):
            LOGGER.warning("blocked resource outside the templates folder: %s", url)
            raise BlockedURL(f"blocked resource outside the templates folder: {url}")
        if scheme not in ("file", "data"):
            LOGGER.warning("blocked resource with scheme %r: %s", scheme, url)
            raise BlockedURL(f"blocked resource: {url}")
        return super().fetch(url, headers)

    def _inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(real.startswith(root + os.sep) for root in self._roots)


def render_pdf(choice: TemplateChoice, context: dict[str, Any], env: ImmutableSandboxedEnvironment) -> bytes:
    html = render_html(choice, context, env)
    with _ONE_PDF_AT_A_TIME:
        install()
        install_widths()
        base_url = choice.path.parent.as_uri() + "/"
        if LONG_RUN.search(html):
            stylesheets = [CSS(string=FIXED_TABLES)]
        else:
            html, stylesheets = _shared_style(html, base_url, choice.search_path)
        document = HTML(string=html, base_url=base_url, url_fetcher=FolderFetcher(choice.search_path))
        with layout_budget(f"the {choice.path.parent.name} PDF"):
            rendering = document.render(font_config=font_configuration(), stylesheets=stylesheets)
        return bytes(rendering.write_pdf())


# Pango and fontconfig, under WeasyPrint, are not safe to call from two threads at once: docgen serve's threads
# rendering PDFs together corrupted GLib's memory ("corrupted double-linked list"). A process renders one PDF at a
# time (batches use processes, so they are not slowed); the wait does not count against the layout's time limit.
_ONE_PDF_AT_A_TIME = threading.Lock()


def _shared_style(html: str, base_url: str, folders: tuple[Path, ...]) -> tuple[str, list[CSS]]:
    """The page without its <style> element and that style parsed (once per process), or the page as it is."""
    found = HEAD_STYLE.search(html)
    if found is None or any(word in found["css"].lower() for word in PER_DOCUMENT_RULES):
        return html, []
    rest = html[: found.start()] + html[found.end() :]
    if OTHER_STYLES.search(rest):
        return html, []
    return rest, [_parsed_style(found["css"], base_url, folders)]


@lru_cache(maxsize=16)
def _parsed_style(css: str, base_url: str, folders: tuple[Path, ...]) -> CSS:
    # @font-face sources are fetched while parsing: through the fetcher of the page the sheet came from.
    return CSS(string=css, base_url=base_url, url_fetcher=FolderFetcher(folders), font_config=font_configuration())


# The bundled templates' faces, regular and bold, for Simplified and Traditional Chinese (Latin text uses them too).
WARM_UP_PAGE = """<html><body style="font-family: 'Noto Serif CJK SC', serif">
<p lang="zh-CN">中文 <b>中文</b></p><p lang="zh-TW" style="font-family: 'Noto Serif CJK TC', serif">中文 <b>中文</b></p>"""


def warm_up() -> None:
    """Lay out and write one short page, so processes forked after it start with the fonts found, open and shaped.

    The first PDF of a process otherwise spends about half a second on them (a contract then takes 0.2-0.4 s).
    """
    install()
    install_widths()
    document = HTML(string=WARM_UP_PAGE, url_fetcher=FolderFetcher(()))
    document.render(font_config=font_configuration()).write_pdf()


class _Budget:
    """The page and time limit of one PDF's layout."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.deadline = time.monotonic() + MAX_SECONDS

    def check(self, record: logging.LogRecord) -> None:
        page = record.args[-1] if "Page" in str(record.msg) and isinstance(record.args, tuple) else 0
        if isinstance(page, int) and page > MAX_PAGES:
            raise DocumentTooLarge(
                "{what} would have more than {max_pages:,} pages; the limit is {max_pages:,}",
                what=self.what,
                max_pages=MAX_PAGES,
            )
        if time.monotonic() > self.deadline:
            raise DocumentTooLarge(
                "{what} took more than {max_seconds} s to lay out and was stopped",
                what=self.what,
                max_seconds=MAX_SECONDS,
            )


_BUDGETS: dict[int, _Budget] = {}  # by thread: the web app lays out documents in several threads at once


def _check_budget(record: logging.LogRecord) -> bool:
    watch = _BUDGETS.get(record.thread or 0)
    if watch is not None:
        watch.check(record)  # raises inside WeasyPrint's layout, which stops it there
    return False  # progress records are never shown


PROGRESS.addFilter(_check_budget)
PROGRESS.setLevel(logging.INFO)  # the page records exist only at INFO


@contextmanager
def layout_budget(what: str) -> Iterator[None]:
    """Within it, WeasyPrint's layout in this thread stops with DocumentTooLarge past the page or time limit."""
    thread = threading.get_ident()
    _BUDGETS[thread] = _Budget(what)
    try:
        yield
    finally:
        del _BUDGETS[thread]

"""PDF output: the HTML rendering laid out by WeasyPrint, fetching only from the template folders.

Importing this module imports WeasyPrint, so the pipeline imports it only when a
PDF is asked for. Fonts are set up once per process (see pdf_fonts).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2.sandbox import ImmutableSandboxedEnvironment
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .html import render_html
from .pdf_fonts import font_configuration, install
from .templates import TemplateChoice

LOGGER = logging.getLogger("docgen.pdf")


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
    install()
    document = HTML(
        string=html,
        base_url=choice.path.parent.as_uri() + "/",
        url_fetcher=FolderFetcher(choice.search_path),
    )
    return bytes(document.write_pdf(font_config=font_configuration()))

"""Where files issued through the app are kept: [web] files, or the user's data folder; the register records
their paths, so they can be downloaded again later."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from ..config import Settings


def issued_folder(settings: Settings) -> Path:
    """The folder issued files are written to (created on first use)."""
    folder = settings.web.files or Path(platformdirs.user_data_dir("docgen")) / "issued"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_limit(settings: Settings) -> int:
    """The largest upload accepted, in bytes."""
    return settings.web.upload_limit_mb * 1024 * 1024

"""Helpers for the register tests: offer-letter data to issue, and docgen run in-process or as its own process."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from docgen.cli import app
from docgen.inputs import load_records
from docgen.store import Entry, open_register

from .conftest import ROOT, SAMPLES

SAMPLE_OFFER: dict[str, Any] = load_records(SAMPLES / "offer_letter.yaml")[0].data


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def offer(name: str = "林晓雯", **changes: Any) -> dict[str, Any]:
    """The sample offer letter for another candidate, with top-level fields changed."""
    data = copy.deepcopy(SAMPLE_OFFER)
    data["candidate"]["name"] = name
    return data | changes


def write_data(path: Path, data: dict[str, Any] | list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def lines(stdout: str) -> list[tuple[str, str]]:
    """NUMBER<TAB>PATH lines as pairs."""
    return [tuple(line.split("\t")) for line in stdout.splitlines()]  # type: ignore[misc]


def entries(url: str, **filters: Any) -> list[Entry]:
    with open_register(url) as register:
        return register.entries(**filters)


def docgen_command(*args: str, prelude: str = "") -> tuple[list[str], dict[str, str]]:
    """Command line and environment for docgen in its own process, running prelude first (e.g. a crash point)."""
    code = f"{prelude}\nimport sys\nfrom docgen.cli import app\napp(sys.argv[1:], prog_name='docgen')\n"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DOCGEN_")}
    env["PYTHONPATH"] = str(ROOT)
    return [sys.executable, "-c", code, *args], env


def docgen_process(*args: str, prelude: str = "", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """docgen in its own process, with its own connection to the register."""
    command, env = docgen_command(*args, prelude=prelude)
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)

"""Start-up: `docgen --help` and the workers load only what they need, and workers start while records validate."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from docgen import batching
from docgen.batching import BatchOptions, output_folder, render_to_folder
from docgen.config import Settings
from docgen.pipeline import as_records, rendering

from .conftest import ROOT
from .registers import offer, write_data

pool = importlib.import_module("docgen.render.pool")  # docgen.render is also the API's render function


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(result.stdout.split())


def test_the_command_line_loads_no_flow_register_or_format_library_until_a_command_runs() -> None:
    loaded = _loaded_after("from docgen.cli import app")
    assert not loaded & {"docgen.pipeline", "docgen.issuing", "docgen.store", "docgen.config", "docx", "weasyprint"}


def test_a_worker_loads_the_renderer_but_neither_the_register_nor_a_format_it_does_not_render() -> None:
    # What the fork server loads for a batch of the flow: the pool, and the module of the flow's work.
    loaded = _loaded_after("import docgen.render.pool, docgen.pipeline")
    assert not loaded & {"docgen.issuing", "docgen.batching", "docgen.spreadsheet", "docx", "weasyprint"}


def test_the_pool_calls_no_flow_back_and_its_workers_start_with_the_work_loaded(settings: Settings) -> None:
    assert "docgen.pipeline" not in _loaded_after("import docgen.render.pool")
    assert pool._modules_of(rendering(settings, "zh_CN", ("pdf",))) == ["docgen.pipeline"]


def test_workers_are_started_before_the_records_are_validated(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    started, validated = batching.Workers.__init__, batching.validated

    def starting(self: Any, *args: Any) -> None:
        events.append("workers")
        started(self, *args)

    def validating(*args: Any, **kwargs: Any) -> Any:
        events.append("validate")
        return validated(*args, **kwargs)

    monkeypatch.setattr(batching.Workers, "__init__", starting)
    monkeypatch.setattr(batching, "validated", validating)
    data = write_data(tmp_path / "many.json", [offer(f"候选人 {index}") for index in range(6)])
    written = render_to_folder(
        "offer_letter",
        as_records(data, "offer_letter"),
        fmt="html",
        locale="zh_CN",
        folder=output_folder(tmp_path / "out"),
        settings=settings,
        options=BatchOptions(jobs=2),
    )
    assert len(written) == 6
    assert events == ["workers", "validate"]

"""Batches validate every record first, then render, without holding the validated documents in memory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen import batching, issuing, validation
from docgen.batching import BatchOptions, output_folder, render_to_folder
from docgen.cli import app
from docgen.config import Settings
from docgen.documents.offer_letter import OfferLetter
from docgen.errors import InvalidData
from docgen.inputs import Record
from docgen.pipeline import as_records
from docgen.render.pool import chunk_size

from .registers import offer, write_data
from .test_spreadsheet import _csv_rows, _row, _xlsx

COUNT = 24


def _live_letters() -> int:
    return sum(isinstance(thing, OfferLetter) for thing in gc.get_objects())


class _Watch:
    """Counts the offer letters alive each time a document is done; the most it saw."""

    def __init__(self) -> None:
        self.most = 0

    def __call__(self) -> None:
        self.most = max(self.most, _live_letters())


def _data(tmp_path: Path) -> Path:
    return write_data(tmp_path / "many.json", [offer(f"候选人 {index}") for index in range(COUNT)])


def test_drafts_to_a_folder_hold_a_few_documents_not_the_batch(tmp_path: Path, settings: Settings) -> None:
    watch = _Watch()
    options = BatchOptions(jobs=1, on_done=watch)
    records = as_records(_data(tmp_path), "offer_letter")
    written = render_to_folder(
        "offer_letter",
        records,
        fmt="html",
        locale="zh_CN",
        folder=output_folder(tmp_path / "out"),
        settings=settings,
        options=options,
    )
    assert len(written) == COUNT and written[-1].name == f"offer_letter-{COUNT}.html"
    assert 1 <= watch.most <= 3  # the one being rendered, and what the collector has not reached yet


def test_issue_holds_a_few_documents_not_the_batch(tmp_path: Path, settings: Settings) -> None:
    watch = _Watch()
    issued = issuing.issue(
        "offer_letter",
        _data(tmp_path),
        formats=["html"],
        output_dir=tmp_path / "out",
        settings=settings.with_overrides(database=str(tmp_path / "register.sqlite3")),
        options=BatchOptions(jobs=1, on_done=watch),
    )
    assert [item.number for item in issued][-1] == f"LY-2026-{COUNT:04d}"
    assert 1 <= watch.most <= 3


def test_a_bad_record_still_stops_the_batch_before_anything_is_written(tmp_path: Path, settings: Settings) -> None:
    rows = [offer(f"候选人 {index}") for index in range(5)]
    rows[3]["candidate"] = {"name": ""}
    records = as_records(write_data(tmp_path / "bad.json", rows), "offer_letter")
    with pytest.raises(InvalidData, match=r":row 4: candidate"):
        render_to_folder(
            "offer_letter",
            records,
            fmt="html",
            locale="zh_CN",
            folder=output_folder(tmp_path / "out"),
            settings=settings,
            options=BatchOptions(jobs=1),
        )
    assert not list((tmp_path / "out").iterdir())


ROWS = 30


class _LiveRecords:
    """Wraps the validation of one record: the most records with data alive at any one time."""

    def __init__(self) -> None:
        self.most = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        alive = sum(isinstance(thing, Record) and bool(thing.data) for thing in gc.get_objects())
        self.most = max(self.most, alive)
        return _VALIDATE_RECORD(*args, **kwargs)


_VALIDATE_RECORD = validation.validate_record


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("command", ["validate", "render", "issue"])
def test_a_sheet_is_validated_a_row_at_a_time_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, suffix: str
) -> None:
    rows = [_row(f"员工{n}") for n in range(ROWS)]
    path = _csv_rows(tmp_path / "intake.csv", rows) if suffix == ".csv" else _xlsx(tmp_path / "intake.xlsx", rows)
    watch = _LiveRecords()
    monkeypatch.setattr(validation, "validate_record", watch)
    out = ["-f", "html", "-d", str(tmp_path / "out"), "--jobs", "1"]
    arguments = {
        "validate": [],
        "render": out,
        "issue": [*out, "--db", str(tmp_path / "register.sqlite3")],
    }[command]
    result = CliRunner().invoke(app, [command, "offer_letter", str(path), *arguments])
    assert result.exit_code == 0, result.output
    assert 1 <= watch.most <= 3  # the record being validated, and what the collector has not reached yet


def test_the_number_of_workers_is_found_by_reading_only_the_head_of_the_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batching, "default_jobs", lambda: 2)
    limit = 2 * chunk_size(("html",))
    read: list[int] = []

    def records(count: int) -> Iterator[Record]:
        for row in range(1, count + 1):
            read.append(row)
            yield Record({"n": row}, "many.csv", row)

    jobs, rest = BatchOptions(jobs=None).jobs_for(records(1000), ("html",))
    assert (jobs, len(read)) == (2, limit + 1)  # more than fits in this process: no need to read further
    assert [record.row for record in rest] == list(range(1, 1001))
    jobs, rest = BatchOptions(jobs=None).jobs_for(records(limit), ("html",))
    assert (jobs, len(list(rest))) == (1, limit)

"""Batches validate every record first, then render, without holding the validated documents in memory."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from docgen import issuing
from docgen.batch import BatchOptions, output_folder, render_to_folder
from docgen.config import Settings
from docgen.documents.offer_letter import OfferLetter
from docgen.errors import InvalidData
from docgen.pipeline import as_records

from .registers import offer, write_data

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

"""The Python API mirrors the CLI: load, validate, render."""

from __future__ import annotations

from pathlib import Path

import pytest

import docgen

from .conftest import SAMPLES

SAMPLE = SAMPLES / "offer_letter.yaml"


def test_load_validate_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    [record] = docgen.load(SAMPLE)
    assert record.source == str(SAMPLE) and record.row is None
    [letter] = docgen.validate("offer_letter", SAMPLE)
    assert str(letter.pay.monthly_wage) == "19000.00"
    assert docgen.document_types()["offer_letter"] is type(letter)
    written = docgen.render("offer_letter", record.data, fmt="html", output="letter.html")
    assert written == tmp_path / "letter.html" and "林晓雯" in written.read_text(encoding="utf-8")


def test_validate_raises_with_every_problem() -> None:
    with pytest.raises(docgen.InvalidData) as caught:
        docgen.validate("offer_letter", {"candidate": {"name": ""}})
    paths = [p.path for p in caught.value.problems]
    assert paths[:2] == ["candidate.name", "position"] and "reply_deadline" in paths

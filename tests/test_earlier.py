"""The kit fact `earlier`: a type is given its issued documents of the same person from the register, oldest
first, without voided ones, other people's, or ones issued after it; on both register backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from docgen.citations import check_citations
from docgen.documents.base import Earlier
from docgen.documents.offer_letter import OfferLetter
from docgen.errors import CitationError, Wording
from docgen.records import Record
from docgen.store import open_register

from .conftest import SAMPLES
from .registers import lines, offer, run, write_data

OTHER_ID = "11010519491231002X"


class RememberingOffer(OfferLetter):
    """An offer letter that notes its candidate's earlier offers; not a registered type (no type_name of its own)."""

    earlier: ClassVar[dict[str, str]] = {"candidate.id_number": "_noted"}
    seen: ClassVar[list[Earlier]] = []

    def _noted(self, path: str, earlier: list[Earlier]) -> list[Wording]:
        RememberingOffer.seen = earlier
        return [Wording.of("{path}: {count} earlier", path=path, count=len(earlier))] if len(earlier) > 2 else []


def _issue(url: str, tmp_path: Path, name: str, **changes: object) -> str:
    data = write_data(tmp_path / f"{name}.json", offer(name, **changes))
    issued = run("--config", str(SAMPLES / "docgen.toml"), "issue", "offer_letter", str(data), "-f", "html",
                 "-d", str(tmp_path / name), "--db", url)  # fmt: skip
    assert issued.exit_code == 0, issued.output
    return lines(issued.stdout)[0][0]


def _check(url: str, issue_date: str) -> list[Earlier]:
    document = RememberingOffer.model_validate(offer("新人", issue_date=issue_date), context={"today": date(2027, 1, 1)})
    with open_register(url) as register:
        entity = register.entries()[0].entity
        check_citations(register, Record(source="new.yaml", row=None, data={}), document, entity)
    return RememberingOffer.seen


def test_the_earlier_documents_of_the_same_person_oldest_first(register_url: str, tmp_path: Path) -> None:
    second = _issue(register_url, tmp_path, "二", issue_date="2026-11-20")
    first = _issue(register_url, tmp_path, "一", issue_date="2026-11-10")
    voided = _issue(register_url, tmp_path, "废", issue_date="2026-11-12")
    assert run("register", "void", voided, "--reason", "作废", "--db", register_url).exit_code == 0
    other = offer("别人", issue_date="2026-11-15")
    other["candidate"]["id_number"] = OTHER_ID  # this person's ID number is only in the other's e-mail address
    other["candidate"]["email"] = f"{offer('')['candidate']['id_number']}@example.com"
    write_data(tmp_path / "other.json", other)
    assert run("--config", str(SAMPLES / "docgen.toml"), "issue", "offer_letter", str(tmp_path / "other.json"),
               "-f", "html", "-d", str(tmp_path / "o"), "--db", register_url).exit_code == 0  # fmt: skip
    seen = _check(register_url, "2026-12-01")
    assert [(item.number, item.issue_date) for item in seen] == [(first, date(2026, 11, 10)), (second, date(2026, 11, 20))]
    assert seen[0].data["candidate"]["name"] == "一"


def test_a_document_issued_later_is_not_earlier(register_url: str, tmp_path: Path) -> None:
    first = _issue(register_url, tmp_path, "一", issue_date="2026-11-10")
    _issue(register_url, tmp_path, "二", issue_date="2026-11-20")
    assert [item.number for item in _check(register_url, "2026-11-19")] == [first]
    assert len(_check(register_url, "2026-11-20")) == 2  # the same day counts: on or before


def test_what_the_method_says_refuses_the_document(register_url: str, tmp_path: Path) -> None:
    for day in ("2026-11-10", "2026-11-11", "2026-11-12"):
        _issue(register_url, tmp_path, day, issue_date=day)
    with pytest.raises(CitationError, match=r"new\.yaml: candidate\.id_number: 3 earlier"):
        _check(register_url, "2026-12-01")

"""Paging the register in the database: the filters, the count and each page come from SQL, on both backends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from docgen.store import Entry, Register, Request, Selection, StoredFile, held, open_register, schema
from docgen.store.search import fold
from docgen.web import api, register_pages

from .test_web_register import client_for, numbers_listed

ENTITY = "91310115MA1K4B7T6N"
NAMES = ("林晓雯", "Élodie Weiß", "周杰", "ÉLODIE Martin", "王芳", "Weiss Anna", "李雷")


def _request(type_name: str, year: int, name: str) -> Request:
    pattern = "LY-{yyyy}-{seq:04}" if type_name == "offer_letter" else "HT-{yyyy}-{seq:04}"
    data = json.dumps({"candidate": {"name": name}}, ensure_ascii=False, sort_keys=True)
    return Request(ENTITY, "云帆", type_name, year, pattern, "zh_CN", ("pdf",), data, f"{type_name}-{year}-{name}")


def _fill(register: Register) -> None:
    """Seven offer letters of 2026 (two void), three contracts of 2025 (one void): ten documents."""
    offers = [register.reserve(_request("offer_letter", 2026, name)) for name in NAMES]
    contracts = [register.reserve(_request("service_contract", 2025, f"客户{n}")) for n in range(3)]
    for entry in (offers[1], offers[4], contracts[0]):
        register.void(entry, "declined")
    register.complete(offers[0], [StoredFile("pdf", "/out/LY-2026-0001.pdf", "a" * 64)])


@pytest.fixture
def register(register_url: str) -> Iterator[Register]:
    with open_register(register_url) as opened:
        _fill(opened)
        yield opened


def _numbers(entries: list[Entry]) -> list[str]:
    return [entry.number for entry in entries]


def _all_pages(register: Register, selection: Selection, size: int, **order: bool) -> list[list[str]]:
    pages, offset = [], 0
    while page := register.page(selection, limit=size, offset=offset, **order):
        pages.append(_numbers(page))
        offset += size
    return pages


@pytest.mark.parametrize("size", [1, 3, 9, 10, 11])
def test_the_pages_hold_every_entry_once_in_the_registers_order(register: Register, size: int) -> None:
    everything = _numbers(register.entries())
    pages = _all_pages(register, Selection(), size)
    assert [number for page in pages for number in page] == everything
    assert [len(page) for page in pages] == [size] * (10 // size) + ([10 % size] if 10 % size else [])
    assert register.count(Selection()) == 10


def test_newest_first_is_the_latest_year_then_the_latest_taken(register: Register) -> None:
    newest = sorted(register.entries(), key=lambda e: (e.year, e.reserved_at, e.seq), reverse=True)
    pages = _all_pages(register, Selection(), 5, newest_first=True)
    assert [number for page in pages for number in page] == _numbers(newest)
    assert pages[0][:2] == ["LY-2026-0007", "LY-2026-0006"] and pages[-1][-1] == "HT-2025-0001"


def _wanted(entry: Entry, register: Register, **filters: Any) -> bool:
    """The filters decided in Python, as the register once did, to compare with what the database selects."""
    _, data = register.stored_data(entry.number, entry.entity)
    texts = [entry.number, entry.entity_name, json.dumps(data, ensure_ascii=False, sort_keys=True)]
    return (
        filters.get("type_name") in (None, entry.type_name)
        and filters.get("year") in (None, entry.year)
        and filters.get("status") in (None, entry.status)
        and (not filters.get("search") or any(fold(filters["search"]) in fold(text) for text in texts))
    )


@pytest.mark.parametrize(
    "filters",
    [
        {"type_name": "offer_letter", "status": "reserved"},
        {"year": 2026, "search": "WEISS"},
        {"search": "élodie", "status": "reserved"},
        {"type_name": "service_contract", "search": "客户"},
        {"year": 2025, "status": "void"},
        {"search": "2026-000"},
        {"search": "nobody"},
    ],
)
def test_filters_combined_with_paging_select_in_the_database(register: Register, filters: dict[str, Any]) -> None:
    selection = Selection(**filters)
    expected = [e.number for e in register.entries() if _wanted(e, register, **filters)]
    assert register.count(selection) == len(expected)
    assert [n for page in _all_pages(register, selection, 2) for n in page] == expected
    assert _numbers(register.entries(**filters)) == expected  # register list finds the same


def test_a_search_folds_case_in_every_script(register: Register) -> None:
    assert _numbers(register.page(Selection(search="weiss"), limit=10, offset=0)) == ["LY-2026-0002", "LY-2026-0006"]
    assert _numbers(register.page(Selection(search="ÉLODIE"), limit=1, offset=1)) == ["LY-2026-0004"]
    assert register.count(Selection(search="%")) == register.count(Selection(search="_")) == 0  # not wildcards
    assert register.count(Selection(search="林晓雯\n周杰")) == 0  # two lines never lie within one text


@pytest.mark.parametrize("offset", [10, 11, 1000])
def test_a_page_past_the_end_is_empty(register: Register, offset: int) -> None:
    assert register.page(Selection(), limit=5, offset=offset) == []


def test_the_last_page_of_a_selection_holds_the_rest(register: Register) -> None:
    void = Selection(status="void")
    assert register.count(void) == 3
    assert _numbers(register.page(void, limit=2, offset=2)) == ["HT-2025-0001"]
    assert register.page(void, limit=2, offset=3) == []


def test_a_page_is_cut_before_the_files_are_joined(register: Register) -> None:
    register.complete(
        register.reserve(_request("offer_letter", 2027, "两份文件")),
        [StoredFile("pdf", "/out/LY-2027-0001.pdf", "b" * 64), StoredFile("docx", "/out/LY-2027-0001.docx", "c" * 64)],
    )
    [entry] = register.page(Selection(year=2027), limit=1, offset=0)
    assert [item.format for item in entry.files] == ["pdf", "docx"]
    [first, second] = register.page(Selection(), limit=2, offset=0, newest_first=True)
    assert (first.number, len(first.files), second.number) == ("LY-2027-0001", 2, "LY-2026-0007")


def test_the_database_returns_only_the_page(register: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large register is never loaded whole for one page: the rows fetched are the page's, and one count."""
    fetched: list[int] = []
    query = register._db.query

    def counting(sql: str, params: Any = ()) -> Any:
        rows = query(sql, params)
        fetched.append(len(rows))
        return rows

    monkeypatch.setattr(register._db, "query", counting)
    assert register.count(Selection(search="ly-")) == 7
    assert _numbers(register.page(Selection(search="ly-"), limit=2, offset=2)) == ["LY-2026-0003", "LY-2026-0004"]
    assert fetched == [1, 2]


def test_an_older_register_is_folded_for_search_when_it_is_migrated(
    register_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        old.setattr(schema, "SCHEMA_VERSION", 3)
        old.setattr(Register, "_fold_for_search", lambda *_: None)  # what docgen did before: nothing folded
        old.setattr(held, "hold", lambda *_: None)  # nor were keys held (schema version 5)
        old.setattr(held, "release", lambda *_: None)
        with open_register(register_url) as register:
            _fill(register)
    with open_register(register_url) as register:
        assert register.count(Selection(search="WEISS")) == 2
        assert _numbers(register.page(Selection(search="云帆", year=2025), limit=5, offset=0)) == [
            "HT-2025-0001",
            "HT-2025-0002",
            "HT-2025-0003",
        ]


# The register page and GET /api/documents page the same way, on both backends


@pytest.fixture
def filled(register_url: str) -> str:
    with open_register(register_url) as register:
        _fill(register)
    return register_url


def test_the_api_pages_filters_in_the_database(filled: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "PER_PAGE", 2)
    client = client_for(filled)
    pages = [client.get(f"/api/documents?type=offer_letter&status=reserved&page={n}").json() for n in (1, 2, 3)]
    assert [(p["total"], p["pages"], p["page"]) for p in pages] == [(4, 2, 1), (4, 2, 2), (4, 2, 3)]
    assert [[d["number"] for d in p["documents"]] for p in pages] == [
        ["LY-2026-0003", "LY-2026-0004"],
        ["LY-2026-0006", "LY-2026-0007"],
        [],  # a page past the end is empty
    ]
    monkeypatch.setattr(api, "PER_PAGE", 1)
    searched = [client.get(f"/api/documents?year=2026&q=WEISS&page={n}").json() for n in (1, 2, 3)]
    assert [[d["number"] for d in p["documents"]] for p in searched] == [["LY-2026-0002"], ["LY-2026-0006"], []]
    assert {p["total"] for p in searched} == {2}


def test_the_register_page_pages_in_the_database_the_latest_first(
    filled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register_pages, "PAGE_SIZE", 3)
    client = client_for(filled)
    shown = [numbers_listed(client.get(f"/documents?year=2026&status=reserved&page={n}").text) for n in (1, 2)]
    assert shown == [["LY-2026-0007", "LY-2026-0006", "LY-2026-0004"], ["LY-2026-0003"]]
    past = client.get("/documents?year=2026&status=reserved&page=9")
    assert past.status_code == 200 and numbers_listed(past.text) == ["LY-2026-0003"]  # the last page
    assert numbers_listed(client.get("/documents?q=élodie").text) == ["LY-2026-0004", "LY-2026-0002"]

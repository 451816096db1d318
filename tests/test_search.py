"""register list --search: letters of any script match in any case, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen.store.search import is_caseless, probe

from .registers import lines, offer, run, write_data


@pytest.fixture
def names(register_url: str, tmp_path: Path) -> str:
    """A register holding offers to Élodie Weiß (LY-2026-0001) and ΣΟΦΊΑ Ρήγα (LY-2026-0002)."""
    for index, name in enumerate(("Élodie Weiß", "ΣΟΦΊΑ Ρήγα")):
        data = write_data(tmp_path / f"{index}.json", offer(name))
        result = run("issue", "offer_letter", str(data), "-f", "html", "-d", str(tmp_path), "--db", register_url)
        assert result.exit_code == 0, result.output
        assert len(lines(result.stdout)) == 1
    return register_url


def _found(url: str, text: str) -> list[str]:
    result = run("register", "list", "--db", url, "--search", text)
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("élodie", ["LY-2026-0001"]),
        ("ÉLODIE", ["LY-2026-0001"]),
        ("WEISS", ["LY-2026-0001"]),  # ß case-folds to ss
        ("σοφία", ["LY-2026-0002"]),
        ("ly-2026-0002", ["LY-2026-0002"]),
        ("云帆", ["LY-2026-0001", "LY-2026-0002"]),
        ("Élodie Weiß 云", []),
    ],
)
def test_search_folds_case_in_every_script_on_both_backends(names: str, text: str, numbers: list[str]) -> None:
    assert _found(names, text) == numbers


def test_caseless_characters_come_only_from_themselves() -> None:
    # What makes the database's LIKE on a caseless run safe: no other character folds into one.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = char.casefold()
        assert all(char == part or not is_caseless(part) for part in folded), f"U+{code:04X}"


def test_the_probe_is_the_longest_caseless_run() -> None:
    assert probe("Élodie 2026-0001") == "2026-0001"
    assert probe("林晓雯 Lin") == "林晓雯"
    assert probe("élodie") == ""


def test_many_hits_come_from_a_second_scan(names: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("docgen.store.register._FEW", 1)  # more hits than are fetched by number
    assert _found(names, "云帆") == ["LY-2026-0001", "LY-2026-0002"]
    assert _found(names, "WEISS") == ["LY-2026-0001"]

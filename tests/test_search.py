"""register list --search: letters of any script match in any case, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

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

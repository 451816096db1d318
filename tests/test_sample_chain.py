"""The bundled samples form one chain: issued in issue order into a fresh register, every citation holds,
and each cited number is the number the register gave the cited sample; on both register backends."""

from __future__ import annotations

from pathlib import Path

from docgen.inputs import load_records
from docgen.registry import get_type
from docgen.samples import issue_order, sample_path

from .conftest import SAMPLES
from .registers import lines, run


def test_issue_order_puts_every_cited_type_first() -> None:
    order = issue_order()
    for position, type_name in enumerate(order):
        for cited in get_type(type_name).cites.values():
            assert cited in order[:position], f"{type_name} is issued before {cited}, which it cites"


def test_the_samples_issue_as_one_chain(register_url: str, tmp_path: Path) -> None:
    numbers: dict[str, str] = {}
    for type_name in issue_order():
        issued = run(
            "--config", str(SAMPLES / "docgen.toml"), "issue", type_name, str(sample_path(type_name)),
            "-f", "html", "-d", str(tmp_path), "--db", register_url,
        )  # fmt: skip
        assert issued.exit_code == 0, f"{type_name}: {issued.output}"
        numbers[type_name] = lines(issued.stdout)[0][0]
        data = load_records(sample_path(type_name))[0].data
        for field, cited in get_type(type_name).cites.items():
            if data.get(field):
                assert data[field] == numbers[cited], f"{type_name}.{field} cites {data[field]}, not the sample"
    assert {"proposal", "service_contract", "settlement_statement", "project_retrospective"} <= numbers.keys()

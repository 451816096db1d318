"""`docgen template check`: every problem of a templates folder as FILE:LINE: message, on broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from docgen.cli import app
from docgen.template_copy import copy_type

from .conftest import SAMPLES


def _check(folder: Path | None = None):
    return CliRunner().invoke(
        app, ["--config", str(SAMPLES / "docgen.toml"), "template", "check", *([str(folder)] if folder else [])]
    )


def _line(path: Path, text: str) -> int:
    """The number of the first line of path holding text."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first old by new in path; the line where it was."""
    content = path.read_text(encoding="utf-8")
    assert old in content
    line = _line(path, old.splitlines()[0]) if old.strip() else 0
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.fixture
def office(tmp_path: Path) -> Path:
    root = (tmp_path / "office").resolve()
    root.mkdir()
    copy_type("service_contract", root)
    return root


def test_the_bundled_templates_have_no_problem() -> None:
    result = _check()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("ok\t") and "no problem" in lines[-1]
    assert all(": warning: " in line for line in lines[:-1])


def test_a_fresh_copy_has_no_problem(office: Path) -> None:
    assert _check(office).exit_code == 0


def test_without_dir_it_checks_the_templates_folder_in_use(office: Path) -> None:
    _edit(office / "service_contract" / "wording.zh_CN.yaml", "| money }}", "| mony }}")
    result = CliRunner().invoke(
        app, ["--config", str(SAMPLES / "docgen.toml"), "template", "check"], env={"DOCGEN_TEMPLATES": str(office)}
    )
    assert result.exit_code == 1 and "unknown filter mony" in result.stdout


def _problems(folder: Path) -> list[str]:
    result = _check(folder)
    assert result.exit_code == 1, result.output
    assert "problem" in result.stderr and "Traceback" not in result.output
    return [line for line in result.stdout.splitlines() if ": warning: " not in line]


def test_every_syntax_error_is_reported_with_its_file_and_line(office: Path) -> None:
    wording = office / "service_contract" / "wording.zh_CN.yaml"
    label = "{{ clauses.exclusivity.label }} 排他合作"
    first = _edit(wording, label, label + "{% if %}")
    second = _edit(wording, "{{ clauses.fees.label }} 服务费用", "{{ clauses.fees.label }} 服务费用 {{ doc.x ")
    problems = _problems(office)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{wording}:{second}", f"{wording}:{first}"]


def test_a_problem_in_a_block_of_text_is_reported_at_its_own_line(office: Path) -> None:
    wording = office / "service_contract" / "wording.en_US.yaml"
    label = "exclusivity: '{{ clauses.exclusivity.label }} Exclusivity'"
    line = _edit(wording, label, "exclusivity: |\n  {{ clauses.exclusivity.label }}\n  {{ doc.client.legal_name | mony }}")
    assert _problems(office) == [f"{wording}:{line + 2}: unknown filter mony; did you mean money?"]


def test_a_field_the_model_lacks_is_named_with_the_nearest_one(office: Path) -> None:
    wording = office / "service_contract" / "wording.en_US.yaml"
    line = _edit(wording, "{{ clauses.exclusivity.label }} Exclusivity", "{{ doc.clinet.legal_name }} Exclusivity")
    assert _problems(office) == [
        f"{wording}:{line}: doc.clinet.legal_name: service_contract has no field doc.clinet; "
        "did you mean doc.client.legal_name?"
    ]


def test_the_variables_of_an_html_template_are_checked_too(tmp_path: Path) -> None:
    # An office may still bring a whole HTML file for a type (document.html): its variables are checked too.
    folder = (tmp_path / "office" / "offer_letter").resolve()
    folder.mkdir(parents=True)
    html = folder / "document.html"
    html.write_text(
        '{% extends "_base/letter.html" %}\n{% block body %}\n<p>{{ doc.candiate.name }}：</p>\n{% endblock %}\n',
        encoding="utf-8",
    )
    assert _problems(folder.parent) == [
        f"{html}:3: doc.candiate.name: offer_letter has no field doc.candiate; did you mean doc.candidate.name?"
    ]


def test_a_word_only_override_has_its_variables_checked(tmp_path: Path) -> None:
    folder = (tmp_path / "office" / "offer_letter").resolve()
    folder.mkdir(parents=True)
    document = Document()
    document.add_paragraph("{{ doc.candiate.name }}, {{ doc.position.title | uper }}")
    document.save(str(folder / "document.docx"))
    problems = _problems(folder.parent)
    word = folder / "document.docx"
    assert len(problems) == 2
    assert f"{word}:1: doc.candiate.name: offer_letter has no field doc.candiate; did you mean doc.candidate.name?" in (
        problems
    )
    assert f"{word}:1: unknown filter uper; did you mean upper?" in problems


def test_an_unknown_filter_is_named_with_the_nearest_one(office: Path) -> None:
    wording = office / "service_contract" / "wording.zh_CN.yaml"
    line = _edit(wording, "{{ doc.fees.monthly_fee | money }}", "{{ doc.fees.monthly_fee | mony }}")
    assert _problems(office) == [f"{wording}:{line}: unknown filter mony; did you mean money?"]


def test_every_missing_and_unused_wording_key_is_reported(office: Path) -> None:
    folder = office / "service_contract"
    wording, structure = folder / "wording.en_US.yaml", folder / "structure.yaml"
    _edit(wording, "fees: '{{ clauses.fees.label }} Fees'\n", "")
    _edit(wording, "exclusivity: '{{ clauses.exclusivity.label }} Exclusivity'\n", "")
    extra = len(wording.read_text(encoding="utf-8").splitlines()) + 1
    wording.write_text(wording.read_text(encoding="utf-8") + "spare_words: Unused\n", encoding="utf-8")
    assert _problems(office) == [
        f"{structure}:{_line(structure, 'heading: fees')}: wording key fees is missing from {wording}",
        f"{structure}:{_line(structure, 'heading: exclusivity')}: wording key exclusivity is missing from {wording}",
        f"{wording}:{extra}: wording key spare_words is not used in {structure}",
    ]


def test_a_reference_to_a_clause_the_outline_lacks_is_reported(office: Path) -> None:
    wording = office / "service_contract" / "wording.zh_TW.yaml"
    line = _edit(wording, "{{ clauses.exclusivity.label }} 排他合作", "{{ clauses.exclusivty.label }} 排他合作")
    assert _problems(office) == [
        f"{wording}:{line}: clauses.exclusivty.label: no clause exclusivty in outline.yaml; did you mean exclusivity?"
    ]


def test_a_name_from_nowhere_is_reported(office: Path) -> None:
    wording = office / "service_contract" / "wording.zh_TW.yaml"
    label = "{{ clauses.exclusivity.label }} 排他合作"
    line = _edit(wording, label, "{{ clauses.exclusivity.label }} {{ signatry.name }}")
    assert _problems(office) == [f"{wording}:{line}: unknown name signatry; did you mean signatory?"]


def test_a_field_no_locale_shows_is_a_warning_that_keeps_exit_0(office: Path) -> None:
    structure = office / "service_contract" / "structure.yaml"
    _edit(structure, "      - '{{ doc.client.uscc }}'\n", "      - ''\n")
    result = _check(office)
    assert result.exit_code == 0, result.output
    folder = office / "service_contract"
    assert f"{folder}: warning: field client.uscc is shown by no locale" in result.stdout.splitlines()
    assert "service_contract: warning: field client.uscc" not in _check().stdout  # the bundled templates show it


def test_a_file_that_cannot_be_read_is_a_problem_not_a_crash(office: Path) -> None:
    folder = office / "service_contract"
    (folder / "document.docx").write_bytes(b"not a Word file")
    outline = folder / "outline.yaml"
    outline.write_text("clauses: [\n", encoding="utf-8")
    problems = _problems(office)
    assert any(p.startswith(f"{folder / 'document.docx'}:0: not a Word document") for p in problems)
    assert any(p.startswith(f"{outline}:") for p in problems)


def test_names_set_by_a_set_block_are_known_and_its_own_names_are_checked(tmp_path: Path) -> None:
    # The NDA sets `me`, `owner` and others in set: blocks whose statements are wording: using them is fine,
    # but a misspelt name inside such a statement is still a problem at its line.
    root = (tmp_path / "office").resolve()
    root.mkdir()
    copy_type("nda", root)
    assert _check(root).exit_code == 0
    wording = root / "nda" / "wording.en_US.yaml"
    line = _edit(wording, 'me = "the Receiving Party" if mutual else "I"', 'me = "the Receiving Party" if mutal else "I"')
    assert _problems(root) == [f"{wording}:{line}: unknown name mutal; did you mean mutual?"]

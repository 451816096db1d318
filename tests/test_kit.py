"""docgen.kit: templates built from structure.yaml and wording.<locale>.yaml, found, cached and checked."""

from __future__ import annotations

import importlib
import io
import os
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from typer.testing import CliRunner

from docgen.cli import app
from docgen.config import Settings
from docgen.errors import TemplateFailure
from docgen.inputs import load_records
from docgen.kit.build import cache_folder
from docgen.kit.docx_writer import to_docx
from docgen.kit.html_writer import to_html
from docgen.kit.source import build_document, is_key
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.render.templates import build_ahead, find_template
from docgen.resources import bundled_templates
from docgen.samples import sample_path

from .conftest import SAMPLES
from .textutil import docx_text, pdf_text

CONTRACT = bundled_templates() / "service_contract"
STRUCTURE = """\
body:
  - heading: title_words
  - paragraph: "{{ doc.client.legal_name }}"
"""
WORDING = """\
number_label: "No. "
page: ["Page ", " of ", ""]
title_words: Parties
"""


def _source(tmp_path: Path, structure: str = STRUCTURE, wording: str = WORDING) -> tuple[Path, Path]:
    (tmp_path / "structure.yaml").write_text(structure, encoding="utf-8")
    (tmp_path / "wording.en_US.yaml").write_text(wording, encoding="utf-8")
    return tmp_path / "structure.yaml", tmp_path / "wording.en_US.yaml"


def _contract(settings: Settings):
    [document] = validate_records("service_contract", load_records(sample_path("service_contract")), settings)
    return document


def _office_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "office" / "service_contract"
    shutil.copytree(CONTRACT, folder)
    return folder


def test_a_bare_snake_case_name_is_a_key_and_anything_else_is_literal_text() -> None:
    assert is_key("client_line") and is_key("total")
    assert not any(map(is_key, ["{{ doc.total | money }}", "Total", "合计", "", "[seal]", "client line", "a.b"]))


def test_a_source_builds_the_blocks_with_its_words(tmp_path: Path) -> None:
    document = build_document(*_source(tmp_path))
    assert document.number_label == "No. " and document.page_words == ("Page ", " of ", "")
    assert [getattr(block, "text", None) for block in document.body] == ["Parties", "{{ doc.client.legal_name }}"]


LETTER = """\
body:
  - set: who = doc.name
  - strong: dear
  - item: "· {{ who }}"
  - facts:
      - cells: [name_label, "{{ doc.name }}"]
      - if: doc.pay
        cells: [pay_label, pay_value]
      - for: a in doc.extras
        cells: ["{{ a.name }}", "{{ a.value }}"]
    amounts: true
  - signatures: [[party, {seal: seal_note}, {seal: seal_note, ours: true}]]
  - signature: [party, "[our seal]"]
    seal_note: seal_note
  - slip: slip_title
    body:
      - blanks: [signature_label, date_label]
"""
LETTER_WORDING = (
    WORDING.replace("title_words: Parties\n", "")
    + """\
dear: "Dear {{ who }},"
name_label: Name
pay_label: Pay
pay_value: "{{ doc.pay }}\\n(in words)"
party: Us
seal_note: (Seal)
slip_title: Reply slip
signature_label: "Signature: "
date_label: "Date: "
"""
)
LETTER_HTML = """\
{% set who = doc.name %}
<p><strong>Dear {{ who }},</strong></p>
<p class="item">· {{ who }}</p>
<table class="facts">
<tr><th>Name</th><td class="amount">{{ doc.name | nobreak }}</td></tr>
{% if doc.pay %}<tr><th>Pay</th><td class="amount">{{ doc.pay }}<br>(in words)</td></tr>{% endif %}
{% for a in doc.extras %}<tr><th>{{ a.name | nobreak }}</th><td class="amount">{{ a.value }}</td></tr>{% endfor %}
</table>
<div class="keep">
<div class="sign-grid" data-clause=""><div class="party"><p>Us</p><div class="seal-box">(Seal)</div><div class="seal-box">\
{% if images.seal %}<img src="{{ images.seal }}" alt="">{% else %}(Seal){% endif %}</div></div></div>
</div>
<div class="keep">
<div class="signature" data-clause=""><div class="block"><p>Us</p><div class="seal-box">\
{% if images.seal %}<img src="{{ images.seal }}" alt="">{% else %}(Seal){% endif %}</div></div></div>
</div>
<div class="keep">
<section class="slip" data-clause=""><h2>Reply slip</h2>
<p class="blanks" data-clause="">Signature: <span class="blank"></span>&emsp;Date: <span class="blank"></span></p>
</section>
</div>
"""


def test_the_letter_kinds_build_their_html(tmp_path: Path) -> None:
    html = to_html(build_document(*_source(tmp_path, LETTER, LETTER_WORDING)))
    assert html.split("{% block body %}\n")[1] == LETTER_HTML + "{% endblock %}\n"


def test_the_letter_kinds_build_their_docx(tmp_path: Path) -> None:
    document = docx.Document(io.BytesIO(to_docx(build_document(*_source(tmp_path, LETTER, LETTER_WORDING)))))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[2:5] == ["{%p set who = doc.name %}", "Dear {{ who }},", "· {{ who }}"]
    assert document.paragraphs[3].runs[0].bold and round(document.paragraphs[4].paragraph_format.left_indent.mm) == 7
    facts, signatures = document.tables
    assert [[cell.text for cell in row.cells] for row in facts.rows][1:4] == [
        ["{%tr if doc.pay %}", ""],  # a tag row: docxtpl reads its first cell
        ["Pay", "{{ doc.pay }}\n(in words)"],
        ["{%tr endif %}", ""],
    ]
    assert facts.rows[2].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [p.text for p in signatures.rows[0].cells[0].paragraphs][2:] == [
        "(Seal)",
        "{% if images.seal %}{{ images.seal }}{% else %}(Seal){% endif %}",
    ]
    right = [p.text for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT][1:]
    assert right == ["Us", "{% if images.seal %}{{ images.seal }}{% else %}(Seal){% endif %}"]
    slip, blanks = document.paragraphs[-2:]
    assert slip.text == "Reply slip" and slip._p.xpath("./w:pPr/w:pBdr/w:top/@w:val") == ["dashed"]
    assert [(run.text, bool(run.underline)) for run in blanks.runs] == [
        ("Signature: ", False),
        ("\u3000" * 8, True),
        ("\u3000\u3000Date: ", False),
        ("\u3000" * 8, True),
    ]


def test_every_type_is_built_by_the_kit_and_none_has_template_files() -> None:
    for type_name in document_types():
        folder = bundled_templates() / type_name
        assert (folder / "structure.yaml").is_file(), type_name
        assert not list(folder.glob("document*")), type_name
    assert not (Path(__file__).parent.parent / "scripts" / "docx_templates").exists()


@pytest.mark.parametrize(
    ("structure", "wording", "message"),
    [
        (
            STRUCTURE + "  - quote: title_words\n",
            WORDING,
            r"structure.yaml line 4: a block has one kind .*found 'quote'",
        ),
        (
            STRUCTURE + "  - paragraph: title_words\n    bold: true\n",
            WORDING,
            r"structure.yaml line 5: unknown option 'bold' for paragraph; it takes: right, small",
        ),
        (
            STRUCTURE + "  - heading: parties_line\n",
            WORDING,
            r"wording.en_US.yaml: wording key parties_line is missing "
            r"\(used in .*structure.yaml line 4\)",
        ),
        (
            STRUCTURE,
            WORDING + "unused_words: Nobody reads this\n",
            r"wording.en_US.yaml line 4: wording key unused_words "
            r"is not used",
        ),
        (STRUCTURE, WORDING.replace("page:", "pages:"), r"wording.en_US.yaml: page is missing"),
        ("body:\n  - heading: &a title_words\n  - heading: *a\n", WORDING, r"structure.yaml line 3: aliases"),
        ("body:\n  - heading: [unclosed\n", WORDING, r"structure.yaml line \d+"),
        ("body: []\nbody: []\n", WORDING, r"structure.yaml line 2: 'body' appears twice"),
        (
            'body:\n  - table:\n      header: [a_b, "{{ x }}"]\n      rows:\n        - cells: ["1"]\n',
            WORDING.replace("title_words: Parties", "a_b: A"),
            r"structure.yaml line 3: every row of the table needs 2 cells",
        ),
        ('body:\n  - if: "{{ doc.x }}"\n    body: []\n', WORDING, r"if takes a bare expression"),
        (STRUCTURE, WORDING + 'more: "{% if doc.x %}open"\n', r"wording.en_US.yaml line 4: more: Unexpected end"),
        (STRUCTURE + '  - paragraph: "{{ doc.x "\n', WORDING, r"structure.yaml line 4: unexpected end"),
        (
            STRUCTURE + '  - facts: [{cells: [title_words, "{{ x }}"]}]\n    amount: true\n',
            WORDING,
            r"structure.yaml line 5: unknown option 'amount' for facts; it takes: amounts",
        ),
        (
            STRUCTURE + '  - facts:\n    - cells: [title_words, "{{ x }}", "{{ y }}"]\n',
            WORDING,
            r"structure.yaml line 5: a facts row has two cells, label and value; found 3",
        ),
        (
            STRUCTURE + '  - facts:\n    - cells: [title_words, "{{ x }}"]\n      total: true\n',
            WORDING,
            r"structure.yaml line 6: unknown option 'total' for a facts row; it takes: cells, for, if",
        ),
        (
            STRUCTURE + '  - signatures: [[title_words, {seal: "(Seal)", our: true}]]\n',
            WORDING,
            r"structure.yaml line 4: unknown option 'our' for a seal box; it takes: seal, ours",
        ),
        (
            STRUCTURE + "  - set: 'kinds = {\"a\": 1}'\n",
            WORDING,
            r"structure.yaml line 4: set takes NAME = EXPRESSION, without braces",
        ),
        (STRUCTURE + "  - set: x == 1\n", WORDING, r"structure.yaml line 4: set takes NAME = EXPRESSION"),
        (STRUCTURE + "  - slip: title_words\n", WORDING, r"structure.yaml line 4: slip needs body"),
        (
            STRUCTURE + "  - signature: [title_words]\n    seal: x\n",
            WORDING,
            r"structure.yaml line 5: unknown option 'seal' for signature; it takes: seal_note",
        ),
        (STRUCTURE + "  - blanks: title_words\n", WORDING, r"wording key title_words holds text .* a list is needed"),
    ],
)
def test_a_mistake_in_a_source_names_the_file_and_line(
    tmp_path: Path, structure: str, wording: str, message: str
) -> None:
    with pytest.raises(TemplateFailure, match=message):
        build_document(*_source(tmp_path, structure, wording))


def test_a_broken_office_wording_is_a_plain_error_with_exit_1(tmp_path: Path) -> None:
    folder = _office_copy(tmp_path)
    wording = folder / "wording.zh_CN.yaml"
    wording.write_text(wording.read_text(encoding="utf-8").replace("\nfees:", "\nfees_typo:"), encoding="utf-8")
    output = tmp_path / "out.docx"
    args = [
        "--config",
        str(SAMPLES / "docgen.toml"),
        "render",
        "service_contract",
        str(sample_path("service_contract")),
    ]
    result = CliRunner().invoke(
        app, [*args, "--format", "docx", "--output", str(output), "--templates", str(folder.parent)]
    )
    assert result.exit_code == 1
    assert "wording key fees is missing" in result.stderr and "Traceback" not in result.output
    assert not output.exists()


@pytest.mark.parametrize("how", ["option", "environment", "config"])
def test_a_wording_changed_in_a_copy_changes_both_docx_and_pdf(tmp_path: Path, how: str) -> None:
    """Copied with `template copy`, edited, and named by --templates, DOCGEN_TEMPLATES or `templates =`."""
    office = tmp_path / "office"
    office.mkdir()
    config = SAMPLES / "docgen.toml"
    copied = CliRunner().invoke(app, ["--config", str(config), "template", "copy", "service_contract", str(office)])
    assert copied.exit_code == 0, copied.output
    wording = office / "service_contract" / "wording.zh_CN.yaml"
    old = "甲方有权查阅店铺运营数据，并对乙方的服务提出合理要求。"
    new = "甲方可随时调阅店铺全部运营数据，乙方应在一个工作日内提供。"
    assert old in wording.read_text(encoding="utf-8")
    wording.write_text(wording.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    more, env = (["--templates", str(office)] if how == "option" else []), {}
    if how == "environment":
        env = {"DOCGEN_TEMPLATES": str(office)}
    elif how == "config":
        (tmp_path / "docgen.toml").write_text(f'templates = "office"\n{config.read_text(encoding="utf-8")}', "utf-8")
        config = tmp_path / "docgen.toml"
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        output = tmp_path / f"out.{fmt}"
        args = ["render", "service_contract", str(sample_path("service_contract")), "--format", fmt, "--output"]
        result = CliRunner().invoke(app, ["--config", str(config), *args, str(output), *more], env=env)
        assert result.exit_code == 0, result.output
        text = "".join(read(output.read_bytes()).split())
        assert new in text and old not in text


def test_an_office_may_override_one_locales_wording_only(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "office" / "service_contract"
    folder.mkdir(parents=True)
    english = (CONTRACT / "wording.en_US.yaml").read_text(encoding="utf-8")
    (folder / "wording.en_US.yaml").write_text(english.replace("Exclusivity", "Sole engagement"), encoding="utf-8")
    own = settings.with_overrides(templates=folder.parent)
    choice = find_template("service_contract", "html", "en_US", folder.parent)
    assert choice.path == folder / "wording.en_US.yaml"
    assert "Sole engagement" in docx_text(render_document(_contract(settings), own, fmt="docx", locale="en_US"))
    assert find_template("service_contract", "html", "zh_CN", folder.parent).path == CONTRACT / "wording.zh_CN.yaml"


def test_an_office_may_override_the_structure_only(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "office" / "service_contract"
    folder.mkdir(parents=True)
    structure = (CONTRACT / "structure.yaml").read_text(encoding="utf-8")
    (folder / "structure.yaml").write_text(
        structure.replace("- paragraph: preamble\n", '- paragraph: preamble\n- paragraph: "{{ doc.client.uscc }} ✔"\n'),
        encoding="utf-8",
    )
    own = settings.with_overrides(templates=folder.parent)
    assert "91330106MA2H3K5P13 ✔" in docx_text(render_document(_contract(settings), own, fmt="docx", locale="zh_TW"))


def test_an_explicit_file_wins_in_its_folder_and_the_generic_one_after_the_source(tmp_path: Path) -> None:
    folder = tmp_path / "office" / "service_contract"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text("<p>generic</p>", encoding="utf-8")
    assert find_template("service_contract", "html", "en_US", folder.parent).path == folder / "document.html"
    (folder / "wording.en_US.yaml").write_text((CONTRACT / "wording.en_US.yaml").read_text(encoding="utf-8"))
    assert find_template("service_contract", "html", "en_US", folder.parent).name == "kit:service_contract/en_US"
    (folder / "document.en_US.html").write_text("<p>own</p>", encoding="utf-8")
    assert find_template("service_contract", "html", "en_US", folder.parent).path == folder / "document.en_US.html"


def test_a_wording_file_linked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(CONTRACT / "wording.zh_CN.yaml", outside)
    folder = tmp_path / "office" / "service_contract"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "wording.zh_CN.yaml")
    with pytest.raises(TemplateFailure, match="outside the templates folder"):
        find_template("service_contract", "docx", "zh_CN", folder.parent)


def test_a_build_is_cached_by_the_hash_of_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "cache"))
    folder = _office_copy(tmp_path)
    first = find_template("service_contract", "docx", "zh_CN", folder.parent).path
    assert first.parent == cache_folder() == tmp_path / "cache" / "kit"
    written = first.stat().st_mtime_ns
    assert find_template("service_contract", "docx", "zh_CN", folder.parent).path == first
    assert first.stat().st_mtime_ns == written  # found, not built again
    wording = folder / "wording.zh_CN.yaml"
    wording.write_text(wording.read_text(encoding="utf-8").replace("服务内容", "服务范围"), encoding="utf-8")
    second = find_template("service_contract", "docx", "zh_CN", folder.parent).path
    assert second != first and second.is_file()
    assert not [path for path in cache_folder().iterdir() if path.name.startswith(".building-")]


def test_template_build_writes_every_locale_of_the_built_types(tmp_path: Path) -> None:
    out = tmp_path / "built"
    result = CliRunner().invoke(app, ["template", "build", "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(Path(line).relative_to(out).as_posix() for line in result.stdout.splitlines())
    assert "service_contract/document.en_US.docx" in written and "budget/document.zh_TW.html" in written
    assert len(written) == len(document_types()) * 3 * 2
    assert '{% extends "_base/letter.html" %}' in (out / "proposal" / "document.zh_CN.html").read_text(encoding="utf-8")


def test_template_build_of_a_type_without_a_source_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every bundled type has its source; an installation that lost one's says which, instead of building nothing."""
    (tmp_path / "bundled" / "offer_letter").mkdir(parents=True)
    finding = importlib.import_module("docgen.render.templates")  # the package's name `templates` is a function
    monkeypatch.setattr(finding, "bundled_templates", lambda: tmp_path / "bundled")
    result = CliRunner().invoke(app, ["template", "build", "offer_letter", "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "offer_letter: no structure.yaml" in result.stderr


def test_build_ahead_leaves_the_built_templates_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "cache"))
    build_ahead("service_contract", ("docx", "pdf"), "en_US", None)
    built = sorted(path.suffix for path in (tmp_path / "cache" / "kit").glob("service_contract.en_US.*"))
    assert built == [".docx", ".html"]


@pytest.mark.parametrize("command", ["render", "issue"])
def test_a_batch_builds_before_its_workers_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    calls: list[tuple[str, tuple[str, ...], str]] = []
    module = "docgen.batching" if command == "render" else "docgen.issuing"
    monkeypatch.setattr(
        f"{module}.build_ahead", lambda t, formats, locale, _: calls.append((t, tuple(formats), locale))
    )
    # The sample's proposal_number cites a proposal no register here has issued: issue would refuse it.
    data = tmp_path / "contract.yaml"
    text = sample_path("service_contract").read_text(encoding="utf-8")
    data.write_text("".join(line for line in text.splitlines(True) if not line.startswith("proposal_number:")), "utf-8")
    args = ["--config", str(SAMPLES / "docgen.toml"), command, "service_contract", str(data)]
    args += ["--format", "docx", "--locale", "en_US", "--output-dir", str(tmp_path), "--jobs", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    issued = ("docx", "html") if command == "issue" else ("docx",)  # issue reads each clause's text from the HTML
    assert calls == [("service_contract", issued, "en_US")]


def test_a_source_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    padding = "# " + "x" * 1000 + "\n"
    with pytest.raises(TemplateFailure, match=r"structure.yaml: larger than 1,000,000 bytes"):
        build_document(*_source(tmp_path, STRUCTURE + padding * 1000))

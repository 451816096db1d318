"""The project file: where it is found, what overrides what, and how its errors read."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.config import bundled_config, default_number_patterns, load_settings
from docgen.errors import ConfigError
from docgen.inputs import load_records
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.samples import sample_path

from .conftest import SAMPLES
from .test_safety import PNG

SAMPLE = str(SAMPLES / "offer_letter.yaml")
PROFILE = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")


def _write(folder: Path, text: str) -> Path:
    path = folder / "docgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_profile_is_used_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings().source == bundled_config()


def test_file_in_current_folder_then_environment_then_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _write(tmp_path, PROFILE.replace('locale = "zh_CN"', 'locale = "en_US"'))
    monkeypatch.chdir(tmp_path)
    assert load_settings().source == here
    other = tmp_path / "other"
    other.mkdir()
    named = _write(other, PROFILE.replace('locale = "zh_CN"', 'locale = "zh_TW"'))
    monkeypatch.setenv("DOCGEN_CONFIG", str(named))
    assert load_settings().locale == "zh_TW"
    assert load_settings(here).locale == "en_US"


def test_environment_overrides_file_and_option_overrides_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_folder, option_folder = tmp_path / "env", tmp_path / "opt"
    env_folder.mkdir()
    option_folder.mkdir()
    config = _write(tmp_path, PROFILE.replace('# templates = "my-templates"', 'templates = "missing-folder"'))
    with pytest.raises(ConfigError, match="templates folder not found"):
        load_settings(config)
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(env_folder))
    monkeypatch.setenv("DOCGEN_DB", "sqlite:///from-env.db")
    settings = load_settings(config)
    assert settings.templates == env_folder and settings.database == "sqlite:///from-env.db"
    assert settings.with_overrides(templates=option_folder).templates == option_folder


def test_cli_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken, fine = tmp_path / "broken" / "offer_letter", tmp_path / "fine" / "offer_letter"
    broken.mkdir(parents=True)
    fine.mkdir(parents=True)
    (broken / "document.html").write_text("{{ undefined_thing }}", encoding="utf-8")
    (fine / "document.html").write_text("<p>FINE {{ doc.candidate.name }}</p>", encoding="utf-8")
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(broken.parent))
    out = tmp_path / "x.html"
    assert CliRunner().invoke(app, ["render", "offer_letter", SAMPLE, "-f", "html", "-o", str(out)]).exit_code == 1
    result = CliRunner().invoke(
        app, ["render", "offer_letter", SAMPLE, "-f", "html", "-o", str(out), "--templates", str(fine.parent)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "<p>FINE 林晓雯</p>"


def test_data_overrides_profile_field_by_field(tmp_path: Path) -> None:
    data = tmp_path / "offer.yaml"
    text = (SAMPLES / "offer_letter.yaml").read_text(encoding="utf-8")
    data.write_text(text + "company:\n  legal_name: 杭州分公司\nsignatory:\n  name: 周敏\n", encoding="utf-8")
    out = tmp_path / "x.docx"
    result = CliRunner().invoke(app, ["render", "offer_letter", str(data), "-f", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(io.BytesIO(out.read_bytes()))
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[1] == "杭州分公司"
    assert header[2].startswith("上海市浦东新区张江路1088号5楼")  # not overridden: from the profile
    assert "授权签字人：周敏" in [p.text for p in document.paragraphs]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"'),
        ('offer_letter = "LY-{yyyy}-{seq:04}"', 'offer_letter = "LY-{yyyy}"'),
        ("[numbers]", '[numbers]\ninvoice = "FP-{seq}"'),
        ('locale = "zh_CN"', 'locale = "fr_FR"'),
        ('minimum_wage = "2740.00"', 'minimum_wage = "-1"'),
    ],
)
def test_bad_values_are_reported_with_their_path(tmp_path: Path, change: str, message: str) -> None:
    config = _write(tmp_path, PROFILE.replace(change, message))
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [problem] = caught.value.problems
    assert problem.source == str(config) and problem.path


def test_unknown_key_and_malformed_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="colour: Extra inputs are not permitted"):
        load_settings(_write(tmp_path, 'colour = "blue"\n' + PROFILE))
    with pytest.raises(ConfigError, match="malformed TOML"):
        load_settings(_write(tmp_path, "company = [\n"))


def test_every_type_brings_its_default_number_pattern() -> None:
    assert default_number_patterns().keys() == document_types().keys()
    assert all("{yyyy}" in p and "{seq" in p for p in default_number_patterns().values())
    assert load_settings(bundled_config()).numbers["offer_letter"] == "LY-{yyyy}-{seq:04}"


def test_logo_and_seal_relative_to_the_file_appear_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "seal.png").write_bytes(PNG)
    text = PROFILE.replace("[company.bank]", 'logo = "logo.png"\nseal = "seal.png"\n\n[company.bank]')
    config = _write(tmp_path, text)
    settings = load_settings(config)
    assert settings.company.logo == tmp_path / "logo.png"
    for fmt in ("html", "docx", "pdf"):
        out = tmp_path / f"x.{fmt}"
        result = CliRunner().invoke(
            app, ["--config", str(config), "render", "offer_letter", SAMPLE, "-f", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert base64.b64encode(PNG).decode() in (tmp_path / "x.html").read_text(encoding="utf-8")
    opened = docx.Document(str(tmp_path / "x.docx"))
    assert len(opened.inline_shapes) == 1  # the seal, in the body
    assert "<pic:pic" in opened.sections[0].header._element.xml  # the logo, in the letterhead


def test_missing_or_non_image_logo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.txt").write_text("not an image", encoding="utf-8")
    for value, message in (("nope.png", "image file not found"), ("logo.txt", "is not a PNG or JPEG image")):
        config = _write(tmp_path, PROFILE.replace("[company.bank]", f'logo = "{value}"\n\n[company.bank]'))
        with pytest.raises(ConfigError, match=message):
            load_settings(config)


@pytest.mark.parametrize(
    "type_name",
    ["offer_letter", "nda", "resignation_certificate", "proposal", "service_contract", "settlement_statement"],
)
def test_the_seal_goes_where_the_company_signs(tmp_path: Path, type_name: str) -> None:
    (tmp_path / "seal.png").write_bytes(PNG)
    settings = load_settings(_write(tmp_path, PROFILE.replace("[company.bank]", 'seal = "seal.png"\n\n[company.bank]')))
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    html = render_document(document, settings, fmt="html", locale="zh_CN").decode()
    assert re.search(
        r'<div class="seal-box">\s*<img src="data:image/png;base64,' + re.escape(base64.b64encode(PNG).decode()), html
    )
    body = docx.Document(io.BytesIO(render_document(document, settings, fmt="docx", locale="zh_CN")))
    assert len(body.inline_shapes) >= 1

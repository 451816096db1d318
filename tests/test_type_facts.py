"""Each type's facts live on its model class and its wording in its fields files; nothing else in docgen/ names it.

A test type with its own settings (a threshold in [types.threshold_note]) is
registered for the tests that need it only, by the registered_type fixture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import openpyxl
import pytest
from pydantic import Field, ValidationError, ValidationInfo, model_validator
from typer.testing import CliRunner

import docgen
from docgen import registry
from docgen.cli import app
from docgen.config import load_settings
from docgen.derive import source_type
from docgen.documents.base import DocumentModel, Kind, type_settings, values_at
from docgen.documents.derived import Derivation, Derived
from docgen.documents.model import Model
from docgen.documents.values import Money
from docgen.documents.violations import RuleViolation
from docgen.errors import ConfigError, InvalidData, TemplateFailure
from docgen.inputs import Record
from docgen.locale import LOCALES
from docgen.locale.fields import fields_file, title, type_fields
from docgen.pipeline import render_document
from docgen.registry import document_types, get_type
from docgen.render.context import build_context
from docgen.resources import bundled_templates
from docgen.validation import as_records, localized_message, validate_record, validate_records

from .conftest import SAMPLES
from .variants import TODAY, validate, variant

PROFILE = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
PACKAGE = Path(docgen.__file__).resolve().parent
TEST_TYPE = "threshold_note"


class ThresholdSettings(Model):
    limit: Money = Field(Decimal("100.00"), description="Largest amount a note may carry")


def _note_from_offer(offer: Any, number: str | None) -> Derived:
    return Derived({"amount": str(offer.pay.base_monthly)})


class ThresholdNote(DocumentModel):
    """A test type; its type_name is set only while the registered_type fixture holds it."""

    number_pattern: ClassVar[str] = "TN-{yyyy}-{seq:04}"
    kind: ClassVar[Kind] = "finance"
    derived_from: ClassVar[dict[str, Derivation]] = {"offer_letter": _note_from_offer}
    settings_model: ClassVar[type[Model] | None] = ThresholdSettings
    messages: ClassVar[dict[str, str]] = {"over_limit": "{amount} is over the limit of {limit}"}

    amount: Money = Field(description="The amount noted")

    @model_validator(mode="after")
    def _within_limit(self, info: ValidationInfo) -> ThresholdNote:
        limit = (type_settings(info) or ThresholdSettings()).limit
        if self.amount > limit:
            raise RuleViolation.worded("amount", self.messages, "over_limit", amount=self.amount, limit=limit)
        return self


@pytest.fixture
def registered_type() -> Iterator[type[ThresholdNote]]:
    """ThresholdNote as a registered type for one test: the registry sees a subclass with a type_name of its own."""
    ThresholdNote.type_name = TEST_TYPE
    registry.document_types.cache_clear()
    try:
        yield ThresholdNote
    finally:
        del ThresholdNote.type_name
        registry.document_types.cache_clear()


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "docgen.toml"
    path.write_text(PROFILE + "\n" + extra, encoding="utf-8")
    return path


def _problems(error: ConfigError) -> list[str]:
    return [str(problem) for problem in error.problems]


# ---------------------------------------------------------------- facts on the class


@pytest.mark.parametrize("type_name", list(document_types()))
def test_every_type_declares_its_facts(type_name: str) -> None:
    model = get_type(type_name)
    assert "{yyyy}" in model.number_pattern and "{seq" in model.number_pattern
    assert model.kind in ("commercial", "hr", "finance")
    assert set(model.cites.values()) | set(model.derived_from) <= set(document_types())
    for path in model.cites:  # each cited field is a field of the type
        assert path.split(".")[0] in model.model_fields, path


def test_cited_numbers_come_from_cited_fields() -> None:
    for type_name, model in document_types().items():
        document = validate(type_name)
        # A cited field may be a list's entries (expenses.*.claim_number): read each path as citations() does.
        cited = {
            str(value) for path in model.cites for _, value in values_at(document, tuple(path.split("."))) if value
        }
        assert set(document.cited_numbers()) <= cited, type_name


def test_the_registry_refuses_a_type_citing_an_unknown_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_type("settlement_statement"), "cites", {"contract_number": "invoice"})
    registry.document_types.cache_clear()
    try:
        with pytest.raises(TypeError, match="unknown type 'invoice'"):
            document_types()
    finally:
        monkeypatch.undo()
        registry.document_types.cache_clear()


def test_a_registered_type_brings_its_number_pattern_and_derivation(tmp_path: Path, registered_type: type) -> None:
    assert load_settings(SAMPLES / "docgen.toml").numbers[TEST_TYPE] == "TN-{yyyy}-{seq:04}"
    _config(tmp_path, f'{TEST_TYPE} = "X-{{yyyy}}-{{seq}}"\n')  # the profile's [numbers] table is its last
    assert load_settings(tmp_path / "docgen.toml").numbers[TEST_TYPE] == "X-{yyyy}-{seq}"
    assert source_type(TEST_TYPE) == "offer_letter"


# ---------------------------------------------------------------- [types.<type>] settings


def test_a_types_settings_reach_its_validators_and_templates(
    tmp_path: Path, registered_type: type, settings: Any
) -> None:
    office = load_settings(_config(tmp_path, f'[types.{TEST_TYPE}]\nlimit = "50.00"\n'))
    own = office.type_settings(TEST_TYPE)
    assert own == ThresholdSettings(limit=Decimal("50.00"))
    record = Record({"amount": "60.00"}, "note.yaml")
    with pytest.raises(InvalidData) as caught:
        validate_records(TEST_TYPE, [record], office)
    assert [str(p) for p in caught.value.problems] == ["note.yaml: amount: 60.00 is over the limit of 50.00"]
    document = validate_record(registered_type, record, today=TODAY)  # no settings: the model's default of 100
    context = build_context(document, office, locale="zh_CN", fmt="html")
    assert context["meta"]["settings"] == {"limit": Decimal("50.00")}
    assert build_context(document, settings, locale="zh_CN", fmt="html")["meta"]["settings"] == {
        "limit": Decimal("100.00")
    }


def test_types_settings_survive_overrides(tmp_path: Path, registered_type: type) -> None:
    office = load_settings(_config(tmp_path, f'[types.{TEST_TYPE}]\nlimit = "50.00"\n'))
    assert office.with_overrides(locale="en_US").type_settings(TEST_TYPE) == ThresholdSettings(limit=Decimal("50.00"))


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (f'[types.{TEST_TYPE}]\ncolour = "blue"\n', f"types.{TEST_TYPE}.colour: Extra inputs are not permitted"),
        (f'[types.{TEST_TYPE}]\nlimit = "-1x"\n', f"types.{TEST_TYPE}.limit: "),
        ('[types.invoice]\nlimit = "1"\n', "types.invoice: unknown document type 'invoice'"),
        ('[types.offer_letter]\nlimit = "1"\n', "types.offer_letter: offer_letter takes no settings"),
    ],
)
def test_bad_type_settings_are_config_errors_naming_the_file_and_key(
    tmp_path: Path, registered_type: type, table: str, problem: str
) -> None:
    config = _config(tmp_path, table)
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [found] = _problems(caught.value)
    assert found.startswith(f"{config}: {problem}"), found
    result = CliRunner().invoke(app, ["--config", str(config), "types"])
    assert result.exit_code == 1 and problem in result.output


def test_a_settings_model_must_refuse_unknown_keys(monkeypatch: pytest.MonkeyPatch, registered_type: type) -> None:
    class Loose(ThresholdSettings, extra="ignore"):
        pass

    monkeypatch.setattr(registered_type, "settings_model", Loose)
    registry.document_types.cache_clear()
    with pytest.raises(TypeError, match="must forbid extra keys"):
        document_types()


# ---------------------------------------------------------------- fields files


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", list(document_types()))
def test_every_type_has_a_fields_file_per_locale(type_name: str, locale: str) -> None:
    path = fields_file(type_name, locale)
    assert path == bundled_templates() / type_name / f"fields.{locale}.yaml"
    assert type_fields(type_name, locale).title


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en_US"])
@pytest.mark.parametrize("type_name", list(document_types()))
def test_every_message_is_worded_with_the_same_params(type_name: str, locale: str) -> None:
    worded = type_fields(type_name, locale).messages
    english = get_type(type_name).messages
    assert set(worded) == set(english)
    for key, text in english.items():
        # A wording may leave out a parameter (a budget's "monthly"), but may not use one the rule does not give.
        assert set(re.findall(r"{(\w+)", worded[key])) <= set(re.findall(r"{(\w+)", text)), key


def _violation(error: ValidationError) -> RuleViolation:
    [item] = error.errors()
    cause = (item.get("ctx") or {}).get("error")
    assert isinstance(cause, RuleViolation)
    return cause


@pytest.mark.parametrize(
    ("type_name", "changes", "zh_cn"),
    [
        (
            "offer_letter",
            {"terms.term_months": 24},
            "试用期6个月超过该合同期限允许的2个月（《劳动合同法》第十九条）",
        ),
        ("settlement_statement", {"monthly_gmv.0.month": "2027-04"}, "2027-04不在结算期间2027-03至2027-03内"),
    ],
)
def test_a_rule_violation_carries_its_key_and_is_worded_per_locale(
    type_name: str, changes: dict[str, Any], zh_cn: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        get_type(type_name).model_validate(variant(type_name, changes), context={"today": TODAY})
    violation = _violation(caught.value)
    assert violation.key is not None
    english = localized_message(type_name, violation.key, violation.params, "en_US")
    assert english == str(violation)  # the CLI's text, unchanged
    assert localized_message(type_name, violation.key, violation.params, "zh_CN") == zh_cn


def test_an_offices_fields_file_overrides_the_bundled_one(tmp_path: Path, settings: Any) -> None:
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "fields.zh_CN.yaml").write_text("title: 聘用函\nmessages:\n  term_required: 请填写合同期限\n", "utf-8")
    templates = tmp_path / "templates"
    assert title("offer_letter", "zh_CN", templates=templates) == "聘用函"
    assert title("offer_letter", "zh_TW", templates=templates) == "錄用通知書"  # no office file: the bundled one
    assert localized_message("offer_letter", "term_required", {}, "zh_CN", templates) == "请填写合同期限"
    [document] = validate_records("offer_letter", [Record(variant("offer_letter", {}), "o.yaml")], settings)
    html = render_document(document, settings.with_overrides(templates=templates), fmt="html", locale="zh_CN")
    assert "聘用函" in html.decode("utf-8") and "录用通知书" not in html.decode("utf-8")


@pytest.mark.parametrize(
    "wording", ["{pay.__class__.__name__}", "{pay[0]}", "{pay:>999999999}", "{pay!r:>99999}", "{0}"]
)
def test_an_offices_message_wording_cannot_reach_beyond_its_parameters(tmp_path: Path, wording: str) -> None:
    (tmp_path / "offer_letter").mkdir()
    text = f"title: 聘用函\nmessages:\n  probation_pay_below_minimum: '{wording}'\n"
    (tmp_path / "offer_letter" / "fields.zh_CN.yaml").write_text(text, encoding="utf-8")
    params = {"pay": Decimal("100.00"), "minimum": Decimal("2690.00")}
    with pytest.raises(TemplateFailure, match=r"messages\.probation_pay_below_minimum: cannot fill in"):
        localized_message("offer_letter", "probation_pay_below_minimum", params, "zh_CN", tmp_path)


def test_an_offices_fields_file_titles_its_sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    (templates / "offer_letter").mkdir(parents=True)
    (templates / "offer_letter" / "fields.zh_CN.yaml").write_text(
        "title: 聘用函\nfields:\n  candidate.name: 应聘者\nchoices:\n  terms.contract_type:\n    fixed_term: 定期合同\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "offers.csv"
    sheet.write_text("应聘者,terms.contract_type\n王芳,定期合同\n", encoding="utf-8")
    [record] = as_records(sheet, "offer_letter", templates=templates)
    assert record.data == {"candidate": {"name": "王芳"}, "terms": {"contract_type": "fixed_term"}}
    monkeypatch.setenv("DOCGEN_TEMPLATES", str(templates))
    result = CliRunner().invoke(app, ["sample", "offer_letter", "--xlsx", str(tmp_path / "intake.xlsx")])
    assert result.exit_code == 0, result.output
    headers = [cell.value for cell in openpyxl.load_workbook(tmp_path / "intake.xlsx").active[1]]
    assert "应聘者" in headers and "姓名" not in headers


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("title: 聘用函\nfields:\n  candidate.name: [姓名\n", ":4: malformed YAML"),
        ("title: 聘用函\nfields:\n  candidate.name: 姓名\n  candidate.name: 名字\n", ":4: malformed YAML"),
        ("title: 聘用函\nfield: {}\n", ": unknown section 'field'"),
        ("fields: {}\n", ": needs a mapping with a title"),
        ("title: 聘用函\nchoices:\n  terms.contract_type: 固定\n", ": choices.terms.contract_type: must map"),
        ("title: 聘用函\ncharts:\n  kpis:\n    title: 目标\n", ": charts.kpis: needs a title and series"),
        (
            "title: 聘用函\ncharts:\n  kpis:\n    title: 目标\n    series: 实际\n",
            ": charts.kpis.series: must be a list",
        ),
    ],
)
def test_a_malformed_fields_file_is_a_template_failure_naming_the_file(tmp_path: Path, text: str, problem: str) -> None:
    folder = tmp_path / "offer_letter"
    folder.mkdir()
    (folder / "fields.zh_CN.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateFailure) as caught:
        type_fields("offer_letter", "zh_CN", tmp_path)
    assert caught.value.message.startswith(f"{folder / 'fields.zh_CN.yaml'}{problem}"), caught.value.message


# ---------------------------------------------------------------- no type named outside its module


def _type_modules() -> set[Path]:
    return {PACKAGE / "documents" / f"{name}.py" for name in document_types()}


def test_no_module_outside_the_types_own_names_a_type() -> None:
    """A new type needs no edit elsewhere in docgen/: only type modules (which may cite each other) name types."""
    word = re.compile(r"\b(" + "|".join(map(re.escape, document_types())) + r")\b")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {match.group(1)}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in _type_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in word.finditer(line)
    ]
    assert found == []

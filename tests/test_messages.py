"""Every message a type can raise has a key and a wording per locale; the shared rules are worded once.

A type's own rules are in its `messages`, the rules several types share (periods, amounts in words,
fees and instalments) in SHARED_MESSAGES; their wording is in templates/<type>/fields.<locale>.yaml
and templates/_base/fields.<locale>.yaml, which every type falls back to.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

import docgen.documents
from docgen.documents.violations import SHARED_MESSAGES
from docgen.errors import TemplateFailure
from docgen.locale import LOCALES
from docgen.locale.fields import SHARED, fields_file, shared_messages, type_fields
from docgen.registry import document_types, get_type
from docgen.resources import bundled_templates
from docgen.validation import localized_message

from .variants import violation


def _params(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)", text))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", list(document_types()))
def test_every_message_a_type_can_raise_is_worded_and_every_wording_is_declared(type_name: str, locale: str) -> None:
    own = get_type(type_name).messages
    worded = type_fields(type_name, locale).messages
    shared = shared_messages(locale)
    assert sorted(set(own) - set(worded)) == [], f"{type_name}/fields.{locale}.yaml words no message for these"
    assert sorted(set(SHARED_MESSAGES) - set(shared)) == [], f"{SHARED}/fields.{locale}.yaml words none for these"
    assert sorted(set(worded) - set(own) - set(SHARED_MESSAGES)) == [], f"{type_name}/fields.{locale}.yaml: orphans"
    assert sorted(set(shared) - set(SHARED_MESSAGES)) == [], f"{SHARED}/fields.{locale}.yaml: orphans"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_shared_wording_is_bundled_once_per_locale_and_names_only_its_params(locale: str) -> None:
    assert fields_file(SHARED, locale) == bundled_templates() / SHARED / f"fields.{locale}.yaml"
    for key, text in shared_messages(locale).items():
        assert _params(text) <= _params(SHARED_MESSAGES[key]), key


def test_the_english_wording_is_the_validators_own() -> None:
    assert shared_messages("en_US") == SHARED_MESSAGES
    for type_name, model in document_types().items():
        assert type_fields(type_name, "en_US").messages == model.messages, type_name


def test_no_type_redeclares_a_shared_key() -> None:
    """A shared rule's message is declared once, so its wording is written once."""
    for type_name, model in document_types().items():
        assert set(model.messages) & set(SHARED_MESSAGES) == set(), type_name


def _unkeyed_violations(path: Path) -> list[str]:
    """Lines that build a RuleViolation from a plain text rather than by key (worded, shared, or at)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "RuleViolation"
    ]


def test_every_rule_violation_in_the_models_is_raised_by_key() -> None:
    folder = Path(docgen.documents.__file__).parent
    assert [line for path in sorted(folder.glob("*.py")) for line in _unkeyed_violations(path)] == []


@pytest.mark.parametrize(
    ("type_name", "changes", "key", "zh_cn"),
    [
        (
            "nda",
            {"non_compete.months": 30},
            "too_many_months_cn",
            "竞业限制期限30个月，超过离职后最长24个月的限制（《劳动合同法》第二十四条）",
        ),
        (
            "nda",
            {"jurisdiction": "TW", "non_compete.average_monthly_wage": "20000.00"},
            "compensation_below_half",
            "每月补偿6000.00低于平均月工资20000.00的一半（至少10000.00；台湾地区《劳动基准法施行细则》第七条之三）",
        ),
        (
            "resignation_certificate",
            {"issue_date": "2027-11-01"},
            "issued_before_leaving",
            "开具日期2027-11-01早于离职日期2027-11-30：离职证明应在劳动关系结束时开具",
        ),
        (
            "resignation_certificate",
            {"contract.end": "2023-01-01"},
            "end_before_start",
            "结束日期2023-01-01早于开始日期2027-01-04",
        ),
        (
            "service_contract",
            {"payment_schedule.3.percent": "35"},
            "percentages_off_100",
            "各期比例合计110%，不等于100%",
        ),
        ("proposal", {"fee_model.commission.bands.0.above": "1"}, "first_band_not_at_zero", "第一档须从0开始"),
    ],
)
def test_a_rule_is_worded_in_zh_cn_and_the_cli_keeps_the_english(
    type_name: str, changes: dict[str, Any], key: str, zh_cn: str
) -> None:
    raised = violation(type_name, changes)
    assert raised.key == key
    assert localized_message(type_name, key, raised.params, "en_US") == str(raised)
    assert localized_message(type_name, key, raised.params, "zh_CN") == zh_cn


def test_a_shared_rule_raised_again_on_the_whole_keeps_its_key() -> None:
    raised = violation("service_contract", {"payment_schedule.0.percent": "15"})
    assert (raised.field, raised.key) == ("payment_schedule", "percentages_off_100")
    assert str(raised) == "percentages add up to 90%, not 100%"
    assert (
        localized_message("service_contract", raised.key, raised.params, "zh_TW") == "各期比例合計90%，不等於100%"
    )


def _office(tmp_path: Path, folder: str, text: str) -> Path:
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "fields.zh_CN.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_an_office_overrides_the_shared_wording_for_every_type(tmp_path: Path) -> None:
    templates = _office(tmp_path, SHARED, "messages:\n  fee_required: 请约定服务费或佣金\n")
    for type_name in ("proposal", "service_contract"):
        assert localized_message(type_name, "fee_required", {}, "zh_CN", templates) == "请约定服务费或佣金"
    # The office's file replaces the bundled one: a key it leaves out is in English, as for a type's file.
    assert localized_message("proposal", "first_band_not_at_zero", {}, "zh_CN", templates) == (
        "the first band must start at 0"
    )


def test_a_types_own_file_words_a_shared_rule_before_the_shared_file(tmp_path: Path) -> None:
    templates = _office(tmp_path, "proposal", "title: 方案\nmessages:\n  fee_required: 方案须写明收费方式\n")
    assert localized_message("proposal", "fee_required", {}, "zh_CN", templates) == "方案须写明收费方式"
    assert (
        localized_message("service_contract", "fee_required", {}, "zh_CN", templates)
        == "须约定月服务费、佣金，或两者兼有"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("messages:\n  fee_required: 须约定\n  fee_required: 须写明\n", ":3: malformed YAML"),
        ("title: 共用\nmessages: {}\n", ": needs a mapping of sections, only fields, help, legends, messages"),
        ("messages:\n  fee_required: [a, b]\n", ": messages: must map each key to a text"),
    ],
)
def test_a_malformed_shared_file_is_a_template_failure_naming_it(tmp_path: Path, text: str, problem: str) -> None:
    templates = _office(tmp_path, SHARED, text)
    with pytest.raises(TemplateFailure) as caught:
        localized_message("proposal", "fee_required", {}, "zh_CN", templates)
    assert caught.value.message.startswith(f"{templates / SHARED / 'fields.zh_CN.yaml'}{problem}"), caught.value.message


def test_a_shared_wording_naming_another_parameter_is_refused_naming_the_shared_file(tmp_path: Path) -> None:
    templates = _office(tmp_path, SHARED, "messages:\n  bands_gap: '{up_to}与{below}之间有空档'\n")
    params = {"up_to": "1", "above": "2"}
    with pytest.raises(
        TemplateFailure, match=re.escape(f"{templates / SHARED / 'fields.zh_CN.yaml'}: messages.bands_gap")
    ):
        localized_message("proposal", "bands_gap", params, "zh_CN", templates)

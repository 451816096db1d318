"""Hostile data and hostile templates: each class of bad input, with its guard pinned."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docgen.cli import app
from docgen.config import Settings
from docgen.errors import DocgenError, InvalidData, TemplateFailure
from docgen.inputs import Record, load_records, parse_json
from docgen.locale.amounts import rmb_upper, rmb_words_en
from docgen.pipeline import FORMATS, render_document, validate_records
from docgen.registry import document_types
from docgen.render import guard
from docgen.resources import bundled_templates
from docgen.samples import sample_path, schema_path

from .templatevars import bundled_template_files
from .textutil import EXTRACT, squeeze

PAYLOAD = "<b>&amp;</b>\"'{{ 7*7 }}{_{x}_}{%p if %}</w:t></w:r>"
TYPES = sorted(document_types())


def _with_payload(type_name: str, settings: Settings, payload: str = PAYLOAD) -> dict[str, Any]:
    """The sample with payload appended to every free-text field: every string that still validates with it."""
    data = copy.deepcopy(load_records(sample_path(type_name))[0].data)

    def visit(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in list(items):
            if isinstance(value, str):
                node[key] = value + payload
                try:
                    validate_records(type_name, [Record(data, "x")], settings)
                except InvalidData:
                    node[key] = value  # not free text: a date, a code, a choice, or length-capped
            else:
                visit(value)

    visit(data)
    return data


@pytest.mark.parametrize("type_name", TYPES)
def test_markup_in_every_free_text_field_stays_literal_in_every_format(type_name: str, settings: Settings) -> None:
    data = _with_payload(type_name, settings)
    assert PAYLOAD in yaml.safe_dump(data, allow_unicode=True, width=10**6), "no free-text field took the payload"
    [document] = validate_records(type_name, [Record(data, "x")], settings)
    for fmt in FORMATS:
        text = squeeze(EXTRACT[fmt](render_document(document, settings, fmt=fmt, locale="zh_CN")))
        assert squeeze(PAYLOAD) in text, fmt
        assert "49" + "{_{" not in text


# Markup, URLs and CSS that would fetch or attach files if data ever reached markup or a style.
URL_PAYLOAD = (
    "<img src=file:///etc/passwd><link rel=attachment href=file:///etc/hostname>"
    "http://169.254.169.254/latest/ x;}*{background:url(http://169.254.169.254/css)}"
)


@pytest.mark.parametrize("type_name", TYPES)
def test_urls_and_css_in_every_free_text_field_fetch_nothing(type_name: str, settings: Settings) -> None:
    # A fetch would be blocked and logged as a warning, which fails the test (see conftest.py).
    data = _with_payload(type_name, settings, URL_PAYLOAD)
    assert URL_PAYLOAD in yaml.safe_dump(data, allow_unicode=True, width=10**6), "no free-text field took the payload"
    [document] = validate_records(type_name, [Record(data, "x")], settings)
    html = render_document(document, settings, fmt="html", locale="zh_CN").decode()
    assert "<img src=file" not in html and "<link rel=attachment" not in html
    assert squeeze(URL_PAYLOAD) in squeeze(EXTRACT["html"](html.encode()))
    rendered = render_document(document, settings, fmt="pdf", locale="zh_CN")
    assert squeeze(URL_PAYLOAD) in squeeze(EXTRACT["pdf"](rendered))
    assert b"/EmbeddedFile" not in rendered


def test_data_reaches_no_style_and_no_url_in_any_template() -> None:
    """Data may be printed only as text: never inside a style, a <style> block or a link.

    The only URLs a template takes from its context are the logo, the seal and the charts, which
    docgen itself builds as data: URIs.
    """
    offenders = []
    built = [p for folder in bundled_templates().iterdir() for p in bundled_template_files(folder.name) if p.suffix == ".html"]
    for path in sorted({*bundled_templates().rglob("*.html"), *built}):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\b(style|href|src)="([^"]*)"', source):
            name, value = match.groups()
            trusted = re.fullmatch(r"\{\{ (images|charts)\.\w+ \}\}", value)
            if "{{" in value and not (name == "src" and trusted):
                offenders.append(f"{path.name}: {match.group()}")
        for block in re.findall(r"<style>(.*?)</style>", source, flags=re.S):
            if "{{" in block:
                offenders.append(f"{path.name}: data in a <style> block")
    assert offenders == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("王\u202e五", "U+202E"), ("王\u200b五", "U+200B"), ("王\u2066五", "U+2066"), ("\ufeff王五", "U+FEFF")],
)
def test_disguising_characters_are_refused(settings: Settings, text: str, code: str) -> None:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data["candidate"]["name"] = text
    with pytest.raises(InvalidData) as caught:
        validate_records("offer_letter", [Record(data, "x.yaml")], settings)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"x.yaml: candidate.name: character {code} (an invisible formatting character)")


def test_emoji_and_rare_characters_reach_the_pdf(settings: Settings) -> None:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data["candidate"]["name"] = "林𠀀雯👩‍💼"  # Extension B, and an emoji with a joiner
    [document] = validate_records("offer_letter", [Record(data, "x")], settings)
    text = EXTRACT["pdf"](render_document(document, settings, fmt="pdf", locale="zh_CN"))
    assert "林𠀀雯" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"notes": "长" * 200_000}, "notes: String should have at most 2000 characters"),
        ({"documents_to_bring": ["身份证"] * 1001}, "documents_to_bring: List should have at most 1000 items"),
        (
            {"candidate": {"name": "王五", "id_number": "110105800101001"}},  # the old 15-digit form
            "candidate.id_number: not a valid resident ID number",
        ),
        (
            {"candidate": {"name": "王五", "id_number": "310105199806154028"}},  # check digit 7, not 8
            "candidate.id_number: not a valid resident ID number: The number's checksum or check digit is invalid",
        ),
        ({"company": {"uscc": "91310115MA1K4B7T6O"}}, "company.uscc: not a valid unified social credit code"),
        (
            {"candidate": {"name": "王五", "birth_date": "2099-01-01"}},
            "candidate.birth_date: birth date lies in the future",
        ),
    ],
)
def test_bad_values_are_named(settings: Settings, change: dict[str, Any], message: str) -> None:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data.update(change)
    with pytest.raises(InvalidData) as caught:
        validate_records("offer_letter", [Record(data, "x.yaml")], settings)
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems


def _offer_with(settings: Settings, section: str, field: str, value: Any) -> Any:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data[section][field] = value
    return validate_records("offer_letter", [Record(data, "x.yaml")], settings)[0]


OUTSIDE = "lies outside the dates docgen accepts, 1900-01-01 to 2199-12-31"

# What each awkward number or date becomes: the value read, or the one-line error. Decided once, pinned here.
NUMBERS_AND_DATES = [
    ("pay", "base_monthly", "8000.5", Decimal("8000.50")),
    ("pay", "base_monthly", Decimal("0.1") + Decimal("0.2"), Decimal("0.30")),  # exact in Decimal, unlike float
    ("pay", "base_monthly", "0.1 + 0.2", "pay.base_monthly: Input should be a valid decimal"),
    ("pay", "base_monthly", "1.005", "pay.base_monthly: Decimal input should have no more than 2 decimal places"),
    ("pay", "base_monthly", "1,234.50", "pay.base_monthly: write 1234.50 without thousands separators"),
    ("pay", "base_monthly", "８０００", "pay.base_monthly: type '８０００' with half-width digits 0-9"),
    ("pay", "base_monthly", "NaN", "pay.base_monthly: Input should be a finite number"),
    ("pay", "base_monthly", "-0", "pay.base_monthly: Input should be greater than 0"),
    (
        "pay",
        "base_monthly",
        "1" + "0" * 16,
        "pay.base_monthly: Decimal input should have no more than 16 digits before the decimal point",
    ),
    ("terms", "term_months", "３６", "terms.term_months: type '３６' with half-width digits 0-9"),
    ("position", "start_date", "2027-02-30", "position.start_date: Input should be a valid date or datetime, day"),
    ("position", "start_date", 1798761600, "position.start_date: write the date as YYYY-MM-DD, not as the number"),
    ("position", "start_date", "46391", "position.start_date: write the date as YYYY-MM-DD, not as the number 46391"),
    ("position", "start_date", "2027-01-04", dt.date(2027, 1, 4)),
    # Money is digits, an optional minus and point; whatever else Decimal() would read is refused.
    ("pay", "base_monthly", "1e3", "pay.base_monthly: write 1000, not 1e3: money is digits"),
    ("pay", "base_monthly", "30_000.00", "pay.base_monthly: write 30000.00, not 30_000.00: money is digits"),
    ("pay", "base_monthly", "+30000.00", "pay.base_monthly: write 30000.00, not +30000.00: money is digits"),
    ("pay", "base_monthly", ".5", "pay.base_monthly: write 0.5, not .5: money is digits"),
    ("pay", "base_monthly", Decimal("1E+3"), "pay.base_monthly: write 1000, not 1E+3: money is digits"),
    ("pay", "base_monthly", parse_json("1e3"), "pay.base_monthly: write 1000, not 1e3: money is digits"),
    ("pay", "base_monthly", parse_json("2.5e1"), "pay.base_monthly: write 25, not 2.5e1: money is digits"),
    ("pay", "annual_bonus", parse_json("30000.50"), Decimal("30000.50")),
    ("pay", "annual_bonus", 30000, Decimal("30000.00")),
    # Dates lie in one stated range, so no date arithmetic can leave Python's calendar.
    ("position", "start_date", "9999-12-31", f"position.start_date: 9999-12-31 {OUTSIDE}"),
    ("position", "start_date", "2200-01-01", f"position.start_date: 2200-01-01 {OUTSIDE}"),
    ("position", "start_date", "2199-12-31", dt.date(2199, 12, 31)),
    ("candidate", "birth_date", "1899-12-31", f"candidate.birth_date: 1899-12-31 {OUTSIDE}"),
    ("candidate", "birth_date", "0001-01-01", f"candidate.birth_date: 0001-01-01 {OUTSIDE}"),
    ("candidate", "birth_date", "1900-01-01", dt.date(1900, 1, 1)),
]


@pytest.mark.parametrize(("section", "field", "value", "expected"), NUMBERS_AND_DATES)
def test_awkward_numbers_and_dates_are_read_exactly_or_refused(
    settings: Settings, section: str, field: str, value: Any, expected: Any
) -> None:
    if not isinstance(expected, str):
        assert getattr(getattr(_offer_with(settings, section, field, value), section), field) == expected
        return
    with pytest.raises(InvalidData) as caught:
        _offer_with(settings, section, field, value)
    messages = [str(p) for p in caught.value.problems]
    assert any(message.startswith(f"x.yaml: {expected}") for message in messages), messages


def test_full_width_digits_inside_a_list_are_refused_too(settings: Settings) -> None:
    # A budget's twelve monthly figures are a list of money: each entry is read as strictly as a field.
    data = copy.deepcopy(load_records(sample_path("budget"))[0].data)
    data["lines"][0]["budget"][0] = "８０００"
    with pytest.raises(InvalidData, match=r"lines\.0\.budget\.0: type '８０００' with half-width digits 0-9"):
        validate_records("budget", [Record(data, "x.yaml")], settings)


def test_money_that_may_be_negative_takes_a_minus_but_no_plus(settings: Settings) -> None:
    data = copy.deepcopy(load_records(sample_path("settlement_statement"))[0].data)
    data["adjustments"] = [{**data["adjustments"][0], "amount": "-500.5"}]
    [statement] = validate_records("settlement_statement", [Record(data, "x.yaml")], settings)
    assert statement.adjustments[0].amount == Decimal("-500.50")
    data["adjustments"] = [{**data["adjustments"][0], "amount": "+500"}]
    with pytest.raises(InvalidData, match=r"adjustments\.0\.amount: write 500, not \+500"):
        validate_records("settlement_statement", [Record(data, "x.yaml")], settings)


@pytest.mark.parametrize(
    ("type_name", "change", "message"),
    [
        ("offer_letter", {"issue_date": "9999-12-31"}, f"issue_date: 9999-12-31 {OUTSIDE}"),
        ("offer_letter", {"issue_date": "0001-01-01"}, f"issue_date: 0001-01-01 {OUTSIDE}"),
        (
            "service_contract",
            {"service_period": {"start": "2027-01-01", "end": "9999-12-31"}},
            f"service_period.end: 9999-12-31 {OUTSIDE}",
        ),
        (
            "resignation_certificate",
            {"termination_date": "9999-12-31", "issue_date": "9999-12-31"},
            f"termination_date: 9999-12-31 {OUTSIDE}",
        ),
        (
            "nda",
            {"non_compete": {"leaving_date": "9999-12-31", "end_date": "9999-12-31"}},
            f"non_compete.leaving_date: 9999-12-31 {OUTSIDE}",
        ),
    ],
)
def test_dates_outside_the_range_are_refused_never_an_overflow(
    settings: Settings, type_name: str, change: dict[str, Any], message: str
) -> None:
    data = copy.deepcopy(load_records(sample_path(type_name))[0].data)
    for key, value in change.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) and isinstance(data.get(key), dict) else value
    with pytest.raises(InvalidData) as caught:
        validate_records(type_name, [Record(data, "x.yaml")], settings)
    messages = [str(p) for p in caught.value.problems]
    assert f"x.yaml: {message}" in messages, messages


def _too_large(settings: Settings, type_name: str, change: Any) -> list[str]:
    data = copy.deepcopy(load_records(sample_path(type_name))[0].data)
    change(data)
    with pytest.raises(InvalidData) as caught:
        validate_records(type_name, [Record(data, "x.yaml")], settings)
    return [str(p) for p in caught.value.problems]


def _set(*steps: Any) -> Any:
    def change(data: Any) -> None:
        for path, value in steps:
            *parents, last = path
            node = data
            for key in parents:
                node = node[key]
            node[last] = value

    return change


WORDS_LIMIT_MESSAGE = "too large to write in words (大写); the limit is 9999999999999999.99"


@pytest.mark.parametrize(
    ("type_name", "change", "field", "amount"),
    [
        (
            "proposal",
            _set(
                (("quotation", "lines", 0, "quantity"), "1000"),
                (("quotation", "lines", 0, "unit_price"), "9999999999999.99"),
            ),
            "quotation.lines.0.unit_price",
            "quotation.total",
        ),
        (
            "proposal",
            _set(
                (("quotation", "lines", 1, "quantity"), "9999999999"),
                (("quotation", "lines", 1, "unit_price"), "2000000"),
            ),
            "quotation.lines.1.quantity",
            "quotation.total",
        ),
        (
            "offer_letter",
            _set((("pay", "base_monthly"), "9999999999999999.99")),
            "pay.base_monthly",
            "pay.monthly_wage",
        ),
        (
            "service_contract",
            _set((("fees", "monthly_fee"), "900000000000000.00")),
            "fees.monthly_fee",
            "fixed_total",
        ),
        (
            "settlement_statement",
            _set((("other_items", 0, "unit_price"), "9999999999999999.99")),
            "other_items.0.unit_price",
            "balance_amount",
        ),
    ],
)
def test_an_amount_too_large_for_words_is_refused_at_validation_naming_its_field(
    settings: Settings, type_name: str, change: Any, field: str, amount: str
) -> None:
    messages = _too_large(settings, type_name, change)
    assert any(
        message.startswith(f"x.yaml: {field}: ") and f"makes {amount} " in message and WORDS_LIMIT_MESSAGE in message
        for message in messages
    ), messages


def test_the_largest_amount_words_can_hold_validates(settings: Settings) -> None:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data["pay"] = {"base_monthly": "9999999999999999.99"}
    data["terms"] = {**data["terms"], "probation_months": 0}
    data["terms"].pop("probation_monthly_pay", None)
    [letter] = validate_records("offer_letter", [Record(data, "x.yaml")], settings)
    assert letter.pay.monthly_wage == Decimal("9999999999999999.99")


def _amount_at(document: Any, path: str) -> Any:
    for name in path.split("."):
        document = getattr(document, name)
    return document


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    quantity=st.decimals(min_value=1, max_value=Decimal("9999999999"), places=0),
    price=st.decimals(min_value=0, max_value=Decimal("9999999999999999.99"), places=2),
)
def test_a_proposal_that_validates_can_write_its_total_in_words(
    settings: Settings, quantity: Decimal, price: Decimal
) -> None:
    data = copy.deepcopy(load_records(sample_path("proposal"))[0].data)
    data["quotation"]["lines"][0].update(quantity=str(quantity), unit_price=str(price))
    try:
        [proposal] = validate_records("proposal", [Record(data, "x.yaml")], settings)
    except InvalidData:
        return
    for path in proposal.amounts_in_words:
        rmb_upper(_amount_at(proposal, path))
        rmb_words_en(_amount_at(proposal, path))


_IN_WORDS = re.compile(r"([\w.]+) \| (?:in_words|rmb_upper)")
_ALIAS = re.compile(r"\{%-? set (\w+) = doc\.([\w.]+) -?%\}")


def _amounts_written_in_words(type_name: str) -> set[str]:
    """Every value a bundled template writes in words, as a path in doc (the DOCX is built from the same source)."""
    html = [path for path in bundled_template_files(type_name) if path.suffix == ".html"]
    texts = [path.read_text(encoding="utf-8") for path in html]
    found = set()
    for text in texts:
        aliases = dict(_ALIAS.findall(text))
        for expression in _IN_WORDS.findall(text):
            head, _, rest = expression.partition(".")
            found.add(f"{aliases[head]}.{rest}" if head in aliases else rest)
    return found


@pytest.mark.parametrize("type_name", TYPES)
def test_every_amount_a_template_writes_in_words_is_checked_by_the_model(type_name: str) -> None:
    declared = set(document_types()[type_name].amounts_in_words)
    assert _amounts_written_in_words(type_name) <= declared


def test_minus_zero_is_zero(settings: Settings) -> None:
    data = copy.deepcopy(load_records(sample_path("settlement_statement"))[0].data)
    data["adjustments"] = [{**data["adjustments"][0], "amount": "-0"}]
    [statement] = validate_records("settlement_statement", [Record(data, "x.yaml")], settings)
    assert str(statement.adjustments[0].amount) == "0.00"


def _own(tmp_path: Path, html: str) -> Path:
    folder = tmp_path / "tpl" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text(html, encoding="utf-8")
    return folder.parent


def _render_with(settings: Settings, folder: Path, fmt: str = "html") -> bytes:
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    return render_document(document, settings.with_overrides(templates=folder), fmt=fmt, locale="zh_CN")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ 'a' * 50000000 }}", "may not build a sequence longer than 100,000"),
        ("{{ [0] * 10**8 }}", "may not build a sequence longer than 100,000"),
        ("{{ 2 ** 65 }}", "exponent 65 is larger than 64"),
        ("{{ 9 ** 99999999 }}", "exponent 99999999 is larger than 64"),
        ("{% for i in range(10**6) %}x{% endfor %}", "range() longer than 100,000"),
        ("{% for i in range(1000000) %}x{% endfor %}", "range() longer than 100,000"),
    ],
)
def test_expensive_expressions_are_refused_before_they_run(
    settings: Settings, tmp_path: Path, template: str, message: str
) -> None:
    with pytest.raises(TemplateFailure, match=message.replace("(", r"\(").replace(")", r"\)")):
        _render_with(settings, _own(tmp_path, template))


def test_endless_loops_are_stopped_by_the_time_limit(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "RENDER_TIMEOUT", 3)
    nested = "{% for a in 'x' * 90000 %}{% for b in 'x' * 90000 %}{% endfor %}{% endfor %}"  # no range(): no budget
    with pytest.raises(TemplateFailure, match="took longer than 3 s"):
        _render_with(settings, _own(tmp_path, nested))


def test_nested_range_loops_share_one_budget_per_document(settings: Settings, tmp_path: Path) -> None:
    # 2,000 × 1,000 steps: quick enough to finish if the budget were gone, so this fails without it.
    nested = "{% for a in range(2000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateFailure, match=r"loops over range\(\) took more than 1,000,000 steps in one document"):
        _render_with(settings, _own(tmp_path, nested))
    within = "{% for a in range(1000) %}{% for b in range(999) %}{% endfor %}{% endfor %}"
    _render_with(settings, _own(tmp_path / "within", within))


def test_memory_bombs_are_stopped_by_the_memory_limit(settings: Settings, tmp_path: Path) -> None:
    doubling = "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    with pytest.raises(TemplateFailure, match="memory"):
        _render_with(settings, _own(tmp_path, doubling))


def test_a_template_needing_more_than_the_headroom_is_stopped(settings: Settings, tmp_path: Path) -> None:
    # 2 GiB: more than the 1 GiB a render may add, yet small enough that without the limit it would
    # finish, so this fails when the limit is gone (the endless bomb above could take the machine down).
    doubling = "{% set ns = namespace(s='x') %}{% for i in range(31) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    with pytest.raises(TemplateFailure, match="more than 1024 MiB of memory"):
        _render_with(settings, _own(tmp_path, doubling + "{{ ns.s|length }}"))


def test_output_size_is_capped(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_OUTPUT", 1000)
    with pytest.raises(TemplateFailure, match="larger than 0 MiB"):
        _render_with(settings, _own(tmp_path, "{% for i in range(2000) %}x{% endfor %}"))


@pytest.mark.expect_warnings
def test_imports_base_and_devices_are_blocked(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    html = (
        '<html><head><base href="file:///etc/"><style>@import url("/dev/urandom");</style>'
        '<link rel="stylesheet" href="hostname"></head><body><img src="file:///dev/urandom">'
        "<p>{{ doc.candidate.name }}</p></body></html>"
    )
    pdf = _render_with(settings, _own(tmp_path, html), fmt="pdf")
    assert "林晓雯" in EXTRACT["pdf"](pdf)
    blocked = " ".join(r.getMessage() for r in caplog.records if r.name == "docgen.pdf")
    assert "/dev/urandom" in blocked and "file:///etc/hostname" in blocked


def test_unexpected_errors_are_one_line_and_debug_shows_where(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("salary 12345 went wrong")

    monkeypatch.setattr("docgen.validation.count_valid", broken)  # cli imports it when the command runs
    plain = CliRunner().invoke(app, ["validate", "offer_letter", str(sample_path("offer_letter"))])
    assert plain.exit_code == 1
    [line] = plain.stderr.splitlines()
    assert line.startswith("docgen: internal error: RuntimeError:") and line.endswith(
        "(run again with --debug for details)"
    )
    debug = CliRunner().invoke(app, ["--debug", "validate", "offer_letter", str(sample_path("offer_letter"))])
    assert debug.exit_code == 1 and "Traceback (most recent call last)" in debug.stderr
    assert "broken" in debug.stderr and "kwargs = " not in debug.stderr  # where, but no local values


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
@example(text="{}:\n")  # a mapping as a key: once an internal error
@example(text="[a]: 1\n")
def test_loaders_give_data_or_a_clean_error(tmp_path: Path, text: str) -> None:
    for suffix in (".yaml", ".json", ".csv"):
        path = tmp_path / f"fuzz{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        with contextlib.suppress(DocgenError):
            load_records(path, document_types()["offer_letter"])


scalars = st.one_of(
    st.none(), st.booleans(), st.text(max_size=20), st.integers(), st.sampled_from(["2026-02-30", "1e9", "NaN", "-0"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.dictionaries(
        st.sampled_from(["candidate", "pay", "terms", "position", "notes", "issue_date", "x"]), values, max_size=4
    )
)
def test_models_give_a_document_or_a_clean_error(settings: Settings, changes: dict[str, Any]) -> None:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data.update(changes)
    try:
        validate_records("offer_letter", [Record(data, "x")], settings)
    except InvalidData as error:
        assert all(str(p).startswith("x: ") for p in error.problems)


def test_guard_runs_only_for_office_templates(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr("docgen.pipeline.run_guarded", lambda *a: calls.append(1) or b"")
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    render_document(document, settings, fmt="html", locale="zh_CN")
    assert calls == []
    render_document(document, settings.with_overrides(templates=Path(os.getcwd())), fmt="html", locale="zh_CN")
    assert calls == [1]


def _unbounded(node: Any, path: str = "") -> list[str]:
    """Schema paths of strings without a length bound and lists without an item bound."""
    found = []
    if isinstance(node, dict):
        numeric = any(option.get("type") in ("number", "integer") for option in node.get("anyOf", []))
        if node.get("type") == "string" and not numeric and not {"maxLength", "pattern", "enum", "format"} & set(node):
            found.append(path)
        if node.get("type") == "array" and "maxItems" not in node:
            found.append(path)
        for key, value in node.items():
            if key == "anyOf" and numeric:
                continue  # a Decimal given as a string: bounded by its digits
            found += _unbounded(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _unbounded(value, f"{path}[{index}]")
    return found


@pytest.mark.parametrize("type_name", TYPES)
def test_every_field_has_a_documented_length_cap(type_name: str) -> None:
    schema = json.loads(schema_path(type_name).read_text(encoding="utf-8"))
    assert _unbounded(schema) == []


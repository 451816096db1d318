"""The DOCX and the PDF built from one kit source say the same words in the same order, in every locale.

docgen.kit builds every type's templates. For each type, the sample and variants that
switch each optional clause (each `if:` of its structure.yaml, and each row's) on and off
are rendered in both formats; the body text of the DOCX (paragraphs and table cells in document order) and
the text of the PDF (without the letterhead above the title, the running number and the
page numbers) must match once all whitespace is removed.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import Table

from docgen.config import Settings, load_settings
from docgen.inputs import Record
from docgen.kit import yamlfile
from docgen.kit.build import built_html
from docgen.kit.source import STRUCTURE_FILE
from docgen.locale import LOCALES
from docgen.outlines import load_outline
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.render.context import build_context
from docgen.render.environment import shared_environment
from docgen.render.outline import numbered_clauses
from docgen.render.templates import find_template, kit_source
from docgen.resources import bundled_templates

from .conftest import SAMPLES
from .test_nda import MUTUAL
from .test_safety import PNG
from .variants import DELETE, variant

NUMBER = "HT-2027-0042"  # rendered as issued: no draft mark in either format
TYPES = sorted(document_types())


def _quarterly_budget() -> dict[str, Any]:
    data = variant("budget", {"granularity": "quarter"})
    for line in data["lines"]:
        line["budget"] = [sum(int(x) for x in line["budget"][q * 3 : q * 3 + 3]) for q in range(4)]
        line.pop("actual", None)
    for cash in data["cash"]["lines"]:  # the cash budget by quarter too
        cash["amounts"] = [sum(int(x) for x in cash["amounts"][q * 3 : q * 3 + 3]) for q in range(4)]
    return data


# Each optional clause on (the sample, mostly) and off.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "service_contract": [
        {"fees.commission": DELETE},
        {
            "fees.monthly_fee": DELETE,
            "fees.commission.bands": [{"above": "0", "rate": "0.05"}],
            "payment_schedule": DELETE,
            "promotion_budget": DELETE,
            "kpis": DELETE,
            "kpi_deduction": DELETE,
            "proposal_number": DELETE,
            "signatory": {"name": "周明哲", "title": "总经理"},  # the legal representative signs: no signer row
            "exclusivity": False,
            "non_solicitation_months": DELETE,
            "auto_renewal": False,
        },
    ],
    "settlement_statement": [
        {
            "adjustments": DELETE,
            "expenses": DELETE,
            "payments_received": DELETE,
            "invoice": DELETE,
            "instalment": DELETE,
        },
        {"payments_received": [{"paid_on": "2027-01-10", "amount": "173080.00"}]},  # the fees and the expense
        {"payments_received": [{"paid_on": "2027-01-10", "amount": "500000.00"}]},
        {  # a partial first month, prorated; no late-payment rate
            "service_period": {"start": "2027-03-15", "end": "2027-12-31"},
            "period": {"start": "2027-03-15", "end": "2027-03-31"},
            "late_payment_daily_rate": "0",
        },
    ],
    "proposal": [
        {"quotation.discount": DELETE, "fee_model": DELETE},
        {"fee_model.commission": DELETE},
        {"fee_model.monthly_fee": DELETE},
    ],
    "budget": [
        {"notes": DELETE, "approval": DELETE, "cash": DELETE},  # a draft: the mark at the top and where it is approved
        {f"lines.{index}.actual": DELETE for index in range(4)},  # actuals of expenses only: no revenue, cost subtotal
        {f"lines.{index}.actual": DELETE for index in range(4, 8)},  # no expense subtotal
    ],
    "offer_letter": [
        {
            "position.reports_to": DELETE,
            "pay.allowances": [],
            "pay.performance_monthly": DELETE,
            "pay.annual_bonus": DELETE,
            "pay.bonus_terms": DELETE,
            "pay.pay_day": DELETE,
            "terms.term_months": DELETE,
            "terms.contract_type": "open_ended",
            "terms.probation_months": DELETE,
            "terms.probation_monthly_pay": DELETE,
            "benefits.social_insurance": False,
            "benefits.annual_leave_days": DELETE,
            "benefits.other": [],
            "documents_to_bring": [],
            "notes": DELETE,
            "terms.probation_conditions": [],
            "conditions": {"background_check": False, "medical_check": False, "no_non_compete": False},
        },
        {
            "jurisdiction": "TW",
            "terms.probation_months": 1,
            "terms.probation_monthly_pay": "18000.00",
            "conditions": {"background_check": False, "medical_check": False},
        },
        {  # base pay in probation, a special working-hours system, no non-compete condition
            "terms.probation_pay_covers": "base_only",
            "terms.probation_monthly_pay": "12200.00",
            "terms.working_hours": "comprehensive",
            "terms.working_hours_approval": "沪人社综〔2026〕18号",
            "conditions.no_non_compete": False,
        },
    ],
    "resignation_certificate": [
        {
            "employee.id_number": DELETE,
            "department": DELETE,
            "ended_by": "expiry",
            "contract": {"kind": "open_ended", "start": "2027-01-04"},
            "reason_requested": False,
            "leaving_reason": DELETE,
            "handover": {"completed_on": "2027-11-26"},
        },
        {"handover": DELETE, "hire_date": "2027-08-01", "contract.start": "2027-08-01"},
        {
            "jurisdiction": "TW",
            "department": DELETE,
            "contract": DELETE,
            "handover": DELETE,
            "work_nature": "負責天貓店鋪商品上架、活動設定及銷售數據分析",
            "wage": {"monthly": "45000.00", "currency": "TWD"},
        },
        {
            "jurisdiction": "TW",
            "extras_consented": True,
            "reason_requested": False,
            "leaving_reason": DELETE,
            "work_nature": "負責天貓店鋪商品上架\n及銷售數據分析",
            "wage": {"monthly": "15000.00", "currency": "CNY"},
        },
    ],
    "nda": [
        MUTUAL,  # its parties table and signatures; no non-compete
        {
            "employee.id_number": DELETE,
            "information.categories": ["pay"],
            "information.other": DELETE,
            "information.extra_exclusions": ["依法应当公开的信息"],
            "non_compete": DELETE,
        },
        {"non_compete.liquidated_damages": DELETE, "employee.address": DELETE},
        {"jurisdiction": "TW", "non_compete.average_monthly_wage": "12000.00"},  # LSA Art. 9-1: no waiver clauses
        {"information.categories": ["client_data"]},  # without the pay category every other one has
    ],
    "project_retrospective": [
        {
            "milestones": [],
            "contract_value": DELETE,
            "project.platforms": [],
            "prepared_by": DELETE,
            "conclusions_approval": DELETE,
        },
        {  # a mid-project review: up to its cut-off date, with milestones not yet due
            "report_kind": "mid_project",
            "issue_date": "2027-07-03",
            "project.actual.end": "2027-06-30",
            "milestones.3.actual": None,
            "milestones.4.actual": None,
            "conclusions_approval.approved_on": "2027-07-02",
        },
    ],
    "project_plan": [
        {"metrics": [], "prepared_by": DELETE, "approval": DELETE, "promotion.contract_funding": DELETE},
    ],
    "exit_clearance": [
        {  # a resignation short of its notice: no offer, no lists, no leave, no claims, no advance, nothing after
            "separation": "resignation",
            "mutual_agreement_proposed_by": DELETE,
            "notice_date": "2027-11-10",
            "employee.id_number": DELETE,
            "offer_number": DELETE,
            "contract_number": DELETE,
            "handover": [],
            "assets": [],
            "access": [],
            "annual_leave": DELETE,
            "reimbursements": [],
            "advance_owed": DELETE,
            "nda_number": DELETE,
            "non_compete": DELETE,
        },
        {  # an Art. 40 dismissal short of 30 days' notice, with advances above what is owed
            "separation": "dismissal_no_fault",
            "mutual_agreement_proposed_by": DELETE,
            "notice_date": "2027-11-10",
            "advance_owed": "90000.00",
        },
        {  # TW: a resignation for the employer's fault, severance by 勞工退休金條例 Art. 12
            "jurisdiction": "TW",
            "separation": "resignation_employer_fault",
            "mutual_agreement_proposed_by": DELETE,
        },
    ],
    "expense_claim": [
        {  # no project, client or contract, no advance, nothing billable, below the general manager's threshold
            "project": DELETE,
            "client": DELETE,
            "contract_number": DELETE,
            "advance": DELETE,
            "lines.2.billable": False,
            "lines.2.amount": "1680.00",
        },
        {"advance": "8000.00"},  # the advance exceeds the claim: the claimant refunds
    ],
    "operations_report": [
        {  # a weekly report with no campaign, no risk, no feedback and no preparer
            "cadence": "weekly",
            "period": {"start": "2027-03-22", "end": "2027-03-28"},
            "issue_date": "2027-03-29",
            "campaigns": [],
            "risks": [],
            "client_feedback": DELETE,
            "prepared_by": DELETE,
        },
    ],
    "supplementary_agreement": [
        {  # a new fee and an extension, no added stores or KPIs
            "fee": {"monthly_fee": "90000.00", "effective": "2027-07-01"},
            "service_end": {"end": "2028-06-30", "effective": "2027-07-01"},
            "added_platforms": DELETE,
            "kpis": DELETE,
        },
    ],
    "labour_contract": [
        {
            "offer_number": DELETE,
            "nda_number": DELETE,
            "training": DELETE,
            "probation": DELETE,
            "position.duties": DELETE,
            "pay.performance_monthly": DELETE,
            "employee.phone": DELETE,
            "issue_date": "2027-02-05",  # signed more than a month after the start, with the note on double wages
            "late_signing_acknowledged": True,
        },
        {"differs_from_offer": "试用期工资按入职谈判结果调整。"},
    ],
    "performance_review": [
        {  # a failing review: every score 50 (grade D), no reward or comments, training as the measure
            **{f"indicators.{i}.{rater}_score": "50" for i in range(5) for rater in ("supervisor", "peer", "self")},
            "reward": DELETE,
            "comments": DELETE,
            "improvement_plan.measure": "training",
            "improvement_plan.coach": DELETE,
            "contract_number": DELETE,  # a review before the labour contract is signed
        },
        {"improvement_plan": DELETE},  # a passing review with nothing to improve
    ],
}
EXTRA = {"budget": [_quarterly_budget]}


def _datasets(type_name: str) -> list[dict[str, Any]]:
    made = [variant(type_name, {})] + [variant(type_name, changes) for changes in VARIANTS.get(type_name, [])]
    return made + [make() for make in EXTRA.get(type_name, [])]


def _documents(type_name: str, settings: Settings) -> list[Any]:
    records = [Record(data, f"variant {i}") for i, data in enumerate(_datasets(type_name))]
    return validate_records(type_name, records, settings)


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def docx_body_words(content: bytes) -> str:
    """Paragraphs and table cells in document order; the header and footer are page furniture."""
    parts: list[str] = []
    for block in docx.Document(io.BytesIO(content)).iter_inner_content():
        parts += [cell.text for row in block.rows for cell in row.cells] if isinstance(block, Table) else [block.text]
    return _normal("".join(parts))


def pdf_body_words(content: bytes, title: str, number_line: str, page_words: list[str], headers: list[str]) -> str:
    """The PDF's text in content order, from the title on, each page without its running number and page number,
    and without a table's header row repeated at the top of a page the table continues on."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        text = subprocess.run(["pdftotext", "-raw", file.name, "-"], capture_output=True, text=True, check=True).stdout
    page_line = re.compile(r"\d+".join(re.escape(_normal(word)) for word in page_words))
    pages = []
    for page in text.split("\f"):
        lines = [_normal(line) for line in page.splitlines() if _normal(line)]
        while lines and (page_line.fullmatch(lines[-1]) or lines[-1] == number_line):
            lines.pop()
        words = "".join(lines)
        before = "".join(pages)  # a header met before: its table continues here
        repeated = [header for header in headers if header in before and words.startswith(header)]
        pages.append(words[len(max(repeated, key=len)) :] if repeated else words)
    words = "".join(pages)
    return words[words.index(title) :]


def first_difference(docx_words: str, pdf_words: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(docx_words, pdf_words, strict=False)) if a != b), None)
    if at is None:
        at = min(len(docx_words), len(pdf_words))
    return (
        f"first difference at character {at}:\n"
        f"  DOCX: …{docx_words[max(0, at - 60) : at]}⟦{docx_words[at : at + 60]}⟧\n"
        f"  PDF:  …{pdf_words[max(0, at - 60) : at]}⟦{pdf_words[at : at + 60]}⟧"
    )


def _wording(type_name: str, locale: str) -> Any:
    return yamlfile.read(bundled_templates() / type_name / f"wording.{locale}.yaml")


def assert_same_words(type_name: str, document: Any, settings: Settings, locale: str) -> str:
    docx_words = docx_body_words(render_document(document, settings, fmt="docx", locale=locale, number=NUMBER))
    context = build_context(document, settings, locale=locale, fmt="pdf", number=NUMBER)
    title = _normal(context["meta"]["title"])
    wording = _wording(type_name, locale)
    number_line = _normal(
        wording["number_label"].replace("{{ meta.labels.number }}", context["meta"]["labels"]["number"])
    )
    html = render_document(document, settings, fmt="html", locale=locale, number=NUMBER).decode("utf-8")
    headers = [_normal(re.sub(r"<[^>]*>", "", head)) for head in re.findall(r"<thead>(.*?)</thead>", html, re.S)]
    pdf = render_document(document, settings, fmt="pdf", locale=locale, number=NUMBER)
    pdf_words = pdf_body_words(pdf, title, number_line + NUMBER, wording["page"], headers)
    assert docx_words == pdf_words, first_difference(docx_words, pdf_words)
    return pdf_words


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_docx_and_pdf_say_the_same_words(type_name: str, locale: str, settings: Settings) -> None:
    for document in _documents(type_name, settings):
        assert_same_words(type_name, document, settings, locale)


@pytest.mark.parametrize("type_name", ["offer_letter", "resignation_certificate", "nda"])
def test_with_our_seal_image_docx_and_pdf_say_the_same(type_name: str, tmp_path: Path) -> None:
    """The seal's image takes the place of the words in its box, in both formats."""
    (tmp_path / "seal.png").write_bytes(PNG)
    profile = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
    (tmp_path / "docgen.toml").write_text(profile.replace("[company.bank]", 'seal = "seal.png"\n\n[company.bank]'))
    settings = load_settings(tmp_path / "docgen.toml")
    [document] = _documents(type_name, settings)[:1]
    assert "公司盖章" not in assert_same_words(type_name, document, settings, "zh_CN")


def _docx_words(type_name: str, changes: dict[str, Any], settings: Settings) -> str:
    [document] = validate_records(type_name, [Record(variant(type_name, changes), "variant")], settings)
    return docx_body_words(render_document(document, settings, fmt="docx", locale="zh_CN", number=NUMBER))


def test_the_variants_leave_out_what_they_are_meant_to(settings: Settings) -> None:
    """Spot checks that a variant really leaves out (or adds) a part, beside the check of every if: below."""
    bare = _docx_words("offer_letter", VARIANTS["offer_letter"][0], settings)
    assert "直属上级" not in bare and "报到须知" not in bare and "本合同不约定试用期" in bare and "·" not in bare
    assert "录用前提" not in bare and "录用条件如下" not in bare
    consented = _docx_words("resignation_certificate", VARIANTS["resignation_certificate"][3], settings)
    assert "劳动基准法" in consented and "劳动合同期限" in consented and "离职原因" not in consented


def _row_conditions(block: Any) -> list[str]:
    """The conditions of a table's or a facts block's rows."""
    rows = block["table"]["rows"] if "table" in block else block.get("facts", [])
    return [row["if"] for row in rows if "if" in row]


def _conditions(blocks: list[Any]) -> list[str]:
    """The structure's if: conditions, of blocks and of rows, outside loops (inside one they read its variable)."""
    found = []
    for block in blocks:
        found += _row_conditions(block)
        if "if" in block:
            found += [block["if"], *_conditions(block["body"])]
        elif "slip" in block:
            found += _conditions(block["body"])
    return found


def _record_truth(blocks: list[Any], is_true: Any, seen: dict[str, set[bool]]) -> None:
    """Each condition's value for one document; one inside another is read only where the outer one holds."""
    for block in blocks:
        for condition in _row_conditions(block):
            seen[condition].add(is_true(condition))
        if "if" in block:
            value = is_true(block["if"])
            seen[block["if"]].add(value)
            if value:
                _record_truth(block["body"], is_true, seen)
        elif "slip" in block:
            _record_truth(block["body"], is_true, seen)


_SET = re.compile(r"\{% set (\w+) = (.*?) %\}")


def _with_sets(env: Any, html: str, context: dict[str, Any]) -> dict[str, Any]:
    """The context with every variable the built template sets (in its setup, set blocks or wording), in order."""
    context = dict(context)
    for name, expression in _SET.findall(html):
        context[name] = env.compile_expression(expression, undefined_to_none=False)(**context)
    return context


@pytest.mark.parametrize("type_name", TYPES)
def test_the_variants_switch_every_optional_clause_on_and_off(type_name: str, settings: Settings) -> None:
    structure = yamlfile.read(bundled_templates() / type_name / STRUCTURE_FILE)
    choice = find_template(type_name, "html", "zh_CN", None)
    html = built_html(kit_source(type_name, "zh_CN", choice.search_path))
    env = shared_environment(choice.search_path)
    seen: dict[str, set[bool]] = {condition: set() for condition in _conditions(structure["body"])}
    assert seen, "no optional clause found"
    for document in _documents(type_name, settings):
        context = build_context(document, settings, locale="zh_CN", fmt="html")
        context["clauses"] = numbered_clauses(load_outline(type_name, choice.search_path), env, context)
        context = _with_sets(env, html, context)

        def is_true(condition: str, context: dict[str, Any] = context) -> bool:
            return bool(env.compile_expression(condition, undefined_to_none=False)(**context))

        _record_truth(structure["body"], is_true, seen)
    assert {condition: values for condition, values in seen.items() if values != {True, False}} == {}


def test_a_word_changed_only_in_the_docx_is_caught(settings: Settings, tmp_path: Path, monkeypatch: Any) -> None:
    """The check itself: a built DOCX with one word changed no longer matches its PDF, and the message shows where."""
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "cache"))
    [document] = _documents("service_contract", settings)[:1]
    choice = find_template("service_contract", "docx", "en_US", None)
    _replace_in_docx(choice.path, "Exclusivity", "Exclusiveness")
    with pytest.raises(AssertionError, match=r"first difference at character \d+:\n +DOCX: ….*Exclusiv⟦eness"):
        assert_same_words("service_contract", document, settings, "en_US")


def _replace_in_docx(path: Path, old: str, new: str) -> None:
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old.encode() in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)

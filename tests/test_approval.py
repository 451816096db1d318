"""Approval: a budget, and a retrospective's conclusions, are draft or approved, and a draft always says so.

The approval record (docgen/documents/parts.py) is tested at each boundary on both types that carry it; the
mark "未审批 / DRAFT – NOT APPROVED" is looked for in the text of the Word file (python-docx) and the PDF
(pypdf), and an approved document must show its approver and date instead. Then the retrospective's two kinds:
the final report (项目总结报告) and the mid-project review (项目阶段评估报告).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.config import Settings
from docgen.documents.base import DocumentModel
from docgen.inputs import load_records
from docgen.pipeline import render_document
from docgen.samples import sample_path
from docgen.validation import localized_message

from .textutil import docx_text, pdf_text
from .variants import DELETE, problems, validate, variant

BUDGET = "budget"
REPORT = "project_retrospective"
# Each type's approval record, and its sample's issue date: the approval's latest possible date.
RECORD = {BUDGET: "approval", REPORT: "conclusions_approval"}
ISSUED = {BUDGET: "2027-04-08", REPORT: "2028-01-15"}
MARK = {
    "zh_CN": "未审批 / DRAFT – NOT APPROVED",
    "zh_TW": "未審批 / DRAFT – NOT APPROVED",
    "en_US": "DRAFT – NOT APPROVED",
}
BOTH = pytest.mark.parametrize("type_name", [BUDGET, REPORT])


def _approval(type_name: str, **fields: Any) -> dict[str, Any]:
    """The sample with its approval record replaced by fields."""
    return {RECORD[type_name]: fields}


def _draft(type_name: str) -> dict[str, Any]:
    return {RECORD[type_name]: DELETE}


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _texts(document: DocumentModel, settings: Settings, locale: str, number: str | None = None) -> dict[str, str]:
    """The DOCX and PDF text, white space removed (PDF extraction breaks lines where the page does)."""
    extract = {"docx": docx_text, "pdf": pdf_text}
    return {
        fmt: _squeezed(read(render_document(document, settings, fmt=fmt, locale=locale, number=number)))
        for fmt, read in extract.items()
    }


# ---------------------------------------------------------------- the record, at each boundary


@BOTH
def test_an_approved_record_names_its_approver_and_date(type_name: str) -> None:
    record = getattr(validate(type_name), RECORD[type_name])
    assert (record.status, record.approved_by, str(record.approved_on)) == (
        "approved",
        "总经理 陈思远",
        {BUDGET: "2027-04-06", REPORT: "2028-01-14"}[type_name],
    )


@BOTH
def test_a_record_left_out_is_a_draft(type_name: str) -> None:
    record = getattr(validate(type_name, _draft(type_name)), RECORD[type_name])
    assert (record.status, record.approved_by, record.approved_on) == ("draft", None, None)


@BOTH
@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        (
            {"approved_on": "2027-01-02"},
            "approved_by",
            "an approved document names its approver: give approved_by, or set status to draft",
        ),
        (
            {"approved_by": "总经理 陈思远"},
            "approved_on",
            "an approved document gives the date of approval: give approved_on, or set status to draft",
        ),
    ],
)
def test_an_approved_record_needs_both_approver_and_date(
    type_name: str, given: dict[str, str], field: str, message: str
) -> None:
    [problem] = problems(type_name, _approval(type_name, status="approved", **given))
    assert problem == f"{type_name}.yaml: {RECORD[type_name]}.{field}: {message}"


@BOTH
@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        (
            {"approved_by": "总经理 陈思远"},
            "approved_by",
            "a draft names no approver: leave approved_by out, or set status to approved",
        ),
        (
            {"approved_on": "2027-01-02"},
            "approved_on",
            "a draft has no date of approval: leave approved_on out, or set status to approved",
        ),
    ],
)
def test_a_draft_names_no_approver_and_no_date(type_name: str, given: dict[str, str], field: str, message: str) -> None:
    [problem] = problems(type_name, _approval(type_name, status="draft", **given))
    assert problem == f"{type_name}.yaml: {RECORD[type_name]}.{field}: {message}"


@BOTH
def test_a_bare_draft_is_accepted(type_name: str) -> None:
    assert getattr(validate(type_name, _approval(type_name, status="draft")), RECORD[type_name]).status == "draft"


@BOTH
def test_the_status_is_draft_or_approved(type_name: str) -> None:
    [problem] = problems(type_name, _approval(type_name, status="pending"))
    assert problem == f"{type_name}.yaml: {RECORD[type_name]}.status: Input should be 'draft' or 'approved'"


@BOTH
@pytest.mark.parametrize(("days", "valid"), [(-1, True), (0, True), (1, False)])
def test_approval_is_on_or_before_the_issue_date(type_name: str, days: int, valid: bool) -> None:
    issued = date.fromisoformat(ISSUED[type_name])
    approved_on = (issued + timedelta(days=days)).isoformat()
    changes = _approval(type_name, status="approved", approved_by="总经理 陈思远", approved_on=approved_on)
    if valid:
        assert str(getattr(validate(type_name, changes), RECORD[type_name]).approved_on) == approved_on
    else:
        [problem] = problems(type_name, changes)
        assert problem == (
            f"{type_name}.yaml: {RECORD[type_name]}.approved_on: {approved_on} falls after issue_date {issued}: "
            "a document is approved on or before the day it is issued"
        )


def test_the_approval_messages_are_worded_in_each_locale() -> None:
    params = {"approved_on": "2027-04-09", "issue_date": "2027-04-08"}
    assert localized_message(BUDGET, "approved_after_issue", params, "zh_CN") == (
        "审批日期2027-04-09晚于签发日期2027-04-08：文件应在签发当日或之前审批"
    )
    assert localized_message(REPORT, "approved_after_issue", params, "zh_TW") == (
        "審批日期2027-04-09晚於簽發日期2027-04-08：文件應於簽發當日或之前審批"
    )
    assert localized_message(BUDGET, "approval_needs_approved_by", {}, "zh_CN").startswith("已审批的文件须写明审批人")


# ---------------------------------------------------------------- the budget's old approved_by


def test_a_budget_with_the_old_loose_approver_is_refused_naming_the_record() -> None:
    changes = {"approval": DELETE, "approved_by": "总经理 陈思远"}
    assert problems(BUDGET, changes) == [
        "budget.yaml: approved_by: approved_by has moved into the approval record: give approval.status (approved), "
        "approval.approved_by and approval.approved_on, or leave approval out for a draft"
    ]


def test_validate_refuses_an_old_budget_file_with_exit_1(tmp_path: Path) -> None:
    text = sample_path(BUDGET).read_text(encoding="utf-8")
    old = text.replace(
        "approval:\n  status: approved\n  approved_by: 总经理 陈思远\n  approved_on: 2027-04-06\n",
        "approved_by: 总经理 陈思远\n",
    )
    assert old != text
    path = tmp_path / "old.yaml"
    path.write_text(old, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", BUDGET, str(path)])
    assert result.exit_code == 1
    assert f"{path}: approved_by: approved_by has moved into the approval record" in result.output


# ---------------------------------------------------------------- what a budget prints


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
def test_a_draft_budget_prints_the_mark_at_the_top_and_where_it_is_approved(settings, locale: str) -> None:
    budget = validate(BUDGET, _draft(BUDGET))
    heading = {"zh_CN": "2027年度", "en_US": "Fiscalyear2027", "zh_TW": "2027年度"}[locale]
    signed = {"zh_CN": "审批：", "en_US": "Approval:", "zh_TW": "審批："}[locale]
    mark = _squeezed(MARK[locale])
    for fmt, text in _texts(budget, settings, locale).items():
        assert text.count(mark) == 2, fmt
        assert text.index(mark) < text.index(heading), f"{fmt}: the mark heads the document"
        assert signed + mark in text, fmt
        assert "陈思远" not in text, f"{fmt}: a draft names no approver"


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_a_numbered_draft_budget_still_prints_the_mark(settings, locale: str) -> None:
    texts = _texts(validate(BUDGET, _draft(BUDGET)), settings, locale, number="YS-2027-0001")
    assert all(_squeezed(MARK[locale]) in text for text in texts.values())


@pytest.mark.parametrize(
    ("locale", "approver"),
    [
        ("zh_CN", "审批：总经理陈思远（2027年4月6日）"),
        ("en_US", "Approvedby:总经理陈思远,April6,2027"),
        ("zh_TW", "審批：总经理陈思远（2027年4月6日）"),
    ],
)
def test_an_approved_budget_prints_its_approver_and_date_and_no_mark(settings, locale: str, approver: str) -> None:
    for fmt, text in _texts(validate(BUDGET), settings, locale, number="YS-2027-0001").items():
        assert approver in text, fmt
        assert "NOTAPPROVED" not in text and "未审批" not in text and "未審批" not in text, fmt


def test_render_of_a_draft_budget_file_prints_the_mark(tmp_path: Path) -> None:
    data = variant(BUDGET, _draft(BUDGET))
    assert "approval" not in data
    path = tmp_path / "draft.yaml"
    text = sample_path(BUDGET).read_text(encoding="utf-8")
    path.write_text(text[: text.index("approval:")] + text[text.index("notes:") :], encoding="utf-8")
    assert load_records(path)[0].data == data
    output = tmp_path / "draft.pdf"
    result = CliRunner().invoke(
        app, ["render", BUDGET, str(path), "--format", "pdf", "--locale", "zh_CN", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert _squeezed(MARK["zh_CN"]) in _squeezed(pdf_text(output.read_bytes()))


# ---------------------------------------------------------------- the retrospective's conclusions


def test_a_report_whose_conclusions_are_not_approved_prints_the_mark(settings) -> None:
    texts = _texts(validate(REPORT, _approval(REPORT, status="draft")), settings, "zh_CN")
    for fmt, text in texts.items():
        assert text.count(_squeezed(MARK["zh_CN"])) == 2, fmt
        assert "结论审批：" + _squeezed(MARK["zh_CN"]) in text, fmt
        assert "陈思远" not in text, fmt


def test_a_report_whose_conclusions_are_approved_prints_approver_and_date(settings) -> None:
    for fmt, text in _texts(validate(REPORT), settings, "zh_CN", number="ZJ-2028-0001").items():
        assert "结论审批：总经理陈思远（2028年1月14日）" in text, fmt
        assert "未审批" not in text, fmt


# ---------------------------------------------------------------- the retrospective's kinds

# A review half-way through the sample's project: figures up to 30 June, issued on 3 July.
MID_PROJECT = {
    "report_kind": "mid_project",
    "issue_date": "2027-07-03",
    "project.actual.end": "2027-06-30",
    "milestones.3.actual": None,  # 双十一, planned for 11 November: not yet due
    "milestones.4.actual": None,
    "conclusions_approval.approved_on": "2027-07-02",
}


def test_a_report_without_a_kind_is_the_final_report() -> None:
    report = validate(REPORT, {"report_kind": DELETE})
    assert (report.report_kind, report.title_variant()) == ("final", None)


def test_a_mid_project_review_may_end_its_actual_period_at_the_cut_off() -> None:
    report = validate(REPORT, MID_PROJECT)
    assert (report.report_kind, str(report.project.actual.end)) == ("mid_project", "2027-06-30")
    assert report.title_variant() == "mid_project"


@pytest.mark.parametrize(
    ("locale", "title", "timeline", "not_due"),
    [
        ("zh_CN", "项目阶段评估报告", "本次评估截至2027年6月30日。", "未到期"),
        ("zh_TW", "專案階段評估報告", "本次評估截至2027年6月30日。", "未到期"),
        ("en_US", "ProjectMid-TermReview", "thisreviewcoversituptoJune30,2027.", "Notyetdue"),
    ],
)
def test_a_mid_project_review_prints_its_own_title_and_cut_off(
    settings, locale: str, title: str, timeline: str, not_due: str
) -> None:
    final_title = {"zh_CN": "项目总结报告", "zh_TW": "專案結案報告", "en_US": "ProjectRetrospective"}[locale]
    for fmt, text in _texts(validate(REPORT, MID_PROJECT), settings, locale).items():
        assert title in text and final_title not in text, fmt
        assert timeline in text, fmt
        assert not_due in text, fmt


def test_the_final_report_still_says_how_the_project_ended(settings) -> None:
    texts = _texts(validate(REPORT), settings, "zh_CN")
    assert all("项目总结报告" in text and "较计划" not in text and "按期结束" in text for text in texts.values())


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("final", "falls before the project's actual end 2027-06-30"),
        (
            "mid_project",
            "falls before the review's cut-off date 2027-06-30 (project.actual.end): "
            "a mid-project review covers only the days up to its issue date",
        ),
    ],
)
def test_each_kind_is_issued_on_or_after_the_end_of_its_actual_period(kind: str, message: str) -> None:
    changes = {**MID_PROJECT, "report_kind": kind, "conclusions_approval.approved_on": "2027-06-28"}
    assert validate(REPORT, {**changes, "issue_date": "2027-06-30"}).issue_date.isoformat() == "2027-06-30"
    [problem] = problems(REPORT, {**changes, "issue_date": "2027-06-29"})
    assert problem == f"{REPORT}.yaml: issue_date: 2027-06-29 {message}"

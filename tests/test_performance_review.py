"""The performance review: weights adding up to exactly 100%, scores on the configured scale, the cycle, the score
rounded once, the grade and its pay, the outcome a failing grade requires, the wording that is no dismissal (Labour
Contract Law Art. 40(2)), TW refused, the appeal deadline, the offer it cites, the failing run read from the
register, spreadsheet input and the web form."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from docgen.config import Settings
from docgen.documents.base import Earlier
from docgen.documents.performance_review import PerformanceReview, PerformanceReviewSettings
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records
from docgen.pipeline import validate_records
from docgen.registry import get_type
from docgen.resources import bundled_templates
from docgen.validation import validate_record

from .conftest import SAMPLES
from .registers import SAMPLE_OFFER, lines, run, write_data
from .test_project_plan import _titled
from .test_repeated_facts import issued, refused
from .textutil import EXTRACT
from .variants import DELETE, TODAY, problems, text, validate, variant
from .webforms import changed, form_pairs, messages_by_field, post_form, web_client, web_settings

TYPE = "performance_review"
FILE = "performance_review.yaml"
REVIEW: dict[str, Any] = load_records(SAMPLES / FILE)[0].data
RATERS = ("supervisor", "peer", "self")


def with_settings(changes: dict[str, Any], **settings: Any) -> PerformanceReview:
    """The changed sample validated under [types.performance_review] settings."""
    record = Record(variant(TYPE, changes), FILE)
    own = PerformanceReviewSettings.model_validate(settings)
    document = validate_record(get_type(TYPE), record, today=TODAY, type_settings=own)
    assert isinstance(document, PerformanceReview)
    return document


def refused_under(changes: dict[str, Any], **settings: Any) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        with_settings(changes, **settings)
    return [str(problem) for problem in caught.value.problems]


def scored(score: str) -> dict[str, Any]:
    """Every rater scoring every indicator of the sample alike: the review's score is exactly that score."""
    return {f"indicators.{i}.{rater}_score": score for i in range(5) for rater in RATERS}


FAILING = scored("50") | {"reward": DELETE}


def test_sample_figures() -> None:
    review = validate(TYPE)
    assert [indicator.score for indicator in review.indicators] == [
        Decimal("93.4"), Decimal("87.8"), Decimal("84.6"), Decimal("83.8"), Decimal("91")
    ]  # fmt: skip
    assert (review.score, review.grade, review.failing, review.coefficient) == (
        Decimal("89.64"), "A", False, Decimal("1.20")
    )  # fmt: skip
    assert (review.period_start, review.period_end, review.cycle_months) == (date(2027, 1, 1), date(2027, 3, 31), 3)
    assert review.performance_pay == Decimal("10800.00")  # 3,000.00 × 3 months × 1.20
    assert review.appeal_deadline == date(2027, 4, 23)  # 2027-04-08 + 15 calendar days
    assert review.failing_run is None  # a draft: no register read
    assert get_type(TYPE).number_pattern == "KH-{yyyy}-{seq:04}" and get_type(TYPE).kind == "hr"
    assert get_type(TYPE).cites == {"offer_number": "offer_letter", "contract_number": "labour_contract"}


# ---------------------------------------------------------------- the weights of each set add up to exactly 100%


@pytest.mark.parametrize(("weight", "total"), [("39.99", None), ("40.01", None), ("40", "ok")])
def test_the_indicator_weights_add_up_to_exactly_100(weight: str, total: str | None) -> None:
    if total:
        assert validate(TYPE, {"indicators.0.weight": weight}).score == Decimal("89.64")
    else:
        added = Decimal("60") + Decimal(weight)
        assert problems(TYPE, {"indicators.0.weight": weight}) == [
            f"{FILE}: indicators: the weights of indicators add up to {added}%, not exactly 100%"
        ]


@pytest.mark.parametrize(("weight", "ok"), [("59.99", False), ("60.01", False), ("60.00", True)])
def test_the_rater_weights_add_up_to_exactly_100(weight: str, ok: bool) -> None:
    if ok:
        assert validate(TYPE, {"raters.0.weight": weight}).score == Decimal("89.64")
    else:
        assert problems(TYPE, {"raters.0.weight": weight}) == [
            f"{FILE}: raters: the weights of raters add up to {Decimal('40') + Decimal(weight)}%, not exactly 100%"
        ]


# ---------------------------------------------------------------- raters and scores


def test_a_rater_group_rates_once() -> None:
    assert problems(TYPE, {"raters.2.group": "peer"}) == [
        f"{FILE}: raters.2.group: peer rates once: it is also raters.1"
    ]


def test_every_rater_scores_every_indicator_and_no_one_else_does() -> None:
    assert problems(TYPE, {"indicators.3.peer_score": DELETE}) == [
        f"{FILE}: indicators.3.peer_score: peer is among the raters: give its score of this indicator"
    ]
    assert problems(TYPE, {"indicators.1.client_score": "80"}) == [
        f"{FILE}: indicators.1.client_score: client is not among the raters: leave its score out, or add the rater"
    ]


def test_a_score_at_the_scales_maximum_passes_and_above_it_is_refused() -> None:
    assert validate(TYPE, {"indicators.0.self_score": "100"}).indicators[0].self_score == Decimal("100")
    assert problems(TYPE, {"indicators.0.self_score": "100.01"}) == [
        f"{FILE}: indicators.0.self_score: 100.01 is above the scale's maximum 100 "
        "([types.performance_review] scale_max)"
    ]


def test_the_scale_is_the_configurations() -> None:
    grades = [{"name": "P", "min_score": "6", "coefficient": "1"}, {"name": "F", "min_score": "0",
              "coefficient": "0", "failing": True}]  # fmt: skip
    assert with_settings(scored("10"), scale_max=10, grades=grades).score == Decimal("10.00")
    assert refused_under(scored("10") | {"indicators.4.peer_score": "10.01"}, scale_max=10, grades=grades) == [
        f"{FILE}: indicators.4.peer_score: 10.01 is above the scale's maximum 10 ([types.performance_review] scale_max)"
    ]


def test_each_of_the_rulebooks_three_groups_is_measured() -> None:
    assert problems(TYPE, {"indicators.2.group": "performance"}) == [
        f"{FILE}: indicators: no indicator of the ability group: the rulebook measures performance, ability and "
        "attitude"
    ]


# ---------------------------------------------------------------- the cycle


def test_a_period_of_another_cycle_than_the_configured_one_is_refused_naming_it() -> None:
    assert problems(TYPE, {"period": "2027-03"}) == [
        f"{FILE}: period: 2027-03 is not a quarterly period: [types.performance_review] cycle is quarterly, "
        "so write YYYY-Qn"
    ]
    assert refused_under({"period": "2027-Q1"}, cycle="monthly") == [
        f"{FILE}: period: 2027-Q1 is not a monthly period: [types.performance_review] cycle is monthly, "
        "so write YYYY-MM"
    ]


@pytest.mark.parametrize(("cycle", "period", "months", "pay"), [
    ("monthly", "2027-03", 1, "3600.00"), ("quarterly", "2027-Q1", 3, "10800.00"), ("yearly", "2026", 12, "43200.00"),
])  # fmt: skip
def test_the_pay_counts_the_months_of_the_configured_cycle(cycle: str, period: str, months: int, pay: str) -> None:
    review = with_settings({"period": period}, cycle=cycle)
    assert (review.cycle_months, review.performance_pay) == (months, Decimal(pay))


def test_a_review_is_issued_on_or_after_its_periods_last_day() -> None:
    assert validate(TYPE, {"issue_date": "2027-03-31", "improvement_plan.due": "2027-06-30"}).score
    assert problems(TYPE, {"issue_date": "2027-03-30"}) == [
        f"{FILE}: issue_date: 2027-03-30 falls before the period's last day 2027-03-31: a review judges a cycle "
        "that has ended"
    ]


# ---------------------------------------------------------------- the score, rounded once, and the grade


def test_the_score_is_rounded_once_at_the_end_never_in_between() -> None:
    # Indicator scores 80.10, 79.464 and 80.424 weigh in at 79.9960428: 80.00 (A) rounded once; rounding each
    # indicator first (79.46, 80.42) would give 79.99 (B).
    rows = [("performance", "33.33", "80.08", "80.13"), ("ability", "33.33", "79.48", "79.44"),
            ("attitude", "33.34", "80.52", "80.28")]  # fmt: skip
    indicators = [
        {"group": g, "name": g, "weight": w, "target": "t", "result": "r", "supervisor_score": s, "peer_score": p}
        for g, w, s, p in rows
    ]
    raters = [{"group": "supervisor", "weight": "60"}, {"group": "peer", "weight": "40"}]
    review = validate(TYPE, {"indicators": indicators, "raters": raters})
    assert [i.score for i in review.indicators] == [Decimal("80.1"), Decimal("79.464"), Decimal("80.424")]
    assert (review.score, review.grade) == (Decimal("80.00"), "A")


@pytest.mark.parametrize(("score", "grade", "failing"), [
    ("90", "S", False), ("89.99", "A", False), ("80", "A", False), ("79.99", "B", False), ("60", "C", False),
    ("59.99", "D", True),
])  # fmt: skip
def test_the_grade_is_the_band_the_score_reaches(score: str, grade: str, failing: bool) -> None:
    review = validate(TYPE, scored(score) | {"reward": DELETE})
    assert (review.score, review.grade, review.failing) == (Decimal(score).quantize(Decimal("0.01")), grade, failing)


def test_the_grades_are_the_configurations() -> None:
    grades = [{"name": "优", "min_score": "85", "coefficient": "1.15"}, {"name": "差", "min_score": "0",
              "coefficient": "0.5", "failing": True}]  # fmt: skip
    review = with_settings({}, grades=grades)
    assert (review.grade, review.coefficient, review.performance_pay) == ("优", Decimal("1.15"), Decimal("10350.00"))


def test_the_pay_is_rounded_to_the_fen_half_up() -> None:
    grades = [{"name": "H", "min_score": "0", "coefficient": "0.5"}]
    review = with_settings({"period": "2027-03", "performance_monthly": "1000.01"}, cycle="monthly", grades=grades)
    assert review.performance_pay == Decimal("500.01")  # 500.005: half up, not to the even 500.00


@pytest.mark.parametrize(("grades", "named"), [
    ([{"name": "A", "min_score": "60", "coefficient": "1"}, {"name": "B", "min_score": "60", "coefficient": "1"}],
     "grades.1.min_score: grade B's min_score 60 is not below the grade before it (60)"),
    ([{"name": "A", "min_score": "60", "coefficient": "1"}, {"name": "B", "min_score": "0.01", "coefficient": "0"}],
     "grades.1.min_score: the last grade covers every score down to 0: its min_score is 0.01, not 0"),
    ([{"name": "A", "min_score": "100.01", "coefficient": "1"}, {"name": "B", "min_score": "0", "coefficient": "0"}],
     "grades.0.min_score: grade A's min_score 100.01 is above scale_max 100"),
    ([{"name": "A", "min_score": "60", "coefficient": "1"}, {"name": "A", "min_score": "0", "coefficient": "0"}],
     "grades.1.name: grade A is named twice"),
])  # fmt: skip
def test_grade_bands_that_leave_a_score_without_a_grade_are_refused(grades: list[Any], named: str) -> None:
    with pytest.raises(ValueError, match="grade") as caught:
        PerformanceReviewSettings.model_validate({"grades": grades})
    assert named.split(": ", 1)[1] in str(caught.value)
    assert named.split(": ", 1)[0].split(".")[0] in str(caught.value)


def _config(tmp_path: Path, table: str) -> Path:
    config = tmp_path / "docgen.toml"
    config.write_text(
        (SAMPLES / "docgen.toml").read_text(encoding="utf-8") + f"\n[types.performance_review]\n{table}\n"
    )
    return config


def test_the_settings_read_from_docgen_toml(tmp_path: Path) -> None:
    path = write_data(tmp_path / "review.json", REVIEW)
    result = run("--config", str(_config(tmp_path, 'cycle = "monthly"')), "validate", TYPE, str(path))
    assert result.exit_code == 1
    assert f"{path}: period: 2027-Q1 is not a monthly period" in result.stderr
    bands = '[[types.performance_review.grades]]\nname = "A"\nmin_score = "50"\ncoefficient = "1"'
    result = run("--config", str(_config(tmp_path, bands)), "validate", TYPE, str(path))
    assert result.exit_code == 1 and "types.performance_review.grades.0.min_score" in result.stderr


# ---------------------------------------------------------------- the outcome


def test_a_failing_grade_requires_an_improvement_plan() -> None:
    assert problems(TYPE, scored("59.99") | {"reward": DELETE, "improvement_plan": DELETE}) == [
        f"{FILE}: improvement_plan: grade D is failing: a failing review requires an improvement plan (辅导和改进); "
        "training or a new post comes before any dismissal (Labour Contract Law Art. 40(2))"
    ]
    assert validate(TYPE, scored("60") | {"improvement_plan": DELETE}).grade == "C"  # the lowest passing score


def test_a_failing_grade_carries_no_reward() -> None:
    assert problems(TYPE, scored("59.99")) == [
        f"{FILE}: reward: grade D is failing: a failing review carries no reward"
    ]


def test_the_plans_goals_are_reviewed_after_the_issue_date() -> None:
    assert validate(TYPE, {"improvement_plan.due": "2027-04-09"}).improvement_plan.due == date(2027, 4, 9)
    assert problems(TYPE, {"improvement_plan.due": "2027-04-08"}) == [
        f"{FILE}: improvement_plan.due: 2027-04-08 falls on or before issue_date 2027-04-08: the plan's goals are "
        "met later"
    ]


def test_a_bonus_states_its_amount_and_only_a_bonus_has_one() -> None:
    assert problems(TYPE, {"reward.bonus_amount": DELETE}) == [
        f"{FILE}: reward.bonus_amount: a bonus states its amount: give bonus_amount"
    ]
    assert problems(TYPE, {"reward.kinds": ["certificate"]}) == [
        f"{FILE}: reward.bonus_amount: only a bonus has an amount: add bonus to kinds, or leave bonus_amount out"
    ]


@pytest.mark.parametrize(("days", "deadline"), [(15, date(2027, 4, 23)), (30, date(2027, 5, 8))])
def test_the_appeal_deadline_is_the_issue_date_plus_the_configured_calendar_days(days: int, deadline: date) -> None:
    assert with_settings({}, appeal_days=days).appeal_deadline == deadline


def test_the_appeal_deadline_and_a_blank_acknowledgement_are_printed(settings: Settings) -> None:
    printed = text(validate(TYPE), settings, "zh_CN", "pdf")
    assert "可于2027年4月23日前（含当日）向人力资源部书面提出申诉" in printed
    assert "员工确认：林晓雯签字日期：" in printed  # the box and the date left blank for the employee


# ---------------------------------------------------------------- what the document is, and is not


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_a_failing_review_says_it_is_no_notice_of_termination(settings: Settings, fmt: str) -> None:
    failing = text(validate(TYPE, FAILING), settings, "zh_CN", fmt)
    assert "本考核结论不构成解除劳动合同的通知。依《劳动合同法》第四十条第（二）项" in failing
    assert "用人单位须先安排培训或者调整工作岗位" in failing
    assert "D（不合格）" in failing
    assert "不构成解除劳动合同" not in text(validate(TYPE), settings, "zh_CN", fmt)


def test_the_english_wording_says_the_same(settings: Settings) -> None:
    failing = text(validate(TYPE, FAILING), settings, "en_US", "pdf")
    assert "Thisconclusionisnotanoticeofterminationofthelabourcontract.UnderArticle40(2)" in failing


def test_a_review_under_tw_is_refused_naming_the_jurisdiction() -> None:
    assert problems(TYPE, {"jurisdiction": "TW"}) == [
        f"{FILE}: jurisdiction: a performance review under TW is not implemented: Labor Standards Act Art. 11(5) "
        "(不能勝任工作) is not applied; issue it under CN or on paper"
    ]


def test_a_draft_says_the_failing_run_is_read_from_the_register_at_issue(settings: Settings) -> None:
    assert "签发时从登记簿读取本员工以往的考核记录后确定" in text(validate(TYPE), settings, "zh_CN", "html")


# ---------------------------------------------------------------- the offer it cites and the earlier reviews


def test_the_failing_run_counts_the_earlier_failing_reviews_ending_with_this_one() -> None:
    review = validate(TYPE, FAILING)
    stored = {True: variant(TYPE, FAILING), False: REVIEW}  # a review's data as the register stores it
    history = [Earlier(f"KH-2026-000{n}", date(2026, n, 1), stored[f] | {"period": f"2026-Q{n}"}) for n, f in
               enumerate((True, False, True, True), start=1)]  # fmt: skip
    assert review.after_earlier_reviews("employee.id_number", history) == []
    assert review.failing_run == 3
    assert review.after_earlier_reviews("employee.id_number", []) == [] and review.failing_run == 1
    passing = validate(TYPE)
    assert passing.after_earlier_reviews("employee.id_number", history) == [] and passing.failing_run == 0


OFFER_ONLY: dict[str, Any] = {"contract_number": DELETE}  # a review citing the offer letter alone


def _review(period: str, issue_date: str, score: str, **changes: Any) -> dict[str, Any]:
    data = variant(TYPE, scored(score) | {"reward": DELETE, "improvement_plan.due": "2027-12-31"} | OFFER_ONLY)
    return data | {"period": period, "issue_date": issue_date} | changes


def _printed(stdout: str) -> str:
    return EXTRACT["html"](Path(lines(stdout)[0][1]).read_bytes())


def test_reviews_issued_in_turn_count_the_failing_run_from_the_register(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "offer_letter", copy.deepcopy(SAMPLE_OFFER), tmp_path, "offer")
    printed = []
    for name, review in (("q1", _review("2027-Q1", "2027-04-08", "50")), ("q2", _review("2027-Q2", "2027-07-05", "55")),
                         ("q3", _review("2027-Q3", "2027-10-08", "70"))):  # fmt: skip
        path = write_data(tmp_path / f"{name}.json", review)
        result = run("issue", TYPE, str(path), "-f", "html", "-d", str(tmp_path / name), "--db", register_url,
                     "--locale", "zh_CN")  # fmt: skip
        assert result.exit_code == 0, result.output
        printed.append(("".join(_printed(result.stdout).split()), lines(result.stdout)[0][0]))
    assert [number for _, number in printed] == ["KH-2027-0001", "KH-2027-0002", "KH-2027-0003"]
    assert (
        "1次（含本次）" in printed[0][0] and "2次（含本次）" in printed[1][0] and "连续不合格次数0次" in printed[2][0]
    )


def test_a_period_already_reviewed_is_refused(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "offer_letter", copy.deepcopy(SAMPLE_OFFER), tmp_path, "offer")
    issued(register_url, TYPE, _review("2027-Q1", "2027-04-08", "70"), tmp_path, "q1")
    message = refused(register_url, tmp_path, TYPE, _review("2027-Q1", "2027-04-09", "75"))
    assert message.endswith(": period: 2027-Q1 is already reviewed in KH-2027-0001")


def test_the_performance_pay_per_month_is_the_offers(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "offer_letter", copy.deepcopy(SAMPLE_OFFER), tmp_path, "offer")
    message = refused(register_url, tmp_path, TYPE, variant(TYPE, OFFER_ONLY | {"performance_monthly": "3000.01"}))
    assert message.endswith(
        ": performance_monthly: 3000.01 here, 3000.00 in offer_letter LY-2026-0001 (pay.performance_monthly)"
    )


def test_the_employee_is_the_one_the_offer_was_made_to(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "offer_letter", copy.deepcopy(SAMPLE_OFFER), tmp_path, "offer")
    data = variant(TYPE, OFFER_ONLY | {"employee.name": "林晓云"})
    assert ": employee.name: 林晓云 here, 林晓雯 in offer_letter LY-2026-0001 (candidate.name)" in refused(
        register_url, tmp_path, TYPE, data
    )


def _offer_and_contract(register_url: str, tmp_path: Path, contract_pay: str) -> None:
    """The sample offer, NDA and labour contract issued in turn, the contract paying contract_pay a month."""
    issued(register_url, "offer_letter", copy.deepcopy(SAMPLE_OFFER), tmp_path, "offer")
    issued(register_url, "nda", load_records(SAMPLES / "nda.yaml")[0].data, tmp_path, "nda")
    contract = variant("labour_contract", {"pay.performance_monthly": contract_pay, "differs_from_offer": "调薪"})
    issued(register_url, "labour_contract", contract, tmp_path, "contract")


def test_a_cited_labour_contract_governs_the_performance_pay(register_url: str, tmp_path: Path) -> None:
    _offer_and_contract(register_url, tmp_path, "2500.00")
    issued(register_url, TYPE, variant(TYPE, {"performance_monthly": "2500.00"}), tmp_path, "review")
    message = refused(register_url, tmp_path, TYPE, variant(TYPE, {"period": "2027-Q2", "issue_date": "2027-07-01", "improvement_plan.due": "2027-12-31"}))
    assert message.endswith(
        ": performance_monthly: 3000.00 here, 2500.00 in labour_contract LD-2027-0001 (pay.performance_monthly)"
    )


# ---------------------------------------------------------------- messages in the interface language


def test_a_refusal_is_worded_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    path = write_data(tmp_path / "review.json", variant(TYPE, {"indicators.0.weight": "39.99"}))
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert f"{path}: indicators: indicators的权重合计为99.99%，不是恰好100%" in result.stderr


# ---------------------------------------------------------------- spreadsheet input with Chinese column titles


def test_a_review_typed_into_a_sheet_with_chinese_column_titles(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "reviews.xlsx"
    assert run("sample", TYPE, "--xlsx", str(path), "--locale", "zh_CN").exit_code == 0
    fields = yaml.safe_load((bundled_templates() / TYPE / "fields.zh_CN.yaml").read_text(encoding="utf-8"))
    row = {title: _labelled(fields, title, value) for title, value in _titled(REVIEW, (), fields["fields"]).items()}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert {"员工姓名", "指标1上级评分", "评分人3权重", "改进目标2", "奖励方式1"} <= set(headers)
    bad = row | {"指标1权重": "39.99"}
    for number, values in ((2, row), (3, bad)):
        for title, value in values.items():
            sheet.cell(row=number, column=headers.index(title) + 1, value=str(value))
    workbook.save(path)
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{path}:row 3: indicators: the weights of indicators add up to 99.99%, not exactly 100%"
    ]
    [good] = validate_records(TYPE, load_records(path, get_type(TYPE))[:1], settings)
    assert good == validate(TYPE)


def _labelled(fields: dict[str, Any], title: str, value: Any) -> Any:
    """A code as the sheet's user types it: the choice's Chinese label."""
    labels = {code: label for choices in fields["choices"].values() for code, label in choices.items()}
    return labels.get(str(value), value)


# ---------------------------------------------------------------- the web form


def test_the_web_form_puts_a_rules_message_next_to_its_field(tmp_path: Path) -> None:
    client = web_client(web_settings(tmp_path))
    page = client.get(f"/new/{TYPE}?from=sample")
    assert page.status_code == 200 and "考核指标" in page.text and "月绩效工资" in page.text
    for field, value, said in [
        ("indicators__0__supervisor_score", "100.01", "评分100.01超过满分100（[types.performance_review] scale_max）"),
        ("raters__0__weight", "59.99", "raters的权重合计为99.99%，不是恰好100%"),
    ]:
        pairs = changed(form_pairs(page.text), **{field: value})
        checked = post_form(client, f"/new/{TYPE}", [*pairs, ("_action", "check")]).text
        where = field.replace("__", ".") if "score" in field else "raters"
        assert messages_by_field(checked) == {where: [said]}

"""Wording of the budget (财务预算) per locale; one structure renders DOCX and HTML."""

from __future__ import annotations

from blocks import Chart, Document, H, If, P, Row, Signatures, Table, to_docx, to_html

ZH_CN = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "heading": "{{ doc.fiscal_year }} 年度　编制范围：{{ doc.scope }}　单位：元",
    "categories": {"revenue": "收入", "cost": "成本", "expense": "费用"},
    "months": [f"{n}月" for n in range(1, 13)],
    "quarters": ["第一季度", "第二季度", "第三季度", "第四季度"],
    "category": "类别",
    "item": "项目",
    "total": "合计",
    "category_total": "{0}合计",
    "profit": "利润",
    "plan": "预算明细",
    "actuals": "预算执行情况（截至实际数据最后一期）",
    "actual_header": ["类别", "项目", "预算（同期）", "实际", "差异额", "差异率"],
    "chart_caption": "各类别预算与实际对比（同期）",
    "actual_note": "差异额 = 实际 − 同期预算；差异率 = 差异额 ÷ 同期预算。同期预算为零时差异率以“—”表示。",
    "notes": "说明：{{ doc.notes | lines }}",
    "sign": [
        "编制：{% if doc.prepared_by %}{{ doc.prepared_by }}{% endif %}",
        "审批：{% if doc.approved_by %}{{ doc.approved_by }}{% endif %}",
        "日期：{{ doc.issue_date | date }}",
    ],
}

EN_US = {
    "number_label": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "heading": "Fiscal year {{ doc.fiscal_year }} | Scope: {{ doc.scope }} | Amounts in CNY",
    "categories": {"revenue": "Revenue", "cost": "Cost", "expense": "Expense"},
    "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "quarters": ["Q1", "Q2", "Q3", "Q4"],
    "category": "Category",
    "item": "Line",
    "total": "Total",
    "category_total": "Total {0}",
    "profit": "Profit",
    "plan": "Budget by line",
    "actuals": "Budget against actual (periods with actuals)",
    "actual_header": ["Category", "Line", "Budget (same periods)", "Actual", "Variance", "Variance %"],
    "chart_caption": "Budget against actual by category (same periods)",
    "actual_note": "Variance = actual − budget for the same periods; variance % = variance ÷ that budget. Where that budget is zero, the variance % shows “—”.",
    "notes": "Notes: {{ doc.notes | lines }}",
    "sign": [
        "Prepared by: {% if doc.prepared_by %}{{ doc.prepared_by }}{% endif %}",
        "Approved by: {% if doc.approved_by %}{{ doc.approved_by }}{% endif %}",
        "Date: {{ doc.issue_date | date }}",
    ],
}

ZH_TW = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "heading": "{{ doc.fiscal_year }} 年度　編製範圍：{{ doc.scope }}　單位：元",
    "categories": {"revenue": "收入", "cost": "成本", "expense": "費用"},
    "months": [f"{n}月" for n in range(1, 13)],
    "quarters": ["第一季", "第二季", "第三季", "第四季"],
    "category": "類別",
    "item": "項目",
    "total": "合計",
    "category_total": "{0}合計",
    "profit": "利潤",
    "plan": "預算明細",
    "actuals": "預算執行情形（截至實際資料最後一期）",
    "actual_header": ["類別", "項目", "預算（同期）", "實際", "差異金額", "差異率"],
    "chart_caption": "各類別預算與實際比較（同期）",
    "actual_note": "差異金額 = 實際 − 同期預算；差異率 = 差異金額 ÷ 同期預算。同期預算為零時差異率以「—」表示。",
    "notes": "說明：{{ doc.notes | lines }}",
    "sign": [
        "編製：{% if doc.prepared_by %}{{ doc.prepared_by }}{% endif %}",
        "核准：{% if doc.approved_by %}{{ doc.approved_by }}{% endif %}",
        "日期：{{ doc.issue_date | date }}",
    ],
}


def _category(w: dict, expression: str) -> str:
    names = w["categories"]
    return (
        "".join(
            f"{{% {'if' if i == 0 else 'elif'} {expression} == '{key}' %}}{name}"
            for i, (key, name) in enumerate(names.items())
        )
        + "{% endif %}"
    )


def _plan_table(w: dict, labels: list[str]) -> Table:
    count = len(labels)
    figures = [f"{{{{ line.budget[{i}] | number(2) }}}}" for i in range(count)]
    rows = [
        Row(
            [_category(w, "line.category"), "{{ line.name }}", *figures, "{{ line.budget_total | number(2) }}"],
            loop="line in doc.lines",
        )
    ]
    for key, name in w["categories"].items():
        cells = [f"{{{{ doc.category_totals.{key}[{i}] | number(2) }}}}" for i in range(count + 1)]
        rows.append(Row(["", w["category_total"].format(name), *cells], total=True))
    rows.append(
        Row(["", w["profit"], *[f"{{{{ doc.profit[{i}] | number(2) }}}}" for i in range(count + 1)]], total=True)
    )
    header = [w["category"], w["item"], *labels, w["total"]]
    # Landscape A4 leaves 257 mm: narrow label columns, equal period columns, a wider total.
    period_width = (257 - 14 - 30 - 25) / count
    widths = (14, 30, *([period_width] * count), 25)
    return Table(header, rows, numeric=tuple(range(2, count + 3)), wide=True, widths=widths)


def structure(w: dict) -> Document:
    variance_ratio = (
        "{% if line.variance_ratio is not none %}{{ line.variance_ratio | percent(1) }}{% else %}—{% endif %}"
    )
    return Document(
        number_label=w["number_label"],
        page_words=w["page"],
        landscape=True,
        body=[
            P(w["heading"]),
            H(w["plan"]),
            If("doc.granularity == 'month'", [_plan_table(w, w["months"])]),
            If("doc.granularity == 'quarter'", [_plan_table(w, w["quarters"])]),
            If(
                "doc.has_actuals",
                [
                    H(w["actuals"]),
                    Table(
                        w["actual_header"],
                        [
                            Row(
                                [
                                    _category(w, "line.category"),
                                    "{{ line.name }}",
                                    "{{ line.budget_to_date | money }}",
                                    "{{ line.actual_total | money }}",
                                    "{{ line.variance | money }}",
                                    variance_ratio,
                                ],
                                loop="line in doc.lines if line.actual is not none",
                            )
                        ],
                        numeric=(2, 3, 4, 5),
                    ),
                    P(w["actual_note"], small=True),
                    Chart("actuals", w["chart_caption"]),
                ],
            ),
            If("doc.notes", [P(w["notes"])]),
            Signatures([[line] for line in w["sign"]]),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {f"budget/document{SUFFIX[k]}.docx": (lambda w=w: to_docx(structure(w))) for k, w in WORDING.items()}
HTML_TEMPLATES = {f"budget/document{SUFFIX[k]}.html": (lambda w=w: to_html(structure(w))) for k, w in WORDING.items()}

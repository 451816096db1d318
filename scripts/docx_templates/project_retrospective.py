"""Wording of the project retrospective (项目复盘报告) per locale; one structure renders DOCX and HTML."""

from __future__ import annotations

from blocks import Chart, Document, Facts, For, H, If, Item, P, Row, Table, to_docx, to_html

ZH_CN = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "status": 'dict(early="提前", on_time="按期", late="延期", open="未完成")',
    "gap": "",
    "facts": ("项目名称", "客户", "合同编号", "合同金额", "服务店铺及账号", "项目经理", "服务期"),
    "value_words": "{{ doc.contract_value | money }}（{{ meta.labels.in_words }}：{{ doc.contract_value | in_words }}）",
    "platforms": '{{ doc.project.platforms | join("、") }}',
    "period": "{{ doc.project.actual.start | date }} 至 {{ doc.project.actual.end | date }}",
    "overview": "项目概况",
    "goals": "目标与结果",
    "kpi_headers": ("指标", "单位", "目标值", "实际值", "达成率", "结果"),
    "lower": "（越低越好）",
    "met": ("达成", "未达成"),
    "kpi_summary": "共 {{ doc.kpis | length }} 项指标，达成 {{ doc.kpis_met }} 项。达成率为实际值与目标值之比"
    "（越低越好的指标为目标值与实际值之比）；目标值为零的指标不计算达成率，以“—”表示。",
    "delivery": "项目交付",
    "timeline": "进度",
    "timeline_text": "服务期计划自 {{ doc.project.planned.start | date }} 至 {{ doc.project.planned.end | date }}，"
    "实际自 {{ doc.project.actual.start | date }} 至 {{ doc.project.actual.end | date }}，"
    '{% if doc.project.end_status == "on_time" %}按期结束{% else %}较计划{{ status_words[doc.project.end_status] }} '
    "{{ doc.project.end_days_off }} 天结束{% endif %}。",
    "milestone_headers": ("里程碑", "计划日期", "实际日期", "情况"),
    "milestone_status": '{% if m.status in ("early", "late") %}{{ status_words[m.status] }} {{ m.days_off }} 天'
    "{% else %}{{ status_words[m.status] }}{% endif %}",
    "quality": "服务质量与客户满意度",
    "score": "客户满意度评分：{{ doc.quality.satisfaction_score }} / {{ doc.quality.satisfaction_scale }}"
    "{% if doc.quality.respondents %}（{{ doc.quality.respondents }} 人参与评价）{% endif %}。",
    "cost": "成本与效益",
    "cost_headers": ("成本项目", "预算", "实际", "差异"),
    "total": "合计",
    "cost_text": "实际成本 {{ doc.finance.actual_total | money }}，{% if doc.finance.within_budget %}未超出预算"
    "{% else %}超出预算{% endif %}，差异 {{ doc.finance.variance | money }}"
    "{% if doc.finance.variance_ratio is not none %}（{{ doc.finance.variance_ratio | percent(1) }}）{% endif %}。",
    "benefit": "项目效益 {{ doc.finance.benefit | money }}：{{ doc.finance.benefit_basis | lines }}",
    "net": "扣除实际成本后净效益 {{ doc.finance.net_benefit | money }}，效益成本比 "
    "{% if doc.finance.benefit_cost_ratio is not none %}{{ doc.finance.benefit_cost_ratio | number(2) }}"
    "{% else %}—{% endif %}。",
    "lessons": "经验与教训",
    "recommendations": "改进建议",
    "prepared": "编制：{{ doc.prepared_by }}",
    "reviewed": "审核：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
    "date": "日期：{{ doc.issue_date | date }}",
    "chart": "各项 KPI 目标与实际",
}

ZH_TW = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "status": 'dict(early="提前", on_time="如期", late="延後", open="未完成")',
    "gap": "",
    "facts": ("專案名稱", "客戶", "合約編號", "合約金額", "服務店鋪及帳號", "專案經理", "服務期間"),
    "value_words": "{{ doc.contract_value | money }}（{{ meta.labels.in_words }}：{{ doc.contract_value | in_words }}）",
    "platforms": '{{ doc.project.platforms | join("、") }}',
    "period": "{{ doc.project.actual.start | date }} 至 {{ doc.project.actual.end | date }}",
    "overview": "專案概況",
    "goals": "目標與成果",
    "kpi_headers": ("指標", "單位", "目標值", "實際值", "達成率", "結果"),
    "lower": "（越低越好）",
    "met": ("達成", "未達成"),
    "kpi_summary": "共 {{ doc.kpis | length }} 項指標，達成 {{ doc.kpis_met }} 項。達成率為實際值與目標值之比"
    "（越低越好之指標為目標值與實際值之比）；目標值為零之指標不計算達成率，以「—」表示。",
    "delivery": "專案交付",
    "timeline": "時程",
    "timeline_text": "服務期間原訂自 {{ doc.project.planned.start | date }} 至 {{ doc.project.planned.end | date }}，"
    "實際自 {{ doc.project.actual.start | date }} 至 {{ doc.project.actual.end | date }}，"
    '{% if doc.project.end_status == "on_time" %}如期結束{% else %}較原訂{{ status_words[doc.project.end_status] }} '
    "{{ doc.project.end_days_off }} 天結束{% endif %}。",
    "milestone_headers": ("里程碑", "原訂日期", "實際日期", "情形"),
    "milestone_status": '{% if m.status in ("early", "late") %}{{ status_words[m.status] }} {{ m.days_off }} 天'
    "{% else %}{{ status_words[m.status] }}{% endif %}",
    "quality": "服務品質與客戶滿意度",
    "score": "客戶滿意度評分：{{ doc.quality.satisfaction_score }} / {{ doc.quality.satisfaction_scale }}"
    "{% if doc.quality.respondents %}（{{ doc.quality.respondents }} 人參與評分）{% endif %}。",
    "cost": "成本與效益",
    "cost_headers": ("成本項目", "預算", "實際", "差異"),
    "total": "合計",
    "cost_text": "實際成本 {{ doc.finance.actual_total | money }}，{% if doc.finance.within_budget %}未超出預算"
    "{% else %}超出預算{% endif %}，差異 {{ doc.finance.variance | money }}"
    "{% if doc.finance.variance_ratio is not none %}（{{ doc.finance.variance_ratio | percent(1) }}）{% endif %}。",
    "benefit": "專案效益 {{ doc.finance.benefit | money }}：{{ doc.finance.benefit_basis | lines }}",
    "net": "扣除實際成本後淨效益 {{ doc.finance.net_benefit | money }}，效益成本比 "
    "{% if doc.finance.benefit_cost_ratio is not none %}{{ doc.finance.benefit_cost_ratio | number(2) }}"
    "{% else %}—{% endif %}。",
    "lessons": "經驗與教訓",
    "recommendations": "改善建議",
    "prepared": "撰寫：{{ doc.prepared_by }}",
    "reviewed": "審核：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
    "date": "日期：{{ doc.issue_date | date }}",
    "chart": "各項 KPI 目標與實際",
}

EN_US = {
    "number": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "status": 'dict(early="early", on_time="on time", late="late", open="not reached")',
    "gap": " ",
    "facts": (
        "Project",
        "Client",
        "Contract No.",
        "Contract value",
        "Stores and accounts",
        "Project manager",
        "Service period",
    ),
    "value_words": "{{ doc.contract_value | money }} ({{ meta.labels.in_words }}: {{ doc.contract_value | in_words }})",
    "platforms": '{{ doc.project.platforms | join("; ") }}',
    "period": "{{ doc.project.actual.start | date }} to {{ doc.project.actual.end | date }}",
    "overview": "Overview",
    "goals": "Goals and results",
    "kpi_headers": ("KPI", "Unit", "Target", "Actual", "Achievement", "Result"),
    "lower": " (lower is better)",
    "met": ("Met", "Not met"),
    "kpi_summary": "{{ doc.kpis_met }} of {{ doc.kpis | length }} KPIs met. Achievement is the actual value over the "
    "target (the target over the actual value where lower is better); a KPI with a target of zero has no "
    "achievement, shown as “—”.",
    "delivery": "Delivery",
    "timeline": "Timeline",
    "timeline_text": "The service was planned to run from {{ doc.project.planned.start | date }} to "
    "{{ doc.project.planned.end | date }} and ran from {{ doc.project.actual.start | date }} to "
    "{{ doc.project.actual.end | date }}, ending "
    '{% if doc.project.end_status == "on_time" %}on time{% else %}{{ doc.project.end_days_off }} day'
    "{% if doc.project.end_days_off != 1 %}s{% endif %} {{ status_words[doc.project.end_status] }}{% endif %}.",
    "milestone_headers": ("Milestone", "Planned", "Actual", "Status"),
    "milestone_status": '{% if m.status in ("early", "late") %}{{ m.days_off }} day{% if m.days_off != 1 %}s'
    "{% endif %} {{ status_words[m.status] }}{% else %}{{ status_words[m.status] | capitalize }}{% endif %}",
    "quality": "Service quality and client satisfaction",
    "score": "Client satisfaction score: {{ doc.quality.satisfaction_score }} / {{ doc.quality.satisfaction_scale }}"
    "{% if doc.quality.respondents %} ({{ doc.quality.respondents }} respondent"
    "{% if doc.quality.respondents != 1 %}s{% endif %}){% endif %}.",
    "cost": "Cost and benefit",
    "cost_headers": ("Cost item", "Budget", "Actual", "Variance"),
    "total": "Total",
    "cost_text": "Actual cost was {{ doc.finance.actual_total | money }}, {% if doc.finance.within_budget %}within"
    "{% else %}over{% endif %} budget by a variance of {{ doc.finance.variance | money }}"
    "{% if doc.finance.variance_ratio is not none %} ({{ doc.finance.variance_ratio | percent(1) }}){% endif %}.",
    "benefit": "Benefit: {{ doc.finance.benefit | money }}. {{ doc.finance.benefit_basis | lines }}",
    "net": "Net of the actual cost, the benefit is {{ doc.finance.net_benefit | money }}; benefit over cost: "
    "{% if doc.finance.benefit_cost_ratio is not none %}{{ doc.finance.benefit_cost_ratio | number(2) }}"
    "{% else %}—{% endif %}.",
    "lessons": "Lessons learned",
    "recommendations": "Recommendations",
    "prepared": "Prepared by: {{ doc.prepared_by }}",
    "reviewed": "Reviewed by: {{ signatory.name }}{% if signatory.title %} ({{ signatory.title }}){% endif %}",
    "date": "Date: {{ doc.issue_date | date }}",
    "chart": "KPI target vs actual",
}


def _facts(w: dict) -> Facts:
    name, client, contract, value, platforms, manager, period = w["facts"]
    return Facts(
        [
            Row([name, "{{ doc.project.name }}"]),
            Row([client, "{{ doc.project.client }}"]),
            Row([contract, "{{ doc.contract_number }}"]),
            Row([value, w["value_words"]], cond="doc.contract_value"),
            Row([platforms, w["platforms"]], cond="doc.project.platforms"),
            Row([manager, "{{ doc.project.manager }}"]),
            Row([period, w["period"]]),
        ]
    )


def _heading(w: dict, key: str) -> H:
    return H("{{ clauses." + key + ".label }}" + w["gap"] + w[key])


def _goals(w: dict) -> list:
    met, missed = w["met"]
    kpi = [
        '{{ k.name }}{% if k.direction == "lower_is_better" %}' + w["lower"] + "{% endif %}",
        "{% if k.unit %}{{ k.unit }}{% endif %}",
        "{{ k.target | number(k.decimals) }}",
        "{{ k.actual | number(k.decimals) }}",
        "{% if k.achievement is not none %}{{ k.achievement | percent(1) }}{% else %}—{% endif %}",
        "{% if k.met %}" + met + "{% else %}" + missed + "{% endif %}",
    ]
    return [
        _heading(w, "goals"),
        Table(w["kpi_headers"], [Row(kpi, loop="k in doc.kpis")], numeric=(2, 3, 4), widths=(46, 14, 28, 28, 30, 24)),
        P(w["kpi_summary"]),
        Chart("kpis", w["chart"]),
    ]


def _timeline(w: dict) -> list:
    milestone = [
        "{{ m.name }}",
        "{{ m.planned | date }}",
        "{% if m.actual %}{{ m.actual | date }}{% else %}—{% endif %}",
        w["milestone_status"],
    ]
    milestones = Table(w["milestone_headers"], [Row(milestone, loop="m in doc.milestones")], widths=(62, 38, 38, 32))
    return [_heading(w, "timeline"), P(w["timeline_text"]), If("doc.milestones", [milestones])]


def _cost(w: dict) -> list:
    f = "doc.finance"
    cost = ["{{ c.name }}", "{{ c.budget | money }}", "{{ c.actual | money }}", "{{ c.variance | money }}"]
    total = [
        w["total"],
        f"{{{{ {f}.budget_total | money }}}}",
        f"{{{{ {f}.actual_total | money }}}}",
        f"{{{{ {f}.variance | money }}}}",
    ]
    rows = [Row(cost, loop=f"c in {f}.costs"), Row(total, total=True)]
    return [
        _heading(w, "cost"),
        Table(w["cost_headers"], rows, numeric=(1, 2, 3), widths=(50, 40, 40, 40)),
        P(w["cost_text"]),
        P(w["benefit"]),
        P(w["net"]),
    ]


def _numbered(w: dict, key: str) -> list:
    return [_heading(w, key), For(f"item in doc.{key}", [Item("{{ loop.index }}. {{ item | lines }}")])]


def structure(w: dict) -> Document:
    return Document(
        number_label=w["number"],
        page_words=w["page"],
        setup="set status_words = " + w["status"],
        body=[
            _facts(w),
            _heading(w, "overview"),
            P("{{ doc.project.summary | lines }}"),
            *_goals(w),
            _heading(w, "delivery"),
            *_timeline(w),
            _heading(w, "quality"),
            P("{{ doc.quality.summary | lines }}"),
            P(w["score"]),
            *_cost(w),
            *_numbered(w, "lessons"),
            *_numbered(w, "recommendations"),
            P(""),
            P("{{ company.legal_name }}", right=True),
            If("doc.prepared_by", [P(w["prepared"], right=True)]),
            P(w["reviewed"], right=True),
            P(w["date"], right=True),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {
    f"project_retrospective/document{SUFFIX[locale]}.docx": (lambda w=w: to_docx(structure(w)))
    for locale, w in WORDING.items()
}
HTML_TEMPLATES = {
    f"project_retrospective/document{SUFFIX[locale]}.html": (lambda w=w: to_html(structure(w)))
    for locale, w in WORDING.items()
}

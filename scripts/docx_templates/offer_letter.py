"""The offer letter (录用通知书): one structure, its wording per locale; it builds the DOCX and the HTML."""

from __future__ import annotations

from blocks import Blanks, Document, Facts, For, H, If, Item, P, Row, Signature, Slip, Strong, to_docx, to_html

ZH_CN = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "contract_types": '{"fixed_term": "固定期限劳动合同", "open_ended": "无固定期限劳动合同", '
    '"task_based": "以完成一定工作任务为期限的劳动合同"}',
    "salutation": "{{ doc.candidate.name }}：",
    "opening": "您好！感谢您对{{ company.legal_name }}的信任与关注。经过面试与综合评估，我们很高兴地通知您：公司决定录用您担任以下职位。",
    "facts": ("职位", "所属部门", "直属上级", "报到日期", "工作地点"),
    "pay": "薪酬待遇（税前）",
    "pay_rows": ("基本工资", "绩效工资（目标值）", "月度约定工资合计", "年终奖（目标值）"),
    "per": (" / 月", " / 年"),
    "in_words": "（{{ meta.labels.in_words }}：{{ doc.pay.monthly_wage | in_words }}）",
    "pay_day": "工资于每月 {{ doc.pay.pay_day }} 日发放，公司依法代扣代缴个人所得税"
    "{% if doc.jurisdiction == 'CN' %}及社会保险、住房公积金个人缴纳部分{% else %}及劳工保险、全民健康保险个人负担部分{% endif %}。"
    "试用期工资见{{ clauses.terms.ref }}。",
    "terms": "劳动合同与试用期",
    "terms_text": "公司将与您签订{{ contract_types[doc.terms.contract_type] }}"
    "{% if doc.terms.term_months %}，合同期限 {{ doc.terms.term_months }} 个月{% endif %}。"
    "{% if doc.terms.probation_months %}试用期 {{ doc.terms.probation_months }} 个月，包含在劳动合同期限内，"
    "试用期月工资为 {{ doc.terms.probation_monthly_pay | money }}（税前）。{% else %}本合同不约定试用期。{% endif %}",
    "benefits": "福利待遇",
    "insurance": "{% if doc.jurisdiction == 'CN' %}公司依法为您缴纳社会保险及住房公积金（五险一金）。"
    "{% else %}公司依法为您投保劳工保险、全民健康保险并提缴劳工退休金。{% endif %}",
    "leave": "带薪年休假 {{ doc.benefits.annual_leave_days }} 天 / 年。",
    "onboarding": "报到须知",
    "bring": "请于报到当日携带以下材料：",
    "reply": "答复期限",
    "reply_text": "请于 {{ doc.reply_deadline | date }} 前签署下方回执并交回公司。逾期未答复的，本录用通知自动失效。"
    "{% if clauses.onboarding.on %}报到所需材料见{{ clauses.onboarding.ref }}。{% endif %}",
    "closing": "期待您的加入！",
    "seal": "（{{ meta.labels.seal }}）",
    "signatory": "授权签字人：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
    "date": "日期：{{ doc.issue_date | date }}",
    "slip": "回　执",
    "slip_text": "本人 {{ doc.candidate.name }} 已阅读并接受{{ company.legal_name }}关于{{ doc.position.department }}"
    "{{ doc.position.title }}职位的录用条件，将于 {{ doc.position.start_date | date }} 报到。",
    "slip_blanks": ["签名：", "日期："],
    "heading_gap": "",
}

ZH_TW = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "contract_types": '{"fixed_term": "定期勞動契約", "open_ended": "不定期勞動契約", '
    '"task_based": "以完成特定工作為期限之勞動契約"}',
    "salutation": "{{ doc.candidate.name }} 您好：",
    "opening": "感謝您對{{ company.legal_name }}的信任與關注。經過面試與綜合評估，我們很高興通知您：公司決定錄用您擔任以下職務。",
    "facts": ("職稱", "所屬部門", "直屬主管", "到職日期", "工作地點"),
    "pay": "薪資待遇（稅前）",
    "pay_rows": ("本薪", "績效獎金（目標值）", "每月約定薪資合計", "年終獎金（目標值）"),
    "per": (" / 月", " / 年"),
    "in_words": "（{{ meta.labels.in_words }}：{{ doc.pay.monthly_wage | in_words }}）",
    "pay_day": "薪資於每月 {{ doc.pay.pay_day }} 日發放，公司依法代扣所得稅"
    "{% if doc.jurisdiction == 'CN' %}及社會保險、住房公積金個人繳納部分{% else %}及勞工保險、全民健康保險個人負擔部分{% endif %}。"
    "試用期間薪資詳見{{ clauses.terms.ref }}。",
    "terms": "勞動契約與試用期",
    "terms_text": "公司將與您簽訂{{ contract_types[doc.terms.contract_type] }}"
    "{% if doc.terms.term_months %}，契約期間 {{ doc.terms.term_months }} 個月{% endif %}。"
    "{% if doc.terms.probation_months %}試用期 {{ doc.terms.probation_months }} 個月，包含於契約期間內，"
    "試用期間月薪為 {{ doc.terms.probation_monthly_pay | money }}（稅前）。{% else %}本契約不約定試用期。{% endif %}",
    "benefits": "福利",
    "insurance": "{% if doc.jurisdiction == 'CN' %}公司依法為您繳納社會保險及住房公積金（五險一金）。"
    "{% else %}公司依法為您投保勞工保險、全民健康保險並提繳勞工退休金。{% endif %}",
    "leave": "特別休假 {{ doc.benefits.annual_leave_days }} 日 / 年。",
    "onboarding": "到職須知",
    "bring": "請於到職當日攜帶下列文件：",
    "reply": "回覆期限",
    "reply_text": "請於 {{ doc.reply_deadline | date }} 前簽署下方回條並交回公司。逾期未回覆者，本錄用通知自動失效。"
    "{% if clauses.onboarding.on %}到職應備文件詳見{{ clauses.onboarding.ref }}。{% endif %}",
    "closing": "期待您的加入！",
    "seal": "（{{ meta.labels.seal }}）",
    "signatory": "授權簽署人：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
    "date": "日期：{{ doc.issue_date | date }}",
    "slip": "回　條",
    "slip_text": "本人 {{ doc.candidate.name }} 已詳閱並接受{{ company.legal_name }}{{ doc.position.department }}"
    "{{ doc.position.title }}職務之錄用條件，將於 {{ doc.position.start_date | date }} 到職。",
    "slip_blanks": ["簽名：", "日期："],
    "heading_gap": "",
}

EN_US = {
    "number": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "contract_types": '{"fixed_term": "a fixed-term employment contract", "open_ended": "an open-ended employment '
    'contract", "task_based": "an employment contract for the completion of a specific task"}',
    "salutation": "Dear {{ doc.candidate.name }},",
    "opening": "Thank you for your interest in {{ company.legal_name }}. Following your interviews, we are pleased "
    "to offer you the position below.",
    "facts": ("Position", "Department", "Reports to", "Start date", "Place of work"),
    "pay": "Compensation (before tax)",
    "pay_rows": ("Base salary", "Performance pay (at target)", "Agreed monthly wage", "Annual bonus (target)"),
    "per": (" / month", " / year"),
    "in_words": "({{ meta.labels.in_words }}: {{ doc.pay.monthly_wage | in_words }})",
    "pay_day": "Wages are paid on day {{ doc.pay.pay_day }} of each month. The company withholds individual income tax"
    "{% if doc.jurisdiction == 'CN' %} and your share of social insurance and the housing fund"
    "{% else %} and your share of labor and national health insurance{% endif %}. "
    "Pay during probation is set out in {{ clauses.terms.ref }}.",
    "terms": "Employment contract and probation",
    "terms_text": "You will sign {{ contract_types[doc.terms.contract_type] }}"
    "{% if doc.terms.term_months %} for a term of {{ doc.terms.term_months }} months{% endif %}. "
    "{% if doc.terms.probation_months %}The probation period is {{ doc.terms.probation_months }} month"
    "{% if doc.terms.probation_months > 1 %}s{% endif %}, within the contract term, and your monthly wage during "
    "probation is {{ doc.terms.probation_monthly_pay | money }} (before tax).{% else %}The contract has no "
    "probation period.{% endif %}",
    "benefits": "Benefits",
    "insurance": "{% if doc.jurisdiction == 'CN' %}The company pays social insurance and the housing fund for you "
    "as the law requires.{% else %}The company enrolls you in labor insurance and national health insurance and "
    "contributes to your labor pension as the law requires.{% endif %}",
    "leave": "{{ doc.benefits.annual_leave_days }} days of paid annual leave a year.",
    "onboarding": "Your first day",
    "bring": "Please bring the following on your first day:",
    "reply": "Reply",
    "reply_text": "Please sign the reply slip below and return it to us by {{ doc.reply_deadline | date }}. "
    "If we have not received your reply by then, this offer lapses."
    "{% if clauses.onboarding.on %} What to bring is listed in {{ clauses.onboarding.ref }}.{% endif %}",
    "closing": "We look forward to welcoming you.",
    "seal": "({{ meta.labels.seal }})",
    "signatory": "Authorized signatory: {{ signatory.name }}{% if signatory.title %} ({{ signatory.title }}){% endif %}",
    "date": "Date: {{ doc.issue_date | date }}",
    "slip": "Reply slip",
    "slip_text": "I, {{ doc.candidate.name }}, have read and accept the terms of the offer from "
    "{{ company.legal_name }} for the position of {{ doc.position.title }} in {{ doc.position.department }}, "
    "and will report for work on {{ doc.position.start_date | date }}.",
    "slip_blanks": ["Signature: ", "Date: "],
    "heading_gap": " ",
}

PAY = "doc.pay"


def _position(w: dict) -> Facts:
    facts = w["facts"]
    return Facts(
        [
            Row([facts[0], "{{ doc.position.title }}"]),
            Row([facts[1], "{{ doc.position.department }}"]),
            Row([facts[2], "{{ doc.position.reports_to }}"], cond="doc.position.reports_to"),
            Row([facts[3], "{{ doc.position.start_date | date }}"]),
            Row([facts[4], "{{ doc.position.work_place }}"]),
        ]
    )


def _pay(w: dict) -> Facts:
    rows, (month, year) = w["pay_rows"], w["per"]
    return Facts(
        [
            Row([rows[0], f"{{{{ {PAY}.base_monthly | money }}}}" + month]),
            Row(["{{ a.name }}", "{{ a.monthly_amount | money }}" + month], loop=f"a in {PAY}.allowances"),
            Row([rows[1], f"{{{{ {PAY}.performance_monthly | money }}}}" + month], cond=f"{PAY}.performance_monthly"),
            Row([rows[2], f"{{{{ {PAY}.monthly_wage | money }}}}" + month + "\n" + w["in_words"]]),
            Row([rows[3], f"{{{{ {PAY}.annual_bonus | money }}}}" + year], cond=f"{PAY}.annual_bonus"),
        ],
        amounts=True,
    )


def _benefits(w: dict) -> list:
    return [
        If("doc.benefits.social_insurance", [Item("· " + w["insurance"])]),
        If("doc.benefits.annual_leave_days is not none", [Item("· " + w["leave"])]),
        For("item in doc.benefits.other", [Item("· {{ item | lines }}")]),
    ]


def _signature_and_slip(w: dict) -> list:
    signer = ["{{ company.legal_name }}", "[our seal]", w["signatory"], w["date"]]
    return [
        Signature(signer, seal_note=w["seal"]),
        Slip(w["slip"], [P(w["slip_text"]), Blanks(w["slip_blanks"])]),
    ]


def structure(w: dict) -> Document:
    gap = w["heading_gap"]
    return Document(
        number_label=w["number"],
        page_words=w["page"],
        body=[
            Strong("{% set contract_types = " + w["contract_types"] + " %}" + w["salutation"]),
            P(w["opening"]),
            _position(w),
            H("{{ clauses.pay.label }}" + gap + w["pay"]),
            _pay(w),
            If(f"{PAY}.bonus_terms", [P(f"{{{{ {PAY}.bonus_terms | lines }}}}")]),
            If(f"{PAY}.pay_day", [P(w["pay_day"])]),
            H("{{ clauses.terms.label }}" + gap + w["terms"]),
            P(w["terms_text"]),
            H("{{ clauses.benefits.label }}" + gap + w["benefits"]),
            *_benefits(w),
            If(
                "clauses.onboarding.on",
                [
                    H("{{ clauses.onboarding.label }}" + gap + w["onboarding"]),
                    P(w["bring"]),
                    For("item in doc.documents_to_bring", [Item("{{ loop.index }}. {{ item | lines }}")]),
                ],
            ),
            H("{{ clauses.reply.label }}" + gap + w["reply"]),
            P(w["reply_text"]),
            If("doc.notes", [P("{{ doc.notes | lines }}")]),
            P(w["closing"]),
            *_signature_and_slip(w),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {
    f"offer_letter/document{SUFFIX[locale]}.docx": (lambda w=w: to_docx(structure(w))) for locale, w in WORDING.items()
}
HTML_TEMPLATES = {
    f"offer_letter/document{SUFFIX[locale]}.html": (lambda w=w: to_html(structure(w))) for locale, w in WORDING.items()
}

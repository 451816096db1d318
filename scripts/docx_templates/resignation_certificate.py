"""The resignation certificate (离职证明 / 服務證明書): one structure, its wording per locale; it builds DOCX and HTML."""

from __future__ import annotations

from blocks import Document, Facts, If, P, Row, Signature, to_docx, to_html

ZH_CN = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "sets": '{% set tw = doc.jurisdiction == "TW" %}'
    '{% set ended = "解除" if doc.ended_by == "rescission" and not tw else "终止" %}'
    '{% set kinds = {"fixed_term": "固定期限劳动合同", "open_ended": "无固定期限劳动合同", '
    '"task_based": "以完成一定工作任务为期限的劳动合同"} %}'
    '{% set reasons = {"personal_resignation": "本人因个人原因提出辞职", "mutual_agreement": "双方协商一致解除劳动合同", '
    '"contract_expiry": "劳动合同期满终止", "employer_business_reasons": "因公司经营调整解除劳动合同，非因本人过失"} %}'
    "{% set service %}{% if doc.service_length.years %}{{ doc.service_length.years }}年{% endif %}"
    "{% if doc.service_length.months %}{{ doc.service_length.months }}个月{% endif %}"
    "{% if not doc.service_length.years and not doc.service_length.months %}不足1个月{% endif %}{% endset %}",
    "opening": "兹证明：",
    "intro": "{{ doc.employee.name }}自 {{ doc.hire_date | date }} 起在我公司工作，至 {{ doc.termination_date | date }} 止，"
    "{% if tw %}服务年资{% else %}在本单位工作年限{% endif %}为 {{ service }}。具体情况如下：",
    "name": "姓名",
    "id": "居民身份证号码",
    "department": "部门",
    "position": "{% if tw %}担任职务{% else %}职位{% endif %}",
    "nature": "工作性质",
    "term": "劳动合同期限",
    "term_text": "{% if doc.contract.end %}{{ doc.contract.start | date }}至{{ doc.contract.end | date }}"
    "{% else %}自{{ doc.contract.start | date }}起{% endif %}（{{ kinds[doc.contract.kind] }}）",
    "dates": "劳动合同{{ ended }}日期",  # the hire date is in the intro
    "dates_text": "{{ doc.termination_date | date }}",
    "service": "{% if tw %}服务年资{% else %}在本单位工作年限{% endif %}",
    "wage": "工资",
    "wage_text": '{% if doc.wage.currency == "CNY" %}{{ doc.wage.monthly | money }}{% else %}新台币 '
    "{{ doc.wage.monthly | number }} 元{% endif %} / 月",
    "reason": "离职原因",
    "reason_text": "{{ reasons[doc.leaving_reason] }}（应本人要求载明）",
    "closing": "{{ doc.employee.name }}与我公司的劳动合同已于 {{ doc.termination_date | date }} {{ ended }}，"
    "双方劳动关系自该日终止。",
    "handover": "{{ doc.employee.name }}已于 {{ doc.handover.completed_on | date }} 办结工作交接手续"
    "{% if doc.handover.received_by %}，工作由{{ doc.handover.received_by }}接收{% endif %}。",
    "tw_basis": "本证明书依台湾地区《劳动基准法》第十九条规定，应劳工请求出具。",
    "certify": "特此证明。",
    "seal": "（{{ meta.labels.seal }}）",
    "signer": ["{{ company.legal_name }}", "[our seal]", "日期：{{ doc.issue_date | date }}"],
}

ZH_TW = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "sets": '{% set tw = doc.jurisdiction == "TW" %}'
    '{% set ended = "解除" if doc.ended_by == "rescission" and not tw else "終止" %}'
    '{% set kinds = {"fixed_term": "定期勞動契約", "open_ended": "不定期勞動契約", '
    '"task_based": "以完成特定工作為期限之勞動契約"} %}'
    '{% set reasons = {"personal_resignation": "本人因個人因素提出辭職", "mutual_agreement": "雙方合意終止勞動契約", '
    '"contract_expiry": "定期勞動契約期滿", "employer_business_reasons": "因公司業務調整終止勞動契約，非可歸責於本人之事由"} %}'
    "{% set service %}{% if doc.service_length.years %}{{ doc.service_length.years }}年{% endif %}"
    "{% if doc.service_length.months %}{{ doc.service_length.months }}個月{% endif %}"
    "{% if not doc.service_length.years and not doc.service_length.months %}未滿1個月{% endif %}{% endset %}",
    "opening": "茲證明：",
    "intro": "{{ doc.employee.name }}自 {{ doc.hire_date | date }} 起任職於本公司，至 {{ doc.termination_date | date }} 止，"
    "{% if tw %}服務年資{% else %}在本公司工作年資{% endif %}計 {{ service }}。詳如下表：",
    "name": "姓名",
    "id": "居民身份證號碼",
    "department": "部門",
    "position": "擔任職務",
    "nature": "工作性質",
    "term": "勞動契約期間",
    "term_text": "{% if doc.contract.end %}{{ doc.contract.start | date }}至{{ doc.contract.end | date }}"
    "{% else %}自{{ doc.contract.start | date }}起{% endif %}（{{ kinds[doc.contract.kind] }}）",
    "dates": "勞動契約{{ ended }}日期",  # the hire date is in the intro
    "dates_text": "{{ doc.termination_date | date }}",
    "service": "{% if tw %}服務年資{% else %}工作年資{% endif %}",
    "wage": "工資",
    "wage_text": '{% if doc.wage.currency == "CNY" %}{{ doc.wage.monthly | money }}{% else %}新臺幣 '
    "{{ doc.wage.monthly | number }} 元{% endif %} / 月",
    "reason": "離職原因",
    "reason_text": "{{ reasons[doc.leaving_reason] }}（{% if tw %}經本人同意記載{% else %}應本人要求記載{% endif %}）",
    "closing": "{{ doc.employee.name }}與本公司之勞動契約已於 {{ doc.termination_date | date }} {{ ended }}，"
    "雙方勞動關係自該日起消滅。",
    "handover": "{{ doc.employee.name }}已於 {{ doc.handover.completed_on | date }} 辦妥工作交接"
    "{% if doc.handover.received_by %}，業務由{{ doc.handover.received_by }}接手{% endif %}。",
    "tw_basis": "本證明書依勞動基準法第十九條規定，應勞工之請求發給。",
    "certify": "特此證明。",
    "seal": "（{{ meta.labels.seal }}）",
    "signer": ["{{ company.legal_name }}", "[our seal]", "日期：{{ doc.issue_date | date }}"],
}

EN_US = {
    "number": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "sets": '{% set tw = doc.jurisdiction == "TW" %}'
    '{% set kinds = {"fixed_term": "fixed-term contract", "open_ended": "open-ended contract", '
    '"task_based": "contract for the completion of a specific task"} %}'
    '{% set reasons = {"personal_resignation": "Resigned for personal reasons", '
    '"mutual_agreement": "Contract ended by mutual agreement", "contract_expiry": "Contract expired", '
    '"employer_business_reasons": "Contract ended by the company for business reasons, through no fault of the '
    'employee"} %}'
    "{% set service %}{% if doc.service_length.years %}{{ doc.service_length.years }} year"
    "{% if doc.service_length.years != 1 %}s{% endif %}{% endif %}"
    "{% if doc.service_length.years and doc.service_length.months %} and {% endif %}"
    "{% if doc.service_length.months %}{{ doc.service_length.months }} month"
    "{% if doc.service_length.months != 1 %}s{% endif %}{% endif %}"
    "{% if not doc.service_length.years and not doc.service_length.months %}less than one month{% endif %}"
    "{% endset %}",
    "opening": "To whom it may concern:",
    "intro": "This letter confirms that {{ doc.employee.name }} was employed by {{ company.legal_name }} as set out below.",
    "name": "Name",
    "id": "PRC resident ID No.",
    "department": "Department",
    "position": "Position",
    "nature": "Nature of work",
    "term": "Contract term",
    "term_text": "{% if doc.contract.end %}{{ doc.contract.start | date }} to {{ doc.contract.end | date }}"
    "{% else %}From {{ doc.contract.start | date }}{% endif %} ({{ kinds[doc.contract.kind] }})",
    "dates": "Period of employment",
    "dates_text": "{{ doc.hire_date | date }} to {{ doc.termination_date | date }}",
    "service": "Length of service",
    "wage": "Wage",
    "wage_text": '{% if doc.wage.currency == "CNY" %}{{ doc.wage.monthly | money }}{% else %}TWD '
    "{{ doc.wage.monthly | number }}{% endif %} a month",
    "reason": "Reason for leaving",
    "reason_text": "{{ reasons[doc.leaving_reason] }} (stated {% if tw %}with the employee's consent"
    "{% else %}at the employee's request{% endif %}).",
    "closing": "The employment contract {% if doc.ended_by == 'rescission' %}was terminated{% else %}came to an end"
    "{% endif %} on {{ doc.termination_date | date }}, ending the employment relationship.",
    "handover": "{{ doc.employee.name }} completed the handover of their work on {{ doc.handover.completed_on | date }}"
    "{% if doc.handover.received_by %}; the work was taken over by {{ doc.handover.received_by }}{% endif %}.",
    "tw_basis": "This certificate of service is issued at the employee's request under Article 19 of the Labor "
    "Standards Act (Taiwan).",
    "certify": "",
    "seal": "({{ meta.labels.seal }})",
    "signer": ["Sincerely,", "{{ company.legal_name }}", "[our seal]", "Date: {{ doc.issue_date | date }}"],
}


def _facts(w: dict) -> Facts:
    return Facts(
        [
            Row([w["name"], "{{ doc.employee.name }}"]),
            Row([w["id"], "{{ doc.employee.id_number }}"], cond="doc.employee.id_number"),
            Row([w["department"], "{{ doc.department }}"], cond="doc.department"),
            Row([w["position"], "{{ doc.position }}"]),
            Row([w["nature"], "{{ doc.work_nature | lines }}"], cond="doc.work_nature"),
            Row([w["term"], w["term_text"]], cond="doc.contract"),
            Row([w["dates"], w["dates_text"]]),
            Row([w["service"], "{{ service }}"]),
            Row([w["wage"], w["wage_text"]], cond="doc.wage"),
            Row([w["reason"], w["reason_text"]], cond="doc.reason_requested"),
        ]
    )


def structure(w: dict) -> Document:
    return Document(
        number_label=w["number"],
        page_words=w["page"],
        body=[
            P(w["sets"] + w["opening"]),
            P(w["intro"]),
            _facts(w),
            P(w["closing"]),
            If("doc.handover", [P(w["handover"])]),
            If("tw", [P(w["tw_basis"])]),
            P(w["certify"]),
            Signature(w["signer"], seal_note=w["seal"]),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {
    f"resignation_certificate/document{SUFFIX[locale]}.docx": (lambda w=w: to_docx(structure(w)))
    for locale, w in WORDING.items()
}
HTML_TEMPLATES = {
    f"resignation_certificate/document{SUFFIX[locale]}.html": (lambda w=w: to_html(structure(w)))
    for locale, w in WORDING.items()
}

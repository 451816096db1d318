"""Wording of the project proposal (项目提案) per locale; one structure renders DOCX and HTML."""

from __future__ import annotations

from blocks import Document, H, If, P, Row, Signatures, Table, to_docx, to_html

Q = "doc.quotation"

ZH_CN = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "to": "致：{{ doc.client.legal_name }}{% if doc.client.contact %}（{{ doc.client.contact.name }} 收）{% endif %}",
    "project": "项目名称：{{ doc.project_name }}　　服务平台：{{ doc.platforms | join('、') }}",
    "overview": "代运营方案概述",
    "services": "服务内容与目标",
    "service_header": ["服务", "内容", "目标"],
    "phases": "实施计划",
    "phase_header": ["阶段", "起止日期", "交付成果"],
    "phase_dates": "{{ ph.period.start | date }} 至 {{ ph.period.end | date }}",
    "kpis": "预期成效（KPI）",
    "kpi_header": ["指标", "目标"],
    "quotation": "费用报价",
    "quote_header": ["序号", "项目", "数量", "单位", "单价", "金额"],
    "subtotal": "小计",
    "discount": "优惠",
    "net": "不含税金额",
    "tax": "增值税（{{ doc.quotation.vat_rate | percent }}）",
    "total": "合计（含税）",
    "in_words": "合计金额（大写）：{{ doc.quotation.total | in_words }}",
    "tax_note": "{% if doc.quotation.prices_include_tax %}以上单价为含税价；不含税金额按含税合计 ÷（1 + 税率）四舍五入至分，税额为差额。"
    "{% else %}以上单价不含税；增值税按优惠后小计一次计算，四舍五入至分。{% endif %}",
    "fee_model": "合同计费方式（建议）",
    "fee_fixed": "固定服务费：每月 {{ doc.fee_model.monthly_fee | money }}。",
    "fee_commission": "销售佣金：按店铺月度 GMV 计收{% if doc.fee_model.commission.bands | length > 1 %}，超额累进，各档费率仅适用于该档区间内的 GMV{% endif %}：",
    "band_header": ["月度 GMV 区间", "费率"],
    "band_row": [
        "{{ b.above | money }} 以上{% if b.up_to %}至 {{ b.up_to | money }}{% else %}部分{% endif %}",
        "{{ b.rate | percent }}",
    ],
    "validity": "报价有效期",
    "validity_text": "本提案及报价有效期至 {{ doc.valid_until | date }}。提案经双方确认后，以双方签订的代运营服务合同为准。",
    "sign": [
        "{{ company.legal_name }}",
        "[our seal]",
        "联系人：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}　电话：{{ company.phone }}",
        "日期：{{ doc.issue_date | date }}",
    ],
}

EN_US = {
    "number_label": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "to": "To: {{ doc.client.legal_name }}{% if doc.client.contact %} (attn. {{ doc.client.contact.name }}){% endif %}",
    "project": "Project: {{ doc.project_name }} | Platforms: {{ doc.platforms | join(', ') }}",
    "overview": "Overview of the operations plan",
    "services": "Services and goals",
    "service_header": ["Service", "Scope", "Goal"],
    "phases": "Implementation plan",
    "phase_header": ["Phase", "Dates", "Deliverables"],
    "phase_dates": "{{ ph.period.start | date }} – {{ ph.period.end | date }}",
    "kpis": "Expected results (KPIs)",
    "kpi_header": ["Indicator", "Target"],
    "quotation": "Fee quotation",
    "quote_header": ["No.", "Item", "Qty", "Unit", "Unit price", "Amount"],
    "subtotal": "Subtotal",
    "discount": "Discount",
    "net": "Amount before tax",
    "tax": "VAT ({{ doc.quotation.vat_rate | percent }})",
    "total": "Total (VAT included)",
    "in_words": "Total in words: {{ doc.quotation.total | in_words }}",
    "tax_note": "{% if doc.quotation.prices_include_tax %}Unit prices include VAT; the amount before tax is the total ÷ (1 + rate), rounded half-up to the fen, and the tax is the remainder."
    "{% else %}Unit prices exclude VAT; VAT is computed once on the discounted subtotal and rounded half-up to the fen.{% endif %}",
    "fee_model": "Proposed fees under the service agreement",
    "fee_fixed": "Fixed service fee: {{ doc.fee_model.monthly_fee | money }} per month.",
    "fee_commission": "Sales commission on the stores' monthly GMV{% if doc.fee_model.commission.bands | length > 1 %}, marginal: each rate applies only to the GMV within its band{% endif %}:",
    "band_header": ["Monthly GMV band", "Rate"],
    "band_row": [
        "{% if b.up_to %}{{ b.above | money }} to {{ b.up_to | money }}{% else %}above {{ b.above | money }}{% endif %}",
        "{{ b.rate | percent }}",
    ],
    "validity": "Validity",
    "validity_text": "This proposal and its quotation are valid until {{ doc.valid_until | date }}. Once accepted, the service agreement signed by both parties governs.",
    "sign": [
        "{{ company.legal_name }}",
        "[our seal]",
        "Contact: {{ signatory.name }}{% if signatory.title %} ({{ signatory.title }}){% endif %}, tel. {{ company.phone }}",
        "Date: {{ doc.issue_date | date }}",
    ],
}

ZH_TW = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "to": "致：{{ doc.client.legal_name }}{% if doc.client.contact %}（{{ doc.client.contact.name }} 台啟）{% endif %}",
    "project": "專案名稱：{{ doc.project_name }}　　服務平台：{{ doc.platforms | join('、') }}",
    "overview": "代營運方案概述",
    "services": "服務內容與目標",
    "service_header": ["服務", "內容", "目標"],
    "phases": "執行計畫",
    "phase_header": ["階段", "起訖日期", "交付成果"],
    "phase_dates": "{{ ph.period.start | date }} 至 {{ ph.period.end | date }}",
    "kpis": "預期成效（KPI）",
    "kpi_header": ["指標", "目標"],
    "quotation": "費用報價",
    "quote_header": ["項次", "項目", "數量", "單位", "單價", "金額"],
    "subtotal": "小計",
    "discount": "折扣",
    "net": "未稅金額",
    "tax": "增值稅（{{ doc.quotation.vat_rate | percent }}）",
    "total": "總計（含稅）",
    "in_words": "總計金額（大寫）：{{ doc.quotation.total | in_words }}",
    "tax_note": "{% if doc.quotation.prices_include_tax %}以上單價為含稅價；未稅金額依含稅總計 ÷（1 + 稅率）四捨五入至分，稅額為差額。"
    "{% else %}以上單價未稅；增值稅依折扣後小計一次計算，四捨五入至分。{% endif %}",
    "fee_model": "合約計費方式（建議）",
    "fee_fixed": "固定服務費：每月 {{ doc.fee_model.monthly_fee | money }}。",
    "fee_commission": "銷售佣金：依商店每月 GMV 計收{% if doc.fee_model.commission.bands | length > 1 %}，採超額累進，各級費率僅適用於該級距內之 GMV{% endif %}：",
    "band_header": ["每月 GMV 級距", "費率"],
    "band_row": [
        "{{ b.above | money }} 以上{% if b.up_to %}至 {{ b.up_to | money }}{% else %}部分{% endif %}",
        "{{ b.rate | percent }}",
    ],
    "validity": "報價有效期限",
    "validity_text": "本提案及報價有效期限至 {{ doc.valid_until | date }}。提案經雙方確認後，以雙方簽訂之代營運服務合約為準。",
    "sign": [
        "{{ company.legal_name }}",
        "[our seal]",
        "聯絡人：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}　電話：{{ company.phone }}",
        "日期：{{ doc.issue_date | date }}",
    ],
}


def _summary(w: dict, key: str, value: str, cond: str | None = None) -> Row:
    return Row(["", "", "", "", w[key], value], cond=cond)


def structure(w: dict) -> Document:
    return Document(
        number_label=w["number_label"],
        page_words=w["page"],
        body=[
            P(w["to"]),
            P(w["project"]),
            H("{{ clauses.overview.label }} " + w["overview"]),
            P("{{ doc.overview | lines }}"),
            H("{{ clauses.services.label }} " + w["services"]),
            Table(
                w["service_header"],
                [
                    Row(
                        [
                            "{{ s.name }}",
                            "{% if s.description %}{{ s.description }}{% else %}—{% endif %}",
                            "{% if s.goal %}{{ s.goal }}{% else %}—{% endif %}",
                        ],
                        loop="s in doc.services",
                    )
                ],
            ),
            H("{{ clauses.phases.label }} " + w["phases"]),
            Table(
                w["phase_header"],
                [
                    Row(
                        [
                            "{{ loop.index }}. {{ ph.name }}",
                            w["phase_dates"],
                            "{% if ph.deliverables %}{{ ph.deliverables }}{% else %}—{% endif %}",
                        ],
                        loop="ph in doc.phases",
                    )
                ],
            ),
            H("{{ clauses.kpis.label }} " + w["kpis"]),
            Table(w["kpi_header"], [Row(["{{ k.name }}", "{{ k.target }}"], loop="k in doc.kpis")]),
            H("{{ clauses.quotation.label }} " + w["quotation"]),
            Table(
                w["quote_header"],
                [
                    Row(
                        [
                            "{{ loop.index }}",
                            "{{ line.description }}",
                            "{{ line.quantity | number }}",
                            "{% if line.unit %}{{ line.unit }}{% endif %}",
                            "{{ line.unit_price | money }}",
                            "{{ line.amount | money }}",
                        ],
                        loop=f"line in {Q}.lines",
                    ),
                    _summary(w, "subtotal", f"{{{{ {Q}.subtotal | money }}}}"),
                    _summary(w, "discount", f"-{{{{ {Q}.discount | money }}}}", cond=f"{Q}.discount"),
                    _summary(w, "net", f"{{{{ {Q}.net | money }}}}"),
                    _summary(w, "tax", f"{{{{ {Q}.tax | money }}}}"),
                    _summary(w, "total", f"{{{{ {Q}.total | money }}}}"),
                ],
                numeric=(2, 4, 5),
            ),
            P(w["in_words"]),
            P(w["tax_note"], small=True),
            If(
                "clauses.fee_model.on",
                [
                    H("{{ clauses.fee_model.label }} " + w["fee_model"]),
                    If("doc.fee_model.monthly_fee", [P(w["fee_fixed"])]),
                    If(
                        "doc.fee_model.commission",
                        [
                            P(w["fee_commission"]),
                            Table(
                                w["band_header"],
                                [Row(w["band_row"], loop="b in doc.fee_model.commission.bands")],
                                numeric=(1,),
                            ),
                        ],
                    ),
                ],
            ),
            H("{{ clauses.validity.label }} " + w["validity"]),
            P(w["validity_text"]),
            Signatures([[""], w["sign"]]),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {f"proposal/document{SUFFIX[k]}.docx": (lambda w=w: to_docx(structure(w))) for k, w in WORDING.items()}
HTML_TEMPLATES = {f"proposal/document{SUFFIX[k]}.html": (lambda w=w: to_html(structure(w))) for k, w in WORDING.items()}

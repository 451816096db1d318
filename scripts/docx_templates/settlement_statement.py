"""Wording of the settlement statement (费用结算单) per locale; one structure renders DOCX and HTML."""

from __future__ import annotations

import json

from blocks import Document, H, If, P, Row, Signatures, Table, to_docx, to_html

ZH_CN = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "refs": [
        ["合同编号", "{{ doc.contract_number }}"],
        ["客户名称", "{{ doc.client.legal_name }}"],
        ["结算期间", "{{ doc.period.start | date }} 至 {{ doc.period.end | date }}"],
    ],
    "fees": "本期费用明细",
    "fee_header": ["序号", "项目", "月份", "月度 GMV", "金额"],
    "fee_fixed": "固定服务费（{{ doc.fixed_months }} 个月 × {{ doc.fees.monthly_fee | money }}）",
    "fee_commission": "销售佣金（超额累进）",
    "fees_total": "费用合计",
    "commission_note": "{% if doc.fees.commission %}佣金按合同约定的超额累进费率逐月计算：{% for b in doc.fees.commission.bands %}"
    "{{ b.above | money }}{% if b.up_to %}–{{ b.up_to | money }}{% else %}以上{% endif %} {{ b.rate | percent }}{% if not loop.last %}；{% endif %}{% endfor %}。"
    "各月佣金四舍五入至分。{% endif %}",
    "adjustments": "调整与扣减",
    "adjust_header": ["序号", "事由", "金额"],
    "summary": "结算汇总",
    "rows": [
        "费用合计",
        "调整合计",
        "本期应结金额（含税）",
        "其中：不含税金额",
        "其中：增值税（{{ doc.fees.vat_rate | percent }}）",
        "已付金额",
        "{% if doc.balance_kind == 'refundable' %}本期应退{% else %}本期应付{% endif %}",
    ],
    "balance_due": "本期甲方应付乙方 {{ doc.balance_amount | money }}（大写：{{ doc.balance_amount | in_words }}），请于收到本结算单后按合同约定支付。",
    "balance_refund": "本期乙方应退甲方 {{ doc.balance_amount | money }}（大写：{{ doc.balance_amount | in_words }}），乙方将于双方确认后退还。",
    "balance_settled": "本期款项已结清，无应付或应退金额。",
    "payments": "已付款项",
    "pay_header": ["到账日期", "金额", "说明"],
    "invoice": "发票信息",
    "invoice_kinds": '{"vat_special": "增值税专用发票", "vat_ordinary": "增值税普通发票", "e_special": "数电发票（增值税专用发票）", "e_ordinary": "数电发票（普通发票）"}',
    "invoice_text": "已开具{{ kinds[doc.invoice.kind] }}，发票号码 {{ doc.invoice.number }}，开票日期 {{ doc.invoice.issued_on | date }}。",
    "no_invoice": "本期发票尚未开具，乙方将于收款后开具。",
    "bank": "收款账户",
    "bank_text": "{% if company.bank %}户名：{{ company.bank.account_name }}；开户行：{{ company.bank.bank }}；账号：{{ company.bank.account_number }}{% else %}以乙方书面通知为准{% endif %}",
    "confirm": "双方确认：以上结算数据经双方核对无误。",
    "sign_a": ["甲方确认（盖章）：{{ doc.client.legal_name }}", "[seal]", "经办人：", "日期："],
    "sign_b": [
        "乙方（盖章）：{{ company.legal_name }}",
        "[our seal]",
        "经办人：{{ signatory.name }}",
        "日期：{{ doc.issue_date | date }}",
    ],
}

EN_US = {
    "number_label": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "refs": [
        ["Contract No.", "{{ doc.contract_number }}"],
        ["Client", "{{ doc.client.legal_name }}"],
        ["Period", "{{ doc.period.start | date }} – {{ doc.period.end | date }}"],
    ],
    "fees": "Fees for the period",
    "fee_header": ["No.", "Item", "Month", "Monthly GMV", "Amount"],
    "fee_fixed": "Fixed service fee ({{ doc.fixed_months }} months × {{ doc.fees.monthly_fee | money }})",
    "fee_commission": "Sales commission (marginal)",
    "fees_total": "Total fees",
    "commission_note": "{% if doc.fees.commission %}Commission is computed month by month at the contract's marginal rates: {% for b in doc.fees.commission.bands %}"
    "{% if b.up_to %}{{ b.above | money }}–{{ b.up_to | money }}{% else %}above {{ b.above | money }}{% endif %} {{ b.rate | percent }}{% if not loop.last %}; {% endif %}{% endfor %}. "
    "Each month's commission is rounded half-up to the fen.{% endif %}",
    "adjustments": "Adjustments and deductions",
    "adjust_header": ["No.", "Reason", "Amount"],
    "summary": "Summary",
    "rows": [
        "Total fees",
        "Total adjustments",
        "Payable for the period (VAT included)",
        "of which before tax",
        "of which VAT ({{ doc.fees.vat_rate | percent }})",
        "Already paid",
        "{% if doc.balance_kind == 'refundable' %}Refundable{% else %}Balance due{% endif %}",
    ],
    "balance_due": "Balance due from Party A to Party B: {{ doc.balance_amount | money }} ({{ doc.balance_amount | in_words }}), payable as the contract provides.",
    "balance_refund": "Refundable by Party B to Party A: {{ doc.balance_amount | money }} ({{ doc.balance_amount | in_words }}), to be refunded once both parties confirm.",
    "balance_settled": "The period is settled: nothing is due or refundable.",
    "payments": "Payments received",
    "pay_header": ["Received on", "Amount", "Reference"],
    "invoice": "Invoice",
    "invoice_kinds": '{"vat_special": "special VAT invoice", "vat_ordinary": "ordinary VAT invoice", "e_special": "digital special VAT invoice", "e_ordinary": "digital ordinary invoice"}',
    "invoice_text": "A {{ kinds[doc.invoice.kind] }} (fapiao) has been issued: No. {{ doc.invoice.number }}, dated {{ doc.invoice.issued_on | date }}.",
    "no_invoice": "No invoice has been issued for this period yet; Party B issues it on payment.",
    "bank": "Bank account",
    "bank_text": "{% if company.bank %}Account name: {{ company.bank.account_name }}; bank: {{ company.bank.bank }}; account No.: {{ company.bank.account_number }}{% else %}as Party B notifies in writing{% endif %}",
    "confirm": "Both parties confirm that the figures above have been checked and agreed.",
    "sign_a": ["Confirmed by Party A (seal): {{ doc.client.legal_name }}", "[seal]", "Handled by:", "Date:"],
    "sign_b": [
        "Party B (seal): {{ company.legal_name }}",
        "[our seal]",
        "Handled by: {{ signatory.name }}",
        "Date: {{ doc.issue_date | date }}",
    ],
}

ZH_TW = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "refs": [
        ["合約編號", "{{ doc.contract_number }}"],
        ["客戶名稱", "{{ doc.client.legal_name }}"],
        ["結算期間", "{{ doc.period.start | date }} 至 {{ doc.period.end | date }}"],
    ],
    "fees": "本期費用明細",
    "fee_header": ["項次", "項目", "月份", "每月 GMV", "金額"],
    "fee_fixed": "固定服務費（{{ doc.fixed_months }} 個月 × {{ doc.fees.monthly_fee | money }}）",
    "fee_commission": "銷售佣金（超額累進）",
    "fees_total": "費用合計",
    "commission_note": "{% if doc.fees.commission %}佣金依合約約定之超額累進費率逐月計算：{% for b in doc.fees.commission.bands %}"
    "{{ b.above | money }}{% if b.up_to %}–{{ b.up_to | money }}{% else %}以上{% endif %} {{ b.rate | percent }}{% if not loop.last %}；{% endif %}{% endfor %}。"
    "各月佣金四捨五入至分。{% endif %}",
    "adjustments": "調整與扣減",
    "adjust_header": ["項次", "事由", "金額"],
    "summary": "結算彙總",
    "rows": [
        "費用合計",
        "調整合計",
        "本期應結金額（含稅）",
        "其中：未稅金額",
        "其中：增值稅（{{ doc.fees.vat_rate | percent }}）",
        "已付金額",
        "{% if doc.balance_kind == 'refundable' %}本期應退{% else %}本期應付{% endif %}",
    ],
    "balance_due": "本期甲方應付乙方 {{ doc.balance_amount | money }}（大寫：{{ doc.balance_amount | in_words }}），請於收到本結算單後依合約約定支付。",
    "balance_refund": "本期乙方應退還甲方 {{ doc.balance_amount | money }}（大寫：{{ doc.balance_amount | in_words }}），乙方將於雙方確認後退還。",
    "balance_settled": "本期款項已結清，無應付或應退金額。",
    "payments": "已付款項",
    "pay_header": ["入帳日期", "金額", "說明"],
    "invoice": "發票資訊",
    "invoice_kinds": '{"vat_special": "增值稅專用發票", "vat_ordinary": "增值稅普通發票", "e_special": "數位電子發票（增值稅專用發票）", "e_ordinary": "數位電子發票（普通發票）"}',
    "invoice_text": "已開立{{ kinds[doc.invoice.kind] }}，發票號碼 {{ doc.invoice.number }}，開立日期 {{ doc.invoice.issued_on | date }}。",
    "no_invoice": "本期發票尚未開立，乙方將於收款後開立。",
    "bank": "收款帳戶",
    "bank_text": "{% if company.bank %}戶名：{{ company.bank.account_name }}；開戶銀行：{{ company.bank.bank }}；帳號：{{ company.bank.account_number }}{% else %}以乙方書面通知為準{% endif %}",
    "confirm": "雙方確認：以上結算資料經雙方核對無誤。",
    "sign_a": ["甲方確認（蓋章）：{{ doc.client.legal_name }}", "[seal]", "經辦人：", "日期："],
    "sign_b": [
        "乙方（蓋章）：{{ company.legal_name }}",
        "[our seal]",
        "經辦人：{{ signatory.name }}",
        "日期：{{ doc.issue_date | date }}",
    ],
}

FEE_ITEM = "{% if l.kind == 'fixed' %}@fixed@{% elif l.kind == 'commission' %}@commission@{% else %}{{ l.description }}{% endif %}"


def _choose(labels: str) -> str:
    """The label of doc.invoice.kind as an if/elif chain (no dict literal: docxtpl and Jinja's analysis agree)."""
    pairs = json.loads(labels).items()
    return (
        "".join(
            f"{{% {'if' if i == 0 else 'elif'} doc.invoice.kind == '{kind}' %}}{text}"
            for i, (kind, text) in enumerate(pairs)
        )
        + "{% endif %}"
    )


def structure(w: dict) -> Document:
    item = FEE_ITEM.replace("@fixed@", w["fee_fixed"]).replace("@commission@", w["fee_commission"])
    rows = w["rows"]
    return Document(
        number_label=w["number_label"],
        page_words=w["page"],
        body=[
            Table(None, [Row(cells) for cells in w["refs"]]),
            H("{{ clauses.fees.label }} " + w["fees"]),
            Table(
                w["fee_header"],
                [
                    Row(
                        [
                            "{{ loop.index }}",
                            item,
                            "{% if l.month %}{{ l.month }}{% else %}—{% endif %}",
                            "{% if l.gmv is not none %}{{ l.gmv | money }}{% else %}—{% endif %}",
                            "{{ l.amount | money }}",
                        ],
                        loop="l in doc.fee_lines",
                    ),
                    Row(["", w["fees_total"], "", "", "{{ doc.fees_total | money }}"]),
                ],
                numeric=(3, 4),
            ),
            P(w["commission_note"], small=True),
            If(
                "clauses.adjustments.on",
                [
                    H("{{ clauses.adjustments.label }} " + w["adjustments"]),
                    Table(
                        w["adjust_header"],
                        [
                            Row(
                                ["{{ loop.index }}", "{{ a.reason }}", "{{ a.amount | money }}"],
                                loop="a in doc.adjustments",
                            )
                        ],
                        numeric=(2,),
                    ),
                ],
            ),
            H("{{ clauses.summary.label }} " + w["summary"]),
            Table(
                None,
                [
                    Row([rows[0], "{{ doc.fees_total | money }}"]),
                    Row([rows[1], "{{ doc.adjustments_total | money }}"]),
                    Row([rows[2], "{{ doc.payable_tax.gross | money }}"]),
                    Row([rows[3], "{{ doc.payable_tax.net | money }}"]),
                    Row([rows[4], "{{ doc.payable_tax.tax | money }}"]),
                    Row([rows[5], "{{ doc.paid_total | money }}"]),
                    Row([rows[6], "{{ doc.balance_amount | money }}"]),
                ],
                numeric=(1,),
            ),
            If("doc.balance_kind == 'due'", [P(w["balance_due"])]),
            If("doc.balance_kind == 'refundable'", [P(w["balance_refund"])]),
            If("doc.balance_kind == 'settled'", [P(w["balance_settled"])]),
            If(
                "clauses.payments.on",
                [
                    H("{{ clauses.payments.label }} " + w["payments"]),
                    Table(
                        w["pay_header"],
                        [
                            Row(
                                [
                                    "{{ p.paid_on | date }}",
                                    "{{ p.amount | money }}",
                                    "{% if p.reference %}{{ p.reference }}{% else %}—{% endif %}",
                                ],
                                loop="p in doc.payments_received",
                            )
                        ],
                        numeric=(1,),
                    ),
                ],
            ),
            H("{{ clauses.invoice.label }} " + w["invoice"]),
            If(
                "doc.invoice",
                [P(w["invoice_text"].replace("{{ kinds[doc.invoice.kind] }}", _choose(w["invoice_kinds"])))],
            ),
            If("not doc.invoice", [P(w["no_invoice"])]),
            H("{{ clauses.bank.label }} " + w["bank"]),
            P(w["bank_text"]),
            P(w["confirm"]),
            Signatures([w["sign_a"], w["sign_b"]]),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {
    f"settlement_statement/document{SUFFIX[k]}.docx": (lambda w=w: to_docx(structure(w))) for k, w in WORDING.items()
}
HTML_TEMPLATES = {
    f"settlement_statement/document{SUFFIX[k]}.html": (lambda w=w: to_html(structure(w))) for k, w in WORDING.items()
}

"""Wording of the service contract (代运营服务合同) per locale; one structure renders DOCX and HTML."""

from __future__ import annotations

from blocks import Document, For, H, If, P, Row, Signatures, Table, to_docx, to_html

C = "doc.fees.commission"


def role(legal: str, authorised: str) -> str:
    return f"{{% if doc.client.representative_role == 'legal_representative' %}}{legal}{{% else %}}{authorised}{{% endif %}}"

ZH_CN = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "setup": "",
    "parties_header": ["", "甲方（委托方）", "乙方（服务方）"],
    "parties_rows": ["名称", "统一社会信用代码", "住所", role("法定代表人", "授权代表"), "联系方式"],
    "our_role": "授权代表",
    "item_numbers": "一二三四五六",
    "item_format": "（{n}）{text}",
    "preamble": "甲乙双方根据《中华人民共和国民法典》等法律法规，本着平等自愿、诚实信用的原则，就甲方委托乙方提供电子商务代运营服务事宜，经友好协商，订立本合同，共同遵守。"
    "{% if doc.proposal_number %}本合同以乙方编号为 {{ doc.proposal_number }} 的项目提案为基础。{% endif %}",
    "scope": "服务内容",
    "scope_text": "甲方委托乙方为其以下店铺提供代运营服务：{{ doc.platforms | join('、') }}。服务内容如下：",
    "service_item": "{{ loop.index }}. {{ s.name }}{% if s.description %}：{{ s.description }}{% endif %}",
    "period": "服务期限",
    "period_text": "服务期限自 {{ doc.service_period.start | date }} 起至 {{ doc.service_period.end | date }} 止"
    "{% if doc.months %}，共 {{ doc.months }} 个月{% endif %}。"
    "{% if clauses.renewal.on %}期满后的续期按{{ clauses.renewal.ref }}执行。{% endif %}",
    "fees": "服务费用",
    "fixed_fee_text": "{{ clauses.fixed_fee.label }}固定服务费：每月 {{ doc.fees.monthly_fee | money }}，服务期内固定服务费合计 "
    "{{ doc.fixed_total | money }}（大写：{{ doc.fixed_total | in_words }}），即本合同固定总额。",
    "commission_text": "{{ clauses.commission.label }}销售佣金：乙方按甲方店铺每月成交总额（GMV，以平台后台数据为准，扣除退款）计收佣金。"
    "{% if doc.fees.commission.bands | length > 1 %}佣金按超额累进方式计算，各档费率仅适用于落入该档区间的 GMV 部分：{% else %}费率如下：{% endif %}",
    "band_header": ["月度 GMV 区间", "费率"],
    "band_row": ["{{ b.above | money }} 以上{% if b.up_to %}至 {{ b.up_to | money }}{% else %}部分{% endif %}", "{{ b.rate | percent }}"],
    "commission_example": "例：月度 GMV 为 {{ doc.commission_example.gmv | money }} 时，当月佣金为 {{ doc.commission_example.commission | money }}。",
    "commission_only": "本合同仅按佣金计费，不设固定合同总额。",
    "tax_text": "{{ clauses.tax.label }}税费：上述费用{% if doc.fees.prices_include_tax %}均为含税价{% else %}均不含税，另按税率加计增值税{% endif %}，增值税税率 {{ doc.fees.vat_rate | percent }}。"
    "{% if doc.fixed_total %}合同固定总额中不含税金额 {{ doc.fixed_net | money }}，增值税 {{ doc.fixed_tax | money }}（不含税金额四舍五入至分，税额为差额）。{% endif %}",
    "payment": "付款方式",
    "schedule_text": "{{ clauses.schedule.label }}固定服务费按以下计划支付：",
    "schedule_header": ["期次", "付款日期", "比例", "金额", "说明"],
    "schedule_row": ["{{ loop.index }}", "{{ i.due | date }}", "{% if i.percent %}{{ i.percent | number }}%{% else %}—{% endif %}",
                     "{{ i.amount | money }}", "{% if i.description %}{{ i.description }}{% endif %}{% if i.takes_rounding %}（含尾差调整）{% endif %}"],
    "rounding_note": "按比例计算的各期金额四舍五入至分，尾差计入末期，各期合计与固定总额 {{ doc.fixed_total | money }} 一致。",
    "settlement_text": "{{ clauses.commission_settlement.label }}佣金按月结算：乙方于每月 5 日前向甲方提交上月费用结算单，甲方应于收到结算单后 {{ doc.payment_days }} 日内支付。",
    "invoice_text": "{{ clauses.invoices.label }}乙方收款后向甲方开具增值税发票。乙方收款账户：{% if company.bank %}{{ company.bank.account_name }}，开户行 {{ company.bank.bank }}，账号 {{ company.bank.account_number }}{% else %}以乙方书面通知为准{% endif %}。",
    "kpis": "考核指标",
    "kpis_text": "乙方在服务期内以下列指标为运营目标，双方每月复盘：",
    "kpi_header": ["指标", "目标", "口径"],
    "kpi_row": ["{{ k.name }}", "{{ k.target }}", "{% if k.measure %}{{ k.measure }}{% else %}—{% endif %}"],
    "client_duties": "甲方的权利和义务",
    "client_items": [
        "甲方应向乙方提供店铺运营所需的账号授权、品牌资料、商品信息及资质文件，并保证其真实、合法、有效。",
        "甲方对商品质量、产品资质及售后承担责任，并按本合同约定及时足额支付费用。",
        "甲方应在收到乙方提交的方案、文案及活动安排后 2 个工作日内确认或提出修改意见。",
        "甲方有权查阅店铺运营数据，并对乙方的服务提出合理要求。",
    ],
    "agency_duties": "乙方的权利和义务",
    "agency_items": [
        "乙方应遵守各平台规则及《中华人民共和国广告法》《中华人民共和国电子商务法》等法律法规，不得进行虚假宣传或刷单炒信。",
        "乙方应按周、按月向甲方提交运营报告，如实反映店铺数据。",
        "乙方应妥善保管甲方提供的账号及数据，未经甲方书面同意不得用于本合同以外的用途。",
        "乙方有权按本合同约定收取服务费用。",
    ],
    "exclusivity": "排他合作",
    "exclusivity_text": "服务期内，甲方不得就{{ clauses.scope.ref }}所列店铺另行委托第三方提供同类代运营服务。",
    "non_solicitation": "禁止招揽",
    "non_solicitation_text": "本合同履行期间及终止后 {{ doc.non_solicitation_months }} 个月内，任何一方不得主动招揽或聘用对方参与本项目的员工。",
    "confidentiality": "保密",
    "confidentiality_text": "任何一方对在履行本合同过程中知悉的对方商业秘密、经营数据、客户信息及本合同内容负有保密义务，未经对方书面同意不得向第三方披露。保密义务在本合同终止后 {{ doc.confidentiality_years }} 年内持续有效。",
    "ip": "知识产权",
    "ip_text": "甲方的品牌、商标、商品图片等知识产权归甲方所有。乙方为本项目创作的文案、图片、视频等成果，在甲方付清相应费用后归甲方所有；乙方既有的工具、方法及模板归乙方所有。",
    "renewal": "自动续期",
    "renewal_text": "本合同期满前 {{ doc.renewal_notice_days }} 日内任何一方未书面提出不再续约的，本合同按原条件自动续期一次，续期期限与原服务期限相同。",
    "termination": "合同解除",
    "termination_text": "任何一方可提前 {{ doc.termination_notice_days }} 日书面通知对方解除本合同，双方按实际服务期间结算费用。一方严重违约的，守约方有权立即解除本合同，并依{{ clauses.breach.ref }}追究违约责任。",
    "breach": "违约责任",
    "breach_text": "甲方未按{{ clauses.payment.ref }}约定付款的，每逾期一日，应按逾期金额的 {{ doc.late_payment_daily_rate | percent }} 向乙方支付违约金。任何一方违反{{ clauses.confidentiality.ref }}约定的，应赔偿对方因此遭受的全部损失。",
    "disputes": "争议解决",
    "disputes_text": "本合同适用中华人民共和国法律。因本合同引起的争议，双方应友好协商解决；协商不成的，"
    "{% if doc.disputes.method == 'arbitration' %}任何一方可将争议提交{{ doc.disputes.forum }}，按其届时有效的仲裁规则进行仲裁，仲裁裁决是终局的，对双方均有约束力。"
    "{% else %}任何一方可向{{ doc.disputes.forum }}提起诉讼。{% endif %}",
    "misc": "其他",
    "misc_text": "本合同自双方签字并盖章之日起生效，一式贰份，双方各执壹份，具有同等法律效力。未尽事宜，双方可另行签订补充协议。",
    "sign_a": ["甲方（盖章）：{{ doc.client.legal_name }}", "[seal]", "法定代表人或授权代表（签字）：{% if doc.client_signatory %}{{ doc.client_signatory }}{% else %}{{ doc.client.representative }}{% endif %}", "日期："],
    "sign_b": ["乙方（盖章）：{{ company.legal_name }}", "[seal]", "授权代表（签字）：{{ signatory.name }}", "日期：{{ doc.issue_date | date }}"],
}


def _items(w: dict, key: str) -> list[P]:
    """Fixed items of an article, numbered as the locale writes them: （一） or (a)."""
    return [P(w["item_format"].format(n=n, text=text)) for n, text in zip(w["item_numbers"], w[key], strict=False)]


def structure(w: dict) -> Document:
    b = {
        "parties": Table(
            w["parties_header"],
            [
                Row([w["parties_rows"][0], "{{ doc.client.legal_name }}", "{{ company.legal_name }}"]),
                Row([w["parties_rows"][1], "{{ doc.client.uscc }}", "{{ company.uscc }}"]),
                Row([w["parties_rows"][2], "{{ doc.client.address }}", "{{ company.address }}"]),
                Row([w["parties_rows"][3], "{{ doc.client.representative }}", w["our_role"] + "：{{ signatory.name }}"]),
                Row([w["parties_rows"][4],
                     "{% if doc.client.contact %}{{ doc.client.contact.name }}{% if doc.client.contact.phone %} {{ doc.client.contact.phone }}{% endif %}{% endif %}",
                     "{{ company.phone }}"]),
            ],
        ),
    }
    return Document(
        number_label=w["number_label"],
        page_words=w["page"],
        setup=w["setup"],
        body=[
            b["parties"],
            P(w["preamble"]),
            H("{{ clauses.scope.label }} " + w["scope"]),
            P(w["scope_text"]),
            For("s in doc.services", [P(w["service_item"])]),
            H("{{ clauses.period.label }} " + w["period"]),
            P(w["period_text"]),
            H("{{ clauses.fees.label }} " + w["fees"]),
            If("clauses.fixed_fee.on", [P(w["fixed_fee_text"])]),
            If("not doc.fees.monthly_fee", [P(w["commission_only"])]),
            If("clauses.commission.on", [
                P(w["commission_text"]),
                Table(w["band_header"], [Row(w["band_row"], loop=f"b in {C}.bands")], numeric=(1,)),
                If("doc.commission_example", [P(w["commission_example"])]),
            ]),
            P(w["tax_text"]),
            H("{{ clauses.payment.label }} " + w["payment"]),
            If("clauses.schedule.on", [
                P(w["schedule_text"]),
                Table(w["schedule_header"], [Row(w["schedule_row"], loop="i in doc.schedule")], numeric=(2, 3)),
                P(w["rounding_note"], small=True),
            ]),
            If("clauses.commission_settlement.on", [P(w["settlement_text"])]),
            P(w["invoice_text"]),
            If("clauses.kpis.on", [
                H("{{ clauses.kpis.label }} " + w["kpis"]),
                P(w["kpis_text"]),
                Table(w["kpi_header"], [Row(w["kpi_row"], loop="k in doc.kpis")]),
            ]),
            H("{{ clauses.client_duties.label }} " + w["client_duties"]),
            *_items(w, "client_items"),
            H("{{ clauses.agency_duties.label }} " + w["agency_duties"]),
            *_items(w, "agency_items"),
            If("clauses.exclusivity.on", [H("{{ clauses.exclusivity.label }} " + w["exclusivity"]), P(w["exclusivity_text"])]),
            If("clauses.non_solicitation.on", [
                H("{{ clauses.non_solicitation.label }} " + w["non_solicitation"]), P(w["non_solicitation_text"]),
            ]),
            H("{{ clauses.confidentiality.label }} " + w["confidentiality"]),
            P(w["confidentiality_text"]),
            H("{{ clauses.ip.label }} " + w["ip"]),
            P(w["ip_text"]),
            If("clauses.renewal.on", [H("{{ clauses.renewal.label }} " + w["renewal"]), P(w["renewal_text"])]),
            H("{{ clauses.termination.label }} " + w["termination"]),
            P(w["termination_text"]),
            H("{{ clauses.breach.label }} " + w["breach"]),
            P(w["breach_text"]),
            H("{{ clauses.disputes.label }} " + w["disputes"]),
            P(w["disputes_text"]),
            H("{{ clauses.miscellaneous.label }} " + w["misc"]),
            P(w["misc_text"]),
            Signatures([w["sign_a"], w["sign_b"]]),
        ],
    )


WORDING = {"zh_CN": ZH_CN}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {
    f"service_contract/document{SUFFIX[locale]}.docx": (lambda w=w: to_docx(structure(w))) for locale, w in WORDING.items()
}
HTML_TEMPLATES = {
    f"service_contract/document{SUFFIX[locale]}.html": (lambda w=w: to_html(structure(w))) for locale, w in WORDING.items()
}

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
    "our_role": "授权代表：",
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
    "band_row": [
        "{{ b.above | money }} 以上{% if b.up_to %}至 {{ b.up_to | money }}{% else %}部分{% endif %}",
        "{{ b.rate | percent }}",
    ],
    "commission_example": "例：月度 GMV 为 {{ doc.commission_example.gmv | money }} 时，当月佣金为 {{ doc.commission_example.commission | money }}。",
    "commission_only": "本合同仅按佣金计费，不设固定合同总额。",
    "tax_text": "{{ clauses.tax.label }}税费：上述费用{% if doc.fees.prices_include_tax %}均为含税价{% else %}均不含税，另按税率加计增值税{% endif %}，增值税税率 {{ doc.fees.vat_rate | percent }}。"
    "{% if doc.fixed_total %}合同固定总额中不含税金额 {{ doc.fixed_net | money }}，增值税 {{ doc.fixed_tax | money }}（不含税金额四舍五入至分，税额为差额）。{% endif %}",
    "payment": "付款方式",
    "schedule_text": "{{ clauses.schedule.label }}固定服务费按以下计划支付：",
    "schedule_header": ["期次", "付款日期", "比例", "金额", "说明"],
    "schedule_row": [
        "{{ loop.index }}",
        "{{ i.due | date }}",
        "{% if i.percent %}{{ i.percent | number }}%{% else %}—{% endif %}",
        "{{ i.amount | money }}",
        "{% if i.description %}{{ i.description }}{% endif %}{% if i.takes_rounding %}（含尾差调整）{% endif %}",
    ],
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
    "sign_a": [
        "甲方（盖章）：{{ doc.client.legal_name }}",
        "[seal]",
        "法定代表人或授权代表（签字）：{% if doc.client_signatory %}{{ doc.client_signatory }}{% else %}{{ doc.client.representative }}{% endif %}",
        "日期：",
    ],
    "sign_b": [
        "乙方（盖章）：{{ company.legal_name }}",
        "[our seal]",
        "授权代表（签字）：{{ signatory.name }}",
        "日期：{{ doc.issue_date | date }}",
    ],
}

EN_US = {
    "number_label": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "setup": "",
    "parties_header": ["", "Party A (Client)", "Party B (Agency)"],
    "parties_rows": [
        "Name",
        "Unified social credit code",
        "Address",
        role("Legal representative", "Authorized representative"),
        "Contact",
    ],
    "our_role": "Authorized representative: ",
    "item_numbers": "abcdef",
    "item_format": "({n}) {text}",
    "preamble": "In accordance with the Civil Code of the People's Republic of China and other laws, and on the principles of equality, free will and good faith, Party A engages Party B to provide e-commerce operations services, and the parties agree as follows."
    "{% if doc.proposal_number %} This agreement is based on Party B's proposal No. {{ doc.proposal_number }}.{% endif %}",
    "scope": "Scope of services",
    "scope_text": "Party A engages Party B to operate the following stores: {{ doc.platforms | join(', ') }}. The services are:",
    "service_item": "{{ loop.index }}. {{ s.name }}{% if s.description %}: {{ s.description }}{% endif %}",
    "period": "Term",
    "period_text": "The services run from {{ doc.service_period.start | date }} to {{ doc.service_period.end | date }}"
    "{% if doc.months %}, {{ doc.months }} months in all{% endif %}."
    "{% if clauses.renewal.on %} Renewal after the term is governed by {{ clauses.renewal.ref }}.{% endif %}",
    "fees": "Fees",
    "fixed_fee_text": "{{ clauses.fixed_fee.label }} Fixed service fee: {{ doc.fees.monthly_fee | money }} per month, "
    "{{ doc.fixed_total | money }} for the whole term ({{ doc.fixed_total | in_words }}), which is the fixed total of this agreement.",
    "commission_text": "{{ clauses.commission.label }} Sales commission: Party B charges a commission on the gross merchandise value (GMV) of the stores each month, as shown in the platforms' back office, net of refunds. "
    "{% if doc.fees.commission.bands | length > 1 %}The commission is marginal: each rate applies only to the part of the monthly GMV that falls within its band.{% else %}The rate is:{% endif %}",
    "band_header": ["Monthly GMV band", "Rate"],
    "band_row": [
        "{% if b.up_to %}{{ b.above | money }} to {{ b.up_to | money }}{% else %}above {{ b.above | money }}{% endif %}",
        "{{ b.rate | percent }}",
    ],
    "commission_example": "Example: for a monthly GMV of {{ doc.commission_example.gmv | money }}, the commission for the month is {{ doc.commission_example.commission | money }}.",
    "commission_only": "This agreement charges commission only and has no fixed total.",
    "tax_text": "{{ clauses.tax.label }} Tax: the fees above {% if doc.fees.prices_include_tax %}include{% else %}exclude; Party A pays in addition{% endif %} value-added tax at {{ doc.fees.vat_rate | percent }}."
    "{% if doc.fixed_total %} Of the fixed total, {{ doc.fixed_net | money }} is the amount before tax and {{ doc.fixed_tax | money }} is VAT (the amount before tax is rounded half-up to the fen; the tax is the remainder).{% endif %}",
    "payment": "Payment",
    "schedule_text": "{{ clauses.schedule.label }} The fixed service fee is paid as follows:",
    "schedule_header": ["No.", "Due date", "Share", "Amount", "Description"],
    "schedule_row": [
        "{{ loop.index }}",
        "{{ i.due | date }}",
        "{% if i.percent %}{{ i.percent | number }}%{% else %}—{% endif %}",
        "{{ i.amount | money }}",
        "{% if i.description %}{{ i.description }}{% endif %}{% if i.takes_rounding %} (includes the rounding difference){% endif %}",
    ],
    "rounding_note": "Amounts computed from shares are rounded half-up to the fen, and the last instalment takes the rounding difference, so the instalments add up to the fixed total of {{ doc.fixed_total | money }}.",
    "settlement_text": "{{ clauses.commission_settlement.label }} Commission is settled monthly: Party B sends Party A a settlement statement for the previous month by the 5th of each month, and Party A pays within {{ doc.payment_days }} days of receiving it.",
    "invoice_text": "{{ clauses.invoices.label }} Party B issues a VAT invoice (fapiao) for each payment received. Party B's account: {% if company.bank %}{{ company.bank.account_name }}, {{ company.bank.bank }}, account No. {{ company.bank.account_number }}{% else %}as Party B notifies in writing{% endif %}.",
    "kpis": "Performance indicators",
    "kpis_text": "Party B works towards the following indicators during the term, and the parties review them monthly:",
    "kpi_header": ["Indicator", "Target", "Measured as"],
    "kpi_row": ["{{ k.name }}", "{{ k.target }}", "{% if k.measure %}{{ k.measure }}{% else %}—{% endif %}"],
    "client_duties": "Rights and obligations of Party A",
    "client_items": [
        "Party A provides the account authorizations, brand materials, product information and licences needed to run the stores, and warrants that they are true, lawful and valid.",
        "Party A is responsible for product quality, product licences and after-sales obligations, and pays the fees in full and on time.",
        "Party A approves or comments on plans, copy and campaign arrangements within 2 working days of receiving them.",
        "Party A may inspect the stores' operating data and make reasonable requests about the services.",
    ],
    "agency_duties": "Rights and obligations of Party B",
    "agency_items": [
        "Party B complies with the platforms' rules and with PRC law, including the Advertising Law and the E-commerce Law, and does not engage in false advertising or fake orders.",
        "Party B reports to Party A weekly and monthly, stating the stores' data truthfully.",
        "Party B keeps the accounts and data provided by Party A secure and uses them only for this agreement unless Party A agrees in writing.",
        "Party B is entitled to the fees set out in this agreement.",
    ],
    "exclusivity": "Exclusivity",
    "exclusivity_text": "During the term, Party A shall not engage any third party to provide similar operations services for the stores listed in {{ clauses.scope.ref }}.",
    "non_solicitation": "Non-solicitation",
    "non_solicitation_text": "During the term and for {{ doc.non_solicitation_months }} months after it ends, neither party shall solicit or hire the other party's staff who worked on this project.",
    "confidentiality": "Confidentiality",
    "confidentiality_text": "Each party keeps confidential the other party's trade secrets, operating data and customer information learned in performing this agreement, and the terms of this agreement, and shall not disclose them to any third party without the other party's written consent. This obligation survives for {{ doc.confidentiality_years }} years after this agreement ends.",
    "ip": "Intellectual property",
    "ip_text": "Party A's brands, trademarks and product images remain Party A's property. Copy, images, videos and other work Party B creates for this project become Party A's property once Party A has paid the corresponding fees; Party B's pre-existing tools, methods and templates remain Party B's.",
    "renewal": "Automatic renewal",
    "renewal_text": "Unless either party gives written notice at least {{ doc.renewal_notice_days }} days before the term ends, this agreement renews once on the same terms for a period equal to the original term.",
    "termination": "Termination",
    "termination_text": "Either party may terminate this agreement by {{ doc.termination_notice_days }} days' written notice, and fees are settled for the services actually provided. If a party commits a material breach, the other party may terminate immediately and claim under {{ clauses.breach.ref }}.",
    "breach": "Liability for breach",
    "breach_text": "If Party A does not pay as provided in {{ clauses.payment.ref }}, it pays Party B a penalty of {{ doc.late_payment_daily_rate | percent }} of the overdue amount for each day of delay. A party that breaches {{ clauses.confidentiality.ref }} compensates the other party for all resulting losses.",
    "disputes": "Governing law and disputes",
    "disputes_text": "This agreement is governed by the laws of the People's Republic of China. The parties shall try to settle any dispute arising from it amicably; failing that, "
    "{% if doc.disputes.method == 'arbitration' %}either party may submit the dispute to {{ doc.disputes.forum }} for arbitration under its rules then in force. The award is final and binding on both parties."
    "{% else %}either party may bring proceedings before {{ doc.disputes.forum }}.{% endif %}",
    "misc": "Miscellaneous",
    "misc_text": "This agreement takes effect when both parties have signed and sealed it. It is made in two counterparts, one for each party, with equal legal force. Matters not covered may be agreed in a supplementary agreement.",
    "sign_a": [
        "Party A (seal): {{ doc.client.legal_name }}",
        "[seal]",
        "Legal or authorized representative (signature): {% if doc.client_signatory %}{{ doc.client_signatory }}{% else %}{{ doc.client.representative }}{% endif %}",
        "Date:",
    ],
    "sign_b": [
        "Party B (seal): {{ company.legal_name }}",
        "[our seal]",
        "Authorized representative (signature): {{ signatory.name }}",
        "Date: {{ doc.issue_date | date }}",
    ],
}

ZH_TW = {
    "number_label": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "setup": "",
    "parties_header": ["", "甲方（委託方）", "乙方（服務方）"],
    "parties_rows": ["名稱", "統一社會信用代碼", "地址", role("法定代表人", "授權代表"), "聯絡方式"],
    "our_role": "授權代表：",
    "item_numbers": "一二三四五六",
    "item_format": "（{n}）{text}",
    "preamble": "甲乙雙方依據《中華人民共和國民法典》等法律法規，本於平等自願、誠實信用原則，就甲方委託乙方提供電子商務代營運服務事宜，經友好協商，訂立本合約，共同遵守。"
    "{% if doc.proposal_number %}本合約以乙方編號 {{ doc.proposal_number }} 之專案提案為基礎。{% endif %}",
    "scope": "服務內容",
    "scope_text": "甲方委託乙方為其下列商店提供代營運服務：{{ doc.platforms | join('、') }}。服務內容如下：",
    "service_item": "{{ loop.index }}. {{ s.name }}{% if s.description %}：{{ s.description }}{% endif %}",
    "period": "服務期間",
    "period_text": "服務期間自 {{ doc.service_period.start | date }} 起至 {{ doc.service_period.end | date }} 止"
    "{% if doc.months %}，共 {{ doc.months }} 個月{% endif %}。"
    "{% if clauses.renewal.on %}期滿後之續約依{{ clauses.renewal.ref }}辦理。{% endif %}",
    "fees": "服務費用",
    "fixed_fee_text": "{{ clauses.fixed_fee.label }}固定服務費：每月 {{ doc.fees.monthly_fee | money }}，服務期間固定服務費合計 "
    "{{ doc.fixed_total | money }}（大寫：{{ doc.fixed_total | in_words }}），即本合約固定總額。",
    "commission_text": "{{ clauses.commission.label }}銷售佣金：乙方依甲方商店每月成交總額（GMV，以平台後台資料為準，扣除退款）計收佣金。"
    "{% if doc.fees.commission.bands | length > 1 %}佣金採超額累進方式計算，各級費率僅適用於落入該級距之 GMV 部分：{% else %}費率如下：{% endif %}",
    "band_header": ["每月 GMV 級距", "費率"],
    "band_row": [
        "{{ b.above | money }} 以上{% if b.up_to %}至 {{ b.up_to | money }}{% else %}部分{% endif %}",
        "{{ b.rate | percent }}",
    ],
    "commission_example": "例：每月 GMV 為 {{ doc.commission_example.gmv | money }} 時，當月佣金為 {{ doc.commission_example.commission | money }}。",
    "commission_only": "本合約僅依佣金計費，不設固定合約總額。",
    "tax_text": "{{ clauses.tax.label }}稅費：上述費用{% if doc.fees.prices_include_tax %}均為含稅價{% else %}均未稅，另依稅率加計增值稅{% endif %}，增值稅稅率 {{ doc.fees.vat_rate | percent }}。"
    "{% if doc.fixed_total %}合約固定總額中未稅金額 {{ doc.fixed_net | money }}，增值稅 {{ doc.fixed_tax | money }}（未稅金額四捨五入至分，稅額為差額）。{% endif %}",
    "payment": "付款方式",
    "schedule_text": "{{ clauses.schedule.label }}固定服務費依下列時程支付：",
    "schedule_header": ["期數", "付款日期", "比例", "金額", "說明"],
    "schedule_row": [
        "{{ loop.index }}",
        "{{ i.due | date }}",
        "{% if i.percent %}{{ i.percent | number }}%{% else %}—{% endif %}",
        "{{ i.amount | money }}",
        "{% if i.description %}{{ i.description }}{% endif %}{% if i.takes_rounding %}（含尾差調整）{% endif %}",
    ],
    "rounding_note": "依比例計算之各期金額四捨五入至分，尾差計入末期，各期合計與固定總額 {{ doc.fixed_total | money }} 一致。",
    "settlement_text": "{{ clauses.commission_settlement.label }}佣金按月結算：乙方於每月 5 日前向甲方提交上月費用結算單，甲方應於收到結算單後 {{ doc.payment_days }} 日內支付。",
    "invoice_text": "{{ clauses.invoices.label }}乙方收款後向甲方開立增值稅發票。乙方收款帳戶：{% if company.bank %}{{ company.bank.account_name }}，開戶銀行 {{ company.bank.bank }}，帳號 {{ company.bank.account_number }}{% else %}以乙方書面通知為準{% endif %}。",
    "kpis": "績效指標",
    "kpis_text": "乙方於服務期間以下列指標為營運目標，雙方每月檢討：",
    "kpi_header": ["指標", "目標", "衡量方式"],
    "kpi_row": ["{{ k.name }}", "{{ k.target }}", "{% if k.measure %}{{ k.measure }}{% else %}—{% endif %}"],
    "client_duties": "甲方之權利與義務",
    "client_items": [
        "甲方應提供乙方營運商店所需之帳號授權、品牌資料、商品資訊及相關證照，並保證其真實、合法、有效。",
        "甲方就商品品質、產品證照及售後服務負責，並依本合約約定按時足額支付費用。",
        "甲方應於收到乙方提交之企劃、文案及活動安排後 2 個工作日內確認或提出修改意見。",
        "甲方有權查閱商店營運資料，並對乙方之服務提出合理要求。",
    ],
    "agency_duties": "乙方之權利與義務",
    "agency_items": [
        "乙方應遵守各平台規則及《中華人民共和國廣告法》《中華人民共和國電子商務法》等法律法規，不得從事不實廣告或虛假交易。",
        "乙方應每週、每月向甲方提交營運報告，如實反映商店資料。",
        "乙方應妥善保管甲方提供之帳號及資料，未經甲方書面同意不得用於本合約以外之用途。",
        "乙方有權依本合約約定收取服務費用。",
    ],
    "exclusivity": "專屬合作",
    "exclusivity_text": "服務期間內，甲方不得就{{ clauses.scope.ref }}所列商店另行委託第三方提供同類代營運服務。",
    "non_solicitation": "禁止招攬",
    "non_solicitation_text": "本合約履行期間及終止後 {{ doc.non_solicitation_months }} 個月內，任一方不得主動招攬或聘用他方參與本專案之員工。",
    "confidentiality": "保密",
    "confidentiality_text": "任一方對於履行本合約過程中知悉之他方營業秘密、營運資料、客戶資訊及本合約內容負保密義務，未經他方書面同意不得向第三人揭露。保密義務於本合約終止後 {{ doc.confidentiality_years }} 年內持續有效。",
    "ip": "智慧財產權",
    "ip_text": "甲方之品牌、商標、商品圖片等智慧財產權歸甲方所有。乙方為本專案創作之文案、圖片、影片等成果，於甲方付清相應費用後歸甲方所有；乙方既有之工具、方法及範本歸乙方所有。",
    "renewal": "自動續約",
    "renewal_text": "本合約期滿前 {{ doc.renewal_notice_days }} 日內任一方未以書面表示不再續約者，本合約依原條件自動續約一次，續約期間與原服務期間相同。",
    "termination": "合約終止",
    "termination_text": "任一方得於 {{ doc.termination_notice_days }} 日前以書面通知他方終止本合約，雙方依實際服務期間結算費用。一方嚴重違約者，他方得立即終止本合約，並依{{ clauses.breach.ref }}追究違約責任。",
    "breach": "違約責任",
    "breach_text": "甲方未依{{ clauses.payment.ref }}約定付款者，每逾期一日，應按逾期金額之 {{ doc.late_payment_daily_rate | percent }} 向乙方支付違約金。任一方違反{{ clauses.confidentiality.ref }}約定者，應賠償他方因此所受之全部損失。",
    "disputes": "準據法及爭議解決",
    "disputes_text": "本合約以中華人民共和國法律為準據法。因本合約所生之爭議，雙方應友好協商解決；協商不成者，"
    "{% if doc.disputes.method == 'arbitration' %}任一方得將爭議提交{{ doc.disputes.forum }}，依其當時有效之仲裁規則進行仲裁，仲裁判斷為終局，對雙方均有拘束力。"
    "{% else %}任一方得向{{ doc.disputes.forum }}提起訴訟。{% endif %}",
    "misc": "其他",
    "misc_text": "本合約自雙方簽章之日起生效，一式貳份，雙方各執壹份，具同等法律效力。未盡事宜，雙方得另訂補充協議。",
    "sign_a": [
        "甲方（蓋章）：{{ doc.client.legal_name }}",
        "[seal]",
        "法定代表人或授權代表（簽名）：{% if doc.client_signatory %}{{ doc.client_signatory }}{% else %}{{ doc.client.representative }}{% endif %}",
        "日期：",
    ],
    "sign_b": [
        "乙方（蓋章）：{{ company.legal_name }}",
        "[our seal]",
        "授權代表（簽名）：{{ signatory.name }}",
        "日期：{{ doc.issue_date | date }}",
    ],
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
                Row([w["parties_rows"][3], "{{ doc.client.representative }}", w["our_role"] + "{{ signatory.name }}"]),
                Row(
                    [
                        w["parties_rows"][4],
                        "{% if doc.client.contact %}{{ doc.client.contact.name }}{% if doc.client.contact.phone %} {{ doc.client.contact.phone }}{% endif %}{% endif %}",
                        "{{ company.phone }}",
                    ]
                ),
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
            If(
                "clauses.commission.on",
                [
                    P(w["commission_text"]),
                    Table(w["band_header"], [Row(w["band_row"], loop=f"b in {C}.bands")], numeric=(1,)),
                    If("doc.commission_example", [P(w["commission_example"])]),
                ],
            ),
            P(w["tax_text"]),
            H("{{ clauses.payment.label }} " + w["payment"]),
            If(
                "clauses.schedule.on",
                [
                    P(w["schedule_text"]),
                    Table(w["schedule_header"], [Row(w["schedule_row"], loop="i in doc.schedule")], numeric=(2, 3)),
                    P(w["rounding_note"], small=True),
                ],
            ),
            If("clauses.commission_settlement.on", [P(w["settlement_text"])]),
            P(w["invoice_text"]),
            If(
                "clauses.kpis.on",
                [
                    H("{{ clauses.kpis.label }} " + w["kpis"]),
                    P(w["kpis_text"]),
                    Table(w["kpi_header"], [Row(w["kpi_row"], loop="k in doc.kpis")]),
                ],
            ),
            H("{{ clauses.client_duties.label }} " + w["client_duties"]),
            *_items(w, "client_items"),
            H("{{ clauses.agency_duties.label }} " + w["agency_duties"]),
            *_items(w, "agency_items"),
            If(
                "clauses.exclusivity.on",
                [H("{{ clauses.exclusivity.label }} " + w["exclusivity"]), P(w["exclusivity_text"])],
            ),
            If(
                "clauses.non_solicitation.on",
                [
                    H("{{ clauses.non_solicitation.label }} " + w["non_solicitation"]),
                    P(w["non_solicitation_text"]),
                ],
            ),
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


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {
    f"service_contract/document{SUFFIX[locale]}.docx": (lambda w=w: to_docx(structure(w)))
    for locale, w in WORDING.items()
}
HTML_TEMPLATES = {
    f"service_contract/document{SUFFIX[locale]}.html": (lambda w=w: to_html(structure(w)))
    for locale, w in WORDING.items()
}

"""Wording of the NDA (保密协议 / 保密承诺书) per locale; one structure renders DOCX and HTML.

The set_* entries are expressions for Set blocks, which sit in {%p %} paragraphs in
DOCX, so they use dict(...) rather than braces: docxtpl's pattern for {%p %} stops at the first "}".
"""

from __future__ import annotations

from blocks import Document, Facts, H, If, Item, P, Row, Seal, Set, Signatures, to_docx, to_html

INFO_KEYS = ("client_data", "internal_plans", "financial_data", "technical_plans", "pay", "third_party_secrets")

ZH_CN = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 页 共 ", " 页"),
    "gap": "　",
    "item_gap": "",
    "set_me": '"接收方" if mutual else "本人"',
    "set_owner": '"披露方" if mutual else "公司"',
    "set_this": '"本协议" if mutual else "本承诺书"',
    "set_roles": 'dict(legal_representative="法定代表人", authorised_signatory="授权代表")',
    "set_Me": '"接收方" if mutual else "本人"',
    "set_This": '"本协议" if mutual else "本承诺书"',
    "party_rows": ("甲方", "统一社会信用代码", "地址", "乙方"),
    "employee_rows": ("承诺人", "居民身份证号码", "部门及职位", "公司"),
    "mutual_preamble": "鉴于甲乙双方拟就{{ doc.purpose }}（以下简称“合作事项”）开展合作，并将在此过程中相互披露保密信息，"
    "为保护双方的合法权益，双方根据{% if tw %}台湾地区“民法”“营业秘密法”{% else %}《中华人民共和国民法典》"
    "《中华人民共和国反不正当竞争法》{% endif %}等规定，经平等协商，订立本协议。本协议中，披露保密信息的一方称“披露方”，"
    "接收保密信息的一方称“接收方”。",
    "employee_preamble": "本人系{{ company.legal_name }}（以下简称“公司”）员工，在工作中将接触公司及其客户的保密信息。"
    "根据{% if tw %}台湾地区“劳动基准法”“营业秘密法”{% else %}《中华人民共和国劳动合同法》《中华人民共和国反不正当竞争法》"
    "{% endif %}等规定，本人自愿作出如下承诺{% if doc.non_compete %}，并与公司就竞业限制达成如下约定{% endif %}：",
    "information": "保密信息",
    "information_text": "{{ this }}所称保密信息，是指{{ owner }}以任何形式（书面、电子、口头或其他形式）提供或{{ me }}因"
    "{% if mutual %}合作事项{% else %}工作{% endif %}知悉的、不为公众所知悉的下列信息：",
    "info_client_data": "{{ owner }}及其客户的客户资料，包括客户名单、联系方式、店铺后台账号及密码、交易与会员数据、消费者个人信息；",
    "info_internal_plans": "内部计划，包括经营策略、运营方案、营销及大促计划、商品规划和尚未公开的项目信息；",
    "info_financial_data": "财务数据，包括报价、成本、利润、销售额、结算资料及预算；",
    "info_technical_plans": "技术方案，包括数据分析模型、工具、脚本、系统架构及店铺设计源文件；",
    "info_pay": "薪酬信息，包括员工的工资、奖金、福利及薪酬结构；",
    "info_third_party_secrets": "{{ owner }}对第三方负有保密义务的信息，包括品牌方、平台、主播及合作机构的商业秘密；",
    "info_other": '其他：{{ doc.information.other | join("；") }}。',
    "exclusions": "除外情形",
    "exclusions_text": "下列信息不属于保密信息：",
    "excl_public": "披露时已为公众所知悉，或非因{{ me }}的过错而为公众所知悉的信息；",
    "excl_known": "{{ me }}在获知前已合法掌握且不负保密义务的信息；",
    "excl_independent": "{{ me }}未使用保密信息而独立开发取得的信息；",
    "excl_third_party": "{{ me }}从有权披露的第三方合法取得且不负保密义务的信息{% if clauses.excl_other.on %}；{% else %}。{% endif %}",
    "excl_other": '{{ doc.information.extra_exclusions | join("；") }}。',
    "duties": "保密义务",
    "duties_text": "{{ me }}应当：",
    "duty_secrecy": "对保密信息严格保密，未经{{ owner }}书面同意，不得向任何第三方披露；",
    "duty_use": "仅为{% if mutual %}合作事项{% else %}履行本人工作职责{% endif %}使用保密信息，不得用于其他任何目的；",
    "duty_care": "采取不低于保护自身同类信息的合理措施保护保密信息，未经许可不得复制、摘抄保密信息，"
    "或将其带离{{ owner }}的办公场所和信息系统；",
    "duty_notice": "发现保密信息被泄露或可能被泄露时，立即通知{{ owner }}并采取补救措施。",
    "permitted": "允许的披露",
    "permitted_text": "有下列情形之一的，{{ me }}可以披露保密信息：",
    "permit_staff": "{% if mutual %}向因合作事项确需知悉的本方员工及专业顾问披露，但应确保其承担不低于本协议的保密义务"
    "{% else %}在公司授权范围内，向因工作确需知悉的同事及公司客户披露{% endif %}；",
    "permit_law": "依法律、法规或司法机关、监管机构的要求披露，但应在法律允许的范围内事先通知{{ owner }}，并仅披露被要求披露的部分。",
    "term": "保密期限",
    "term_text": "{{ this }}自签署之日起生效，{% if doc.term.years %}有效期{{ doc.term.years }}年{% else %}在本人与公司劳动关系存续期间"
    "持续有效{% endif %}。{% if doc.term.survival_years %}{% if mutual %}本协议终止或期满后{% else %}劳动关系解除或终止后"
    "{% endif %}，{{ me }}的保密义务继续有效{{ doc.term.survival_years }}年。{% endif %}对于构成商业秘密的保密信息，"
    "保密义务持续至该信息依法为公众所知悉时为止。",
    "return": "资料的返还与销毁",
    "return_text": "{{ me }}应于{% if mutual %}本协议终止{% else %}离职{% endif %}或{{ owner }}书面要求之日起{{ doc.return_days }}日内，"
    "返还或销毁载有保密信息的全部资料（包括文件、电子数据及其复制件），并书面确认已返还或销毁。",
    "non_compete": "竞业限制",
    "nc_scope": "竞业限制期限内，本人不得到与公司经营同类业务、有竞争关系的其他单位任职，也不得自己经营或为他人经营同类业务。"
    "竞业限制的范围为：{{ doc.non_compete.scope }}；地域为：{{ doc.non_compete.region }}。",
    "nc_period": "竞业限制期限为{% if doc.non_compete.months %}离职后{{ doc.non_compete.months }}个月{% else %}自"
    "{{ doc.non_compete.start_date | date }}起至{{ doc.non_compete.end_date | date }}止{% endif %}，不超过二年"
    "{% if tw %}（台湾地区“劳动基准法”第九条之一）{% else %}（《中华人民共和国劳动合同法》第二十四条）{% endif %}。",
    "nc_compensation": "竞业限制期限内，公司按月向本人支付经济补偿{{ doc.non_compete.monthly_compensation | money }}"
    "（{{ meta.labels.in_words }}：{{ doc.non_compete.monthly_compensation | in_words }}）。",
    "nc_damages": "本人违反竞业限制约定的，应向公司支付违约金{{ doc.non_compete.liquidated_damages | money }}"
    "（{{ meta.labels.in_words }}：{{ doc.non_compete.liquidated_damages | in_words }}），并继续履行竞业限制义务。",
    "liability": "违约责任",
    "liability_text": "{{ me }}违反{{ this }}的，应赔偿{{ owner }}因此遭受的全部损失，包括{{ owner }}为制止违约行为和追偿而支出的"
    "合理费用（含律师费、调查取证费及诉讼费）。{% if doc.liquidated_damages %}违约方还应支付违约金"
    "{{ doc.liquidated_damages | money }}（{{ meta.labels.in_words }}：{{ doc.liquidated_damages | in_words }}）；"
    "违约金不足以弥补损失的，应补足差额。{% endif %}{% if clauses.nc_damages.on %}违反竞业限制约定的违约金，依照"
    "{{ clauses.non_compete.ref }}的约定。{% endif %}{% if not mutual %}本人违反{{ this }}、情节严重的，公司可以依法解除劳动合同。"
    "{% endif %}",
    "disputes": "法律适用与争议解决",
    "disputes_text": "{{ this }}适用{% if tw %}台湾地区法律{% else %}中华人民共和国法律{% endif %}。因{{ this }}引起的争议，"
    "{% if mutual %}双方应协商解决；协商不成的，{% if doc.disputes.method == 'arbitration' %}提交{{ doc.disputes.venue }}仲裁，"
    "仲裁裁决是终局的，对双方均有约束力{% else %}由{{ doc.disputes.venue }}管辖{% endif %}{% elif not tw %}任何一方可以向"
    "{{ doc.disputes.venue }}申请劳动争议仲裁；对仲裁裁决不服的，可以依法向人民法院提起诉讼"
    "{% elif doc.disputes.method == 'arbitration' %}提交{{ doc.disputes.venue }}仲裁{% else %}由{{ doc.disputes.venue }}管辖"
    "{% endif %}。",
    "miscellaneous": "其他",
    "miscellaneous_text": "{% if mutual %}本协议不构成任何一方向另一方授予保密信息上的任何知识产权或许可。本协议一式两份，"
    "双方各执一份，具有同等法律效力。{% else %}{{ this }}一式两份，公司与本人各执一份。本人确认已仔细阅读并完全理解"
    "{{ this }}的全部内容。{% endif %}{% if doc.signing_place %}签署地点：{{ doc.signing_place }}。{% endif %}",
    "party_a": "甲方（盖章）：{{ company.legal_name }}",
    "party_a_signatory": "法定代表人或授权代表：{{ signatory.name }}",
    "party_b": "乙方（盖章）：{{ doc.counterparty.legal_name }}",
    "party_b_signatory": "{{ roles[doc.counterparty.representative_role] }}：{{ doc.counterparty.representative }}",
    "blank_date": "日期：＿＿＿＿＿＿＿＿",
    "employee_sign": "承诺人（签名）：＿＿＿＿＿＿＿＿",
    "company_sign": "公司（盖章）：{{ company.legal_name }}",
    "company_signatory": "授权代表：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
    "seal": "（{{ meta.labels.seal }}）",
    "seal_b": "（盖章）",  # the other party's seal box
    "date": "日期：{{ doc.issue_date | date }}",
}

ZH_TW = {
    "number": "{{ meta.labels.number }}：",
    "page": ("第 ", " 頁 共 ", " 頁"),
    "gap": "　",
    "item_gap": "",
    "set_me": '"接收方" if mutual else "本人"',
    "set_owner": '"揭露方" if mutual else "公司"',
    "set_this": '"本協議" if mutual else "本承諾書"',
    "set_roles": 'dict(legal_representative="法定代表人", authorised_signatory="授權代表")',
    "set_Me": '"接收方" if mutual else "本人"',
    "set_This": '"本協議" if mutual else "本承諾書"',
    "party_rows": ("甲方", "統一社會信用代碼", "地址", "乙方"),
    "employee_rows": ("承諾人", "居民身份證號碼", "部門及職稱", "公司"),
    "mutual_preamble": "甲乙雙方擬就{{ doc.purpose }}（以下簡稱「合作事項」）進行合作，並將於合作過程中相互揭露機密資訊。"
    "為保護雙方之合法權益，雙方依{% if tw %}民法、營業秘密法{% else %}中華人民共和國民法典、反不正當競爭法{% endif %}"
    "等規定，經平等協商，訂立本協議。本協議中，揭露機密資訊之一方稱「揭露方」，接收機密資訊之一方稱「接收方」。",
    "employee_preamble": "本人為{{ company.legal_name }}（以下簡稱「公司」）員工，於工作中將接觸公司及其客戶之機密資訊。本人依"
    "{% if tw %}勞動基準法、營業秘密法{% else %}中華人民共和國勞動合同法、反不正當競爭法{% endif %}等規定，自願作出下列承諾"
    "{% if doc.non_compete %}，並與公司就競業禁止達成下列約定{% endif %}：",
    "information": "機密資訊",
    "information_text": "{{ this }}所稱機密資訊，指{{ owner }}以任何形式（書面、電子、口頭或其他形式）提供，或{{ me }}因"
    "{% if mutual %}合作事項{% else %}工作{% endif %}知悉，且非一般涉及該類資訊之人所知之下列資訊：",
    "info_client_data": "{{ owner }}及其客戶之客戶資料，包括客戶名單、聯絡方式、店鋪後台帳號及密碼、交易與會員資料、消費者個人資料；",
    "info_internal_plans": "內部計畫，包括經營策略、營運方案、行銷及檔期活動計畫、商品規劃及尚未公開之專案資訊；",
    "info_financial_data": "財務資料，包括報價、成本、利潤、營業額、結算資料及預算；",
    "info_technical_plans": "技術方案，包括數據分析模型、工具、程式、系統架構及店鋪設計原始檔；",
    "info_pay": "薪資資訊，包括員工之薪資、獎金、福利及薪資結構；",
    "info_third_party_secrets": "{{ owner }}對第三人負有保密義務之資訊，包括品牌商、平台、直播主及合作機構之營業秘密；",
    "info_other": '其他：{{ doc.information.other | join("；") }}。',
    "exclusions": "除外情形",
    "exclusions_text": "下列資訊不屬於機密資訊：",
    "excl_public": "揭露時已為公眾所知，或非因{{ me }}之過失而為公眾所知之資訊；",
    "excl_known": "{{ me }}於知悉前已合法持有且不負保密義務之資訊；",
    "excl_independent": "{{ me }}未使用機密資訊而獨立開發取得之資訊；",
    "excl_third_party": "{{ me }}自有權揭露之第三人合法取得且不負保密義務之資訊{% if clauses.excl_other.on %}；{% else %}。{% endif %}",
    "excl_other": '{{ doc.information.extra_exclusions | join("；") }}。',
    "duties": "保密義務",
    "duties_text": "{{ me }}應：",
    "duty_secrecy": "對機密資訊嚴守秘密，非經{{ owner }}書面同意，不得向任何第三人揭露；",
    "duty_use": "僅為{% if mutual %}合作事項{% else %}執行本人職務{% endif %}之目的使用機密資訊，不得作其他任何用途；",
    "duty_care": "以不低於保護自身同類資訊之合理措施保護機密資訊，未經許可不得重製、摘錄機密資訊，"
    "或將其攜離{{ owner }}之辦公處所及資訊系統；",
    "duty_notice": "發現機密資訊遭洩漏或有洩漏之虞時，應立即通知{{ owner }}並採取補救措施。",
    "permitted": "得揭露之情形",
    "permitted_text": "有下列情形之一者，{{ me }}得揭露機密資訊：",
    "permit_staff": "{% if mutual %}向因合作事項確有知悉必要之本方員工及專業顧問揭露，但應確保其負擔不低於本協議之保密義務"
    "{% else %}於公司授權範圍內，向因工作確有知悉必要之同事及公司客戶揭露{% endif %}；",
    "permit_law": "依法令或法院、主管機關之要求揭露，但應於法律許可範圍內事先通知{{ owner }}，且僅揭露被要求之部分。",
    "term": "保密期間",
    "term_text": "{{ this }}自簽署之日起生效，{% if doc.term.years %}有效期間{{ doc.term.years }}年{% else %}於本人與公司勞動關係"
    "存續期間持續有效{% endif %}。{% if doc.term.survival_years %}{% if mutual %}本協議終止或期滿後{% else %}勞動關係終止後"
    "{% endif %}，{{ me }}之保密義務繼續有效{{ doc.term.survival_years }}年。{% endif %}機密資訊屬營業秘密者，"
    "保密義務持續至該資訊依法為公眾所知時為止。",
    "return": "資料之返還與銷毀",
    "return_text": "{{ me }}應於{% if mutual %}本協議終止{% else %}離職{% endif %}或{{ owner }}書面要求之日起{{ doc.return_days }}日內，"
    "返還或銷毀載有機密資訊之全部資料（包括文件、電子檔案及其複本），並以書面確認已返還或銷毀。",
    "non_compete": "競業禁止",
    "nc_scope": "競業禁止期間內，本人不得受僱於與公司經營同類業務而具競爭關係之其他事業單位，亦不得自行或為他人經營同類業務。"
    "競業禁止之範圍為：{{ doc.non_compete.scope }}；區域為：{{ doc.non_compete.region }}。",
    "nc_period": "競業禁止期間為{% if doc.non_compete.months %}離職後{{ doc.non_compete.months }}個月{% else %}自"
    "{{ doc.non_compete.start_date | date }}起至{{ doc.non_compete.end_date | date }}止{% endif %}，不超過二年"
    "{% if tw %}（勞動基準法第九條之一）{% else %}（中華人民共和國勞動合同法第二十四條）{% endif %}。",
    "nc_compensation": "競業禁止期間內，公司按月給付本人補償{{ doc.non_compete.monthly_compensation | money }}"
    "（{{ meta.labels.in_words }}：{{ doc.non_compete.monthly_compensation | in_words }}）。",
    "nc_damages": "本人違反競業禁止約定者，應給付公司違約金{{ doc.non_compete.liquidated_damages | money }}"
    "（{{ meta.labels.in_words }}：{{ doc.non_compete.liquidated_damages | in_words }}），並繼續履行競業禁止義務。",
    "liability": "違約責任",
    "liability_text": "{{ me }}違反{{ this }}者，應賠償{{ owner }}因此所受之一切損害，包括{{ owner }}為排除違約行為及求償所支出之"
    "合理費用（含律師費、調查費及訴訟費用）。{% if doc.liquidated_damages %}違約之一方並應給付違約金"
    "{{ doc.liquidated_damages | money }}（{{ meta.labels.in_words }}：{{ doc.liquidated_damages | in_words }}）；"
    "違約金不足以填補損害者，應補足差額。{% endif %}{% if clauses.nc_damages.on %}違反競業禁止約定之違約金，依"
    "{{ clauses.non_compete.ref }}之約定。{% endif %}{% if not mutual %}本人違反{{ this }}情節重大者，公司得依法終止勞動契約。"
    "{% endif %}",
    "disputes": "準據法及爭議處理",
    "disputes_text": "{{ this }}以{% if tw %}中華民國（臺灣）法律{% else %}中華人民共和國法律{% endif %}為準據法。因{{ this }}所生之爭議，"
    "{% if mutual %}雙方應先協商解決；協商不成者，{% if doc.disputes.method == 'arbitration' %}提交{{ doc.disputes.venue }}仲裁，"
    "仲裁判斷為終局，對雙方均有拘束力{% else %}以{{ doc.disputes.venue }}為第一審管轄法院{% endif %}{% elif not tw %}任一方得向"
    "{{ doc.disputes.venue }}申請勞動爭議仲裁；對仲裁裁決不服者，得依法向人民法院提起訴訟"
    "{% elif doc.disputes.method == 'arbitration' %}提交{{ doc.disputes.venue }}仲裁{% else %}以{{ doc.disputes.venue }}"
    "為第一審管轄法院{% endif %}。",
    "miscellaneous": "其他",
    "miscellaneous_text": "{% if mutual %}本協議不構成任何一方就機密資訊授予他方任何智慧財產權或授權。本協議一式兩份，"
    "雙方各執一份，具同等法律效力。{% else %}{{ this }}一式兩份，公司與本人各執一份。本人確認已詳閱並完全瞭解"
    "{{ this }}之全部內容。{% endif %}{% if doc.signing_place %}簽署地點：{{ doc.signing_place }}。{% endif %}",
    "party_a": "甲方（蓋章）：{{ company.legal_name }}",
    "party_a_signatory": "法定代表人或授權代表：{{ signatory.name }}",
    "party_b": "乙方（蓋章）：{{ doc.counterparty.legal_name }}",
    "party_b_signatory": "{{ roles[doc.counterparty.representative_role] }}：{{ doc.counterparty.representative }}",
    "blank_date": "日期：＿＿＿＿＿＿＿＿",
    "employee_sign": "承諾人（簽名）：＿＿＿＿＿＿＿＿",
    "company_sign": "公司（蓋章）：{{ company.legal_name }}",
    "company_signatory": "授權代表：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
    "seal": "（{{ meta.labels.seal }}）",
    "seal_b": "（蓋章）",  # the other party's seal box
    "date": "日期：{{ doc.issue_date | date }}",
}

EN_US = {
    "number": "{{ meta.labels.number }} ",
    "page": ("Page ", " of ", ""),
    "gap": " ",
    "item_gap": " ",
    "set_me": '"the Receiving Party" if mutual else "I"',
    "set_Me": '"The Receiving Party" if mutual else "I"',
    "set_owner": '"the Disclosing Party" if mutual else "the Company"',
    "set_this": '"this Agreement" if mutual else "this Undertaking"',
    "set_This": '"This Agreement" if mutual else "This Undertaking"',
    "set_roles": 'dict(legal_representative="Legal representative", authorised_signatory="Authorized signatory")',
    "party_rows": ("Party A", "Unified social credit code", "Address", "Party B"),
    "employee_rows": ("Employee", "PRC resident ID No.", "Department and position", "Company"),
    "mutual_preamble": "Party A and Party B intend to cooperate on {{ doc.purpose }} (the “Cooperation”) and will disclose "
    "confidential information to each other in its course. To protect their lawful rights and interests, and in "
    "accordance with {% if tw %}the Civil Code and the Trade Secrets Act of Taiwan{% else %}the Civil Code and the "
    "Anti-Unfair Competition Law of the People's Republic of China{% endif %}, the parties agree as follows. In this "
    "Agreement, the party disclosing confidential information is the “Disclosing Party” and the party receiving it is "
    "the “Receiving Party”.",
    "employee_preamble": "I am an employee of {{ company.legal_name }} (the “Company”) and will have access to "
    "confidential information of the Company and its clients in my work. In accordance with {% if tw %}the Labor "
    "Standards Act and the Trade Secrets Act of Taiwan{% else %}the Labor Contract Law and the Anti-Unfair Competition "
    "Law of the People's Republic of China{% endif %}, I give the following undertaking{% if doc.non_compete %}, and "
    "agree with the Company on the non-compete below{% endif %}:",
    "information": "Confidential information",
    "information_text": "Confidential information means the following information, not known to the public, that "
    "{{ owner }} provides in any form (written, electronic, oral or otherwise) or that {{ me }} learn"
    "{{ 's' if mutual else '' }} through {% if mutual %}the Cooperation{% else %}my work{% endif %}:",
    "info_client_data": "client data of {{ owner }} and its clients, including client lists, contacts, store back-office "
    "accounts and passwords, transaction and membership data, and consumers' personal information;",
    "info_internal_plans": "internal plans, including business strategies, operations plans, marketing and campaign "
    "plans, product planning and unannounced projects;",
    "info_financial_data": "financial data, including quotations, costs, profits, sales, settlement records and budgets;",
    "info_technical_plans": "technical plans, including data-analysis models, tools, scripts, system architecture and "
    "store design source files;",
    "info_pay": "pay information, including employees' wages, bonuses, benefits and pay structures;",
    "info_third_party_secrets": "information {{ owner }} must keep confidential for third parties, including trade secrets "
    "of brands, platforms, hosts and partners;",
    "info_other": 'other: {{ doc.information.other | join("; ") }}.',
    "exclusions": "Exclusions",
    "exclusions_text": "Confidential information does not include information that:",
    "excl_public": "was known to the public when disclosed, or becomes known to the public through no fault of "
    "{{ 'the Receiving Party' if mutual else 'mine' }};",
    "excl_known": "{{ me }} lawfully knew before receiving it, free of any duty of confidentiality;",
    "excl_independent": "{{ me }} developed independently without using confidential information;",
    "excl_third_party": "{{ me }} lawfully obtained from a third party entitled to disclose it, free of any duty of "
    "confidentiality{% if clauses.excl_other.on %};{% else %}.{% endif %}",
    "excl_other": '{{ doc.information.extra_exclusions | join("; ") }}.',
    "duties": "Duties",
    "duties_text": "{{ Me }} shall:",
    "duty_secrecy": "keep confidential information strictly confidential and not disclose it to any third party without "
    "the written consent of {{ owner }};",
    "duty_use": "use confidential information only for {% if mutual %}the Cooperation{% else %}my duties at work"
    "{% endif %} and for no other purpose;",
    "duty_care": "protect confidential information with measures no less careful than those used for similar "
    "information of {{ 'its own' if mutual else 'my own' }}, and not copy it or remove it from the premises or "
    "information systems of {{ owner }} without permission;",
    "duty_notice": "notify {{ owner }} at once on finding that confidential information has been or may have been "
    "disclosed, and take remedial measures.",
    "permitted": "Permitted disclosures",
    "permitted_text": "{{ Me }} may disclose confidential information:",
    "permit_staff": "{% if mutual %}to its employees and professional advisers who need to know it for the Cooperation, "
    "provided they are bound by duties of confidentiality no less strict than this Agreement{% else %}to colleagues and "
    "Company clients who need to know it for work, within the authority the Company gives{% endif %};",
    "permit_law": "as required by law, regulation, a court or a regulator, provided that {{ me }} notif"
    "{{ 'ies' if mutual else 'y' }} {{ owner }} in advance as far as the law allows and disclose"
    "{{ 's' if mutual else '' }} only what is required.",
    "term": "Term",
    "term_text": "{{ This }} takes effect on signature and {% if doc.term.years %}remains in force for "
    "{{ doc.term.years }} year{% if doc.term.years != 1 %}s{% endif %}{% else %}remains in force for as long as my "
    "employment with the Company continues{% endif %}.{% if doc.term.survival_years %} After {% if mutual %}it ends or "
    "expires{% else %}my employment ends{% endif %}, the duties of confidentiality continue for "
    "{{ doc.term.survival_years }} year{% if doc.term.survival_years != 1 %}s{% endif %}.{% endif %} For confidential "
    "information that is a trade secret, the duties continue until the information lawfully becomes known to the public.",
    "return": "Return and destruction of materials",
    "return_text": "Within {{ doc.return_days }} day{% if doc.return_days != 1 %}s{% endif %} after {% if mutual %}this "
    "Agreement ends{% else %}my employment ends{% endif %} or {{ owner }} asks in writing, {{ me }} shall return or "
    "destroy all materials containing confidential information (including documents, electronic data and copies) and "
    "confirm in writing that this has been done.",
    "non_compete": "Non-compete",
    "nc_scope": "During the non-compete period I shall not work for any other employer that competes with the Company in "
    "the same line of business, nor run such a business for myself or others. Scope: {{ doc.non_compete.scope }}. "
    "Region: {{ doc.non_compete.region }}.",
    "nc_period": "The non-compete period is {% if doc.non_compete.months %}{{ doc.non_compete.months }} month"
    "{% if doc.non_compete.months != 1 %}s{% endif %} after my employment ends{% else %}from "
    "{{ doc.non_compete.start_date | date }} to {{ doc.non_compete.end_date | date }}{% endif %}, and no longer than "
    "two years ({% if tw %}Article 9-1 of the Labor Standards Act of Taiwan{% else %}Article 24 of the Labor Contract "
    "Law of the PRC{% endif %}).",
    "nc_compensation": "During the non-compete period the Company shall pay me compensation of "
    "{{ doc.non_compete.monthly_compensation | money }} ({{ meta.labels.in_words }}: "
    "{{ doc.non_compete.monthly_compensation | in_words }}) each month.",
    "nc_damages": "If I breach the non-compete, I shall pay the Company liquidated damages of "
    "{{ doc.non_compete.liquidated_damages | money }} ({{ meta.labels.in_words }}: "
    "{{ doc.non_compete.liquidated_damages | in_words }}) and continue to observe the non-compete.",
    "liability": "Liability for breach",
    "liability_text": "If {{ me }} breach{{ 'es' if mutual else '' }} {{ this }}, {{ me }} shall compensate {{ owner }} "
    "for all resulting losses, including reasonable costs of stopping the breach and recovering the losses (attorney, "
    "investigation and litigation fees).{% if doc.liquidated_damages %} The breaching party shall also pay liquidated "
    "damages of {{ doc.liquidated_damages | money }} ({{ meta.labels.in_words }}: {{ doc.liquidated_damages | in_words }}), "
    "and make up any loss they do not cover.{% endif %}{% if clauses.nc_damages.on %} Liquidated damages for breaching "
    "the non-compete are as agreed in {{ clauses.non_compete.ref }}.{% endif %}{% if not mutual %} If my breach of "
    "{{ this }} is serious, the Company may terminate my employment contract in accordance with the law.{% endif %}",
    "disputes": "Governing law and disputes",
    "disputes_text": "{{ This }} is governed by {% if tw %}the laws of Taiwan{% else %}the laws of the People's Republic "
    "of China{% endif %}. Any dispute arising from {{ this }} {% if mutual %}shall first be settled by negotiation; "
    "failing that, it shall be {% if doc.disputes.method == 'arbitration' %}submitted to {{ doc.disputes.venue }} for "
    "arbitration, whose award is final and binding on both parties{% else %}brought before {{ doc.disputes.venue }}"
    "{% endif %}{% elif not tw %}may be submitted by either party to {{ doc.disputes.venue }} for labor dispute "
    "arbitration; a party that does not accept the award may bring a lawsuit before a people's court as the law "
    "provides{% elif doc.disputes.method == 'arbitration' %}shall be submitted to {{ doc.disputes.venue }} for "
    "arbitration{% else %}shall be brought before {{ doc.disputes.venue }}{% endif %}.",
    "miscellaneous": "Miscellaneous",
    "miscellaneous_text": "{% if mutual %}Nothing in this Agreement grants either party any intellectual property right "
    "or licence in the other's confidential information. This Agreement is made in two counterparts, one for each "
    "party, with equal legal effect.{% else %}This Undertaking is made in two counterparts, one for the Company and one "
    "for me. I confirm that I have read and fully understood all of it.{% endif %}{% if doc.signing_place %} Place of "
    "signing: {{ doc.signing_place }}.{% endif %}",
    "party_a": "Party A (seal): {{ company.legal_name }}",
    "party_a_signatory": "Legal representative or authorized signatory: {{ signatory.name }}",
    "party_b": "Party B (seal): {{ doc.counterparty.legal_name }}",
    "party_b_signatory": "{{ roles[doc.counterparty.representative_role] }}: {{ doc.counterparty.representative }}",
    "blank_date": "Date: ________________",
    "employee_sign": "Employee (signature): ________________",
    "company_sign": "Company (seal): {{ company.legal_name }}",
    "company_signatory": "Authorized signatory: {{ signatory.name }}{% if signatory.title %} ({{ signatory.title }})"
    "{% endif %}",
    "seal": "({{ meta.labels.seal }})",
    "seal_b": "(Seal)",  # the other party's seal box
    "date": "Date: {{ doc.issue_date | date }}",
}


def _item(w: dict, key: str) -> Item:
    return Item("{{ clauses." + key + ".label }}" + w["item_gap"] + w[key])


def _optional(w: dict, key: str) -> If:
    return If("clauses." + key + ".on", [_item(w, key)])


def _article(w: dict, key: str, title: str) -> H:
    return H("{{ clauses." + key + ".label }}" + w["gap"] + w[title])


def _sets(w: dict) -> list:
    names = ("me", "Me", "owner", "this", "This", "roles")  # Me, This: sentence-initial forms (English)
    return [Set('tw = doc.jurisdiction == "TW"'), *(Set(f"{name} = {w['set_' + name]}") for name in names)]


def _parties(w: dict) -> list:
    a, code, address, party_b = w["party_rows"]
    employee, id_number, position, company = w["employee_rows"]
    mutual = Facts(
        [
            Row([a, "{{ company.legal_name }}"]),
            Row([code, "{{ company.uscc }}"]),
            Row([address, "{{ company.address }}"]),
            Row([party_b, "{{ doc.counterparty.legal_name }}"]),
            Row([code, "{{ doc.counterparty.uscc }}"]),
            Row([address, "{{ doc.counterparty.address }}"]),
            Row(["{{ roles[doc.counterparty.representative_role] }}", "{{ doc.counterparty.representative }}"]),
        ]
    )
    undertaking = Facts(
        [
            Row([employee, "{{ doc.employee.name }}"]),
            Row([id_number, "{{ doc.employee.id_number }}"], cond="doc.employee.id_number"),
            Row([position, "{{ doc.employee.department }} {{ doc.employee.position }}"]),
            Row([company, "{{ company.legal_name }}"]),
        ]
    )
    return [
        If("mutual", [mutual, P(w["mutual_preamble"])]),
        If("not mutual", [undertaking, P(w["employee_preamble"])]),
    ]


def _confidentiality(w: dict) -> list:
    return [
        _article(w, "information", "information"),
        P(w["information_text"]),
        *(_optional(w, "info_" + key) for key in INFO_KEYS),
        _optional(w, "info_other"),
        _article(w, "exclusions", "exclusions"),
        P(w["exclusions_text"]),
        *(_item(w, key) for key in ("excl_public", "excl_known", "excl_independent", "excl_third_party")),
        _optional(w, "excl_other"),
        _article(w, "duties", "duties"),
        P(w["duties_text"]),
        *(_item(w, key) for key in ("duty_secrecy", "duty_use", "duty_care", "duty_notice")),
        _article(w, "permitted", "permitted"),
        P(w["permitted_text"]),
        _item(w, "permit_staff"),
        _item(w, "permit_law"),
        _article(w, "term", "term"),
        P(w["term_text"]),
        _article(w, "return_materials", "return"),
        P(w["return_text"]),
    ]


def _non_compete(w: dict) -> If:
    return If(
        "clauses.non_compete.on",
        [
            _article(w, "non_compete", "non_compete"),
            *(_item(w, key) for key in ("nc_scope", "nc_period", "nc_compensation")),
            _optional(w, "nc_damages"),
        ],
    )


def _signatures(w: dict) -> list:
    ours = Seal(w["seal"], ours=True)
    party_a = [w["party_a"], ours, w["party_a_signatory"], w["date"]]
    party_b = [w["party_b"], Seal(w["seal_b"]), w["party_b_signatory"], w["blank_date"]]
    company = [w["company_sign"], ours, w["company_signatory"], w["date"]]
    return [
        If("mutual", [Signatures([party_a, party_b])]),
        If("not mutual", [Signatures([[w["employee_sign"], w["date"]], company])]),
    ]


def structure(w: dict) -> Document:
    return Document(
        number_label=w["number"],
        page_words=w["page"],
        setup='set mutual = doc.form == "mutual"',
        body=[
            *_sets(w),
            *_parties(w),
            *_confidentiality(w),
            _non_compete(w),
            _article(w, "liability", "liability"),
            P(w["liability_text"]),
            _article(w, "disputes", "disputes"),
            P(w["disputes_text"]),
            _article(w, "miscellaneous", "miscellaneous"),
            P(w["miscellaneous_text"]),
            *_signatures(w),
        ],
    )


WORDING = {"zh_CN": ZH_CN, "en_US": EN_US, "zh_TW": ZH_TW}
SUFFIX = {"zh_CN": "", "en_US": ".en_US", "zh_TW": ".zh_TW"}

TEMPLATES = {f"nda/document{SUFFIX[locale]}.docx": (lambda w=w: to_docx(structure(w))) for locale, w in WORDING.items()}
HTML_TEMPLATES = {
    f"nda/document{SUFFIX[locale]}.html": (lambda w=w: to_html(structure(w))) for locale, w in WORDING.items()
}

"""Builds the bundled DOCX templates from the text below.

The .docx files under templates/ are the source the office edits in Word; this
script only recreates the bundled ones when their wording changes here.
Usage: python scripts/build_docx_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent / "templates"
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
NAVY = RGBColor(0x1F, 0x3A, 0x68)


def _font(run, name: str, size: float | None = None, bold: bool = False, color: RGBColor | None = None):
    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class Builder:
    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(22)
        normal = self.doc.styles["Normal"]
        normal.font.name = SERIF
        normal.font.size = Pt(10.5)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)

    def letterhead(self, number_label: str, page_words: tuple[str, str, str]) -> None:
        header = self.doc.sections[0].header
        top = header.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(top.add_run("{% if meta.draft %}" + "{{ meta.draft_label }} · {% endif %}"), SANS, 8)
        _font(top.add_run(number_label + "{{ meta.number }}"), SANS, 8)
        name = header.add_paragraph()
        _font(name.add_run("{{ images.logo if images.logo else '' }}"), SANS, 8)
        _font(name.add_run("{{ company.legal_name }}"), SANS, 14, bold=True, color=NAVY)
        contact = header.add_paragraph()
        _font(contact.add_run("{{ company.address }} · {{ company.phone }}"), SANS, 8)
        footer = self.doc.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(footer.add_run(page_words[0]), SANS, 8)
        _field(footer, "PAGE")
        _font(footer.add_run(page_words[1]), SANS, 8)
        _field(footer, "NUMPAGES")
        _font(footer.add_run(page_words[2]), SANS, 8)

    def title(self, number_label: str) -> None:
        title = self.doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(title.add_run("{{ meta.title }}"), SANS, 20, bold=True)
        number = self.doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(number.add_run(number_label + "{{ meta.number }}"), SANS, 9)

    def heading(self, text: str) -> None:
        _font(self.doc.add_paragraph().add_run(text), SANS, 11.5, bold=True)

    def para(self, text: str, bold: bool = False) -> None:
        _font(self.doc.add_paragraph().add_run(text), SERIF, bold=bold)

    def table(self, rows: list[tuple[str, str]]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Mm(55), Mm(115)
            cells[0].paragraphs[0].add_run(label)
            cells[1].paragraphs[0].add_run(value)
        self.doc.add_paragraph()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.core_properties.title = ""
        self.doc.core_properties.author = ""
        self.doc.save(str(path))


def offer_letter_zh_cn() -> Builder:
    b = Builder()
    b.letterhead("编号：", ("第 ", " 页，共 ", " 页"))
    b.title("编号：")
    b.para(
        '{% set contract_types = {"fixed_term": "固定期限劳动合同", "open_ended": "无固定期限劳动合同", '
        '"task_based": "以完成一定工作任务为期限的劳动合同"} %}{{ doc.candidate.name }}：',
        bold=True,
    )
    b.para("您好！感谢您对{{ company.legal_name }}的信任与关注。经过面试与综合评估，我们很高兴地通知您：公司决定录用您担任以下职位。")
    b.table([
        ("职位", "{{ doc.position.title }}"),
        ("所属部门", "{{ doc.position.department }}"),
        ("直属上级", "{{ doc.position.reports_to if doc.position.reports_to else '—' }}"),
        ("报到日期", "{{ doc.position.start_date | date }}"),
        ("工作地点", "{{ doc.position.work_place }}"),
    ])
    b.heading("一、薪酬待遇（税前）")
    b.table([
        ("基本工资", "{{ doc.pay.base_monthly | money }} / 月"),
        ("{%tr for a in doc.pay.allowances %}", ""),
        ("{{ a.name }}", "{{ a.monthly_amount | money }} / 月"),
        ("{%tr endfor %}", ""),
        ("{%tr if doc.pay.performance_monthly %}", ""),
        ("绩效工资（目标值）", "{{ doc.pay.performance_monthly | money }} / 月"),
        ("{%tr endif %}", ""),
        ("月度约定工资合计", "{{ doc.pay.monthly_wage | money }} / 月"),
        ("{%tr if doc.pay.annual_bonus %}", ""),
        ("年终奖（目标值）", "{{ doc.pay.annual_bonus | money }} / 年"),
        ("{%tr endif %}", ""),
    ])
    b.para("{%p if doc.pay.bonus_terms %}")
    b.para("{{ doc.pay.bonus_terms }}")
    b.para("{%p endif %}")
    b.para("{%p if doc.pay.pay_day %}")
    b.para("工资于每月 {{ doc.pay.pay_day }} 日发放，公司依法代扣代缴个人所得税及社会保险、住房公积金个人缴纳部分。")
    b.para("{%p endif %}")
    b.heading("二、劳动合同与试用期")
    b.para(
        "公司将与您签订{{ contract_types[doc.terms.contract_type] }}"
        "{% if doc.terms.term_months %}，合同期限 {{ doc.terms.term_months }} 个月{% endif %}。"
        "{% if doc.terms.probation_months %}试用期 {{ doc.terms.probation_months }} 个月，包含在劳动合同期限内，"
        "试用期月工资为 {{ doc.terms.probation_monthly_pay | money }}（税前）。{% else %}本合同不约定试用期。{% endif %}"
    )
    b.heading("三、福利待遇")
    b.para("{%p if doc.benefits.social_insurance %}")
    b.para(
        "· {% if doc.jurisdiction == 'CN' %}公司依法为您缴纳社会保险及住房公积金（五险一金）。"
        "{% else %}公司依法为您投保劳工保险、全民健康保险并提缴劳工退休金。{% endif %}"
    )
    b.para("{%p endif %}")
    b.para("{%p if doc.benefits.annual_leave_days is not none %}")
    b.para("· 带薪年休假 {{ doc.benefits.annual_leave_days }} 天 / 年。")
    b.para("{%p endif %}")
    b.para("{%p for item in doc.benefits.other %}")
    b.para("· {{ item }}")
    b.para("{%p endfor %}")
    b.para("{%p if doc.documents_to_bring %}")
    b.heading("四、报到须知")
    b.para("请于报到当日携带以下材料：")
    b.para("{%p for item in doc.documents_to_bring %}")
    b.para("{{ loop.index }}. {{ item }}")
    b.para("{%p endfor %}")
    b.para("{%p endif %}")
    b.heading("{% if doc.documents_to_bring %}五{% else %}四{% endif %}、答复期限")
    b.para("请于 {{ doc.reply_deadline | date }} 前签署下方回执并交回公司。逾期未答复的，本录用通知自动失效。")
    b.para("{%p if doc.notes %}")
    b.para("{{ doc.notes }}")
    b.para("{%p endif %}")
    b.para("期待您的加入！")
    b.doc.add_paragraph()
    for text in (
        "{{ company.legal_name }}",
        "{% if images.seal %}{{ images.seal }}{% else %}（公司盖章）{% endif %}",
        "授权签字人：{{ signatory.name }}{% if signatory.title %}（{{ signatory.title }}）{% endif %}",
        "日期：{{ doc.issue_date | date }}",
    ):
        paragraph = b.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(paragraph.add_run(text), SERIF)
    b.para("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -")
    heading = b.doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run("回　执"), SANS, 11.5, bold=True)
    b.para(
        "本人 {{ doc.candidate.name }} 已阅读并接受{{ company.legal_name }}关于{{ doc.position.department }}"
        "{{ doc.position.title }}职位的录用条件，将于 {{ doc.position.start_date | date }} 报到。"
    )
    b.para("签名：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿＿＿")
    return b


BUILDERS = {"offer_letter/document.docx": offer_letter_zh_cn}

if __name__ == "__main__":
    for name, build in BUILDERS.items():
        build().save(ROOT / name)
        print(ROOT / name)

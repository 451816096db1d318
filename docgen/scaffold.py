"""`docgen template new NAME [DIR]`: a type folder to start an office's own document type from.

The folder holds a small but working type: its model (a nested object, a list, money, a date and a
choice), its kit source with wording in every locale, its fields files with Chinese column titles, and
a sample that validates and renders straight away. Name the folder in docgen.toml's type_folders.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from .errors import OutputError, UsageError
from .files import write_atomically
from .locale import LOCALES
from .registry import document_types
from .store.numbers import overlap_problem

_MODEL = '''"""$title_en: an office's own document type, made by `docgen template new $name`.

Edit the fields below, then the words in templates/$name/ and the sample in samples/$name.yaml.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import Field, computed_field

from docgen.documents.common import MAX_ITEMS, DocumentModel, Kind, Model, PositiveMoney, ShortText, Text


class Client(Model):
    name: ShortText = Field(description="The client's legal name")
    contact: ShortText = Field(description="Who to ask at the client")


class Item(Model):
    description: ShortText = Field(description="What is charged for")
    amount: PositiveMoney = Field(description="Amount in CNY")


class $class_name(DocumentModel):
    """$title_en ($title_zh)."""

    type_name: ClassVar[str] = "$name"
    number_pattern: ClassVar[str] = "$prefix-{yyyy}-{seq:04}"  # the default; docgen.toml [numbers] may override it
    kind: ClassVar[Kind] = "commercial"

    client: Client = Field(description="Who the document is for")
    due_date: date = Field(description="Date the work is due")
    priority: Literal["normal", "urgent"] = Field("normal", description="normal or urgent")
    lines: list[Item] = Field(min_length=1, max_length=MAX_ITEMS, description="What is charged, one line each")
    note: Text | None = Field(None, description="Anything else to say")

    @computed_field(description="Sum of the items, in CNY")  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.lines), Decimal(0))
'''

_STRUCTURE = """# $name: the document's structure; its words are in wording.<locale>.yaml
body:
- table:
    rows:
    - cells: [client_label, '{{ doc.client.name }}']
    - cells: [contact_label, '{{ doc.client.contact }}']
    - cells: [due_label, '{{ doc.due_date | date }}']
    - cells: [priority_label, priority_value]
- heading: items_heading
- table:
    header: items_header
    rows:
    - for: item in doc.lines
      cells: ['{{ loop.index }}', '{{ item.description }}', '{{ item.amount | money }}']
    - cells: ['', total_label, '{{ doc.total | money }}']
    numeric: [2]
- if: doc.note
  body:
  - paragraph: '{{ doc.note }}'
- signatures:
  - sign_client
  - sign_company
"""

# Each locale's words: number label, page words, then the structure's keys.
_WORDS = {
    "zh_CN": ("编号：", ["第 ", " 页，共 ", " 页"], "客户", "联系人", "截止日期", "优先级", "加急", "普通",
              "明细", ["序号", "项目", "金额"], "合计", "客户（盖章）：", "我方（盖章）：", "日期："),
    "en_US": ("No. ", ["Page ", " of ", ""], "Client", "Contact", "Due date", "Priority", "Urgent", "Normal",
              "Items", ["No.", "Item", "Amount"], "Total", "Client (seal): ", "For us (seal): ", "Date: "),
    "zh_TW": ("編號：", ["第 ", " 頁，共 ", " 頁"], "客戶", "聯絡人", "截止日期", "優先級", "加急", "普通",
              "明細", ["序號", "項目", "金額"], "合計", "客戶（蓋章）：", "我方（蓋章）：", "日期："),
}

_FIELDS = {
    "zh_CN": ("客户名称", "联系人", "截止日期", "优先级", "项目{n}", "项目{n}金额", "备注", "普通", "加急"),
    "en_US": ("Client", "Contact", "Due date", "Priority", "Item {n}", "Item {n} amount", "Note", "Normal", "Urgent"),
    "zh_TW": ("客戶名稱", "聯絡人", "截止日期", "優先級", "項目{n}", "項目{n}金額", "備註", "普通", "加急"),
}
_FIELD_PATHS = ("client.name", "client.contact", "due_date", "priority", "lines.#.description", "lines.#.amount", "note")
# The web form's words (en_US shows each field's description in the model): legends, then help by path.
_LEGENDS = {
    "zh_CN": {"client": "客户", "lines": "明细", "lines.#": "项目{n}"},
    "zh_TW": {"client": "客戶", "lines": "明細", "lines.#": "項目{n}"},
}
_HELP = {
    "zh_CN": {
        "client": "文件的对象", "client.name": "客户的注册名称", "client.contact": "客户方的联系人", "due_date": "工作截止日期",
        "priority": "普通或加急", "lines": "收费明细，每项一行", "lines.#.description": "收费项目", "lines.#.amount": "金额，单位：元",
        "note": "其他说明",
    },
    "zh_TW": {
        "client": "文件的對象", "client.name": "客戶的登記名稱", "client.contact": "客戶方的聯絡人", "due_date": "工作截止日期",
        "priority": "普通或加急", "lines": "收費明細，每項一列", "lines.#.description": "收費項目", "lines.#.amount": "金額，單位：元",
        "note": "其他說明",
    },
}  # fmt: skip

_SAMPLE = """client:
  name: 杭州示例科技有限公司
  contact: 王小明
due_date: 2027-03-31
priority: urgent
lines:
- description: 店铺首页设计
  amount: 12000.00
- description: 详情页文案
  amount: 3500.50
note: 请于截止日期前交付初稿。
"""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _wording(name: str, locale: str) -> str:
    number, page, client, contact, due, priority, urgent, normal, items, header, total, *signs = _WORDS[locale]
    lines = [
        f"# {name} in {locale}: the words of structure.yaml; {{{{ … }}}} prints the data",
        f"number_label: {_quoted(number)}",
        "page:", *(f"- {_quoted(word)}" for word in page),
        f"client_label: {client}", f"contact_label: {contact}", f"due_label: {due}", f"priority_label: {priority}",
        f"priority_value: \"{{% if doc.priority == 'urgent' %}}{urgent}{{% else %}}{normal}{{% endif %}}\"",
        f"items_heading: {items}", "items_header:", *(f"- {word}" for word in header), f"total_label: {total}",
        "sign_client:", f"- {_quoted(signs[0] + '{{ doc.client.name }}')}", "- '[seal]'", f"- {_quoted(signs[2])}",
        "sign_company:", f"- {_quoted(signs[1] + '{{ company.legal_name }}')}", "- '[our seal]'",
        f"- {_quoted(signs[2] + '{{ doc.issue_date | date }}')}",
    ]
    return "\n".join(lines) + "\n"


def _fields(title: str, locale: str) -> str:
    *labels, normal, urgent = _FIELDS[locale]
    lines = [f"title: {_quoted(title)}", "fields:"]
    lines += [f"  {path}: {_quoted(label)}" for path, label in zip(_FIELD_PATHS, labels, strict=True)]
    lines += ["choices:", "  priority:", f"    normal: {_quoted(normal)}", f"    urgent: {_quoted(urgent)}"]
    for section, words in (("legends", _LEGENDS), ("help", _HELP)):
        if locale in words:
            lines += [f"{section}:", *(f"  {path}: {_quoted(text)}" for path, text in words[locale].items())]
    return "\n".join(lines) + "\n"


def _patterns() -> dict[str, str]:
    return {type_name: model.number_pattern for type_name, model in document_types().items()}


def _prefix(name: str) -> str:
    """Initials of the name, lengthened until no bundled type's pattern can print the same number."""
    prefix = "".join(part[0] for part in name.split("_") if part).upper() or "X"
    while overlap_problem({**_patterns(), name: f"{prefix}-{{yyyy}}-{{seq:04}}"}):
        prefix += "X"
    return prefix


def scaffold_files(name: str) -> dict[str, str]:
    """Each file of the new type folder by its path in the folder."""
    title = {"zh_CN": "新文档", "en_US": name.replace("_", " ").capitalize(), "zh_TW": "新文件"}
    values = {"name": name, "class_name": "".join(part.capitalize() for part in name.split("_")),
              "prefix": _prefix(name), "title_en": title["en_US"], "title_zh": title["zh_CN"]}
    files = {f"{name}.py": Template(_MODEL).substitute(values), f"samples/{name}.yaml": _SAMPLE,
             f"templates/{name}/structure.yaml": Template(_STRUCTURE).substitute(values)}
    for locale in LOCALES:
        files[f"templates/{name}/wording.{locale}.yaml"] = _wording(name, locale)
        files[f"templates/{name}/fields.{locale}.yaml"] = _fields(title[locale], locale)
    return files


def check_name(name: str) -> str:
    if not name.isidentifier() or not name.isascii() or name != name.lower() or name.startswith("_"):
        raise UsageError(
            "NAME: {name!r} is not a type name: use lower case letters, digits and _, e.g. purchase_order", name=name
        )
    if name in document_types():
        raise UsageError("NAME: a document type named {name!r} exists already", name=name)
    return name


def new_type_folder(name: str, folder: Path) -> list[Path]:
    """Write the type folder; refused when the folder holds anything already."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError("{folder}: exists and is not an empty folder", folder=folder)
    written = []
    for relative, text in scaffold_files(check_name(name)).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_atomically(path, text.encode("utf-8")))
    return written

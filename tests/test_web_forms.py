"""The document forms: built from each type's model and wording, submitted back to the same record, checked by
docgen validate's code, previewed under a policy of their own, drafted, issued into the register and downloaded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from docgen.config import Settings
from docgen.inputs import load_records, parse_yaml
from docgen.issuing import canonical_json, issue
from docgen.records import Record
from docgen.registry import document_types, get_type
from docgen.samples import sample_path
from docgen.store import open_register
from docgen.validation import validate_record
from docgen.web.forms import build_form, form_data_to_record

from .test_column_titles import _flatten, _sample_as_sheet
from .webforms import changed, form_pairs, messages_by_field, post_form, web_client, web_settings

OFFER = "offer_letter"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path)


@pytest.fixture
def client(settings: Settings) -> TestClient:
    return web_client(settings)


def canonical(type_name: str, data: dict[str, object], settings: Settings) -> str:
    model, record = get_type(type_name), Record(data, "<test>")
    document = validate_record(
        model,
        record,
        today=settings.today(),
        minimum_wage=settings.company.minimum_wage,
        type_settings=settings.type_settings(type_name),
    )
    return canonical_json(document)


def sample_form(client: TestClient, type_name: str = OFFER) -> list[tuple[str, str]]:
    page = client.get(f"/new/{type_name}?from=sample")
    assert page.status_code == 200
    return form_pairs(page.text)


# ---------------------------------------------------------------- the round trip


@pytest.mark.parametrize("type_name", sorted(document_types()))
def test_every_sample_through_the_form_gives_the_sample_files_document(
    type_name: str, client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    """The sample as a form, submitted as a browser with JavaScript off sends it, downloaded as YAML."""
    answer = post_form(client, f"/new/{type_name}", [*sample_form(client, type_name), ("_action", "yaml")])
    assert answer.status_code == 200
    downloaded = tmp_path / f"{type_name}.yaml"
    downloaded.write_bytes(answer.content)
    [record] = load_records(downloaded, get_type(type_name))  # as `docgen validate` reads it
    sample = load_records(sample_path(type_name))[0].data
    assert canonical(type_name, record.data, settings) == canonical(type_name, sample, settings)


def test_a_record_leaves_out_empty_fields_and_the_profiles_values(settings: Settings) -> None:
    form = [
        ("candidate.name", "林晓雯"),
        ("candidate.email", ""),
        ("pay.allowances.0.name", ""),
        ("pay.allowances.0.monthly_amount", ""),
        ("company.legal_name", settings.company.legal_name),
        ("company.phone", "021-0000 0000"),
        ("signatory.name", settings.company.signatory_for("hr").name),
        ("signatory.title", settings.company.signatory_for("hr").title or ""),
        ("notes", "第一行\r\n第二行"),
        ("benefits.social_insurance", "false"),
        ("benefits.social_insurance", "true"),
        ("csrf_token", "x"),
    ]
    assert form_data_to_record(OFFER, form, settings) == {
        "candidate": {"name": "林晓雯"},
        "company": {"phone": "021-0000 0000"},  # only what differs from the profile
        "notes": "第一行\n第二行",
        "benefits": {"social_insurance": True},
    }


def test_a_signatory_other_than_the_profiles_is_kept_whole(settings: Settings) -> None:
    form = [("signatory.name", settings.company.signatory_for("hr").name), ("signatory.title", "总经理")]
    assert form_data_to_record(OFFER, form, settings)["signatory"] == {
        "name": settings.company.signatory_for("hr").name,
        "title": "总经理",
    }


def test_a_gap_in_figures_by_month_keeps_its_place(settings: Settings) -> None:
    form = [(f"lines.0.actual.{month}", "100" if month < 2 else "") for month in range(12)]
    assert form_data_to_record("budget", form, settings)["lines"][0]["actual"] == ["100", "100", *[None] * 10]


# ---------------------------------------------------------------- the controls


def test_the_form_has_a_control_for_each_kind_of_field(client: TestClient) -> None:
    page = lxml.html.fromstring(client.get(f"/new/{OFFER}?from=sample").text)
    field = page.get_element_by_id
    assert field("f-position.start_date").get("type") == "date"
    assert field("f-position.start_date").get("value") == "2027-01-04"
    money = field("f-pay.base_monthly")
    assert money.get("type") == "text" and money.get("value") == "15000.00"  # never a number input
    assert not page.xpath("//input[@type='number']")
    options = {option.get("value"): option.text for option in field("f-terms.contract_type").xpath("./option")}
    assert options["fixed_term"] == "固定期限" and options["open_ended"] == "无固定期限"
    box = field("f-benefits.social_insurance")
    assert box.get("type") == "checkbox" and box.get("checked") is not None
    hidden = box.getprevious()
    assert (hidden.get("type"), hidden.get("name"), hidden.get("value")) == ("hidden", box.get("name"), "false")
    assert field("f-pay").tag == "fieldset" and field("f-pay.allowances").tag == "fieldset"
    assert field("f-pay.allowances.1.name").get("value") == "交通补贴"
    assert field("f-notes").tag == "textarea"
    help_text = field("f-position.start_date").getnext()
    assert help_text.get("class") == "help" and help_text.text_content().strip()


def test_labels_and_choices_follow_the_interface_language(client: TestClient) -> None:
    page = lxml.html.fromstring(client.get(f"/new/{OFFER}?lang=en_US").text)
    labels = {label.get("for"): label.text_content() for label in page.xpath("//label[@for]")}
    assert labels["f-candidate.name"] == "Name*"  # en_US words no labels: the field's name
    options = [option.text for option in page.get_element_by_id("f-terms.contract_type").xpath("./option")]
    assert options == ["—", "fixed term", "open ended", "task based"]
    page = lxml.html.fromstring(client.get(f"/new/{OFFER}?lang=zh_TW").text)
    assert page.get_element_by_id("f-candidate.email").getprevious().text_content() == "電子郵件"


def test_the_profiles_fields_are_prefilled_and_marked(client: TestClient, settings: Settings) -> None:
    page = lxml.html.fromstring(client.get(f"/new/{OFFER}").text)
    legal_name = page.get_element_by_id("f-company.legal_name")
    assert legal_name.get("value") == settings.company.legal_name
    assert page.get_element_by_id("f-signatory.name").get("value") == settings.company.signatory_for("hr").name
    for name in ("f-company", "f-signatory"):
        assert "profile" in page.get_element_by_id(name).get("class")


def test_every_type_has_a_form_without_code_of_its_own(client: TestClient) -> None:
    for type_name in document_types():
        page = client.get(f"/new/{type_name}")
        assert page.status_code == 200, type_name
        assert 'name="issue_date"' in page.text
    assert client.get("/new/no_such_type").status_code == 404


@pytest.mark.parametrize(("lang", "help_text"), [("en_US", None), ("zh_CN", "第一个工作日"), ("zh_TW", "第一個工作日")])
def test_help_text_is_the_fields_files_help_else_the_fields_description(
    settings: Settings, lang: str, help_text: str | None
) -> None:
    [start] = [c for c in build_form(OFFER, {}, lang, settings) if c.name == "position"]
    [field] = [c for c in start.children if c.name == "position.start_date"]
    description = get_type(OFFER).model_fields["position"].annotation.model_fields["start_date"].description
    assert field.help == (help_text or description)


# ---------------------------------------------------------------- rows without JavaScript, and with htmx


def test_a_row_is_added_and_removed_with_the_data_kept(client: TestClient) -> None:
    pairs = changed(sample_form(client), candidate__name="王小明")
    added = lxml.html.fromstring(post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "add:pay.allowances")]).text)
    assert added.get_element_by_id("f-pay.allowances.2.name").get("value") == ""
    assert added.get_element_by_id("f-candidate.name").get("value") == "王小明"
    removed = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "remove:pay.allowances.0")])
    page = lxml.html.fromstring(removed.text)
    assert page.get_element_by_id("f-pay.allowances.0.name").get("value") == "交通补贴"
    assert not page.xpath("//*[@id='f-pay.allowances.1.name']")


def test_with_htmx_a_row_comes_back_as_the_forms_fields_only(client: TestClient) -> None:
    answer = post_form(
        client, f"/new/{OFFER}", [*sample_form(client), ("_action", "add:benefits.other")], **{"HX-Request": "true"}
    )
    assert answer.text.lstrip().startswith('<div id="fields"')
    assert 'id="f-benefits.other.3"' in answer.text and "<html" not in answer.text


# ---------------------------------------------------------------- checking


def test_each_mistake_stands_next_to_its_field(client: TestClient) -> None:
    pairs = changed(sample_form(client), candidate__name="", pay__allowances__0__monthly_amount="6OO")
    page = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "check")]).text
    messages = messages_by_field(page)
    assert set(messages) == {"candidate.name", "pay.allowances.0.monthly_amount"}
    assert messages["candidate.name"] == ["Field required"]


def test_the_summary_points_at_the_fields_when_every_message_stands_next_to_one(client: TestClient) -> None:
    pairs = changed(sample_form(client), candidate__name="")
    page = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "check")]).text
    summary = lxml.html.fromstring(page).get_element_by_id("summary").text_content()
    assert summary == "请修改各字段旁标出的问题。"  # not a heading over an empty list


def test_a_rules_message_is_in_the_interface_language(client: TestClient) -> None:
    pairs = changed(sample_form(client), terms__probation_monthly_pay="5000.00")
    page = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "check")]).text
    assert messages_by_field(page)["terms.probation_monthly_pay"] == [
        "试用期工资5000.00低于约定月工资19000.00的80%（至少15200.00；《劳动合同法》第二十条）"
    ]


def test_a_checked_numbers_reason_is_in_the_interface_language(client: TestClient) -> None:
    pairs = changed(sample_form(client), candidate__id_number="310105199806154028")  # check digit off by one
    page = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "check")]).text
    assert messages_by_field(page)["candidate.id_number"] == ["不是有效的居民身份证号码：校验位不正确"]


def test_a_valid_form_says_so(client: TestClient) -> None:
    page = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "check")]).text
    assert not messages_by_field(page) and "检查通过" in page


def test_the_check_on_change_answers_each_field_and_leaves_untouched_ones_alone(client: TestClient) -> None:
    empty = form_pairs(client.get(f"/new/{OFFER}").text)
    typed = changed(empty, candidate__email="not-an-email", pay__base_monthly="abc")
    answer = post_form(
        client, f"/new/{OFFER}/check", [*typed, ("_changed", "pay.base_monthly")], **{"HX-Request": "true"}
    )
    swaps = lxml.html.fragments_fromstring(answer.text)
    by_id = {element.get("id"): element for element in swaps}
    assert all(element.get("hx-swap-oob") == "true" for element in swaps)
    assert by_id["msg-pay.base_monthly"].text_content()  # the field changed, wrong
    assert by_id["msg-candidate.name"].text_content() == ""  # required, but not touched yet: no message yet


# ---------------------------------------------------------------- preview and drafts


def test_the_preview_is_framed_under_its_own_policy_without_scripts(client: TestClient) -> None:
    page = lxml.html.fromstring(client.get(f"/new/{OFFER}").text)
    frame = page.get_element_by_id("preview")
    assert frame.tag == "iframe" and frame.get("sandbox") == ""
    assert page.get_element_by_id("do-preview").get("formtarget") == "preview"
    answer = post_form(client, f"/new/{OFFER}/preview", sample_form(client))
    assert answer.status_code == 200 and "林晓雯" in answer.text and "<style" in answer.text
    policy = answer.headers["content-security-policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy and "sandbox" in policy
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"
    assert client.get("/").headers["x-frame-options"] == "DENY"  # every other page stays unframed


def test_a_draft_pdf_is_marked_as_a_draft(client: TestClient) -> None:
    answer = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "draft:pdf")])
    assert answer.headers["content-disposition"] == 'attachment; filename="offer_letter-draft.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "草稿" in text and "林晓雯" in text


def test_a_draft_of_a_form_with_mistakes_shows_the_form_again(client: TestClient) -> None:
    pairs = changed(sample_form(client), candidate__name="")
    answer = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "draft:docx")])
    assert "content-disposition" not in answer.headers and "candidate.name" in messages_by_field(answer.text)


# ---------------------------------------------------------------- issue


def test_issue_takes_a_number_and_offers_the_registers_files(client: TestClient, settings: Settings) -> None:
    answer = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "issue")])
    assert answer.url.path == "/issued/LY-2026-0001"
    links = [a.get("href") for a in lxml.html.fromstring(answer.text).xpath("//ul[@class='files']//a")]
    assert links == ["/issued/LY-2026-0001/pdf", "/issued/LY-2026-0001/docx"]
    with open_register(settings.database) as register:
        [entry] = register.lookup("LY-2026-0001")
    assert entry.status == "issued"
    assert {Path(item.path).parent for item in entry.files} == {settings.web.files}
    pdf = client.get(links[0])
    assert pdf.content == Path(entry.files[0].path).read_bytes()
    assert "草稿" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)


def test_issuing_the_same_form_again_gives_the_same_number(client: TestClient) -> None:
    first = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "issue")])
    again = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "issue")])
    assert first.url.path == again.url.path == "/issued/LY-2026-0001"


@pytest.mark.parametrize("path", ["/issued/LY-2026-0001/html", "/issued/LY-2026-0009/pdf", "/issued/..%2F..%2Fetc/pdf"])
def test_only_a_file_the_register_recorded_is_served(client: TestClient, path: str) -> None:
    post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "issue")])
    assert client.get(path).status_code == 404


def test_issue_needs_the_csrf_token(client: TestClient) -> None:
    pairs = [(name, value) for name, value in sample_form(client) if name != "csrf_token"]
    assert post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "issue")]).status_code == 403


# ---------------------------------------------------------------- where a form starts


def _upload(client: TestClient, name: str, content: bytes, row: str = "1") -> str:
    client.get("/")
    token = client.cookies["docgen_csrf"]
    answer = client.post(
        f"/new/{OFFER}/upload", data={"csrf_token": token, "row": row}, files={"file": (name, content)}
    )
    assert answer.status_code == 200
    return answer.text


def test_a_form_starts_from_an_uploaded_files_chosen_row(client: TestClient) -> None:
    sample = load_records(sample_path(OFFER))[0].data
    two = [sample, {**sample, "candidate": {**sample["candidate"], "name": "周子轩"}}]
    page = lxml.html.fromstring(_upload(client, "offers.json", json.dumps(two, ensure_ascii=False).encode(), "2"))
    assert page.get_element_by_id("f-candidate.name").get("value") == "周子轩"


def test_a_form_starts_from_an_uploaded_sheet(client: TestClient, tmp_path: Path, settings: Settings) -> None:
    """An XLSX titled in Chinese, and a CSV with the dotted field names, as `docgen validate` reads them."""
    sheet = _sample_as_sheet(OFFER, "zh_CN", "typed", tmp_path / "offers.xlsx")
    sample = load_records(sample_path(OFFER))[0].data
    text = io.StringIO()
    cells = list(_flatten(sample))
    csv.writer(text).writerows([[path for path, _ in cells], [value for _, value in cells]])
    for name, content in (("offers.xlsx", sheet.read_bytes()), ("offers.csv", text.getvalue().encode())):
        pairs = form_pairs(_upload(client, name, content))
        assert ("candidate.name", "林晓雯") in pairs and ("pay.allowances.1.name", "交通补贴") in pairs, name
        record = form_data_to_record(OFFER, pairs, settings)
        assert canonical(OFFER, record, settings) == canonical(OFFER, sample, settings), name


def test_an_upload_is_checked_by_content_and_size(client: TestClient, settings: Settings) -> None:
    assert "not an XLSX workbook" in _upload(client, "offer.xlsx", b"candidate: {name: x}\n")
    assert "not UTF-8 text" in _upload(client, "offer.yaml", "姓名".encode("gb18030") + b"\xff")
    too_large = b"#" * (settings.web.upload_limit_mb * 1024 * 1024 + 1)
    assert "larger than the upload limit" in _upload(client, "offer.yaml", too_large)
    assert "upload a .yaml" in _upload(client, "offer.exe", b"MZ")


def test_an_uploaded_files_mistakes_name_the_file_not_the_temporary_folder(client: TestClient) -> None:
    page = _upload(client, "offer.yaml", b"candidate: [\n")
    assert "offer.yaml" in page and "docgen-upload-" not in page


def test_a_contract_derives_from_an_issued_proposal_by_its_number(client: TestClient, settings: Settings) -> None:
    [issued] = issue(
        "proposal", sample_path("proposal"), formats=["html"], output_dir=settings.web.files, settings=settings
    )
    page = lxml.html.fromstring(client.get(f"/new/service_contract?derive={issued.number}").text)
    proposal = parse_yaml(Path(sample_path("proposal")).read_text(encoding="utf-8"))
    assert page.get_element_by_id("f-client.legal_name").get("value") == proposal["client"]["legal_name"]
    assert page.get_element_by_id("f-proposal_number").get("value") == issued.number


def test_deriving_from_a_number_never_issued_says_so(client: TestClient) -> None:
    assert (
        "TA-2099-0001: no issued document has this number"
        in client.get("/new/service_contract?derive=TA-2099-0001").text
    )


def test_the_forms_data_downloads_as_yaml_that_validate_accepts(client: TestClient, tmp_path: Path) -> None:
    answer = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "yaml")])
    assert answer.headers["content-disposition"] == 'attachment; filename="offer_letter.yaml"'
    (tmp_path / "offer.yaml").write_bytes(answer.content)
    from typer.testing import CliRunner

    from docgen.cli import app

    result = CliRunner().invoke(app, ["validate", OFFER, str(tmp_path / "offer.yaml")])
    assert result.exit_code == 0, result.output


def test_markup_typed_into_a_field_stays_text_in_the_form_and_the_preview(client: TestClient) -> None:
    hostile = "<script>alert(1)</script>{{ 7*7 }}"
    pairs = changed(sample_form(client), candidate__name=hostile, notes=hostile)
    page = post_form(client, f"/new/{OFFER}", [*pairs, ("_action", "check")]).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in page
    preview = post_form(client, f"/new/{OFFER}/preview", pairs).text
    assert "<script>alert" not in preview and "&lt;script&gt;alert(1)&lt;/script&gt;&#123;&#123; 7*7" in preview


def test_check_names_a_citation_not_issued_while_a_draft_needs_none(client: TestClient) -> None:
    """As `docgen validate` (with a register in use) and `docgen render` do."""
    pairs = sample_form(client, "service_contract")
    checked = post_form(client, "/new/service_contract", [*pairs, ("_action", "check")]).text
    summary = lxml.html.fromstring(checked).get_element_by_id("summary").text_content()
    assert "TA-2026-0001" in summary
    draft = post_form(client, "/new/service_contract", [*pairs, ("_action", "draft:docx")])
    assert draft.headers["content-disposition"] == 'attachment; filename="service_contract-draft.docx"'


def test_a_voided_numbers_files_are_no_longer_served(client: TestClient, settings: Settings) -> None:
    post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "issue")])
    assert client.get("/issued/LY-2026-0001/pdf").status_code == 200
    with open_register(settings.database) as register:
        [entry] = register.lookup("LY-2026-0001")
        register.void(entry, "sent to the wrong candidate")
    assert client.get("/issued/LY-2026-0001/pdf").status_code == 404
    assert client.get("/issued/LY-2026-0001").status_code == 404

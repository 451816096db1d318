"""The interface language: complete catalogs, the CLI's choice of language, and script output left alone."""

from __future__ import annotations

import json
import pickle
import re
import string
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from docgen.citations import check_citations
from docgen.cli import app
from docgen.config import Settings
from docgen.documents.violations import SHARED_MESSAGES
from docgen.errors import CitationError, InvalidData, Problem, UsageError
from docgen.i18n import catalog, cli_lang, error_text, problem_text
from docgen.inputs import load_records
from docgen.locale.fields import shared_messages, type_fields
from docgen.registry import document_types, get_type
from docgen.store import STATUSES
from docgen.validation import validate_record
from docgen.web.app import create_app

from .conftest import SAMPLES
from .messages import ERRORS, SCHEMA_ERRORS, error_calls_with_fstrings, pydantic_msgids, schema_kinds, source_msgids

TEMPLATES = Path(__file__).resolve().parent.parent / "docgen" / "web" / "templates"
CHINESE = ("zh_CN", "zh_TW")


def _page_msgids() -> set[str]:
    """The msgids the web pages translate: each _("…") of docgen/web/templates."""
    return {m for page in TEMPLATES.glob("*.html") for m in re.findall(r'_\("([^"]+)"\)', page.read_text("utf-8"))}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_collected_msgids_cover_all_three_families() -> None:
    """The completeness test below reads real msgids: docgen's own, Pydantic's, the pages' and the statuses."""
    pydantic = pydantic_msgids()
    assert {"missing", "string_too_long", "date_from_datetime_parsing", "decimal_parsing", "literal_error"} <= set(
        pydantic
    )
    assert "{path}: data file not found" in source_msgids()
    assert "New document" in _page_msgids()


@pytest.mark.parametrize("lang", CHINESE)
def test_every_msgid_docgen_uses_has_a_translation_with_the_same_placeholders(lang: str) -> None:
    words = catalog(lang)
    msgids = {*source_msgids(), *pydantic_msgids().values(), *_page_msgids(), *STATUSES}
    untranslated = sorted(msgid for msgid in msgids if not words.get(msgid, "").strip())
    assert not untranslated, f"no {lang} translation for: {untranslated}"
    wrong = sorted(msgid for msgid in msgids if not _placeholders(words[msgid]) <= _placeholders(msgid))
    assert not wrong, f"{lang} translations that name a value the msgid does not give: {wrong}"


def test_every_kind_of_field_docgen_uses_has_its_pydantic_errors_listed() -> None:
    """A model that starts using a new kind of field must name the Pydantic errors it can produce."""
    assert schema_kinds() <= set(SCHEMA_ERRORS), sorted(schema_kinds() - set(SCHEMA_ERRORS))


@pytest.mark.parametrize("lang", CHINESE)
def test_every_validator_message_is_worded_in_chinese(lang: str) -> None:
    """The types' keyed messages (RuleViolation.worded) are worded in their fields files, or the shared one."""
    shared = set(shared_messages(lang))
    missing = [f"_base: {key}" for key in SHARED_MESSAGES if key not in shared]
    for name in document_types():
        own = set(type_fields(name, lang).messages)
        missing += [f"{name}: {key}" for key in get_type(name).messages if key not in own | shared]
    assert not missing, missing


def test_every_error_is_worded_by_a_template_not_an_fstring() -> None:
    """An f-string message cannot be looked up in a catalog: every error docgen raises gives a template and values."""
    assert error_calls_with_fstrings(ERRORS | {"Problem", "Problem.worded", ".problem", "Wording", "Wording.of"}) == []


# ---------------------------------------------------------------- the CLI's language


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"DOCGEN_LANG": "zh_TW", "LANG": "zh_CN.UTF-8"}, "zh_TW"),
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_HK.UTF-8"}, "zh_TW"),
        ({"LANG": "zh_TW.Big5"}, "zh_TW"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "C.UTF-8"}, "zh_TW"),
        ({"LANG": "de_DE.UTF-8"}, "en_US"),
        ({"LANG": "C"}, "en_US"),
        ({}, "en_US"),
    ],
)
def test_the_cli_language_comes_from_docgen_lang_else_the_system_locale(environ: dict[str, str], lang: str) -> None:
    assert cli_lang(environ) == lang


def _bad_offer(tmp_path: Path) -> Path:
    data = yaml.safe_load((SAMPLES / "offer_letter.yaml").read_text(encoding="utf-8"))
    del data["candidate"]["name"]
    data["terms"]["contract_type"] = "forever"
    data["pay"]["base_monthly"] = "15,000"
    late = yaml.safe_load((SAMPLES / "offer_letter.yaml").read_text(encoding="utf-8"))
    late["reply_deadline"] = "2027-02-01"  # after position.start_date: a validator's rule, checked once fields pass
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump([data, late], allow_unicode=True), encoding="utf-8")
    return path


def _validate(path: Path, monkeypatch: pytest.MonkeyPatch, **environ: str) -> list[str]:
    for name in ("DOCGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["validate", "offer_letter", str(path)])
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()


def test_validate_speaks_english_when_the_language_is_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bad_offer(tmp_path)
    assert _validate(path, monkeypatch, DOCGEN_LANG="en_US", LANG="zh_CN.UTF-8") == [
        f"{path}:row 1: candidate.name: Field required",
        f"{path}:row 1: pay.base_monthly: write 15000 without thousands separators",
        f"{path}:row 1: terms.contract_type: Input should be 'fixed_term', 'open_ended' or 'task_based'",
        f"{path}:row 2: reply_deadline: 2027-02-01 falls after position.start_date",
    ]


def test_validate_in_simplified_chinese_keeps_each_field_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bad_offer(tmp_path)
    assert _validate(path, monkeypatch, DOCGEN_LANG="zh_CN") == [
        f"{path}:row 1: candidate.name: 必填字段",
        f"{path}:row 1: pay.base_monthly: 请写成 15000，不要使用千位分隔符",
        f"{path}:row 1: terms.contract_type: 应为以下之一：'fixed_term', 'open_ended' 或 'task_based'",
        f"{path}:row 2: reply_deadline: 回复截止日2027-02-01晚于入职日期",
    ]


def test_validate_in_traditional_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bad_offer(tmp_path)
    assert _validate(path, monkeypatch, DOCGEN_LANG="zh_TW") == [
        f"{path}:row 1: candidate.name: 必填欄位",
        f"{path}:row 1: pay.base_monthly: 請寫成 15000，不要使用千分位符號",
        f"{path}:row 1: terms.contract_type: 應為以下之一：'fixed_term', 'open_ended' 或 'task_based'",
        f"{path}:row 2: reply_deadline: 回覆截止日2027-02-01晚於到職日期",
    ]


def test_the_system_locale_picks_the_language_without_docgen_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _validate(_bad_offer(tmp_path), monkeypatch, LANG="zh_CN.UTF-8")
    assert lines[0].endswith(": candidate.name: 必填字段")


def test_a_usage_error_is_framed_and_worded_in_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    result = CliRunner().invoke(app, ["validate", "no_such_type", str(SAMPLES / "offer_letter.yaml")])
    assert result.exit_code == 2
    assert result.stderr.startswith("docgen: 错误: 未知的文件类型 'no_such_type'；已知类型：budget, ")
    assert ", expense_claim, " in result.stderr  # the known types, in their order, whichever types there are


def test_a_config_error_is_worded_in_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_TW")
    missing = tmp_path / "absent.toml"
    result = CliRunner().invoke(app, ["--config", str(missing), "types"])
    assert (result.exit_code, result.stderr) == (1, f"{missing}: 找不到設定檔\n")


def test_an_error_keeps_its_wording_across_processes() -> None:
    """Batch workers send errors back pickled: the wording must arrive with them to be translated there."""
    usage = pickle.loads(pickle.dumps(UsageError("{path}: file not found", path="a.pdf")))
    assert (usage.message, error_text(usage, "zh_CN")) == ("a.pdf: file not found", "a.pdf: 找不到文件")
    data = pickle.loads(pickle.dumps(InvalidData([Problem.worded("x.csv", "name", "empty: give a value", 3)])))
    assert error_text(data, "zh_TW") == "x.csv:row 3: name: 為空：請填寫"


def test_a_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(catalog("zh_CN"), "{file}: file not found", "{file: 找不到文件")
    assert problem_text(Problem.worded("f.yaml", "", "{file}: file not found", file="a"), "zh_CN") == (
        "f.yaml: a: file not found"
    )


# ---------------------------------------------------------------- output that scripts read


def test_script_output_is_never_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NUMBER<TAB>PATH, verify's issued, the statuses of register list and its JSON stay as they are."""
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    db, out = str(tmp_path / "register.sqlite3"), tmp_path / "out"

    def run(*args: str) -> str:
        result = CliRunner().invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    issued = run("issue", "offer_letter", str(SAMPLES / "offer_letter.yaml"), "-f", "html", "-d", str(out), "--db", db)
    number, path = issued.rstrip("\n").split("\t")
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{4}", number) and Path(path).is_file()
    assert run("verify", path, "--db", db).rstrip("\n").split("\t")[::3] == [number, "issued"]
    assert run("register", "list", "--db", db).split("\t")[:2] == [number, "issued"]
    assert [entry["status"] for entry in json.loads(run("register", "list", "--json", "--db", db))] == ["issued"]
    run("register", "void", number, "--reason", "重复", "--db", db)
    assert run("register", "list", "--db", db).split("\t")[:2] == [number, "void"]


# ---------------------------------------------------------------- the web app


@pytest.mark.parametrize(("lang", "heading"), [("zh_CN", "新建文件"), ("zh_TW", "新建文件"), ("en_US", "New document")])
def test_the_pages_translate_with_the_interface_language(settings: Settings, lang: str, heading: str) -> None:
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    page = client.get(f"/?lang={lang}")
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text


def test_a_citation_error_is_worded_part_by_part(settings: Settings) -> None:
    """The frame, each citation's fault and the separator: every part translated, numbers and paths kept."""
    record = load_records(SAMPLES / "settlement_statement.yaml", get_type("settlement_statement"))[0]
    document = validate_record(get_type("settlement_statement"), record, today=settings.today())
    with pytest.raises(CitationError) as raised:
        check_citations(None, record, document, settings.company.uscc)
    english = raised.value.message
    assert "settlement_statement cites " in english and ", which is not in the register" in english
    chinese = error_text(raised.value, "zh_CN")
    number = english.split(" cites ")[1].split(",")[0]
    assert f"settlement_statement 引用了 {number}，但该编号不在登记簿中" in chinese
    assert chinese.startswith(f"{record.source}: ")


def test_validate_reports_its_count_in_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_TW")
    sample = SAMPLES / "offer_letter.yaml"
    result = CliRunner().invoke(app, ["validate", "offer_letter", str(sample)])
    assert (result.exit_code, result.stderr) == (0, f"{sample}: 1 筆有效的 offer_letter 紀錄\n")

"""The forms speak the interface language: every label, legend and help text of every type's form is worded by the
fields files (the type's, else templates/_base's) in zh_CN and zh_TW, never the model's English or a field's name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from docgen.config import Settings
from docgen.locale.fields import shared_fields, type_fields
from docgen.registry import document_types, get_type
from docgen.web.forms import Control, build_form, shape_of

CHINESE = ("zh_CN", "zh_TW")
TYPES = list(document_types())


def _one_of_each(model: type[BaseModel]) -> dict[str, Any]:
    """A raw form tree with every part and one row in every list, rows inside rows too: every control there is."""
    tree: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        shape = shape_of(info.annotation, info)
        if shape.kind == "group":
            tree[name] = _one_of_each(shape.inner)
        elif shape.kind == "list":
            item = shape_of(shape.inner)
            tree[name] = {"0": _one_of_each(item.inner) if item.kind == "group" else ""}
    return tree


def _walk(controls: list[Control]) -> Iterator[Control]:
    for control in controls:
        yield control
        yield from _walk(control.children)


def _pairs(type_name: str, lang: str, settings: Settings) -> Iterator[tuple[Control, Control]]:
    """Each control of the form in the language, with the same control of the English form."""
    tree = _one_of_each(get_type(type_name))
    worded = list(_walk(build_form(type_name, tree, lang, settings)))
    english = list(_walk(build_form(type_name, tree, "en_US", settings)))
    assert [c.name for c in worded] == [c.name for c in english]
    return zip(worded, english, strict=True)


def _raw(name: str) -> str:
    """What a control is labelled when no fields file words it: its field name, or a row's number."""
    return name.rsplit(".", 1)[-1].replace("_", " ").capitalize()


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_label_and_legend_of_the_form_is_worded_in_the_language(
    type_name: str, lang: str, settings: Settings
) -> None:
    raw = [c.name for c, _ in _pairs(type_name, lang, settings) if c.label == _raw(c.name)]
    assert not raw, f"{type_name} in {lang}: labelled by the field's name: {raw}"


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_help_text_of_the_form_is_worded_in_the_language(type_name: str, lang: str, settings: Settings) -> None:
    english = [c.name for c, en in _pairs(type_name, lang, settings) if en.help and c.help == en.help]
    assert not english, f"{type_name} in {lang}: help left in English: {english}"


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_choice_of_the_form_is_worded_in_the_language(type_name: str, lang: str, settings: Settings) -> None:
    tree = _one_of_each(get_type(type_name))
    controls = _walk(build_form(type_name, tree, lang, settings))
    raw = [f"{c.name}: {code}" for c in controls for code, label in c.choices if label == code.replace("_", " ")]
    assert not raw, f"{type_name} in {lang}: choices shown as their codes: {raw}"


def _patterns(type_name: str, settings: Settings) -> set[str]:
    tree = _one_of_each(get_type(type_name))
    names = (c.name for c in _walk(build_form(type_name, tree, "en_US", settings)))
    return {".".join("#" if part.isdigit() else part for part in name.split(".")) for name in names}


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_legend_and_help_names_a_field_of_the_form(type_name: str, lang: str, settings: Settings) -> None:
    wording = type_fields(type_name, lang)
    stale = {*wording.legends, *wording.help} - _patterns(type_name, settings)
    assert not stale, f"{type_name}/fields.{lang}.yaml words no field of the form: {sorted(stale)}"


@pytest.mark.parametrize("lang", CHINESE)
def test_the_shared_file_words_only_parts_every_type_has(lang: str, settings: Settings) -> None:
    shared = shared_fields(lang)
    common = set.intersection(*(_patterns(name, settings) for name in TYPES))
    assert {*shared.fields, *shared.legends, *shared.help} <= common


def test_an_english_form_labels_the_company_code_as_an_abbreviation(settings: Settings) -> None:
    labels = {c.name: c.label for c in _walk(build_form("offer_letter", {}, "en_US", settings))}
    assert (labels["company.uscc"], labels["company"]) == ("USCC", "Company")


def test_an_offices_fields_file_words_the_forms_help(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "office" / "offer_letter"
    folder.mkdir(parents=True)
    folder.joinpath("fields.zh_CN.yaml").write_text(
        'title: "录用通知书"\nhelp:\n  candidate.name: "与身份证一致，含少数民族姓名中的间隔号"\n', encoding="utf-8"
    )
    office = settings.model_copy(update={"templates": tmp_path / "office"})
    helps = {c.name: c.help for c in _walk(build_form("offer_letter", {}, "zh_CN", office))}
    assert helps["candidate.name"] == "与身份证一致，含少数民族姓名中的间隔号"
    assert helps["candidate.email"] == "电子邮箱地址"  # the rest from the bundled file

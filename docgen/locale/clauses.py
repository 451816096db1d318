"""Clause numbering generated from a declared outline, never typed in and never Word list numbering.

A type's template folder holds outline.yaml: a numbering style and the clauses
in order, each with a key, an optional `when` condition and optional children.
Clauses whose condition is false are left out and everything after them is
renumbered; templates print `clauses.<key>.label` as the heading and
`clauses.<key>.ref` wherever they refer to a clause, so a reference always
shows the right number, forwards or backwards.

Styles:
- article: 第一条 → （一） → 1.; top-level `chapter` entries are 第一章, and
  articles are numbered straight through the chapters (as in Chinese statutes);
- gbt9704: 一、 → （一） → 1. → （1） (GB/T 9704-2012 §7.3.3);
- en_US uses Article 1 → 1.1 → (a) in the article style (contracts), with Chapter 1 for chapters, and
  1. → 1.1 → (a), cited as Section 1, in the gbt9704 style (letters and statements).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import Locale

_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 101 → 一百零一 (1 to 999)."""
    if not 1 <= number <= 999:
        raise ValueError(f"clause number {number} is out of range 1-999")
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


class _Strict(BaseModel):
    """A misspelt key in outline.yaml is an error, as in a data file (locale knows no document models)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)


class ClauseSpec(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Name templates use: clauses.<key>")
    when: str | None = Field(None, description="Jinja expression; the clause is left out when it is false")
    chapter: bool = Field(False, description="A chapter heading (article style only) rather than a clause")
    children: list[ClauseSpec] = Field(default_factory=list)


def _keys(specs: list[ClauseSpec]) -> list[str]:
    return [key for spec in specs for key in (spec.key, *_keys(spec.children))]


class Outline(_Strict):
    style: Literal["article", "gbt9704"] = Field(description="Numbering style for Chinese locales")
    clauses: list[ClauseSpec]

    @model_validator(mode="after")
    def _keys_are_unique(self) -> Outline:
        keys = _keys(self.clauses)
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"clause keys used twice: {', '.join(repeated)}")
        if self.style != "article" and any(spec.chapter for spec in self.clauses):
            raise ValueError("chapters need the article style")
        return self


@dataclass
class _Counter:
    """Numbers handed out so far: articles run on through chapters."""

    articles: int = 0
    chapters: int = 0
    out: dict[str, dict[str, Any]] = field(default_factory=dict)


def _article(number: int, locale: Locale) -> tuple[str, str]:
    if locale == "en_US":
        return f"Article {number}", f"Article {number}"
    label = f"第{chinese_numeral(number)}{'條' if locale == 'zh_TW' else '条'}"
    return label, label


def _chapter(number: int, locale: Locale) -> tuple[str, str]:
    label = f"Chapter {number}" if locale == "en_US" else f"第{chinese_numeral(number)}章"
    return label, label


def _sub_label(style: str, locale: Locale, depth: int, number: int, parent_ref: str) -> tuple[str, str]:
    """Label and reference of a clause below the top level (depth 1 is the first sub-level)."""
    if locale == "en_US":
        if depth == 1:
            section = f"{parent_ref.split()[-1]}.{number}"
            return section, f"Section {section}"
        letter = chr(ord("a") + number - 1)
        return f"({letter})", f"{parent_ref}({letter})"
    forms = ("（{cn}）", "{n}.", "（{n}）") if style == "gbt9704" else ("（{cn}）", "{n}.")
    form = forms[min(depth, len(forms)) - 1]
    label = form.format(cn=chinese_numeral(number), n=number)
    if style == "article":
        # Statute usage: 条 → 项 （一） → 目 1., cited as 第五条第（二）项第1目.
        return label, f"{parent_ref}第{label}项" if depth == 1 else f"{parent_ref}第{number}目"
    return label, f"{parent_ref}{label.rstrip('.')}"


def _top_label(style: str, locale: Locale, number: int) -> tuple[str, str]:
    if style == "article":
        return _article(number, locale)
    if locale == "en_US":
        # Only contracts have articles; letters and statements number sections 1., 2., cited as Section 1.
        return f"{number}.", f"Section {number}"
    numeral = chinese_numeral(number)
    return f"{numeral}、", f"第{numeral}部分"


def number_outline(outline: Outline, locale: Locale, is_on: Callable[[str], bool]) -> dict[str, dict[str, Any]]:
    """Every clause key → {on, label, ref}; a clause that is off has label and ref None."""
    counter = _Counter()
    for spec in outline.clauses:
        if spec.chapter:
            _number_chapter(spec, outline.style, locale, is_on, counter)
        else:
            _number_top(spec, outline.style, locale, is_on, counter)
    return counter.out


def _switch_off(spec: ClauseSpec, counter: _Counter) -> None:
    counter.out[spec.key] = {"on": False, "label": None, "ref": None}
    for child in spec.children:
        _switch_off(child, counter)


def _enabled(spec: ClauseSpec, is_on: Callable[[str], bool]) -> bool:
    return spec.when is None or is_on(spec.when)


def _number_chapter(
    spec: ClauseSpec, style: str, locale: Locale, is_on: Callable[[str], bool], counter: _Counter
) -> None:
    if not _enabled(spec, is_on):
        _switch_off(spec, counter)
        return
    counter.chapters += 1
    label, ref = _chapter(counter.chapters, locale)
    counter.out[spec.key] = {"on": True, "label": label, "ref": ref}
    for child in spec.children:
        _number_top(child, style, locale, is_on, counter)


def _number_top(spec: ClauseSpec, style: str, locale: Locale, is_on: Callable[[str], bool], counter: _Counter) -> None:
    if not _enabled(spec, is_on):
        _switch_off(spec, counter)
        return
    counter.articles += 1
    label, ref = _top_label(style, locale, counter.articles)
    counter.out[spec.key] = {"on": True, "label": label, "ref": ref}
    _number_children(spec.children, style, locale, is_on, counter, depth=1, parent_ref=ref)


def _number_children(
    children: list[ClauseSpec],
    style: str,
    locale: Locale,
    is_on: Callable[[str], bool],
    counter: _Counter,
    *,
    depth: int,
    parent_ref: str,
) -> None:
    number = 0
    for spec in children:
        if not _enabled(spec, is_on):
            _switch_off(spec, counter)
            continue
        number += 1
        label, ref = _sub_label(style, locale, depth, number, parent_ref)
        counter.out[spec.key] = {"on": True, "label": label, "ref": ref}
        _number_children(spec.children, style, locale, is_on, counter, depth=depth + 1, parent_ref=ref)

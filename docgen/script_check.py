"""Warnings about data written in another script than the document's locale: only Chinese in an English
document, simplified characters in a Traditional Chinese one.

A document prints its data as typed, which is right for names (a name must stay as the person or company
writes it) and wrong for descriptions. These are warnings only: nothing is ever converted. Simplified
characters are found with OpenCC's tables (Simplified to Traditional, Taiwan standard, phrases first, so
干涉 or 皇后 pass); a character that has a Traditional form of its own, such as 台 (臺), is named as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from .errors import Problem
from .records import Record

# Fields that hold a name, an address, a place, a code or a number: printed as typed in every locale.
NAMES = frozenset(
    {
        *("name", "legal_name", "representative", "client_signatory", "client", "manager", "reports_to"),
        *("approved_by", "prepared_by", "received_by", "signing_place", "venue", "forum", "address"),
        *("work_place", "email", "phone", "id_number", "uscc", "bank", "account_name", "reference", "currency"),
        *("month", "platforms"),
    }
)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
ONLY_CHINESE = "holds only Chinese, which the English document prints as typed"
SIMPLIFIED = "holds simplified characters ({characters}), which the Traditional Chinese document prints as typed"


def script_warnings(document: BaseModel, record: Record, locale: str) -> list[Problem]:
    """The record's descriptive fields written in another script than the locale's, one warning each."""
    check = CHECKS.get(locale)
    if check is None:
        return []
    found = ((path, check(text)) for path, text in descriptive_texts(document))
    return [record.problem(path, message, **params) for path, (message, params) in found if message]


def descriptive_texts(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every text field that is not a name: a `name` in a list item (a line of figures, an
    allowance) describes it, while the name of a party, a person or a contact is a name."""
    if isinstance(node, BaseModel):
        for key in type(node).model_fields:
            value = getattr(node, key)
            if _is_name(key, path):
                continue
            if isinstance(value, str):
                yield ".".join(map(str, (*path, key))), value
            else:
                yield from descriptive_texts(value, (*path, key))
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            if isinstance(item, str):
                yield ".".join(map(str, (*path, index))), item
            else:
                yield from descriptive_texts(item, (*path, index))


def _is_name(key: str, path: tuple[str | int, ...]) -> bool:
    in_item = bool(path) and isinstance(path[-1], int)
    return key.endswith("_number") or (key in NAMES and not (key == "name" and in_item))


def _only_chinese(text: str) -> tuple[str, dict[str, str]]:
    return (ONLY_CHINESE, {}) if HAN.search(text) and not LATIN.search(text) else ("", {})


def _simplified(text: str) -> tuple[str, dict[str, str]]:
    if not HAN.search(text):
        return "", {}
    converted = _converter().convert(text)
    if len(converted) != len(text):  # a phrase changed length: compare character by character where possible
        return "", {}
    pairs = dict.fromkeys(f"{a} ({b})" for a, b in zip(text, converted, strict=True) if a != b)
    return (SIMPLIFIED, {"characters": "、".join(pairs)}) if pairs else ("", {})


@cache
def _converter() -> Any:
    import opencc  # loaded only when a zh_TW check runs

    return opencc.OpenCC("s2tw")


CHECKS: dict[str, Callable[[str], tuple[str, dict[str, str]]]] = {"en_US": _only_chinese, "zh_TW": _simplified}

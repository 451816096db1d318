"""Writes templates/<type>/structure.yaml and wording.<locale>.yaml from scripts/docx_templates/<type>.py.

A one-off converter: it builds the type's blocks in every locale, keeps what all
locales share as literal template text in the structure, and moves what differs
into wording keys, named after the wording dict's keys where the text comes from one;
the others are named text_1, text_2 … and are best renamed by hand afterwards.
Usage: python scripts/kit_from_blocks.py TYPE [...]
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent / "templates"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import blocks  # noqa: E402

from docgen.kit.source import is_key  # noqa: E402

LOCALES = ("zh_CN", "en_US", "zh_TW")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


class Namer:
    """Chooses a wording key for each text that differs between the locales."""

    def __init__(self, wordings: dict[str, dict[str, Any]]) -> None:
        self.wordings = wordings
        self.names: dict[tuple[str, ...], str] = {}
        self.values: dict[str, dict[str, Any]] = {locale: {} for locale in LOCALES}
        self.generic = 0

    def candidates(self) -> list[tuple[str, dict[str, Any]]]:
        """Every wording value as (name, value per locale): texts, list items and mapping values."""
        found = []
        for key, value in self.wordings["zh_CN"].items():
            if isinstance(value, str):
                found.append((key, {loc: self.wordings[loc][key] for loc in LOCALES}))
            elif isinstance(value, list | tuple):
                for i in range(len(value)):
                    found.append((f"{key}_{i + 1}", {loc: self.wordings[loc][key][i] for loc in LOCALES}))
            elif isinstance(value, dict):
                for sub in value:
                    found.append((f"{key}_{sub}", {loc: self.wordings[loc][key][sub] for loc in LOCALES}))
        return [(name, values) for name, values in found if all(isinstance(v, str) and v for v in values.values())]

    def text(self, texts: tuple[str, ...]) -> str:
        if len(set(texts)) == 1 and not is_key(texts[0]):
            return texts[0]
        if texts not in self.names:
            self.names[texts] = self.new_key(self.best_name(texts), texts)
        return self.names[texts]

    def best_name(self, texts: tuple[str, ...]) -> str:
        exact = [name for name, values in self.candidates() if tuple(values[loc] for loc in LOCALES) == texts]
        if exact:
            return exact[0]
        contained = [
            (len(values["zh_CN"]), name)
            for name, values in self.candidates()
            if all(values[loc] in text for loc, text in zip(LOCALES, texts, strict=True))
            and 2 * len(values["zh_CN"]) >= len(JINJA.sub("", texts[0]).strip())
        ]
        if contained:
            return max(contained)[1]
        self.generic += 1
        return f"text_{self.generic}"

    def new_key(self, name: str, values: Any) -> str:
        key, n = name, 1
        while key in self.values["zh_CN"]:
            n += 1
            key = f"{name}_{n}"
        for locale, value in zip(LOCALES, values, strict=True):
            self.values[locale][key] = list(value) if isinstance(value, tuple) else value
        return key

    def texts(self, lists: tuple[list[str], ...]) -> Any:
        as_tuples = tuple(tuple(items) for items in lists)
        if len(set(as_tuples)) == 1 and not any(is_key(text) for text in as_tuples[0]):
            return list(as_tuples[0])
        for name, value in self.wordings["zh_CN"].items():
            if isinstance(value, list | tuple) and all(
                tuple(self.wordings[loc][name]) == items for loc, items in zip(LOCALES, as_tuples, strict=True)
            ):
                if as_tuples not in self.names:
                    self.names[as_tuples] = self.new_key(name, as_tuples)
                return self.names[as_tuples]
        return [self.text(column) for column in zip(*lists, strict=True)]


def same(values: tuple[Any, ...]) -> Any:
    if len(set(values)) != 1:
        raise SystemExit(f"the locales differ in structure: {values}")
    return values[0]


def convert_blocks(namer: Namer, lists: tuple[list[Any], ...]) -> list[dict[str, Any]]:
    return [convert_block(namer, parts) for parts in zip(*lists, strict=True)]


def convert_block(namer: Namer, parts: tuple[Any, ...]) -> dict[str, Any]:
    first = parts[0]
    same(tuple(type(part) for part in parts))
    if isinstance(first, blocks.H):
        return {"heading": namer.text(tuple(p.text for p in parts))}
    if isinstance(first, blocks.P):
        out: dict[str, Any] = {"paragraph": namer.text(tuple(p.text for p in parts))}
        out.update({k: True for k in ("right", "small") if getattr(first, k)})
        return out
    if isinstance(first, blocks.If):
        return {"if": same(tuple(p.cond for p in parts)), "body": convert_blocks(namer, tuple(p.body for p in parts))}
    if isinstance(first, blocks.For):
        return {"for": same(tuple(p.loop for p in parts)), "body": convert_blocks(namer, tuple(p.body for p in parts))}
    if isinstance(first, blocks.Table):
        return {"table": convert_table(namer, parts)}
    if isinstance(first, blocks.Chart):
        return {"chart": same(tuple(p.key for p in parts)), "caption": namer.text(tuple(p.caption for p in parts))}
    if isinstance(first, blocks.Signatures):
        return {"signatures": [convert_column(namer, c) for c in zip(*(p.columns for p in parts), strict=True)]}
    return convert_letter_block(namer, parts)


def convert_column(namer: Namer, columns: tuple[list[Any], ...]) -> Any:
    if not any(isinstance(line, blocks.Seal) for line in columns[0]):
        return namer.texts(columns)
    out: list[Any] = []
    for lines in zip(*columns, strict=True):
        if isinstance(lines[0], blocks.Seal):
            seal: dict[str, Any] = {"seal": namer.text(tuple(line.text for line in lines))}
            if lines[0].ours:
                seal["ours"] = True
            out.append(seal)
        else:
            out.append(namer.text(lines))
    return out


def convert_letter_block(namer: Namer, parts: tuple[Any, ...]) -> dict[str, Any]:
    first = parts[0]
    if isinstance(first, blocks.Set):
        return {"set": namer.text(tuple(p.statement for p in parts))}
    if isinstance(first, blocks.Strong):
        return {"strong": namer.text(tuple(p.text for p in parts))}
    if isinstance(first, blocks.Item):
        return {"item": namer.text(tuple(p.text for p in parts))}
    if isinstance(first, blocks.Facts):
        out: dict[str, Any] = {"facts": convert_rows(namer, parts)}
        if first.amounts:
            out["amounts"] = True
        return out
    if isinstance(first, blocks.Signature):
        out = {"signature": namer.texts(tuple(p.lines for p in parts))}
        if any(p.seal_note for p in parts):
            out["seal_note"] = namer.text(tuple(p.seal_note for p in parts))
        return out
    if isinstance(first, blocks.Blanks):
        return {"blanks": namer.texts(tuple(p.labels for p in parts))}
    assert isinstance(first, blocks.Slip)
    return {"slip": namer.text(tuple(p.title for p in parts)), "body": convert_blocks(namer, tuple(p.body for p in parts))}


def convert_table(namer: Namer, parts: tuple[Any, ...]) -> dict[str, Any]:
    first = parts[0]
    table: dict[str, Any] = {}
    if first.header:
        table["header"] = namer.texts(tuple(p.header for p in parts))
    table["rows"] = convert_rows(namer, parts)
    for key in ("numeric", "widths"):
        value = same(tuple(tuple(getattr(p, key)) for p in parts))
        if value:
            table[key] = list(value)
    if first.wide:
        table["wide"] = True
    return table


def convert_rows(namer: Namer, parts: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = []
    for row_parts in zip(*(p.rows for p in parts), strict=True):
        row: dict[str, Any] = {}
        for attribute, key in (("loop", "for"), ("cond", "if")):
            value = same(tuple(getattr(r, attribute) for r in row_parts))
            if value:
                row[key] = value
        if row_parts[0].total:
            row["total"] = True
        row["cells"] = namer.texts(tuple(r.cells for r in row_parts))
        rows.append(row)
    return rows


def convert(type_name: str) -> None:
    module = importlib.import_module(f"docx_templates.{type_name}")
    wordings = {locale: module.WORDING[locale] for locale in LOCALES}
    documents = tuple(module.structure(wordings[locale]) for locale in LOCALES)
    namer = Namer(wordings)
    for locale, document in zip(LOCALES, documents, strict=True):
        namer.values[locale]["number_label"] = document.number_label
        namer.values[locale]["page"] = list(document.page_words)
    structure: dict[str, Any] = {}
    if documents[0].landscape:
        structure["landscape"] = True
    setups = tuple(d.setup for d in documents)
    bodies = tuple(d.body for d in documents)
    if len(set(setups)) > 1:  # worded per locale: a set block first does the same in both formats
        bodies = tuple([blocks.Set(setup.removeprefix("set ")), *body] for setup, body in zip(setups, bodies))
    elif setups[0]:
        structure["setup"] = setups[0]
    structure["body"] = convert_blocks(namer, bodies)
    folder = ROOT / type_name
    head = f"# {type_name}: the document's structure; its words are in wording.<locale>.yaml (docgen/kit/source.py)\n"
    write(folder / "structure.yaml", head, structure)
    for locale in LOCALES:
        head = f"# {type_name} in {locale}: the words of structure.yaml; {{{{ … }}}} prints the data\n"
        write(folder / f"wording.{locale}.yaml", head, namer.values[locale])


def write(path: Path, head: str, value: Any) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    path.write_text(head + text, encoding="utf-8")
    print(path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        convert(name)

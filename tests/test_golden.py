"""Golden text: what each sample says in each format, compared with white space normalised.

Regenerate with `pytest tests/test_golden.py --update-golden` (or `make regen`) and read the diff.
The hand-written `# must-appear:` phrases in each sample are checked too, so a golden file
regenerated blindly cannot hide a broken template.
"""

from __future__ import annotations

import difflib

import pytest

from docgen.inputs import load_records
from docgen.locale import LOCALES
from docgen.pipeline import FORMATS, render_document, validate_records
from docgen.registry import document_types
from docgen.samples import sample_path

from .conftest import GOLDEN, must_appear
from .textutil import EXTRACT, squeeze, tokens

CASES = [(t, locale, f) for t in sorted(document_types()) for locale in LOCALES for f in FORMATS]


def _rendered_text(type_name: str, locale: str, fmt: str, settings) -> str:
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    return EXTRACT[fmt](render_document(document, settings, fmt=fmt, locale=locale))


@pytest.mark.parametrize(("type_name", "locale", "fmt"), CASES, ids=["-".join(c) for c in CASES])
def test_golden_text(type_name: str, locale: str, fmt: str, settings, update_golden: bool) -> None:
    actual = tokens(_rendered_text(type_name, locale, fmt, settings))
    golden = GOLDEN / f"{type_name}.{locale}.{fmt}.txt"
    if update_golden:
        golden.write_text("\n".join(actual) + "\n", encoding="utf-8")
    expected = golden.read_text(encoding="utf-8").split()
    if "".join(actual) != "".join(expected):
        diff = "\n".join(difflib.unified_diff(expected, actual, "golden", "rendered", lineterm=""))
        pytest.fail(f"{golden.name} differs (regenerate with --update-golden and review):\n{diff}")
    for phrase in must_appear(type_name, locale):
        if fmt != "pdf" and phrase.startswith(("第 1 页", "Page 1", "第 1 頁")):
            continue  # page numbers exist only in a laid-out PDF; DOCX has fields (see test_locale_layer)
        assert squeeze(phrase) in squeeze("".join(actual)), f"{phrase!r} missing from {locale} {fmt}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", sorted(document_types()))
def test_each_sample_declares_phrases_for_each_locale(type_name: str, locale: str) -> None:
    assert len(must_appear(type_name, locale)) >= 6

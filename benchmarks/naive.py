"""The naive way, as one process from start to the last file: CSafeLoader, then a fresh template per document.

    python benchmarks/naive.py docx|pdf DATA.yaml OUT_DIR

It reads the YAML file with PyYAML's CSafeLoader (strings kept as typed, as
docgen keeps them), validates each record with docgen's model, since the
template needs its computed values, and renders it with a fresh docxtpl
DocxTemplate or a plain WeasyPrint HTML(string=...).write_pdf(), writing each
file in turn. benchmarks/end_to_end.py times it against `docgen render`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from docgen.config import load_settings  # noqa: E402
from docgen.inputs import Record  # noqa: E402
from docgen.outlines import load_outline  # noqa: E402
from docgen.registry import get_type  # noqa: E402
from docgen.render.context import build_context  # noqa: E402
from docgen.render.environment import shared_environment  # noqa: E402
from docgen.render.outline import numbered_clauses  # noqa: E402
from docgen.render.templates import find_template  # noqa: E402
from docgen.validation import validate_record  # noqa: E402

TYPE = "service_contract"
LOCALE = "zh_CN"


class _TextLoader(yaml.CSafeLoader):
    """CSafeLoader keeping every scalar as text, as docgen's data files mean it."""


_TextLoader.yaml_implicit_resolvers = {
    key: [(tag, pattern) for tag, pattern in value if tag == "tag:yaml.org,2002:null"]
    for key, value in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def main(fmt: str, data: str, out: str) -> None:
    settings = load_settings(ROOT / "samples" / "docgen.toml")
    model = get_type(TYPE)
    records = yaml.load(Path(data).read_text(encoding="utf-8"), Loader=_TextLoader)
    render = _docx if fmt == "docx" else _pdf
    for row, fields in enumerate(records, start=1):
        document = validate_record(model, Record(fields, data, row), today=settings.today())
        choice = find_template(TYPE, fmt, LOCALE, settings.templates)
        env = shared_environment(choice.search_path)
        context = build_context(document, settings, locale=LOCALE, fmt=fmt)
        context["clauses"] = numbered_clauses(load_outline(TYPE, choice.search_path), env, context)
        (Path(out) / f"{TYPE}-{row}.{fmt}").write_bytes(render(choice, context, env, settings))


def _docx(choice: Any, context: dict[str, Any], env: Any, settings: Any) -> bytes:
    from docgen.render.docx import render_docx_fresh

    return render_docx_fresh(choice, context, env, {"logo": settings.company.logo, "seal": settings.company.seal})


def _pdf(choice: Any, context: dict[str, Any], env: Any, settings: Any) -> bytes:
    from weasyprint import HTML

    from docgen.render.html import render_html

    html = render_html(choice, context, env)
    pdf: bytes = HTML(string=html, base_url=choice.path.parent.as_uri() + "/").write_pdf()
    return pdf


if __name__ == "__main__":
    main(*sys.argv[1:])

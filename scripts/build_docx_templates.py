"""Builds the bundled DOCX (and, for long documents, HTML) templates from scripts/docx_templates/<type>.py.

The .docx files under templates/ are what an office copies and edits in Word;
this script recreates the bundled ones when their wording changes here.
Usage: python scripts/build_docx_templates.py [TYPE ...]
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent / "templates"
sys.path.insert(0, str(HERE))


def main(types: list[str]) -> None:
    for module_path in sorted((HERE / "docx_templates").glob("[a-z]*.py")):
        if types and module_path.stem not in types:
            continue
        module = importlib.import_module(f"docx_templates.{module_path.stem}")
        for name, build in module.TEMPLATES.items():
            build().save(ROOT / name)
            print(ROOT / name)
        for name, build_html in getattr(module, "HTML_TEMPLATES", {}).items():
            (ROOT / name).write_text(build_html(), encoding="utf-8")
            print(ROOT / name)


if __name__ == "__main__":
    main(sys.argv[1:])

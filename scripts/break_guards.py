"""Break each guard in a copy of the project and check that its tests then fail.

A test that still passes when the guard it is meant to protect is gone
protects nothing. For each breach below, this script copies the project to a
temporary folder, replaces the guard's code with a broken version, and runs the
tests named for it there. The breach is caught when they fail; it survives when
they pass. A breach whose code is no longer found (the guard moved or changed)
is an error too, so this list cannot silently go stale.

    python scripts/break_guards.py            # every breach, 2 at a time
    python scripts/break_guards.py --list
    python scripts/break_guards.py sandbox range-cap
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docgen", "tests", "templates", "samples", "schemas", "scripts", "pyproject.toml")


@dataclass(frozen=True)
class Breach:
    name: str
    promise: str
    file: str
    intact: str  # the guard's code, found exactly once in file
    broken: str
    tests: tuple[str, ...]  # pytest node ids, or a file and "-k" expression
    time_limit: int = 120  # seconds; tests that hang past it count as failing
    also: tuple[tuple[str, str], ...] = ()  # more (intact, broken) pairs in the same file, for layered guards


def _k(file: str, expression: str) -> tuple[str, ...]:
    return (file, "-k", expression)


BREACHES = [
    # -- templates: the sandbox and its limits
    Breach(
        "sandbox",
        "templates cannot reach Python internals",
        "docgen/render/environment.py",
        '    intercepted_binops = frozenset({"*", "**"})\n',
        '    intercepted_binops = frozenset({"*", "**"})\n\n'
        "    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:\n        return True\n",
        _k("tests/test_safety.py", "hostile_templates_fail_cleanly"),
    ),
    Breach(
        "escaping",
        "data never becomes markup",
        "docgen/render/environment.py",
        'return Markup(str(escape(value)).replace("{", "&#123;")',
        'return Markup(str(value).replace("{", "&#123;")',
        _k("tests/test_safety.py", "escapes_data or markup_and_jinja"),
    ),
    Breach(
        "escaping-urls",
        "URLs and CSS in data are never fetched",
        "docgen/render/environment.py",
        'return Markup(str(escape(value)).replace("{", "&#123;")',
        'return Markup(str(value).replace("{", "&#123;")',
        _k("tests/test_hostile.py", "urls_and_css"),
    ),
    Breach(
        "braces",
        "data that looks like Jinja is never rewritten by docxtpl",
        "docgen/render/environment.py",
        '.replace("{", "&#123;").replace("}", "&#125;")',
        "",
        _k("tests/test_safety.py", "markup_and_jinja"),
    ),
    Breach(
        "printed-none",
        "an empty optional value is never printed as None",
        "docgen/render/environment.py",
        "    if value is None:\n        raise TemplateRuntimeError",
        "    if False:\n        raise TemplateRuntimeError",
        _k("tests/test_safety.py", "empty_optional"),
    ),
    Breach(
        "strict-undefined",
        "a misspelt variable is an error, not an empty string",
        "docgen/render/environment.py",
        "undefined=StrictUndefined,",
        "undefined=StrictUndefined.__mro__[1],",
        _k("tests/test_cli.py", "failed_render_leaves_no_file"),
    ),
    Breach(
        "repeat-cap",
        "'a' * 50000000 is refused before it runs",
        "docgen/render/environment.py",
        "            _check_repeat(left, right)\n            _check_repeat(right, left)\n",
        "",
        _k("tests/test_hostile.py", "expensive_expressions"),
    ),
    Breach(
        "exponent-cap",
        "9 ** 99999999 is refused before it runs",
        "docgen/render/environment.py",
        "abs(right) > MAX_EXPONENT",
        "False",
        _k("tests/test_hostile.py", "expensive_expressions"),
    ),
    Breach(
        "range-cap",
        "range() is capped",
        "docgen/render/environment.py",
        "    if len(numbers) > MAX_SEQUENCE:",
        "    if False:",
        _k("tests/test_hostile.py", "expensive_expressions"),
    ),
    Breach(
        "range-budget",
        "nested range() loops share one budget per document",
        "docgen/render/environment.py",
        "    if left < 0:",
        "    if False:",
        _k("tests/test_hostile.py", "share_one_budget"),
    ),
    Breach(
        "template-symlinks",
        "a template symlinked outside its folder is refused",
        "docgen/render/environment.py",
        "        if not any(real.startswith(root + os.sep) for root in roots):",
        "        if False:",
        _k("tests/test_safety.py", "symlinked_outside"),
    ),
    Breach(
        "docx-template-symlinks",
        "a DOCX template symlinked outside its folder is refused",
        "docgen/render/templates.py",
        "    if not (root / name).resolve().is_relative_to(root.resolve()):",
        "    if False:",
        _k("tests/test_safety.py", "docx_template_symlinked"),
    ),
    Breach(
        "memory-limit",
        "an office template gets at most 1 GiB more memory",
        "docgen/render/guard.py",
        "    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))",
        "    pass",
        _k("tests/test_hostile.py", "more_than_the_headroom"),
    ),
    Breach(
        "time-limit",
        "an office template is stopped after the time limit",
        "docgen/render/guard.py",
        "if not reader.poll(RENDER_TIMEOUT):",
        "if not reader.poll(None):",
        _k("tests/test_hostile.py", "endless_loops"),
        time_limit=30,  # the test itself allows 3 s
    ),
    Breach(
        "output-cap",
        "a rendered file is at most 64 MiB",
        "docgen/render/guard.py",
        "        if len(result) > MAX_OUTPUT:",
        "        if False:",
        _k("tests/test_hostile.py", "output_size_is_capped"),
    ),
    # -- PDF resources
    Breach(
        "fetch-files",
        "the PDF reads files only inside the template folders",
        "docgen/render/pdf.py",
        'if scheme == "file" and not self._inside(',
        "if False and not self._inside(",
        _k("tests/test_safety.py", "fetches_only_inside"),
    ),
    Breach(
        "fetch-schemes",
        "the PDF never fetches http: or other schemes",
        "docgen/render/pdf.py",
        '        if scheme not in ("file", "data"):\n            LOGGER.warning',
        "        if False:\n            LOGGER.warning",
        _k("tests/test_safety.py", "fetches_only_inside"),
    ),
    # -- text in data
    Breach(
        "xml-characters",
        "characters XML cannot hold are refused with the field",
        "docgen/text.py",
        "    match = _CONTROL.search(text)",
        "    match = None",
        _k("tests/test_safety.py", "xml_cannot_hold"),
    ),
    Breach(
        "disguising-characters",
        "bidi overrides, zero-width spaces and every other invisible character are refused",
        "docgen/text.py",
        "    match = _hidden(text)",
        "    match = None",
        _k("tests/test_hostile.py", "disguising"),
    ),
    Breach(
        "default-ignorables",
        "invisible characters are those with the Unicode property, not a hand list",
        "docgen/text.py",
        r'_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\u2800\ufff9-\ufffb]")',
        r'_INVISIBLE = regex.compile(r"[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u2800\ufff9-\ufffb]")',
        _k("tests/test_text.py", "invisible_characters"),
    ),
    Breach(
        "blanks-outside-the-property",
        "the braille blank and the annotation marks, which the property leaves out, are refused",
        "docgen/text.py",
        r'_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\u2800\ufff9-\ufffb]")',
        r'_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}]")',
        _k("tests/test_text.py", "invisible_characters and (2800 or FFF9 or FFFB)"),
    ),
    Breach(
        "c1-controls",
        "DEL and C1 controls (U+0080-U+009F) are refused like C0 ones",
        "docgen/text.py",
        r'_CONTROL = regex.compile(r"[\p{Cc}--[\t\n\r\x0b]]|[\p{Cs}\ufffe\uffff]", regex.V1)',
        r'_CONTROL = regex.compile(r"[\x00-\x08\x0c\x0e-\x1f]|[\p{Cs}\ufffe\uffff]", regex.V1)',
        _k("tests/test_text.py", "control_characters"),
    ),
    Breach(
        "one-line-fields",
        "a short field holds one line: no line break, Unicode separator or tab",
        "docgen/text.py",
        "    match = _BREAK.search(text) if one_line else None",
        "    match = None",
        _k("tests/test_text.py", "refused_in_one_line_fields"),
    ),
    Breach(
        "joiners-only-after-a-character",
        "a joiner or selector that shapes nothing is refused: chains of them carry hidden text",
        "docgen/text.py",
        r'    r"(?<=[[\p{L}\p{M}\p{N}\p{P}\p{S}]--\p{Default_Ignorable_Code_Point}])"',
        '    r""',
        _k("tests/test_text.py", "joiners_and_selectors_elsewhere"),
    ),
    Breach(
        "joiners-kept",
        "emoji sequences and ideographic variants keep their joiners and selectors",
        "docgen/text.py",
        "            shaping = {index for kept in _SHAPING.finditer(text) for index in range(*kept.span())}",
        "            shaping = set()",
        _k("tests/test_text.py", "after_a_visible_character"),
    ),
    Breach(
        "line-breaks",
        "CRLF and Word's line break become one break",
        "docgen/text.py",
        '    return _LINE_BREAKS.sub("\\n", text)',
        "    return text",
        _k("tests/test_safety.py", "line_breaks"),
    ),
    Breach(
        "length-cap",
        "a text field holds at most 2,000 characters",
        "docgen/documents/values.py",
        "Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_several_lines)]",
        "Text = Annotated[str, Field(min_length=1), AfterValidator(_several_lines)]",
        _k("tests/test_hostile.py", "bad_values_are_named"),
    ),
    Breach(
        "list-cap",
        "a list holds at most 1,000 entries",
        "docgen/documents/values.py",
        "MAX_ITEMS = 1000",
        "MAX_ITEMS = 10**9",
        _k("tests/test_hostile.py", "bad_values_are_named"),
    ),
    # -- numbers and dates
    Breach(
        "numbers-as-dates",
        "a number given for a date is refused, not read as seconds since 1970",
        "docgen/documents/model.py",
        "    if _is_number(value):\n        # Pydantic reads a number as seconds",
        "    if False:\n        # Pydantic reads a number as seconds",
        _k("tests/test_hostile.py", "awkward_numbers"),
    ),
    Breach(
        "full-width-digits",
        "full-width digits are refused, not read silently",
        "docgen/documents/model.py",
        "and not value.isascii():",
        "and False:",
        _k("tests/test_hostile.py", "awkward_numbers"),
    ),
    Breach(
        "money-as-digits",
        "money is digits, a minus and a point: 1e3, 30_000.00 and +30000.00 are refused",
        "docgen/documents/values.py",
        "    if number.is_finite() and not _MONEY_DIGITS.fullmatch(text):",
        "    if False:",
        _k("tests/test_hostile.py", "awkward_numbers or negative_takes"),
    ),
    Breach(
        "money-exponent-decimal",
        "a Decimal written with an exponent (Decimal('1E+3')) is refused as money",
        "docgen/documents/values.py",
        "    if isinstance(value, Decimal) and _exponent(value) > 0:",
        "    if False:",
        _k("tests/test_hostile.py", "awkward_numbers"),
    ),
    Breach(
        "json-exponent",
        "a JSON number written with an exponent reaches money as typed, and is refused",
        "docgen/inputs.py",
        'return text if "e" in text.lower() else Decimal(text)',
        "return Decimal(text)",
        _k("tests/test_hostile.py", "awkward_numbers"),
    ),
    Breach(
        "date-range",
        "every date lies between 1900-01-01 and 2199-12-31, so date arithmetic never overflows",
        "docgen/documents/model.py",
        "    if not FIRST_DAY <= value <= LAST_DAY:",
        "    if False:",
        _k("tests/test_hostile.py", "awkward_numbers or outside_the_range"),
    ),
    Breach(
        "words-at-validation",
        "an amount too large for words is refused by validate, and issue takes no number for it",
        "docgen/documents/base.py",
        "                if round_cent(abs(amount)) >= WORDS_LIMIT:",
        "                if False:",
        ("tests/test_hostile.py", "tests/test_cli.py", "-k", "too_large"),
    ),
    Breach(
        "words-blame",
        "an amount too large for words names the input field that made it so",
        "docgen/documents/base.py",
        "        return max(values, key=lambda found: abs(found[1]), default=default)",
        "        return default",
        _k("tests/test_hostile.py", "too_large_for_words"),
    ),
    Breach(
        "words-declared",
        "every amount a template writes in words is declared, so validation checks it",
        "docgen/documents/proposal.py",
        '        "quotation.total": ("quotation.lines.*.quantity", "quotation.lines.*.unit_price"),\n',
        "",
        _k("tests/test_hostile.py", "every_amount"),
    ),
    Breach(
        "capitals-limit",
        "amounts of 10^16 or more are refused in capitals",
        "docgen/locale/amounts.py",
        "    if amount >= LIMIT:",
        "    if False:",
        _k("tests/test_amounts.py", "refuses"),
    ),
    Breach(
        "capitals-negative",
        "negative amounts are refused in capitals",
        "docgen/locale/amounts.py",
        "    if value < 0:\n        raise AmountError",
        "    if False:\n        raise AmountError",
        _k("tests/test_amounts.py", "refuses"),
    ),
    # -- data files
    Breach(
        "yaml-null-only",
        "YAML keeps NO, 0012 and 12:30 as typed",
        "docgen/yaml_loader.py",
        "return _NULL_TAG if implicit[0] and value in _NULLS else self.DEFAULT_SCALAR_TAG",
        "return yaml.resolver.Resolver().resolve(kind, value, implicit)",
        _k("tests/test_inputs.py", "keeps_what_was_typed"),
    ),
    Breach(
        "yaml-duplicates",
        "a duplicate YAML key is an error",
        "docgen/yaml_loader.py",
        "            if key in seen:\n                raise ConstructorError(",
        "            if False:\n                raise ConstructorError(",
        _k("tests/test_inputs.py", "yaml_duplicate or nested_yaml_duplicate"),
    ),
    Breach(
        "yaml-aliases",
        "a YAML alias bomb is refused at once, never expanded",
        "docgen/yaml_loader.py",
        "        if self.check_event(AliasEvent):",
        "        if False:",
        _k("tests/test_inputs.py", "alias_bomb"),
        time_limit=60,
    ),
    Breach(
        "yaml-aliases-libyaml",
        "a YAML alias bomb is refused at once on libyaml too",
        "docgen/yaml_loader.py",
        "    if seen is not None:\n        if id(node) in seen:\n",
        "    if seen is not None:\n        if False:\n",
        _k("tests/test_inputs.py", "alias_bomb and libyaml"),
        time_limit=60,
    ),
    Breach(
        "yaml-duplicates-libyaml",
        "a duplicate YAML key is an error on libyaml too",
        "docgen/yaml_loader.py",
        "        if key in mapping:\n",
        "        if False:\n",
        _k("tests/test_inputs.py", "(yaml_duplicate or nested_yaml_duplicate or given_twice) and libyaml"),
    ),
    Breach(
        "yaml-libyaml",
        "YAML is parsed by libyaml when PyYAML has it",
        "docgen/yaml_loader.py",
        "_LIBYAML = _libyaml_loader()",
        "_LIBYAML = None",
        _k("tests/test_inputs.py", "parsed_by_libyaml or keeps_what_was_typed"),
    ),
    Breach(
        "nesting-depth",
        "data nested more than 32 levels deep is refused",
        "docgen/inputs.py",
        "        too_deep = _depth(parsed) > MAX_DEPTH",
        "        too_deep = False",
        _k("tests/test_inputs.py", "nested_too_deeply"),
    ),
    Breach(
        "csv-cell-size",
        "a CSV cell too long for any field is named by its row, not an internal error",
        "docgen/spreadsheet.py",
        "    except csv.Error as error:",
        "    except ZeroDivisionError as error:",
        _k("tests/test_inputs.py", "csv_cell_too_long"),
    ),
    Breach(
        "json-duplicates",
        "a duplicate JSON key is an error",
        "docgen/inputs.py",
        "        object_pairs_hook=_refuse_duplicates,\n",
        "",
        _k("tests/test_inputs.py", "json_duplicate"),
    ),
    Breach(
        "json-decimals",
        "JSON numbers are Decimals, never floats",
        "docgen/inputs.py",
        "        parse_float=_json_number,\n",
        "",
        _k("tests/test_inputs.py", "decimals_not_floats"),
    ),
    Breach(
        "csv-gbk",
        "a GBK CSV is read as GBK, never as something else",
        "docgen/spreadsheet.py",
        'for encoding in ("utf-8-sig", "gb18030"):',
        'for encoding in ("utf-8-sig", "latin-1"):',
        _k("tests/test_spreadsheet.py", "csv_encodings"),
    ),
    Breach(
        "id-as-number",
        "an ID number Excel stored as a number is refused",
        "docgen/spreadsheet.py",
        "    if abs(cell) >= 10**_EXCEL_DIGITS and float(cell).is_integer():",
        "    if False:",
        _k("tests/test_spreadsheet.py", "id_number_stored_as_a_number"),
    ),
    Breach(
        "formula-without-value",
        "a formula with no saved value is refused",
        "docgen/xlsx.py",
        'return NoCachedValue() if "f" in parts and kind != "str" else None',
        "return None",
        _k("tests/test_spreadsheet.py", "formula_without_saved_value"),
    ),
    Breach(
        "sheet-width",
        "a sheet wider than its type's columns is refused, never padded to the width it claims",
        "docgen/xlsx.py",
        "            if column > self.max_columns:",
        "            if False:",
        _k("tests/test_xlsx.py", "wider_than or claiming_to_be_huge"),
    ),
    Breach(
        "sheet-rows",
        "a sheet of more than 100,000 rows is refused",
        "docgen/xlsx.py",
        "            if number > MAX_ROWS + 1:",
        "            if False:",
        _k("tests/test_xlsx.py", "row_limit"),
    ),
    Breach(
        "xlsx-directory-size",
        "a workbook part whose directory entry says it unpacks past the bound is refused before parsing",
        "docgen/xlsx.py",
        "        if self.archive.getinfo(part).file_size > self.allowance[0]:",
        "        if False:",
        _k("tests/test_xlsx.py", "before_parsing"),
    ),
    Breach(
        "xlsx-read-size",
        "reading a workbook stops at the bound even when its directory lies",
        "docgen/xlsx.py",
        "        if self._budget[0] < 0:",
        "        if False:",
        _k("tests/test_xlsx.py", "directory_lies"),
    ),
    Breach(
        "xlsx-text-size",
        "a cell of more than 10 MB of text is refused while it is read, never held whole",
        "docgen/xlsx.py",
        '"load_dtd": False, "huge_tree": False}',
        '"load_dtd": False, "huge_tree": True}',
        _k("tests/test_xlsx.py", "10_mb_of_text"),
    ),
    Breach(
        "excel-errors",
        "a cell holding an Excel error (#N/A) is refused, never printed",
        "docgen/xlsx.py",
        'return CellFault(f"the cell holds the Excel error {text}")',
        "return text",
        _k("tests/test_xlsx.py", "excel_error_values"),
    ),
    Breach(
        "hidden-sheets",
        "without --sheet the first visible sheet is read, never a hidden one",
        "docgen/xlsx.py",
        'visible = [s for s in sheets if s.get("state") not in _HIDDEN]',
        "visible = sheets",
        _k("tests/test_xlsx.py", "hidden"),
    ),
    Breach(
        "serial-negative",
        "a negative serial is refused in a date column, not read as 1899",
        "docgen/xlsx.py",
        "    if number < 0:",
        "    if False:",
        _k("tests/test_xlsx.py", "negative_serial"),
    ),
    Breach(
        "serial-time-of-day",
        "a serial with a time of day is refused in a date column, not cut to its day",
        "docgen/spreadsheet.py",
        "    if (kind.date or kind.month) and number != int(number):",
        "    if False:",
        _k("tests/test_xlsx.py", "serial_with_time"),
    ),
    Breach(
        "non-finite-cells",
        "NaN or infinity in a cell is refused with the row and field",
        "docgen/xlsx.py",
        "        if not math.isfinite(number):",
        "        if False:",
        _k("tests/test_xlsx.py", "nan"),
    ),
    Breach(
        "no-records",
        "a data file with no records is an error, not an empty batch",
        "docgen/inputs.py",
        "    if empty:\n        raise NoRecords",
        "    if False:\n        raise NoRecords",
        _k("tests/test_xlsx.py", "batch_of_nothing"),
    ),
    # -- files written
    Breach(
        "atomic-write",
        "a failed write leaves the old file and no temporary file",
        "docgen/files.py",
        "        temporary.unlink(missing_ok=True)\n        raise\n",
        "        raise\n",
        _k("tests/test_cli.py", "full_disk"),
    ),
    Breach(
        "ctrl-c-deferred",
        "Ctrl-C during a write leaves the whole file or none, and no temporary file",
        "docgen/files.py",
        "    with ctrl_c_held() as caught:\n",
        "    with contextlib.nullcontext([]) as caught:\n",
        _k("tests/test_cli.py", "ctrl_c_while"),
    ),
    Breach(
        "numbers-noted",
        "a number the register has taken is noted before Ctrl-C can stop the batch, so it is voided",
        "docgen/issuing.py",
        "        with ctrl_c_held() as caught:  # a number the register has taken",
        "        with contextlib.nullcontext([]) as caught:  # a number the register has taken",
        _k("tests/test_issue.py", "seam"),
    ),
    Breach(
        "issued-and-reported",
        "a document being issued when Ctrl-C comes is finished and reported, not left half-way",
        "docgen/issuing.py",
        "with ctrl_c_held() as caught:  # a document is settled",
        "with contextlib.nullcontext([]) as caught:  # a document is settled",
        _k("tests/test_issue.py", "seam"),
    ),
    Breach(
        "stop-voids-only-reserved",
        "a stopped batch voids only numbers still reserved, never one just issued",
        "docgen/store/register.py",
        '        return self._set_void(entry, reason, ("reserved",))',
        '        return self._set_void(entry, reason, ("reserved", "issued"))',
        _k("tests/test_store.py", "void_if_reserved"),
    ),
    Breach(
        "no-overwrite",
        "an existing file is kept unless --force",
        "docgen/files.py",
        "    if path.exists() and not force:\n",
        "    if False:\n",
        _k("tests/test_cli.py", "refuses_to_overwrite"),
        # The check before writing, and the hard link that never replaces a file that appears meanwhile.
        also=(("        os.link(temporary, path)\n", "        os.replace(temporary, path)\n"),),
    ),
    Breach(
        "regular-files-only",
        "a device, folder or pipe is never replaced, even with --force",
        "docgen/files.py",
        "    if path.exists() and not path.is_file():\n",
        "    if False:\n",
        _k("tests/test_cli.py", "devices_and_folders"),
    ),
    Breach(
        "clean-names",
        "file names from data cannot leave the folder or use reserved names",
        "docgen/batching.py",
        'name = sanitize_filename(_FIELD.sub(field, self.pattern), platform="universal", replacement_text="_")',
        "name = _FIELD.sub(field, self.pattern)",
        _k("tests/test_batch.py", "names_from_fields"),
    ),
    Breach(
        "name-length",
        "a file name stays within 255 bytes",
        "docgen/batching.py",
        '    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))',
        "    room = 10**6",
        _k("tests/test_batch.py", "names_from_fields"),
    ),
    Breach(
        "unique-names",
        "two records with one file name stop the batch before anything is written",
        "docgen/batching.py",
        "        if first != row:\n",
        "        if False:\n",
        _k("tests/test_batch.py", "one_name_stop"),
    ),
    # -- the register: secrets, doctor
    Breach(
        "secret-forms",
        "a password is masked in a URL's query and in a keyword/value DSN, not only in user:password@",
        "docgen/store/location.py",
        "_FORMS = (_USERINFO, _URL_PARAMETER, _KEYWORD_PARAMETER)",
        "_FORMS = (_USERINFO,)",
        _k("tests/test_secrets.py", "every_form or doctor_masks"),
    ),
    Breach(
        "secret-quoted",
        "a password a library quotes in its own message is masked",
        "docgen/store/location.py",
        "        text = text.replace(secret, _MASK)\n",
        "        pass\n",
        _k("tests/test_secrets.py", "libpq_quoting"),
    ),
    Breach(
        "secret-debug",
        "an internal error and its --debug traceback never show a password",
        "docgen/cli.py",
        "redact(traceback.format_exc().rstrip())",
        "traceback.format_exc().rstrip()",
        _k("tests/test_secrets.py", "internal_error"),
        also=(('" ".join(redact(str(error)).split())', '" ".join(str(error).split())'),),
    ),
    Breach(
        "doctor-connects",
        "doctor says ok only for a register it reached and whose schema it can use",
        "docgen/doctor.py",
        'return Check("register", True, register_status(database))',
        'return Check("register", True, str(database))',
        _k("tests/test_doctor.py", "missing_folder or not_a_database or unreachable or too_old or usable"),
    ),
    Breach(
        "doctor-read-only",
        "doctor neither creates a register nor converts a file it looks at",
        "docgen/store/sqlite.py",
        "        if read_only:  # for looking only",
        "        if False:  # for looking only",
        _k("tests/test_doctor.py", "creates_no_register"),
    ),
    Breach(
        "pattern-text-rules",
        "a number pattern follows the rules for text in documents (no bidi overrides or zero-width spaces)",
        "docgen/store/numbers.py",
        "    invisible = forbidden_character(text, one_line=True)",
        "    invisible = None",
        _k("tests/test_number_patterns.py", "characters"),
    ),
    Breach(
        "pattern-trailing-dot",
        "a number never ends with a dot, which a file name would lose",
        "docgen/store/numbers.py",
        '    if text.endswith("."):',
        "    if False:",
        _k("tests/test_number_patterns.py", "characters"),
    ),
    Breach(
        "pattern-length",
        "the longest file name a pattern can give fits in 255 bytes",
        "docgen/store/numbers.py",
        "    if name_bytes > MAX_NAME_BYTES:",
        "    if False:",
        _k("tests/test_number_patterns.py", "too_long"),
    ),
    Breach(
        "seq-cap",
        "a counter stops at nine digits, the longest the length check allows for",
        "docgen/store/numbers.py",
        "    if seq > MAX_SEQ:",
        "    if False:",
        _k("tests/test_number_patterns.py", "past_nine_digits"),
    ),
    Breach(
        "pattern-overlap",
        "two types whose patterns can print the same number are refused when the project file loads",
        "docgen/config.py",
        "        overlap = overlap_problem(patterns)",
        "        overlap = None",
        _k("tests/test_number_patterns.py", "collide or differ_only_in_case"),
    ),
    Breach(
        "overlap-wider-seq",
        "{seq:0N} is known to grow past N digits, so {seq:03} and {seq:04} meet at 1000",
        "docgen/store/numbers.py",
        "            if digits > width:",
        "            if digits == max(width, 1):",
        _k("tests/test_number_patterns.py", "collide or overlapping"),
    ),
    Breach(
        "overlap-case",
        "patterns that differ only in letter case count as overlapping: one file where case is ignored",
        "docgen/store/numbers.py",
        "    folded = common_number(first, second, fold=True)",
        "    folded = None",
        _k("tests/test_number_patterns.py", "differ_only_in_case"),
    ),
    Breach(
        "search-casefold",
        "search folds case with str.casefold, so WEISS finds Weiß on both backends",
        "docgen/store/search.py",
        "    return text.casefold()",
        "    return text.lower()",
        _k("tests/test_search.py", "folds_case"),
    ),
    Breach(
        "search-decided-in-python",
        "the database only narrows a search; docgen decides each match the same way on both backends",
        "docgen/store/register.py",
        "            return self._searched(search, condition, params)\n",
        "            pass\n",
        _k("tests/test_search.py", "folds_case"),
    ),
    Breach(
        "search-probe-caseless",
        "the database narrows a search only on characters no case rule changes, so it never drops a match",
        "docgen/store/search.py",
        '_CASELESS = frozenset(("Lo",',
        '_CASELESS = frozenset(("Ll", "Lo",',
        _k("tests/test_search.py", "folds_case or come_only_from_themselves"),
    ),
    # -- layout: long text and the size of one document
    Breach(
        "wrap-long-runs",
        "a run too long for its column wraps inside the PDF page",
        "templates/_base/letter.css",
        "body { margin: 0; overflow-wrap: anywhere; }",
        "body { margin: 0; }",
        _k("tests/test_layout.py", "pdf_page and offer_letter and zh_CN"),
    ),
    Breach(
        "fixed-tables",
        "a document with a long run lays its PDF tables out at fixed widths, in seconds rather than minutes",
        "docgen/render/pdf.py",
        '{100}")  # 100 characters',
        '{100000}")  # 100 characters',
        _k("tests/test_layout.py", "fixed_widths"),
    ),
    Breach(
        "chart-labels",
        "a chart label too long for the chart is cut into at most three lines",
        "docgen/render/charts.py",
        "    if len(lines) > MOST_LINES:",
        "    if False:",
        _k("tests/test_charts.py", "wrap"),
    ),
    Breach(
        "page-limit",
        "a PDF past the page limit stops with a clear error",
        "docgen/render/pdf.py",
        "        if isinstance(page, int) and page > MAX_PAGES:",
        "        if False:",
        _k("tests/test_layout.py", "page_limit"),
        time_limit=300,
    ),
    Breach(
        "layout-time-limit",
        "a PDF past the layout time limit stops with a clear error",
        "docgen/render/pdf.py",
        "        if time.monotonic() > self.deadline:",
        "        if False:",
        _k("tests/test_layout.py", "time_limit"),
        time_limit=300,
    ),
    # -- letters built by the kit: DOCX and PDF say the same words
    Breach(
        "letter-parity-offer",
        "the offer letter's PDF lists its benefits with the same markers as its DOCX",
        "docgen/kit/html_writer.py",
        """return f'<p class="item"{_clause(block.text)}>{block.text}</p>'""",
        """return f'<p class="item"{_clause(block.text)}>{block.text.removeprefix("· ")}</p>'""",
        _k("tests/test_parity.py", "same_words and offer_letter and zh_CN"),
    ),
    Breach(
        "letter-parity-certificate",
        "the resignation certificate's PDF closes with the same words as its DOCX",
        "docgen/kit/html_writer.py",
        'parts = [seal if line == OUR_SEAL else f"<p>{line}</p>" for line in block.lines]',
        'parts = [seal if line == OUR_SEAL else f"<p>{line}</p>" for line in block.lines[1:]]',
        _k("tests/test_parity.py", "same_words and resignation_certificate and en_US"),
    ),
    Breach(
        "letter-templates-built",
        "a letter's blanks to fill in by hand are empty lines in its DOCX, as in its PDF",
        "docgen/kit/docx_writer.py",
        'font(paragraph.add_run("\\u3000" * 8), SERIF).underline = True',
        'font(paragraph.add_run("＿" * 8), SERIF)',
        _k("tests/test_parity.py", "same_words and offer_letter and en_US"),
    ),
    Breach(
        "kit-facts-two-cells",
        "a facts row of the kit has a label and a value: another count names the file and line",
        "docgen/kit/source.py",
        "        if len(row.cells) != 2:",
        "        if False:",
        _k("tests/test_kit.py", "mistake and facts and two"),
    ),
    Breach(
        "kit-set-statement",
        "a kit set block takes no braces, which docxtpl's {%p %} would cut short",
        "docgen/kit/source.py",
        ' or "}" in statement or "{" in statement:',
        ":",
        _k("tests/test_kit.py", "mistake and set"),
    ),
    Breach(
        "kit-seal-options",
        "a seal box in a kit signature column takes only seal and ours",
        "docgen/kit/source.py",
        '    reader.check_options(item, _SEAL_OPTIONS, "a seal box", required=("seal",))\n',
        "",
        _k("tests/test_kit.py", "mistake and seal"),
    ),
    # -- speed and memory
    Breach(
        "shared-style-once",
        "a PDF batch parses the page's stylesheet once per process, not once per document",
        "docgen/render/pdf.py",
        "@lru_cache(maxsize=16)\ndef _parsed_style(",
        "@lru_cache(maxsize=0)\ndef _parsed_style(",
        _k("tests/test_pdf_reuse.py", "parses_the_page_stylesheet_once or plain_page_style"),
    ),
    Breach(
        "shared-style-fetcher",
        "a stylesheet parsed once for many PDFs fetches only inside the template folders",
        "docgen/render/pdf.py",
        "url_fetcher=FolderFetcher(folders), font_config=",
        "font_config=",
        _k("tests/test_pdf_reuse.py", "fetches_only_inside"),
    ),
    Breach(
        "shared-style-rank",
        "a page whose style would rank differently as a shared sheet keeps its own <style>",
        "docgen/render/pdf.py",
        "    if OTHER_STYLES.search(rest):",
        "    if False:",
        _k("tests/test_pdf_reuse.py", "ranks_differently"),
    ),
    Breach(
        "shared-style-rules",
        "a page whose style holds !important, @import or per-document rules keeps its own <style>",
        "docgen/render/pdf.py",
        'if found is None or any(word in found["css"].lower() for word in PER_DOCUMENT_RULES):',
        "if found is None:",
        _k("tests/test_pdf_reuse.py", "ranks_differently"),
    ),
    Breach(
        "warm-workers",
        "PDF workers are forked with the fonts already open, not opening them for their first document",
        "docgen/render/pool.py",
        '"pdf": "docgen.render.pdf_warm"}',
        '"pdf": "docgen.render.pdf"}',
        _k("tests/test_pdf_reuse.py", "fonts_open"),
    ),
    Breach(
        "width-cache",
        "a PDF worker measures a text for table and flex sizing once, not for every document",
        "docgen/render/pdf_widths.py",
        "    preferred.split_first_line = split_first_line\n",
        "    pass\n",
        _k("tests/test_pdf_reuse.py", "sizing_once"),
    ),
    Breach(
        "width-key-style",
        "a width measured once is reused only for the same text in the same font and text style",
        "docgen/render/pdf_widths.py",
        "values = repr(tuple(style[name] for name in STYLE_PROPERTIES))",
        'values = ""',
        _k("tests/test_pdf_reuse.py", "as_weasyprint_does"),
        time_limit=300,
    ),
    Breach(
        "width-key-width",
        "a width measured once is reused only for the same measure: narrowest or widest",
        "docgen/render/pdf_widths.py",
        "return (text, values, id(style.font_config), max_width, spacing",
        "return (text, values, id(style.font_config), 0, spacing",
        _k("tests/test_pdf_reuse.py", "as_weasyprint_does"),
        time_limit=300,
    ),
    Breach(
        "batch-spill",
        "a batch keeps its validated documents on disk between validation and rendering, not in memory",
        "docgen/batching.py",
        "        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)\n",
        "        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)\n"
        '        self.__dict__.setdefault("kept", []).append(item)\n',
        _k("tests/test_streaming.py", "hold_a_few"),
    ),
    Breach(
        "workers-start-early",
        "a batch's workers start before its records are validated",
        "docgen/batching.py",
        "    with start_workers(rendering(settings, locale, (fmt,)), (fmt,), jobs) as workers:",
        "    with start_workers(rendering(settings, locale, (fmt,)), (fmt,), 1) as workers:",
        _k("tests/test_startup.py", "started_before"),
    ),
    Breach(
        "records-streamed",
        "validate, render -d and issue read a sheet's records one at a time, not the whole file first",
        "docgen/inputs.py",
        "    return _not_empty(path, _records(path, model, sheet, group_by, templates))\n",
        "    return iter(list(_not_empty(path, _records(path, model, sheet, group_by, templates))))\n",
        _k("tests/test_streaming.py", "row_at_a_time"),
    ),
    Breach(
        "xlsx-rows-streamed",
        "an XLSX sheet's rows are parsed as they are read, not all before the first record",
        "docgen/xlsx.py",
        "    return SheetCells(cells.name, _read_through(cells.rows, archive, source), cells.epoch)\n",
        "    return SheetCells(cells.name, _read_through((r for r in list(cells.rows)), archive, source), cells.epoch)\n",
        _k("tests/test_spreadsheet.py", "sheet_is_read_row_by_row"),
    ),
    Breach(
        "csv-rows-streamed",
        "a CSV's rows are parsed as they are read, not all before the first record",
        "docgen/spreadsheet.py",
        "    return Sheet(str(path), header[1], _with_data(rows))\n",
        "    return Sheet(str(path), header[1], _with_data((r for r in list(rows))))\n",
        _k("tests/test_spreadsheet.py", "csv_is_read_row_by_row"),
    ),
    Breach(
        "csv-row-limit",
        "a CSV has at most 100,000 rows below its header",
        "docgen/spreadsheet.py",
        "                if number > MAX_ROWS + 1:\n",
        "                if False:\n",
        _k("tests/test_spreadsheet.py", "csv_longer_than_the_row_limit"),
    ),
    Breach(
        "text-file-size",
        "a YAML file, read whole, is at most 4 MB, a JSON file 16 MB",
        "docgen/inputs.py",
        "    if path.stat().st_size > limit:\n",
        "    if False:\n",
        _k("tests/test_inputs.py", "size_limit"),
    ),
    Breach(
        "plain-text-fast-path",
        "the fast path for plain text lets through no character the full rules refuse",
        "docgen/text.py",
        "\\u2010-\\u2027",
        "\\u2010-\\u202f",
        _k("tests/test_text.py", "fast_path or hidden_character"),
    ),
    Breach(
        "yaml-alias-fast-path",
        "YAML skips alias tracking only for a text that cannot hold an alias",
        "docgen/yaml_loader.py",
        '            self.may_alias = "*" in stream',
        "            self.may_alias = False",
        _k("tests/test_inputs.py", "aliases"),
        time_limit=60,
    ),
    Breach(
        "jobs-from-the-head",
        "the number of workers is found from the first records, without reading the whole file",
        "docgen/batching.py",
        "        head = list(islice(iterator, default_jobs() * chunk_size(formats) + 1))\n",
        "        head = list(iterator)\n",
        _k("tests/test_streaming.py", "head_of_the_records"),
    ),
    Breach(
        "lazy-cli",
        "docgen --help loads neither the flow nor a format library",
        "docgen/cli.py",
        "from .locale import Locale, as_locale\n",
        "from .locale import Locale, as_locale\nfrom .pipeline import render_document  # noqa: F401\n",
        _k("tests/test_startup.py", "command_line_loads"),
    ),
    Breach(
        "no-import-circles",
        "no module imports itself through others, not even from inside a function",
        "docgen/store/backend.py",
        "Row = tuple[Any, ...]\n",
        "Row = tuple[Any, ...]\n\n\ndef _adapter() -> object:\n    from . import sqlite\n\n    return sqlite\n",
        _k("tests/test_imports.py", "imports_itself"),
    ),
    Breach(
        "locale-knows-no-documents",
        "the locale layer formats values and imports no document model",
        "docgen/locale/formatting.py",
        "from ..money import round_cent\n",
        "from ..documents.common import round_cent\n",
        _k("tests/test_imports.py", "each_layer"),
    ),
    Breach(
        "face-only-for-outside-types",
        "docgen imports each name from the module that holds it, not from the face for type authors",
        "docgen/derive.py",
        "from .documents.base import DocumentModel\n",
        "from .documents.common import DocumentModel\n",
        _k("tests/test_imports.py", "face_for_type_authors"),
    ),
    Breach(
        "face-lists-its-names",
        "the face for type authors lists in __all__ exactly the names it hands on",
        "docgen/documents/common.py",
        '    "Period",\n',
        "",
        _k("tests/test_outside.py", "lists_what_it_hands_on"),
    ),
    Breach(
        "pool-calls-no-flow",
        "the worker pool is handed its work and never imports the flow",
        "docgen/render/pool.py",
        "from ..errors import DocgenError\n",
        "from ..errors import DocgenError\nfrom ..pipeline import render_document  # noqa: F401\n",
        ("tests/test_imports.py", "tests/test_startup.py", "-k", "each_layer or calls_no_flow"),
    ),
    Breach(
        "work-preloaded",
        "the fork server imports the work's module before it forks the workers",
        "docgen/render/pool.py",
        '    return [module] if isinstance(module, str) and module != "__main__" else []\n',
        "    return []\n",
        _k("tests/test_startup.py", "work_loaded"),
    ),
    Breach(
        "lazy-docx",
        "a worker rendering PDF or HTML never loads python-docx",
        "docgen/pipeline.py",
        "from .render.environment import range_budget, shared_environment\n",
        "from .render.docx import render_docx  # noqa: F401\nfrom .render.environment import range_budget, shared_environment\n",
        _k("tests/test_startup.py", "worker_loads"),
    ),
    # -- errors
    Breach(
        "no-locals-in-debug",
        "--debug shows where an error happened, never local values",
        "docgen/cli.py",
        "_echo(redact(traceback.format_exc().rstrip()), err=True)",
        '_echo(redact("".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())), err=True)',
        _k("tests/test_hostile.py", "unexpected_errors"),
    ),
    # -- the register's chain and re-issued files
    Breach(
        "chain-mac",
        "an event edited, its later MACs recomputed without the key, breaks the chain",
        "docgen/store/chain.py",
        "        if not hmac.compare_digest(event.expected_mac(key, previous), event.mac):\n",
        "        if False:\n",
        _k("tests/test_chain.py", "recomputed or key_file"),
    ),
    Breach(
        "chain-rows",
        "a state row edited or deleted (void set back to issued) differs from the replayed events",
        "docgen/store/chain.py",
        "    _compare(replay(events), stored_state(db))\n",
        "    replay(events)\n",
        _k("tests/test_chain.py", "void_row_set_back or deleted_row or older_register"),
    ),
    Breach(
        "chain-head",
        "deleting the last events is caught by the head kept outside the database",
        "docgen/store/chain.py",
        "    head = _check_head(identity, events)\n",
        "    head = None\n",
        _k("tests/test_chain.py", "deleting_the_last or doctor_names"),
    ),
    Breach(
        "chain-commit-order",
        "PostgreSQL writers chain their events one at a time, in commit order",
        "docgen/store/postgres.py",
        '        self.query("SELECT pg_advisory_xact_lock(?)", (_CHAIN_LOCK,))\n',
        "        pass\n",
        _k("tests/test_concurrency.py", "eight_processes and postgresql"),
        time_limit=300,
    ),
    Breach(
        "verify-vouches",
        "verify says so when the register's chain is broken",
        "docgen/issuing.py",
        "        _vouched(register, path)\n",
        "",
        _k("tests/test_chain.py", "void_row_set_back"),
    ),
    Breach(
        "reissue-missing-files",
        "an issued record issued again writes its missing files, in this output folder, under the same number",
        "docgen/issuing.py",
        "        if earlier is not None and _copies_in_place(self.register, self.namer, item, earlier):\n",
        "        if earlier is not None:\n",
        _k("tests/test_reissue_files.py", "deleted_files or another_output"),
    ),
    Breach(
        "every-hash-kept",
        "a copy sent before its number was written again with other bytes still verifies",
        "docgen/store/register.py",
        "SELECT 1 FROM docgen_hashes g WHERE",
        "SELECT 1 FROM docgen_files g WHERE",
        _k("tests/test_reissue_files.py", "other_bytes"),
    ),
    # -- text the register stores and prints
    Breach(
        "register-door",
        "what the register stores or looks up from the command line holds no control character",
        "docgen/cli.py",
        "    reason = None if value is None else forbidden_character(value, one_line=True)",
        "    reason = None",
        _k("tests/test_register_cli.py", "refuse_control or not_utf8_on_the_command_line"),
    ),
    Breach(
        "derive-number-plain",
        "derive --from looks up in the register only text that can be a number",
        "docgen/cli.py",
        " or Path(number).suffix or forbidden_character(number, one_line=True):",
        " or Path(number).suffix:",
        _k("tests/test_register_cli.py", "derive_from_a_name"),
    ),
    Breach(
        "printed-escaped",
        "every line docgen prints, errors and JSON included, shows controls as escapes",
        "docgen/cli.py",
        "    typer.echo(printable(text), err=err)",
        "    typer.echo(text, err=err)",
        _k("tests/test_register_cli.py", "escaped"),
        also=(
            ('printable(redact(error.message)).split("\\n")', "redact(error.message).splitlines()"),
            ("sys.stdout.write(printable(as_json", "sys.stdout.write((as_json"),
        ),
    ),
    Breach(
        "register-cells-escaped",
        "register lines, CSV and XLSX show stored controls as escapes",
        "docgen/store/export.py",
        '    return " ".join(printable(text or "").split())',
        '    return " ".join((text or "").split())',
        _k("tests/test_register_cli.py", "list_prints_stored_controls"),
        also=(("else printable(str(value)) for value in values]", "else str(value) for value in values]"),),
    ),
    Breach(
        "stored-reasons-escaped",
        "a void reason is stored with its controls escaped, whoever gives it",
        "docgen/store/register.py",
        "        stored = printable(reason)\n",
        "        stored = reason\n",
        _k("tests/test_register_cli.py", "stores_reasons"),
    ),
    Breach(
        "sqlite-bytes-not-utf8",
        "bytes that are not UTF-8 stored by another client are read as escapes, not as an error",
        "docgen/store/sqlite.py",
        '            self._db.text_factory = lambda raw: raw.decode("utf-8", "backslashreplace")\n',
        "",
        _k("tests/test_register_cli.py", "stored_by_another_client"),
    ),
    # -- the kit's writers: the Word file and the PDF of nda and project_retrospective say the same
    Breach(
        "nda-docx-pdf-parity",
        "an NDA's PDF says what its Word file says, in every form (the mutual form's seal box for the other party)",
        "docgen/kit/docx_writer.py",
        "if seal.ours else seal.text",
        'if seal.ours else ""',
        _k("tests/test_parity.py", "same_words and nda and en_US"),
    ),
    Breach(
        "retrospective-docx-pdf-parity",
        "a retrospective's PDF leaves out the fact rows its Word file leaves out",
        "docgen/kit/html_writer.py",
        """        lines.append(_wrapped(row, f"<tr><th>{label}</th>{value_tag}{value}</td></tr>"))""",
        """        lines.append(f"<tr><th>{label}</th>{value_tag}{value}</td></tr>")""",
        _k("tests/test_parity.py", "same_words and project_retrospective and zh_TW"),
    ),
    Breach(
        "html-built-from-structure",
        "a slip's title is in the PDF as in the Word file",
        "docgen/kit/html_writer.py",
        """out.append(f'<section class="slip"{_ENDS}><h2>{block.title}</h2>')""",
        """out.append(f'<section class="slip"{_ENDS}>')""",
        _k("tests/test_parity.py", "same_words and offer_letter and zh_TW"),
    ),
    # -- type facts, type settings and fields files
    Breach(
        "type-settings-strict",
        "a type's settings model must refuse unknown keys, so a mistyped [types.<type>] key is an error",
        "docgen/registry.py",
        '    if cls.settings_model is not None and cls.settings_model.model_config.get("extra") != "forbid":\n',
        "    if False:\n",
        _k("tests/test_type_facts.py", "must_refuse_unknown_keys"),
    ),
    Breach(
        "type-settings-unknown",
        "[types.<name>] for an unknown type, or a type that takes no settings, is a config error",
        "docgen/config.py",
        '            problems.append(Problem(source, f"types.{name}", why))\n',
        "            pass\n",
        _k("tests/test_type_facts.py", "bad_type_settings"),
    ),
    Breach(
        "type-settings-context",
        "a type's settings reach its validators",
        "docgen/validation.py",
        '"type_settings": type_settings}',
        '"type_settings": None}',
        _k("tests/test_type_facts.py", "reach_its_validators"),
    ),
    Breach(
        "type-facts-checked",
        "a type citing or derived from an unknown type is refused when the registry loads",
        "docgen/registry.py",
        "        if other not in names:\n",
        "        if False:\n",
        _k("tests/test_type_facts.py", "citing_an_unknown_type"),
    ),
    Breach(
        "fields-duplicate-key",
        "a label given twice in a fields file is refused, not silently replaced by the last",
        "docgen/locale/fields.py",
        "            if key in seen:\n",
        "            if False:\n",
        _k("tests/test_type_facts.py", "malformed_fields_file"),
    ),
    Breach(
        "fields-unknown-section",
        "a misspelt section of a fields file is refused, not ignored",
        "docgen/locale/fields.py",
        "    if unknown:\n",
        "    if False:\n",
        _k("tests/test_type_facts.py", "malformed_fields_file"),
    ),
    Breach(
        "fields-office-sheets",
        "an office's fields file titles its spreadsheets' columns and labels their choices",
        "docgen/inputs.py",
        "    yield from sheet_records(table, model, group_by, templates)\n",
        "    yield from sheet_records(table, model, group_by)\n",
        _k("tests/test_type_facts.py", "titles_its_sheets"),
    ),
    Breach(
        "message-fields-only",
        "an office's message wording names parameters only; it cannot walk their attributes or items",
        "docgen/locale/fields.py",
        "        if not field_name.isidentifier():\n",
        "        if False:\n",
        _k("tests/test_type_facts.py", "cannot_reach_beyond"),
    ),
    Breach(
        "message-short-spec",
        "an office's message wording cannot pad a value to a huge width",
        "docgen/locale/fields.py",
        "        if not _SHORT_SPEC.fullmatch(format_spec):\n",
        "        if False:\n",
        _k("tests/test_type_facts.py", "cannot_reach_beyond"),
    ),
    Breach(
        "shared-messages-fallback",
        "a shared rule's message (fees, periods) is worded from templates/_base for every type",
        "docgen/locale/fields.py",
        "    wording = own[key] if key in own else shared_messages(locale, templates).get(key, english)\n",
        "    wording = own.get(key, english)\n",
        _k("tests/test_messages.py", "worded_in_zh_cn or raised_again or overrides_the_shared"),
    ),
    Breach(
        "shared-messages-type-first",
        "a type's own fields file words a shared rule before the shared file does",
        "docgen/locale/fields.py",
        "    wording = own[key] if key in own else shared_messages(locale, templates).get(key, english)\n",
        "    wording = shared_messages(locale, templates).get(key, own.get(key, english))\n",
        _k("tests/test_messages.py", "before_the_shared_file"),
    ),
    Breach(
        "shared-messages-sections",
        "the shared fields file holds messages only; anything else in it is refused, not ignored",
        "docgen/locale/fields.py",
        '    if not isinstance(data, dict) or set(data) - {"messages"}:\n',
        "    if not isinstance(data, dict):\n",
        _k("tests/test_messages.py", "malformed_shared_file"),
    ),
    Breach(
        "violation-keeps-key",
        "a shared rule raised again against the whole keeps its key, so it is still worded per locale",
        "docgen/documents/violations.py",
        "        return type(self)(field, str(self), self.key, **self.params)\n",
        "        return type(self)(field, str(self))\n",
        _k("tests/test_messages.py", "raised_again"),
    ),
    Breach(
        "violations-by-key",
        "no model raises a rule's message as plain English, which no locale could word",
        "docgen/documents/pricing.py",
        '            raise RuleViolation.shared("monthly_fee", "fee_required")\n',
        '            raise RuleViolation("monthly_fee", "give a monthly fee, a commission, or both")\n',
        _k("tests/test_messages.py", "raised_by_key"),
    ),
    Breach(
        "message-wording-complete",
        "every message a type can raise is worded in every locale",
        "templates/_base/fields.zh_CN.yaml",
        '  fee_required: "须约定月服务费、佣金，或两者兼有"\n',
        "",
        _k("tests/test_messages.py", "every_message_a_type_can_raise"),
    ),
    Breach(
        "message-english-in-step",
        "the en_US fields files word each message as the validators (and so the CLI) do",
        "templates/_base/fields.en_US.yaml",
        '  fee_required: "give a monthly fee, a commission, or both"\n',
        '  fee_required: "give a fee"\n',
        _k("tests/test_messages.py", "validators_own"),
    ),
    # -- the kit: templates built from structure.yaml and wording.<locale>.yaml
    Breach(
        "kit-unknown-option",
        "an option a block does not take is an error naming the file and line",
        "docgen/kit/source.py",
        "            if key not in allowed:\n",
        "            if key not in allowed and False:\n",
        _k("tests/test_kit.py", "mistake_in_a_source"),
    ),
    Breach(
        "kit-missing-wording",
        "a wording key missing in a locale is an error naming the wording file and the structure's line",
        "docgen/kit/source.py",
        "        if key not in self.wording:\n",
        "        if key not in self.wording and False:\n",
        _k("tests/test_kit.py", "mistake_in_a_source or broken_office_wording"),
    ),
    Breach(
        "kit-unused-wording",
        "a wording key the structure never uses is an error",
        "docgen/kit/source.py",
        "            if key not in self.used:\n",
        "            if False:\n",
        _k("tests/test_kit.py", "mistake_in_a_source"),
    ),
    Breach(
        "kit-aliases",
        "a YAML alias in a kit source is refused before anything expands it",
        "docgen/kit/yamlfile.py",
        "        if self.check_event(yaml.AliasEvent):\n",
        "        if False:\n",
        _k("tests/test_kit.py", "mistake_in_a_source"),
    ),
    Breach(
        "kit-cache-key",
        "the cached build is keyed on the wording too: a changed wording builds again",
        "docgen/kit/build.py",
        "    for path in (source.structure, source.wording):\n",
        "    for path in (source.structure,):\n",
        _k("tests/test_kit.py", "cached_by_the_hash"),
    ),
    Breach(
        "kit-source-symlinks",
        "a structure or wording file symlinked outside its templates folder is refused",
        "docgen/render/templates.py",
        "            return _inside(root, name)\n",
        "            return root / name\n",
        _k("tests/test_kit.py", "linked_out_of_the_folder"),
    ),
    Breach(
        "kit-per-locale-override",
        "an office's wording for one locale is used, each source file looked up along the search path",
        "docgen/render/templates.py",
        '    return Source(type_name, locale, structure, _first(folders, f"{type_name}/{wording_file(locale)}"))\n',
        '    return Source(type_name, locale, structure, _first(folders[-1:], f"{type_name}/{wording_file(locale)}"))\n',
        _k("tests/test_kit.py", "override_one_locales_wording or changed_in_a_copy"),
    ),
    Breach(
        "kit-build-ahead",
        "a batch builds its templates before its workers start, so workers never build",
        "docgen/batching.py",
        "    build_ahead(type_name, (fmt,), locale, settings.templates)\n",
        "",
        _k("tests/test_kit.py", "before_its_workers"),
    ),
    Breach(
        "kit-build-ahead-issue",
        "issuing builds its templates before its workers start, so workers never build",
        "docgen/issuing.py",
        '    build_ahead(type_name, (*job.formats, "html"), job.locale, settings.templates)  # HTML: the clauses\' text\n',
        "",
        _k("tests/test_kit.py", "before_its_workers"),
    ),
    Breach(
        "kit-syntax",
        "a Jinja mistake in one wording text or literal is reported at its own line",
        "docgen/kit/source.py",
        "        _PARSER.parse(text)\n",
        "        pass\n",
        _k("tests/test_kit.py", "mistake_in_a_source"),
    ),
    Breach(
        "kit-table-columns",
        "every row of a kit table has as many cells as its header",
        "docgen/kit/source.py",
        "    if any(count != columns for count in counts):\n",
        "    if False:\n",
        _k("tests/test_kit.py", "mistake_in_a_source"),
    ),
    Breach(
        "kit-file-size",
        "a kit source file over 1 MB is refused before it is parsed",
        "docgen/kit/yamlfile.py",
        "    if path.stat().st_size > MAX_BYTES:\n",
        "    if False:\n",
        _k("tests/test_kit.py", "larger_than"),
    ),
    # -- templates an office can own: template copy, check and diff, Word-only overrides
    Breach(
        "word-only-no-pdf",
        "an office's Word-only template never gets the bundled wording for a PDF or HTML",
        "docgen/render/templates.py",
        "            _refuse_word_only(root, type_name, locale)\n",
        "            pass\n",
        _k("tests/test_template_copy.py", "word_only_override_serves"),
    ),
    Breach(
        "copy-no-overwrite",
        "template copy replaces an office's files only with --force",
        "docgen/template_copy.py",
        "    if existing and not force:\n",
        "    if False:\n",
        _k("tests/test_template_copy.py", "refuses_to_overwrite"),
        also=(("write_atomically(t, s.read_bytes(), force=force)", "write_atomically(t, s.read_bytes(), force=True)"),),
    ),
    Breach(
        "copy-inside",
        "template copy writes nothing outside the folder it was given",
        "docgen/template_copy.py",
        "    if not path.resolve().is_relative_to(root.resolve()):\n",
        "    if False:\n",
        _k("tests/test_template_copy.py", "never_writes_outside"),
    ),
    Breach(
        "diff-hash",
        "template diff reports a bundled file changed since the copy",
        "docgen/template_copy.py",
        "    elif sha256(bundled) != recorded:\n",
        "    elif False:\n",
        _k("tests/test_template_copy.py", "bundled_fix"),
    ),
    Breach(
        "check-doc-paths",
        "template check names a doc. path the model lacks, in wording, HTML and Word templates",
        "docgen/template_check.py",
        "            if unknown:\n",
        "            if False:\n",
        _k("tests/test_template_check.py", "model_lacks or html_template or word_only"),
    ),
    Breach(
        "check-filters",
        "template check names an unknown filter",
        "docgen/template_check.py",
        "            if node.name not in names:\n",
        "            if False:\n",
        _k("tests/test_template_check.py", "unknown_filter or word_only"),
    ),
    Breach(
        "check-names",
        "template check names a name that comes from nowhere",
        "docgen/template_check.py",
        '            if node.ctx == "load" and node.name not in known:\n',
        "            if False:\n",
        _k("tests/test_template_check.py", "from_nowhere"),
    ),
    Breach(
        "check-syntax",
        "template check reports every Jinja syntax error at its line",
        "docgen/template_check.py",
        '            self.problem(text.file, text.line + (error.lineno or 1) - 1, error.message or "syntax error")\n',
        "            pass\n",
        _k("tests/test_template_check.py", "syntax_error"),
    ),
    Breach(
        "check-keys",
        "template check reports every wording key missing from a locale or never used",
        "docgen/template_check.py",
        "                for file, line, message in key_problems(structure, wording):\n",
        "                for file, line, message in key_problems(structure, wording)[:1]:\n",
        _k("tests/test_template_check.py", "missing_and_unused"),
    ),
    Breach(
        "check-clauses",
        "template check reports a reference to a clause the outline lacks",
        "docgen/template_check.py",
        "            elif path[0] not in keys:\n",
        "            elif False:\n",
        _k("tests/test_template_check.py", "clause_the_outline_lacks"),
    ),
    Breach(
        "check-shown",
        "template check warns of a data field that no locale shows",
        "docgen/template_check.py",
        "            if not any(field[: len(path)] == path or path[: len(field)] == field for path in used):\n",
        "            if False:\n",
        _k("tests/test_template_check.py", "no_locale_shows"),
    ),
    Breach(
        "check-exit",
        "template check exits 1 when it finds a problem",
        "docgen/cli.py",
        "    if errors:\n",
        "    if False:\n",
        _k("tests/test_template_check.py", "model_lacks"),
    ),
    # -- outside types: type folders, packages and template new
    Breach(
        "outside-chosen-config",
        "a docgen.toml merely found in the current folder cannot name type folders: they are code",
        "docgen/config.py",
        '    return bool(explicit or os.environ.get("DOCGEN_CONFIG")) or path == user_config()\n',
        "    return True\n",
        _k("tests/test_outside.py", "current_folder_cannot_load_code"),
    ),
    Breach(
        "outside-duplicate",
        "an outside type named like a bundled or another outside type is refused, naming both origins",
        "docgen/registry.py",
        "        if cls.type_name in types:\n            raise ConfigError(",
        "        if False:\n            raise ConfigError(",
        _k("tests/test_outside.py", "refused_naming_both"),
    ),
    Breach(
        "outside-import-error",
        "a type module that fails to import is a ConfigError naming its file, not a traceback",
        "docgen/outside.py",
        "    except Exception as error:  # the office's code: any failure is its file's problem, not a traceback\n",
        "    except ImportError as error:\n",
        _k("tests/test_outside.py", "import_error_names_the_file"),
    ),
    Breach(
        "outside-in-workers",
        "a render worker, which starts afresh, puts the settings' type folders in use to find their templates",
        "docgen/pipeline.py",
        "    keep_type_folders(settings.type_folders)",
        "    pass",
        _k("tests/test_outside.py", "worker_processes"),
    ),
    Breach(
        "outside-entry-point-cache",
        "entry points are scanned again when, and only when, a folder on sys.path changed",
        "docgen/outside.py",
        '        if kept["key"] == key:\n',
        "        if True:\n",
        _k("tests/test_outside.py", "scanned_again_only_when"),
    ),
    Breach(
        "outside-entry-point-rescan",
        "installing or removing a package (a changed folder on sys.path) makes the next command scan again",
        "docgen/outside.py",
        "    key = [[entry, os.stat(entry).st_mtime_ns] for entry in sys.path",
        "    key = [[entry, 0] for entry in sys.path",
        _k("tests/test_outside.py", "scanned_again_only_when"),
    ),
    Breach(
        "outside-in-doctor",
        "doctor lists every outside type in use with its origin",
        "docgen/doctor.py",
        '    return [Check("outside type", True, f"{name}: {origin}") for name in types if (origin := type_origin(name))]\n',
        "    return []\n",
        _k("tests/test_outside.py", "doctor_know_an_outside_type"),
    ),
    Breach(
        "template-new-name",
        "template new refuses a name an existing type has",
        "docgen/scaffold.py",
        "    if name in document_types():\n",
        "    if False:\n",
        _k("tests/test_outside.py", "refuses_a_name"),
    ),
    # -- labels: templates word fields and choices through the fields file
    Breach(
        "label-from-fields",
        "a template's label filter prints the fields file's label, which an office may edit",
        "docgen/render/environment.py",
        "    found = fields.field_label(type_name, locale, path, templates)\n",
        "    found = path\n",
        _k("tests/test_labels.py", "field_label_edited"),
    ),
    Breach(
        "choice-label-from-office",
        "a choice label edited in an office's fields file reaches the DOCX and the PDF",
        "docgen/locale/fields.py",
        "    own = type_fields(type_name, locale, templates)\n",
        "    own = type_fields(type_name, locale)\n",
        _k("tests/test_labels.py", "choice_label_edited"),
    ),
    Breach(
        "label-fallback",
        "an office's fields file that words only some labels leaves the bundled ones to the documents",
        "docgen/locale/fields.py",
        "    return [own] if templates is None else [own, type_fields(type_name, locale)]\n",
        "    return [own]\n",
        _k("tests/test_type_facts.py", "fields_file_overrides_the_bundled_one"),
    ),
    Breach(
        "label-unknown-path",
        "a label path the fields file lacks fails the render, naming the path",
        "docgen/render/environment.py",
        '        raise TemplateRuntimeError(f"choice_label {path!r}: {file} has no {path} in choices")\n',
        "        return code\n",
        _k("tests/test_labels.py", "unknown_label_path_fails"),
    ),
    Breach(
        "check-label-paths",
        "template check reports a label path the fields file lacks at its file and line",
        "docgen/template_check.py",
        "            self.check_labels(text, ast)\n",
        "",
        _k("tests/test_labels.py", "check_reports_an_unknown_label"),
    ),
    Breach(
        "wording-repeats-label",
        "a bundled wording that repeats a fields file label is found",
        "templates/offer_letter/wording.zh_CN.yaml",
        """position_label: '{{ "position.title" | label }}'\n""",
        "position_label: 职位\n",
        _k("tests/test_labels.py", "no_wording_repeats and offer_letter-zh_CN"),
    ),
    # -- the rulebook's date rules, compared with the document's issue_date
    Breach(
        "handover-by-issue",
        "a resignation certificate attests no handover completed after its issue date",
        "docgen/documents/resignation_certificate.py",
        "self.handover.completed_on > self.issue_date:",
        "self.handover.completed_on > self.issue_date + timedelta(days=1):",
        _k("tests/test_date_rules.py", "handover"),
    ),
    Breach(
        "separation-by-issue",
        "a resignation certificate is issued on or after the separation date",
        "docgen/documents/resignation_certificate.py",
        "self.issue_date < self.termination_date:",
        "self.issue_date < self.termination_date - timedelta(days=1):",
        _k("tests/test_date_rules.py", "separation_date"),
    ),
    Breach(
        "paid-by-issue",
        "a settlement statement lists no payment received after its issue date",
        "docgen/documents/settlement_statement.py",
        "            if payment.paid_on > issued:\n",
        "            if False:\n",
        _k("tests/test_date_rules.py", "payment or paid_on"),
    ),
    Breach(
        "fapiao-by-issue",
        "a settlement statement lists no fapiao issued after its issue date",
        "docgen/documents/settlement_statement.py",
        "self.invoice.issued_on > issued:",
        "self.invoice.issued_on > issued + timedelta(days=1):",
        _k("tests/test_date_rules.py", "fapiao or issued_on"),
        also=(("from datetime import date\n", "from datetime import date, timedelta\n"),),
    ),
    Breach(
        "due-from-signing",
        "no instalment falls due before the contract is signed",
        "docgen/documents/service_contract.py",
        "item.due < self.issue_date:",
        "item.due < self.issue_date - timedelta(days=1):",
        _k("tests/test_date_rules.py", "signing"),
    ),
    Breach(
        "due-within-grace",
        "no instalment falls due after the end of service plus the grace period",
        "docgen/documents/service_contract.py",
        "        latest = self.service_period.end + timedelta(days=grace)\n",
        "        latest = self.service_period.end + timedelta(days=grace + 1)\n",
        _k("tests/test_date_rules.py", "grace"),
    ),
    Breach(
        "grace-from-settings",
        "the grace period is read from [types.service_contract], not fixed at its default",
        "docgen/documents/service_contract.py",
        "        grace = (type_settings(info) or ServiceContractSettings()).payment_grace_days\n",
        "        grace = ServiceContractSettings().payment_grace_days\n",
        _k("tests/test_date_rules.py", "type_setting or no_grace"),
    ),
    # -- typed citations (issue and validate)
    Breach(
        "cite-wrong-type",
        "a citation of a document of another type than the field declares is refused",
        "docgen/citations.py",
        "    if entry.type_name != cited_type:\n",
        "    if False:\n",
        _k("tests/test_citations.py", "wrong_type"),
    ),
    Breach(
        "cite-other-company",
        "a citation of another company's number is refused, saying whose it is",
        "docgen/citations.py",
        "    entry = next((item for item in found if item.entity == entity), None)\n",
        "    entry = next(iter(found), None)\n",
        _k("tests/test_citations.py", "another_company"),
    ),
    Breach(
        "cite-unknown",
        "a citation of a number not in the register is refused",
        "docgen/citations.py",
        '        return "is not in the register"\n',
        '        return ""\n',
        _k("tests/test_citations.py", "unknown_number"),
    ),
    Breach(
        "cite-void",
        "a citation of a void number is refused",
        "docgen/citations.py",
        '        return f"is void ({entry.reason})"\n',
        '        return ""\n',
        _k("tests/test_citations.py", "void_number"),
    ),
    Breach(
        "cite-reserved",
        "a citation of a number reserved but not issued is refused",
        "docgen/citations.py",
        '        return "is reserved but not issued"\n',
        '        return ""\n',
        _k("tests/test_citations.py", "reserved_number"),
    ),
    Breach(
        "cite-later",
        "a citation of a document whose issue_date is later than the citing one's is refused",
        "docgen/citations.py",
        "date.fromisoformat(str(stored)) <= issued_on",
        "True",
        _k("tests/test_citations.py", "issued_later"),
    ),
    Breach(
        "cite-from-cites",
        "every field in cites is a checked citation (a contract's proposal_number among them)",
        "docgen/documents/base.py",
        "            for field_path, cited_type in self.cites.items()\n",
        '            for field_path, cited_type in self.cites.items()\n            if field_path != "proposal_number"\n',
        _k("tests/test_citations.py", "proposal_number_is_a_checked"),
    ),
    Breach(
        "validate-cites",
        "validate checks citations when a register is in use",
        "docgen/validation.py",
        "            check(record, document)\n",
        "            pass\n",
        _k("tests/test_citations.py", "refused and sqlite or default_register"),
    ),
    Breach(
        "validate-skips-aloud",
        "validate says on stderr that it skipped the citation check when no register is in use",
        "docgen/cli.py",
        "    if not in_use and get_type(type_name).cites:\n",
        "    if False:\n",
        _k("tests/test_citations.py", "skipped_the_check"),
    ),
    Breach(
        "validate-read-only",
        "validate never creates a register",
        "docgen/citations.py",
        "    with open_register_read_only(database) as register:\n",
        '    with __import__("docgen.store").store.open_register(database) as register:\n',
        _k("tests/test_citations.py", "never_creates"),
    ),
    # -- what the register keeps at issue, and the chain in view (register show)
    Breach(
        "outline-kept",
        "issue keeps each clause of the document, numbered, in the register",
        "docgen/store/kept.py",
        "    for position, clause in enumerate(kept.clauses, 1):\n",
        "    for position, clause in enumerate((), 1):\n",
        _k("tests/test_register_show.py", "keeps_each_clause and sqlite"),
    ),
    Breach(
        "outline-text-marked",
        "the HTML marks each clause, so the register keeps its text as rendered",
        "docgen/kit/html_writer.py",
        """        return f' data-clause="{found.group(1)}"'\n""",
        '        return ""\n',
        _k("tests/test_register_show.py", "keeps_each_clause and sqlite"),
    ),
    Breach(
        "outline-after-wording-change",
        "the kept outline is what was signed: a later change of wording does not reach it",
        "docgen/store/kept.py",
        '        "SELECT clause_key, reference, text FROM docgen_clauses WHERE entity = ? AND number = ? ORDER BY position",\n',
        '        "SELECT clause_key, reference, text FROM docgen_clauses WHERE entity = ? AND number <> ? ORDER BY position",\n',
        _k("tests/test_register_show.py", "what_was_signed"),
    ),
    Breach(
        "outline-in-chain",
        "register check compares the kept clauses and citations with the digest the issue event holds",
        "docgen/store/chain.py",
        "    for where, digest in kept.stored_digests(db).items() if with_kept else ():\n",
        "    for where, digest in kept.stored_digests(db).items() if False else ():\n",
        _k("tests/test_register_show.py", "edited_clause_breaks_the_chain and sqlite"),
    ),
    Breach(
        "outline-before-kept",
        "a document issued before the register kept outlines says so, rather than showing an empty outline",
        "docgen/store/kept.py",
        "    if digest is None:\n        return None\n",
        "    if False:\n        return None\n",
        _k("tests/test_register_show.py", "register_from_before and sqlite"),
    ),
    Breach(
        "citations-kept",
        "issue keeps the numbers a document cites, so what cites a number is a lookup",
        "docgen/store/kept.py",
        "    for citation in kept.citations:\n",
        "    for citation in ():\n",
        _k("tests/test_register_show.py", "first_document and sqlite"),
    ),
    Breach(
        "chain-descendants-recursive",
        "register show follows what cites a number down to the last document, not one level",
        "docgen/lineage.py",
        "            self.descend(child, seen)\n",
        "            pass\n",
        _k("tests/test_register_show.py", "first_document and sqlite"),
    ),
    Breach(
        "chain-ancestors",
        "register show from any number shows its ancestors up to the first document",
        "docgen/lineage.py",
        "                if parent.number not in found and parent.number != self.start.number:\n",
        "                if False:\n",
        _k("tests/test_register_show.py", "(from_the_middle or last_document) and sqlite"),
    ),
    Breach(
        "chain-cycle-guard",
        "a cycle in an edited register is shown once and marked, so register show ends",
        "docgen/lineage.py",
        "            if number in seen:\n",
        "            if False:\n",
        _k("tests/test_register_show.py", "cycle and sqlite"),
    ),
    Breach(
        "outline-word-only",
        "a type with an office's Word-only template still issues in DOCX, its clauses kept without text",
        "docgen/pipeline.py",
        "        with contextlib.suppress(TemplateFailure):  # no HTML template (a Word-only one): the clauses without text\n",
        "        with contextlib.nullcontext():\n",
        _k("tests/test_register_show.py", "word_only"),
    ),
]


def _edits(breach: Breach) -> tuple[tuple[str, str], ...]:
    return ((breach.intact, breach.broken), *breach.also)


def _check(breach: Breach) -> None:
    text = (ROOT / breach.file).read_text(encoding="utf-8")
    for intact, _ in _edits(breach):
        count = text.count(intact)
        if count != 1:
            raise SystemExit(f"{breach.name}: the guard's code occurs {count} times in {breach.file}; update this list")


def _copy_project(folder: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(source, folder / name)


def _break(folder: Path, breach: Breach) -> None:
    path = folder / breach.file
    text = path.read_text(encoding="utf-8")
    for intact, broken in _edits(breach):
        text = text.replace(intact, broken)
    if path.suffix == ".py":
        compile(text, str(path), "exec")  # a breach must break the guard, not the syntax
    path.write_text(text, encoding="utf-8")


def _run_tests(folder: Path, tests: tuple[str, ...], time_limit: int) -> tuple[str, float]:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    environment = {**os.environ, "PYTHONPATH": str(folder)}
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=folder, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "hung", time.monotonic() - started
    elapsed = time.monotonic() - started
    if process.returncode in (0, 1):
        return ("passed", "failed")[process.returncode], elapsed
    tail = output.decode(errors="replace").strip().splitlines()[-3:]
    return f"error (pytest exit {process.returncode}: {' / '.join(tail)})", elapsed


def attempt(breach: Breach) -> tuple[Breach, str, float]:
    with tempfile.TemporaryDirectory(prefix=f"docgen-breach-{breach.name}-") as temporary:
        folder = Path(temporary)
        _copy_project(folder)
        _break(folder, breach)
        status, elapsed = _run_tests(folder, breach.tests, breach.time_limit)
    outcome = {"failed": "caught", "hung": "caught (tests hung)", "passed": "SURVIVED"}.get(status, status)
    return breach, outcome, elapsed


def unbroken_failures(breaches: list[Breach], jobs: int) -> list[str]:
    """The tests must pass in an intact copy, or a failure later would prove nothing."""
    selections = sorted({b.tests for b in breaches})
    with tempfile.TemporaryDirectory(prefix="docgen-intact-") as temporary:
        folder = Path(temporary)
        _copy_project(folder)
        with ThreadPoolExecutor(jobs) as pool:
            outcomes = pool.map(lambda tests: _run_tests(folder, tests, 300)[0], selections)
            return [" ".join(tests) for tests, outcome in zip(selections, outcomes, strict=True) if outcome != "passed"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these breaches")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="list the breaches and exit")
    arguments = parser.parse_args()
    chosen = [b for b in BREACHES if not arguments.names or b.name in arguments.names]
    if arguments.list:
        for breach in chosen:
            print(f"{breach.name:24} {breach.file:30} {breach.promise}")
        return 0
    for breach in chosen:
        _check(breach)
    failing = unbroken_failures(chosen, arguments.jobs)
    if failing:
        print("these tests fail even with every guard intact:", *failing, sep="\n  ")
        return 1
    failures = 0
    with ThreadPoolExecutor(arguments.jobs) as pool:
        for breach, outcome, elapsed in pool.map(attempt, chosen):
            failures += not outcome.startswith("caught")
            print(f"{outcome:20} {elapsed:5.1f} s  {breach.name:24} {breach.promise}", flush=True)
    print(f"{len(chosen) - failures} of {len(chosen)} broken guards caught by their tests")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

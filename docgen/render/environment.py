"""The one Jinja2 environment: sandboxed, strict and autoescaping, with docgen's filters.

Templates may come from an office's own folder and are treated as untrusted:
ImmutableSandboxedEnvironment blocks attribute tricks and mutation,
StrictUndefined turns a misspelt variable into an error, and autoescaping keeps
data from ever becoming markup, in HTML and in WordprocessingML alike.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateRuntimeError, pass_context
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..kit.build import Source, built_html
from ..locale import Locale, amounts, fields, formatting
from .templates import KIT_PREFIX, kit_source


class RootedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses files whose real path leaves their folder (symlinks).

    It also serves kit:<type>/<locale>: the HTML template docgen.kit builds from the
    source found along the same folders.
    """

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(KIT_PREFIX):
            return self._built(template)
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        roots = [os.path.realpath(root) for root in self.searchpath]
        if not any(real.startswith(root + os.sep) for root in roots):
            raise TemplateNotFound(template, f"{template} resolves outside the templates folder")
        return source, filename, uptodate

    def _built(self, template: str) -> tuple[str, str, Callable[[], bool]]:
        type_name, _, locale = template.removeprefix(KIT_PREFIX).partition("/")
        source = kit_source(type_name, locale, tuple(Path(root) for root in self.searchpath))
        stamp = source.stamp()
        return built_html(source), str(source.wording), lambda: _unchanged(source, stamp)


def _unchanged(source: Source, stamp: tuple[Any, ...]) -> bool:
    try:
        return source.stamp() == stamp
    except OSError:
        return False


def _finalize(value: Any) -> Markup:
    """Escape every printed value, braces included.

    An optional field printed without a test would show "None", so that is an
    error. Braces become character references because docxtpl rewrites "{_{" to
    "{{" in its output; data must appear exactly as typed.
    """
    if value is None:
        raise TemplateRuntimeError("a template printed an empty optional value; test it with {% if %} first")
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))


def _locale(context: Context) -> Locale:
    return cast(Locale, context["meta"]["locale"])  # checked before the context was built


@pass_context
def _money(context: Context, value: Decimal) -> str:
    return formatting.money(value, _locale(context))


@pass_context
def _number(context: Context, value: Decimal | int, places: int | None = None) -> str:
    return formatting.number(value, _locale(context), places)


@pass_context
def _percent(context: Context, value: Decimal, places: int | None = None) -> str:
    return formatting.percent(value, _locale(context), places)


@pass_context
def _date(context: Context, value: date) -> str:
    return _nobreak(context, formatting.long_date(value, _locale(context)))


WORD_JOINER = "\u2060"  # no line break on either side; PDF readers extract no text for it


@pass_context
def _nobreak(context: Context, value: Any) -> str:
    """In a PDF, the value (a name, a date, an account number) breaks across lines only when it is longer than
    its line: word joiners take away its break opportunities, and overflow-wrap: anywhere breaks a run that does
    not fit. Other formats get the value as it is: a joiner copied out of HTML or DOCX would hide in the text."""
    text = str(value)
    if context["meta"]["format"] != "pdf":
        return text
    return _JOINS.sub(WORD_JOINER, text)


# Between two characters, unless both are Latin letters or digits: a line never breaks inside such a word anyway,
# and a joiner there would split a ligature (fi, fl), which PDF readers then extract wrongly.
_JOINS = re.compile(r"(?<=.)(?=.)(?!(?<=[A-Za-z0-9])[A-Za-z0-9])", re.DOTALL)


@pass_context
def _lines(context: Context, value: str) -> str | Markup:
    """Line breaks in data: <br> in HTML; in DOCX docxtpl turns "\\n" into <w:br/> itself."""
    if context["meta"]["format"] == "docx":
        return value
    return Markup("<br>\n").join(escape(line) for line in value.split("\n"))


def _rmb_upper(value: Decimal) -> str:
    return amounts.rmb_upper(value)


@pass_context
def _in_words(context: Context, value: Decimal) -> str:
    """The amount in words for the locale: 人民币 + capitals, 人民幣 + traditional capitals, or English."""
    locale = _locale(context)
    if locale == "en_US":
        return amounts.rmb_words_en(value)
    prefix = "人民幣" if locale == "zh_TW" else "人民币"
    return prefix + amounts.rmb_upper(value, traditional=locale == "zh_TW")


def _wording(context: Context) -> tuple[str, Locale, Path, str]:
    """The type, locale and templates folder the template came from, and the fields file to name in a message."""
    loader = cast(RootedLoader, context.environment.loader)
    type_name, locale, templates = context["meta"]["type"], _locale(context), Path(loader.searchpath[0])
    found = fields.fields_file(type_name, locale, templates)
    return type_name, locale, templates, str(found or f"{type_name}/fields.{locale}.yaml")


@pass_context
def _label(context: Context, path: str) -> str:
    """A field's label (its spreadsheet column title) from the fields file: {{ "client.uscc" | label }}."""
    type_name, locale, templates, file = _wording(context)
    found = fields.field_label(type_name, locale, path, templates)
    if found is None:
        raise TemplateRuntimeError(f"label {path!r}: {file} has no {path} in fields")
    return found


@pass_context
def _choice_label(context: Context, code: str, path: str) -> str:
    """A choice's label from the fields file: {{ doc.terms.contract_type | choice_label("terms.contract_type") }}."""
    type_name, locale, templates, file = _wording(context)
    choices = fields.choice_labels(type_name, locale, path, templates)
    if choices is None:
        raise TemplateRuntimeError(f"choice_label {path!r}: {file} has no {path} in choices")
    if code not in choices:
        raise TemplateRuntimeError(f"choice_label {path!r}: {file} has no label for {code!r} in choices.{path}")
    return choices[code]


FILTERS: dict[str, Callable[..., Any]] = {
    "label": _label,
    "choice_label": _choice_label,
    "rmb_upper": _rmb_upper,
    "in_words": _in_words,
    "money": _money,
    "number": _number,
    "percent": _percent,
    "date": _date,
    "lines": _lines,
    "nobreak": _nobreak,
}


# Resource guards for templates an office supplies (see README "Untrusted templates and data").
MAX_SEQUENCE = 100_000  # longest string or list a template may build with * (and longest range())
MAX_EXPONENT = 64  # ** with a larger exponent could take forever or exhaust memory
MAX_RANGE_STEPS = 1_000_000  # range() items in one document: nested loops multiply, so cap the total

_range_steps_left: ContextVar[int] = ContextVar("range_steps_left", default=MAX_RANGE_STEPS)


@contextmanager
def range_budget() -> Iterator[None]:
    """Around one document's rendering: its range() loops may take MAX_RANGE_STEPS steps in all."""
    token = _range_steps_left.set(MAX_RANGE_STEPS)
    try:
        yield
    finally:
        _range_steps_left.reset(token)


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with * and ** checked before they run.

    Intercepting them also stops Jinja from folding `'a' * 50000000` into a
    constant while it compiles, before any render guard could act.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            return left * right
        if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is larger than {MAX_EXPONENT}")
        return left**right


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, str | list | tuple) and isinstance(times, int) and len(sequence) * times > MAX_SEQUENCE:
        raise SecurityError(f"a template may not build a sequence longer than {MAX_SEQUENCE:,}")


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_SEQUENCE:
        raise SecurityError(f"range() longer than {MAX_SEQUENCE:,}")
    left = _range_steps_left.get() - len(numbers)
    if left < 0:
        raise SecurityError(f"loops over range() took more than {MAX_RANGE_STEPS:,} steps in one document")
    _range_steps_left.set(left)
    return numbers


def make_environment(search_path: Sequence[Path]) -> ImmutableSandboxedEnvironment:
    env = GuardedEnvironment(
        loader=RootedLoader([str(path) for path in search_path]),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.globals["range"] = _range
    return env


@lru_cache(maxsize=16)
def shared_environment(search_path: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """The environment for a template search path, kept for the life of the process.

    Its compiled templates are reused from one document to the next; Jinja checks
    each template file's modification time before reusing it (auto_reload), so an
    edited template is recompiled.
    """
    return make_environment(search_path)

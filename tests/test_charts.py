"""Charts: deterministic SVG and PNG, CJK fonts found without warnings, labels wrapped, and the context key."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from matplotlib import font_manager

from docgen.documents.charts import ChartSeries, ChartSpec
from docgen.inputs import load_records
from docgen.pipeline import validate_records
from docgen.render.charts import FONTS, LOCK, draw, figure, horizontal, style, svg_data_uri, wrap
from docgen.render.context import build_context, chart_words
from docgen.samples import sample_path

SPEC = ChartSpec(
    title="各項 KPI 目標與實際",
    categories=("店铺成交额（GMV）", "退款率", "重大客诉"),
    series=(
        ChartSeries("目标", (Decimal(100), Decimal(100), None)),
        ChartSeries("實際", (Decimal("113.5"), Decimal("96.5"), None)),
    ),
    unit="%",
    reference=Decimal(100),
)


@pytest.mark.parametrize("locale", sorted(FONTS))
def test_the_cjk_font_is_installed_and_found(locale: str) -> None:
    properties = font_manager.FontProperties(family=FONTS[locale])
    path = font_manager.findfont(properties, fallback_to_default=False)
    assert "NotoSansCJK" in path


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
def test_svg_is_deterministic_and_undated(locale: str) -> None:
    first, second = draw(SPEC, locale, "svg"), draw(SPEC, locale, "svg")
    assert first == second
    assert first.startswith(b"<?xml") and b"<dc:date>" not in first and b"Matplotlib v" not in first
    assert b"<text" not in first  # text drawn as paths: no font needed where the page is opened


def test_png_is_a_png() -> None:
    png = draw(SPEC, "zh_CN", "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == draw(SPEC, "zh_CN", "png")


def test_svg_data_uri() -> None:
    assert svg_data_uri(SPEC, "en_US").startswith("data:image/svg+xml;base64,PD94bWwg")


def test_series_must_match_the_categories() -> None:
    with pytest.raises(ValueError, match="has 1 values for 3 categories"):
        ChartSpec("t", ("a", "b", "c"), (ChartSeries("s", (Decimal(1),)),))


@pytest.mark.parametrize(
    ("label", "width", "wrapped"),
    [
        ("退款率", 14, "退款率"),
        ("店铺成交额（GMV）", 14, "店铺成交额\n（GMV）"),  # an opening bracket never ends a line
        ("店铺访客数（UV）", 16, "店铺访客数（UV）"),
        ("店铺访客数（UV）", 12, "店铺访客数\n（UV）"),
        ("店铺访客数（UV）", 15, "店铺访客数（UV）"),  # nor does a closing one start one
        ("Store gross merchandise value", 14, "Store gross\nmerchandise\nvalue"),
        ("Conversion", 4, "Conversion"),  # a word longer than the width stays whole
        ("W" * 30, 12, "W" * 12 + "\n" + "W" * 12 + "\n" + "W" * 6),  # unless longer than 24: a code, not a word
        ("W" * 200, 12, "W" * 12 + "\n" + "W" * 12 + "\n" + "W" * 11 + "…"),  # at most three lines
    ],
)
def test_wrap(label: str, width: int, wrapped: str) -> None:
    assert wrap(label, width) == wrapped


def test_context_has_charts_only_for_types_that_draw_them(settings) -> None:
    [letter] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    assert build_context(letter, settings, locale="zh_CN", fmt="html")["charts"] == {}
    [report] = validate_records("project_retrospective", load_records(sample_path("project_retrospective")), settings)
    html = build_context(report, settings, locale="zh_CN", fmt="html")["charts"]
    assert list(html) == ["kpis"] and html["kpis"].startswith("data:image/svg+xml;base64,")
    docx = build_context(report, settings, locale="zh_CN", fmt="docx")["charts"]
    assert docx["kpis"].startswith(b"\x89PNG")


def _labels_overlap(spec: ChartSpec, locale: str) -> list[tuple[str, str]]:
    """Pairs of texts on the drawn chart (category labels, value labels) whose boxes overlap."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    with LOCK, rc_context(style(locale)):
        drawn = figure(spec, locale)
        canvas = FigureCanvasAgg(drawn)
        canvas.draw()  # lays out the constrained layout, as savefig does
        renderer = canvas.get_renderer()
        axes = drawn.axes[0]
        ticks = axes.get_yticklabels() if horizontal(spec) else axes.get_xticklabels()
        values = [text for text in axes.texts if isinstance(text, Text) and text.get_text()]
        boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in [*ticks, *values]]
    return [
        (first, second)
        for index, (first, box) in enumerate(boxes)
        for second, other in boxes[index + 1 :]
        if box.overlaps(other) and box.width and other.width
    ]


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_the_labels_of_a_report_with_many_long_metric_names_do_not_overlap(locale: str, settings) -> None:
    [report] = validate_records("operations_report", load_records(sample_path("operations_report")), settings)
    spec = report.chart_specs(chart_words("operations_report", locale))["figures"]
    assert len(spec.categories) == 11
    assert _labels_overlap(spec, locale) == []
    longer = replace(spec, categories=tuple(f"{name}（本期累计，按平台后台口径）" for name in spec.categories))
    assert _labels_overlap(longer, locale) == []


def test_the_check_finds_labels_that_overlap() -> None:
    crowded = replace(SPEC, categories=("店铺访客数店铺访客数", "商品浏览量商品浏览量", "重大客诉重大客诉"))
    squeezed = replace(crowded, series=(ChartSeries("s", (Decimal(100), Decimal(100), Decimal(100))),))
    from docgen.render import charts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charts, "SIZE_INCHES", (1.5, 3.3))  # three wide labels in an inch and a half
        assert _labels_overlap(squeezed, "zh_CN")

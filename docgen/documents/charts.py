"""Charts as plain data: the series and grouped bar charts a model draws, and the words a locale gives them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ChartSeries:
    """One series of bars: its name in the legend and one value per category (None: no bar, shown as —)."""

    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A grouped bar chart as plain data, every text already in the document's language."""

    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit: str = ""  # printed after each value label, e.g. "%"
    places: int = 0  # decimal places of the value labels
    reference: Decimal | None = None  # a dashed line across the chart, e.g. at the target

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"chart series {series.name!r} has {len(series.values)} values for {len(self.categories)} categories"
                )


@dataclass(frozen=True)
class ChartWords:
    """A chart's words in one locale, from the charts: section of the type's fields file."""

    title: str
    series: tuple[str, ...]  # the series' names in the legend, in the order the model draws them
    categories: tuple[str, ...] = ()  # names of fixed categories; charts over data name them from the data

"""Every rule that depends on today reads docgen.clock, so freezing it moves them all; hung tests time out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from docgen import clock
from docgen.config import Settings
from docgen.errors import InvalidData
from docgen.pipeline import as_records, validate_records

from .registers import offer


def test_the_configured_zone_decides_which_day_it_is(settings: Settings) -> None:
    with clock.frozen(datetime(2030, 6, 30, 16, 0, tzinfo=UTC)):
        assert settings.today() == date(2030, 7, 1)  # midnight in Asia/Shanghai
        assert settings.with_overrides(timezone="America/New_York").today() == date(2030, 6, 30)


def test_validation_reads_the_frozen_clock(settings: Settings) -> None:
    data = offer()
    data["candidate"]["birth_date"] = "1995-05-05"
    records = as_records(data, "offer_letter")
    with clock.frozen(datetime(1990, 1, 1, tzinfo=UTC)), pytest.raises(InvalidData, match="birth date lies in the future"):
        validate_records("offer_letter", records, settings)
    assert validate_records("offer_letter", records, settings)


def test_a_frozen_instant_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="time zone"), clock.frozen(datetime(2030, 1, 1)):
        pass


def test_a_hung_test_fails_by_name_instead_of_hanging_ci(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    assert 0 < float(pytestconfig.getini("timeout")) <= 600

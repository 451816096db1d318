"""Who signs: the profile names one signatory per kind of document, and each type's signature uses its kind's."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.config import load_settings
from docgen.errors import ConfigError
from docgen.registry import get_type

from .conftest import SAMPLES
from .variants import DELETE, text, validate

PROFILE = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
OLD_SIGNATORY = '[company.signatory]\nname = "王芳"\ntitle = "行政总监"\n'


def _without_signatories(profile: str) -> str:
    """The profile with every [company.signatories.*] table removed (each is three lines and a blank)."""
    kept: list[str] = []
    skipping = False
    for line in profile.splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.startswith("[company.signatories.")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def _write(folder: Path, text: str) -> Path:
    path = folder / "docgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


# (type, locale, what its signature line prints for the sample profile)
SIGNED = [
    ("offer_letter", "zh_CN", "授权签字人：周敏（人力资源总监）"),
    ("nda", "zh_CN", "周敏"),
    ("service_contract", "zh_CN", "授权代表（签字）：陈思远"),
    ("project_retrospective", "zh_CN", "审核：陈思远（总经理）"),
    ("settlement_statement", "zh_CN", "经办人：陈思远"),
]


@pytest.mark.parametrize(("type_name", "locale", "signed"), SIGNED)
def test_each_type_is_signed_by_the_signatory_of_its_kind(type_name: str, locale: str, signed: str) -> None:
    settings = load_settings(SAMPLES / "docgen.toml")
    rendered = text(validate(type_name, {"signatory": DELETE}), settings, locale)  # none of its own
    assert signed in rendered
    kind = get_type(type_name).kind
    others = {"commercial": "人力资源总监", "hr": "总经理", "finance": "人力资源总监"}
    assert others[kind] not in rendered  # the sample profile's wrong person never signs


def test_a_documents_own_signatory_wins_over_the_profiles() -> None:
    settings = load_settings(SAMPLES / "docgen.toml")
    own = validate("project_retrospective")
    assert own.signatory is not None and f"审核：{own.signatory.name}" in text(own, settings, "zh_CN")


def test_the_sample_profile_names_a_signatory_for_every_kind() -> None:
    company = load_settings(SAMPLES / "docgen.toml").company
    titles = {kind: company.signatory_for(kind).title for kind in ("commercial", "hr", "finance")}
    assert titles == {"commercial": "总经理", "hr": "人力资源总监", "finance": "财务总监"}


def test_the_budgets_general_manager_is_the_profiles() -> None:
    """The budget sample is approved by 总经理 陈思远, who is the profile's 总经理, not its HR director."""
    commercial = load_settings(SAMPLES / "docgen.toml").company.signatory_for("commercial")
    assert validate("budget").approval.approved_by == f"{commercial.title} {commercial.name}"


def test_an_old_profile_with_one_signatory_signs_every_kind(tmp_path: Path) -> None:
    old = _without_signatories(PROFILE).replace("[numbers]", OLD_SIGNATORY + "\n[numbers]")
    settings = load_settings(_write(tmp_path, old))
    assert {settings.company.signatory_for(kind).name for kind in ("commercial", "hr", "finance")} == {"王芳"}
    assert "授权签字人：王芳（行政总监）" in text(validate("offer_letter"), settings, "zh_CN")


def test_a_kinds_own_signatory_wins_over_the_default(tmp_path: Path) -> None:
    settings = load_settings(_write(tmp_path, PROFILE.replace("[numbers]", OLD_SIGNATORY + "\n[numbers]")))
    assert settings.company.signatory_for("hr").name == "周敏"


def test_a_kind_nobody_signs_is_a_config_error_naming_the_key(tmp_path: Path) -> None:
    partial = _without_signatories(PROFILE).replace("[numbers]", '[company.signatories.hr]\nname = "周敏"\n\n[numbers]')
    config = _write(tmp_path, partial)
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert [(problem.source, problem.path) for problem in caught.value.problems] == [
        (str(config), "company.signatories.commercial"),
        (str(config), "company.signatories.finance"),
    ]
    assert "give [company.signatories.commercial]" in str(caught.value.problems[0])


def test_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    config = _write(tmp_path, PROFILE.replace("[numbers]", '[company.signatories.sales]\nname = "X"\n\n[numbers]'))
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [problem] = caught.value.problems
    assert problem.path.startswith("company.signatories.sales") and "commercial" in problem.message

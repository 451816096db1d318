"""The wheel carries templates, samples and schemas: installed in a fresh venv, run from another folder, it renders every sample."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from docgen.registry import document_types

from .conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; dependencies come from this environment, without docgen itself."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(base)],
        check=True,
    )
    [wheel] = base.glob("docgen-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A plain path line: this environment's packages, without running its editable-install hooks.
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
    )
    return env_dir


def test_wheel_renders_every_sample_from_another_folder(installed: Path, tmp_path: Path) -> None:
    docgen = installed / "bin" / "docgen"
    # PYTHONPATH would put a source tree ahead of the installed wheel.
    env = {key: value for key, value in os.environ.items() if not key.startswith("DOCGEN_") and key != "PYTHONPATH"}
    where = subprocess.run(
        [installed / "bin" / "python", "-c", "import docgen; print(docgen.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert where.startswith(str(installed)), f"imported docgen from {where}, not from the wheel"
    for type_name in document_types():
        sample = subprocess.run(
            [docgen, "sample", type_name], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
        )
        data = tmp_path / f"{type_name}.yaml"
        data.write_text(sample.stdout, encoding="utf-8")
        for fmt in ("docx", "html", "pdf"):
            out = tmp_path / f"{type_name}.{fmt}"
            result = subprocess.run(
                [docgen, "render", type_name, data.name, "--format", fmt, "--output", out.name],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                env=env,
            )
            assert result.returncode == 0, result.stderr
            assert out.stat().st_size > 1000
        schema = subprocess.run(
            [docgen, "schema", type_name], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
        )
        assert schema.stdout == (ROOT / "schemas" / f"{type_name}.schema.json").read_text(encoding="utf-8")

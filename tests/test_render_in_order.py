"""render_in_order: the one pool of render -d, issue and the benchmark; in input order, the same as one at a time."""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from docgen.config import Settings
from docgen.documents.base import DocumentModel
from docgen.errors import InvalidData, Problem, Wording
from docgen.inputs import Record, load_records
from docgen.pipeline import render_document, rendering, validate_records
from docgen.render.pool import Piece, WorkerStats, most_prepared, render_in_order
from docgen.samples import sample_path

from .conftest import ROOT, SAMPLES
from .textutil import docx_text, pdf_text

NAMES = ["林晓雯", "王浩然", "张雨桐", "刘思远", "陈欣怡", "杨宇轩", "黄梓萱"]


def _offers(settings: Settings, names: list[str]) -> list[DocumentModel]:
    data = load_records(sample_path("offer_letter"))[0].data
    records = []
    for index, name in enumerate(names):
        changed = copy.deepcopy(data)
        changed["candidate"]["name"] = name
        records.append(Record(changed, "offers.yaml", index + 2))
    return validate_records("offer_letter", records, settings)


def _render(documents: list[DocumentModel], settings: Settings, formats: tuple[str, ...], jobs: int, **kwargs):
    return list(
        render_in_order(documents, Piece, rendering(settings, "zh_CN", formats), formats=formats, jobs=jobs, **kwargs)
    )


def _templates(tmp_path: Path, body: str) -> Path:
    """Templates of the office's own: an offer letter's HTML is body."""
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text(body, encoding="utf-8")
    return folder.parent


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("jobs", [1, 2])
def test_docx_results_come_in_input_order_and_equal_single_renders(settings: Settings, jobs: int) -> None:
    documents = _offers(settings, NAMES * 3)
    rendered = [outcome["docx"] for _, _, outcome in _render(documents, settings, ("docx",), jobs)]
    assert [docx_text(content) for content in rendered] == [
        docx_text(render_document(document, settings, fmt="docx", locale="zh_CN")) for document in documents
    ]
    assert [docx_text(content).split("\n")[2] for content in rendered] == [f"{name}：" for name in NAMES * 3]


def test_every_format_of_each_document_equals_its_single_render(settings: Settings) -> None:
    documents = _offers(settings, NAMES[:3])
    rendered = list(
        render_in_order(
            documents, Piece, rendering(settings, "en_US", ("pdf", "html")), formats=("pdf", "html"), jobs=2
        )
    )
    assert [item for item, _, _ in rendered] == documents
    for document, (_, _, outcome) in zip(documents, rendered, strict=True):
        assert isinstance(outcome, dict) and list(outcome) == ["pdf", "html"]
        assert pdf_text(outcome["pdf"]) == pdf_text(render_document(document, settings, fmt="pdf", locale="en_US"))
        assert outcome["html"] == render_document(document, settings, fmt="html", locale="en_US")


def test_numbers_go_with_their_documents(settings: Settings) -> None:
    documents = _offers(settings, NAMES[:4])
    numbers = {id(document): f"LY-2026-{index:04d}" for index, document in enumerate(documents, 1)}
    rendered = render_in_order(
        documents,
        lambda document: Piece(document, numbers[id(document)]),
        rendering(settings, "zh_CN", ("docx",)),
        formats=("docx",),
        jobs=2,
    )
    for document, piece, outcome in rendered:
        assert piece.number == numbers[id(document)]
        assert isinstance(outcome, dict) and piece.number in docx_text(outcome["docx"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_piece_with_nothing_to_render_comes_back_empty_in_its_place(settings: Settings, jobs: int) -> None:
    documents = _offers(settings, NAMES[:5])
    rendered = render_in_order(
        documents,
        lambda document: Piece(document, render=document is not documents[2]),
        rendering(settings, "zh_CN", ("html",)),
        formats=("html",),
        jobs=jobs,
    )
    outcomes = [outcome for _, _, outcome in rendered]
    assert outcomes[2] == {}
    assert [bool(outcome) for outcome in outcomes] == [True, True, False, True, True]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failure_in_the_middle_of_a_chunk_is_that_document_s_alone(
    settings: Settings, tmp_path: Path, jobs: int
) -> None:
    # Five documents on two workers go in chunks of three and two: the failing one is the middle of the first.
    body = '{% if doc.candidate.name == "王浩然" %}{{ no_such_thing }}{% endif %}{{ doc.candidate.name }}'
    settings = settings.with_overrides(templates=_templates(tmp_path, body))
    outcomes = [outcome for _, _, outcome in _render(_offers(settings, NAMES[:5]), settings, ("html",), jobs)]
    assert isinstance(outcomes[1], Wording) and "no_such_thing" in str(outcomes[1])
    assert outcomes[:1] + outcomes[2:] == [{"html": name.encode("utf-8")} for name in NAMES[:1] + NAMES[2:5]]


def test_results_come_in_input_order_when_later_documents_finish_first(settings: Settings, tmp_path: Path) -> None:
    # Twelve documents on two workers go in two chunks of six; the first document takes a second or two,
    # long enough for the other worker to start and render the whole second chunk before it is done.
    body = (
        '{% if doc.candidate.name == "林晓雯" %}{% for i in "x" * 6000 %}{% for j in "x" * 6000 %}'
        "{% endfor %}{% endfor %}{% endif %}{{ doc.candidate.name }}"
    )
    settings = settings.with_overrides(templates=_templates(tmp_path, body))
    names = NAMES + NAMES[1:6]
    rendered = _render(_offers(settings, names), settings, ("html",), 2)
    assert [outcome for _, _, outcome in rendered] == [{"html": name.encode("utf-8")} for name in names]


@pytest.mark.parametrize("sized", [True, False])
def test_prepare_runs_in_input_order_only_a_bounded_way_ahead(settings: Settings, sized: bool) -> None:
    [document] = _offers(settings, NAMES[:1])
    prepared: list[int] = []

    def prepare(index: int) -> Piece:
        prepared.append(index)
        return Piece(document, f"LY-2026-{index:04d}")

    items = range(300) if sized else iter(range(300))
    stats: dict[int, WorkerStats] = {}
    rendered = render_in_order(
        items, prepare, rendering(settings, "zh_CN", ("html",)), formats=("html",), jobs=2, worker_stats=stats
    )
    first, piece, outcome = next(rendered)
    rendered.close()
    assert (first, piece.number) == (0, "LY-2026-0000") and isinstance(outcome, dict)
    assert prepared == list(range(len(prepared)))
    assert len(prepared) <= most_prepared(2, ["html"]) < 300
    assert stats and not any(_alive(pid) for pid in stats)  # the workers are gone once the consumer stops


_ENDLESS_BATCH = """
import itertools, sys
from docgen.config import load_settings
from docgen.inputs import load_records
from docgen.pipeline import rendering, validate_records
from docgen.render.pool import Piece, render_in_order

if __name__ == "__main__":
    settings = load_settings(sys.argv[1])
    [document] = validate_records("offer_letter", load_records(sys.argv[2]), settings)
    stats = {}
    rendered = render_in_order(
        itertools.repeat(document), Piece, rendering(settings, "zh_CN", ("html",)), formats=("html",), jobs=2,
        worker_stats=stats,
    )
    for _ in rendered:
        if len(stats) == 2:
            print(*stats, flush=True)
            break
    for _ in rendered:
        pass
"""


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie has ended; nobody may be left to reap it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_process_running_the_batch_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "endless.py"
    script.write_text(textwrap.dedent(_ENDLESS_BATCH), encoding="utf-8")
    command = [sys.executable, str(script), str(SAMPLES / "docgen.toml"), str(SAMPLES / "offer_letter.yaml")]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as batch:
        assert batch.stdout is not None
        workers = [int(pid) for pid in batch.stdout.readline().split()]
        assert len(workers) == 2 and not any(_ended(pid) for pid in workers)
        batch.kill()
    deadline = time.monotonic() + 60
    while not all(_ended(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived the killed batch"
        time.sleep(0.1)


@pytest.mark.parametrize("jobs", [1, 2])
def test_workers_report_their_memory_and_time(settings: Settings, jobs: int) -> None:
    stats: dict[int, WorkerStats] = {}
    _render(_offers(settings, NAMES * 5), settings, ("docx",), jobs, worker_stats=stats)
    assert 1 <= len(stats) <= jobs
    assert all(each.peak_rss > 0 and each.cpu_seconds > 0 for each in stats.values())


def test_a_worker_failure_reaches_the_caller_with_its_whole_message(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "outline.yaml").write_text("style: roman\nclauses: []\n", encoding="utf-8")
    settings = settings.with_overrides(templates=tmp_path / "templates")
    [(_, _, first), (_, _, second)] = _render(_offers(settings, NAMES[:2]), settings, ("docx",), 2)
    assert isinstance(first, Wording) and first == second
    assert str(folder / "outline.yaml") in str(first) and "style" in str(first)


def test_invalid_data_survives_pickling_with_every_problem() -> None:
    error = InvalidData([Problem("a.yaml", "x.y", "bad", 3), Problem("a.yaml", "z", "worse")])
    copied = pickle.loads(pickle.dumps(error))
    assert copied.problems == error.problems
    assert copied.message == error.message


def _python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def test_weasyprint_is_not_imported_for_docx(tmp_path: Path) -> None:
    out = _python(
        f"""
        import sys
        from docgen.cli import app
        try:
            app(["--config", r"{SAMPLES / "docgen.toml"}", "render", "offer_letter", r"{SAMPLES / "offer_letter.yaml"}",
                 "--format", "docx", "--output", r"{tmp_path / "offer.docx"}"])
        except SystemExit as exit:
            assert exit.code == 0, exit.code
        print("weasyprint" in sys.modules, "pikepdf" in sys.modules)
        """
    )
    assert out.splitlines() == [str(tmp_path / "offer.docx"), "False False"]


def test_weasyprint_is_imported_for_pdf() -> None:
    out = _python(
        f"""
        import sys
        from docgen.config import load_settings
        from docgen.inputs import load_records
        from docgen.pipeline import render_document, validate_records
        settings = load_settings(r"{SAMPLES / "docgen.toml"}")
        [document] = validate_records("offer_letter", load_records(r"{SAMPLES / "offer_letter.yaml"}"), settings)
        render_document(document, settings, fmt="docx", locale="zh_CN")
        print("weasyprint" in sys.modules, end=" ")
        render_document(document, settings, fmt="pdf", locale="zh_CN")
        print("weasyprint" in sys.modules)
        """
    )
    assert out == "False True"

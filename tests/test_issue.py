"""docgen issue: numbered files, one number per document, idempotent, and every failure explained."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from docgen import clock, issuing, pipeline
from docgen.batching import BatchOptions
from docgen.config import Settings
from docgen.documents.offer_letter import OfferLetter
from docgen.pipeline import as_records, validate_records
from docgen.render import pool
from docgen.store import open_register
from docgen.store.register import actor

from .conftest import SAMPLES
from .registers import entries, lines, offer, run, write_data

SAMPLE = str(SAMPLES / "offer_letter.yaml")


def _issue(url: str, data: str | Path, out: Path, *extra: str) -> object:
    return run("issue", "offer_letter", str(data), "-d", str(out), "--db", url, *extra)


def test_every_format_carries_the_number_in_title_header_and_metadata(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    result = _issue(url, SAMPLE, tmp_path / "out", "-f", "pdf", "-f", "docx", "-f", "html", "-l", "zh_CN")
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out").absolute()
    assert lines(result.stdout) == [
        ("LY-2026-0001", str(out / "LY-2026-0001.pdf")),
        ("LY-2026-0001", str(out / "LY-2026-0001.docx")),
        ("LY-2026-0001", str(out / "LY-2026-0001.html")),
    ]
    html = (out / "LY-2026-0001.html").read_text(encoding="utf-8")
    assert "<title>录用通知书 LY-2026-0001" in html and "草稿" not in html
    properties = docx.Document(io.BytesIO((out / "LY-2026-0001.docx").read_bytes())).core_properties
    assert properties.identifier == "LY-2026-0001" and "LY-2026-0001" in properties.title
    header = docx.Document(str(out / "LY-2026-0001.docx")).sections[0].header
    assert any("LY-2026-0001" in paragraph.text for paragraph in header.paragraphs)
    metadata = PdfReader(out / "LY-2026-0001.pdf").metadata
    assert metadata is not None and "LY-2026-0001" in str(metadata.title)


def test_register_records_hashes_data_user_and_status(tmp_path: Path, settings: Settings) -> None:
    url = str(tmp_path / "register.sqlite3")  # a plain path works as well as a URL
    result = _issue(url, SAMPLE, tmp_path, "-f", "html", "-f", "docx", "-l", "en_US")
    assert result.exit_code == 0, result.output
    [entry] = entries(url)
    assert (entry.number, entry.status, entry.type_name, entry.locale) == (
        "LY-2026-0001",
        "issued",
        "offer_letter",
        "en_US",
    )
    assert entry.formats == ("html", "docx") and entry.issued_by == actor() and entry.issued_at
    assert entry.entity == "91310115MA1K4B7T6N" and entry.entity_name == "上海云帆电子商务运营有限公司"
    for item in entry.files:
        assert hashlib.sha256(Path(item.path).read_bytes()).hexdigest() == item.sha256
    with open_register(url) as register:
        _, data = register.stored_data("LY-2026-0001")
    [document] = validate_records("offer_letter", as_records(SAMPLE), settings)
    assert data == json.loads(issuing.canonical_json(document))
    assert "monthly_wage" not in json.dumps(data)  # computed values are derived again, not stored
    assert validate_records("offer_letter", as_records(data), settings)[0] == document


def test_same_record_again_returns_the_first_issue_without_rendering(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _issue(register_url, SAMPLE, tmp_path, "-f", "html", "-f", "pdf")
    assert first.exit_code == 0, first.output

    def no_rendering(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("rendered again")

    monkeypatch.setattr(pipeline, "render_document", no_rendering)
    # The same formats, in another order; one job, so that rendering would happen in this process.
    again = _issue(register_url, SAMPLE, tmp_path, "-f", "pdf", "-f", "html", "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout
    assert "already issued" in again.stderr
    assert [entry.number for entry in entries(register_url)] == ["LY-2026-0001"]


def test_another_locale_format_or_record_is_another_document(register_url: str, tmp_path: Path) -> None:
    other = write_data(tmp_path / "other.json", offer("周杰"))
    for args in (
        (SAMPLE, "-f", "html"),
        (SAMPLE, "-f", "html", "-l", "en_US"),
        (SAMPLE, "-f", "html", "-f", "docx"),
        (str(other), "-f", "html"),
    ):
        result = _issue(register_url, args[0], tmp_path, *args[1:])
        assert result.exit_code == 0, result.output
    assert [entry.number for entry in entries(register_url)] == [f"LY-2026-000{n}" for n in range(1, 5)]


def test_reissue_takes_a_new_number_and_voids_the_old(register_url: str, tmp_path: Path) -> None:
    assert _issue(register_url, SAMPLE, tmp_path, "-f", "html").exit_code == 0
    result = _issue(register_url, SAMPLE, tmp_path, "-f", "html", "--reissue")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [("LY-2026-0002", str(tmp_path / "LY-2026-0002.html"))]
    old, new = entries(register_url)
    assert (old.status, old.reason) == ("void", "reissued as LY-2026-0002")
    assert new.status == "issued"
    again = _issue(register_url, SAMPLE, tmp_path, "-f", "html")
    assert lines(again.stdout) == [("LY-2026-0002", str(tmp_path / "LY-2026-0002.html"))]


def test_render_failure_voids_the_number_with_the_reason(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    broken = tmp_path / "broken" / "offer_letter"
    broken.mkdir(parents=True)
    (broken / "document.html").write_text("{{ no_such_thing }}", encoding="utf-8")
    out = tmp_path / "out"
    failed = _issue(url, SAMPLE, out, "-f", "docx", "-f", "html", "--templates", str(broken.parent))
    assert failed.exit_code == 1 and "no_such_thing" in failed.stderr
    assert failed.stdout == ""
    assert list(out.iterdir()) == []  # the docx rendered fine, but nothing of a void number is left
    fixed = _issue(url, SAMPLE, out, "-f", "docx", "-f", "html")
    assert fixed.exit_code == 0, fixed.output
    void, issued = entries(url)
    assert void.number == "LY-2026-0001" and void.status == "void"
    assert void.reason is not None and void.reason.startswith("issue failed:") and "no_such_thing" in void.reason
    assert (issued.number, issued.status) == ("LY-2026-0002", "issued")


# On two workers, eight records go in two chunks of four: 乙 is in the middle of the first.
FAILS_FOR_乙 = '{% if doc.candidate.name == "乙" %}{{ no_such_thing }}{% endif %}{{ doc.candidate.name }}'
EIGHT = "甲乙丙丁戊己庚辛"


def _failing_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text(FAILS_FOR_乙, encoding="utf-8")
    return folder.parent


def test_keep_going_voids_only_the_document_that_failed_in_its_chunk(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    data = write_data(tmp_path / "eight.json", [offer(name) for name in EIGHT])
    out = tmp_path / "out"
    args = ("-f", "html", "-j", "2", "--keep-going", "--templates", str(_failing_templates(tmp_path)))
    result = _issue(url, data, out, *args)
    assert result.exit_code == 1
    issued = [number for number, _ in lines(result.stdout)]
    assert issued == [f"LY-2026-{seq:04}" for seq in (1, 3, 4, 5, 6, 7, 8)]
    assert [(out / f"{number}.html").read_text(encoding="utf-8") for number in issued] == list(EIGHT.replace("乙", ""))
    assert f"{data}:row 2: LY-2026-0002 voided: " in result.stderr and "no_such_thing" in result.stderr
    assert [entry.status for entry in entries(url)] == ["issued", "void", *["issued"] * 6]


def test_a_failure_stops_the_batch_and_voids_every_number_it_had_reserved(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    data = write_data(tmp_path / "eight.json", [offer(name) for name in EIGHT])
    out = tmp_path / "out"
    result = _issue(url, data, out, "-f", "html", "-j", "2", "--templates", str(_failing_templates(tmp_path)))
    assert result.exit_code == 1 and "no_such_thing" in result.stderr
    assert lines(result.stdout) == [("LY-2026-0001", str(out.absolute() / "LY-2026-0001.html"))]
    assert sorted(path.name for path in out.iterdir()) == ["LY-2026-0001.html"]
    first, failed, *stopped = entries(url)
    assert (first.status, failed.status) == ("issued", "void")
    assert failed.reason is not None and failed.reason.startswith("issue failed: ") and "no_such_thing" in failed.reason
    assert stopped and {entry.status for entry in stopped} == {"void"}  # none is left reserved
    assert all(entry.reason == f"not issued: the batch stopped ({failed.reason[14:]})" for entry in stopped)


def test_a_caller_that_stops_early_leaves_few_numbers_taken_and_none_reserved(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks and few in flight, so that the bound is well below the size of the batch.
    monkeypatch.setitem(pool.CHUNK_SIZES, "html", 2)
    monkeypatch.setattr(pool, "IN_FLIGHT_PER_WORKER", 1)
    url = str(tmp_path / "register.sqlite3")
    data = write_data(tmp_path / "many.json", [offer(f"候选人 {index}") for index in range(20)])
    configured = settings.with_overrides(database=url)
    issued = issuing.iter_issue(
        "offer_letter",
        data,
        issuing.IssueRequest(["html"], tmp_path / "out", settings=configured, options=BatchOptions(jobs=2)),
    )
    first = next(issued)
    issued.close()
    assert first.number == "LY-2026-0001"
    taken = entries(url)
    assert 2 <= len(taken) <= pool.most_prepared(2, ["html"]) < 20
    assert [entry.status for entry in taken] == ["issued"] + ["void"] * (len(taken) - 1)
    assert {entry.reason for entry in taken[1:]} == {"not issued: the batch stopped (interrupted)"}
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["LY-2026-0001.html"]


def test_write_failure_voids_the_number_and_removes_what_was_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    (tmp_path / "LY-2026-0001.html").write_text("someone else's file", encoding="utf-8")
    failed = _issue(url, SAMPLE, tmp_path, "-f", "docx", "-f", "html")
    assert failed.exit_code == 1 and "file exists" in failed.stderr
    assert not (tmp_path / "LY-2026-0001.docx").exists()
    assert (tmp_path / "LY-2026-0001.html").read_text(encoding="utf-8") == "someone else's file"
    [entry] = entries(url)
    assert entry.status == "void" and entry.reason is not None and "file exists" in entry.reason


def test_year_comes_from_the_issue_date_else_today_in_the_configured_zone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    dated = write_data(tmp_path / "dated.json", offer(issue_date="2024-03-01"))
    undated_data = offer("王芳", reply_deadline="2027-01-03")
    del undated_data["issue_date"]
    undated = write_data(tmp_path / "undated.json", undated_data)
    assert lines(_issue(url, dated, tmp_path, "-f", "html").stdout) == [
        ("LY-2024-0001", str(tmp_path / "LY-2024-0001.html"))
    ]
    # 16:30 UTC on New Year's Eve is already 2027 in Shanghai, the configured zone.
    with clock.frozen(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)):
        result = _issue(url, undated, tmp_path, "-f", "html")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0][0] == "LY-2027-0001"
    [dated_entry, undated_entry] = sorted(entries(url), key=lambda entry: entry.year)
    assert (dated_entry.year, undated_entry.year) == (2024, 2027)
    assert undated_entry.issued_at is not None and undated_entry.issued_at.startswith("2026-12-31T16:30")


def test_a_batch_takes_consecutive_numbers_and_stops_before_the_first_if_a_record_is_bad(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    bad = write_data(tmp_path / "bad.json", [offer("甲"), offer("乙", pay="not a mapping")])
    assert _issue(url, bad, tmp_path, "-f", "html").exit_code == 1
    assert entries(url) == []
    good = write_data(tmp_path / "good.json", [offer("甲"), offer("乙"), offer("丙")])
    result = _issue(url, good, tmp_path, "-f", "html")
    assert [number for number, _ in lines(result.stdout)] == ["LY-2026-0001", "LY-2026-0002", "LY-2026-0003"]


def test_drafts_never_take_a_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register = tmp_path / "register.sqlite3"
    monkeypatch.setenv("DOCGEN_DB", str(register))
    result = run("render", "offer_letter", SAMPLE, "-f", "html", "-o", str(tmp_path / "draft.html"))
    assert result.exit_code == 0, result.output
    assert not register.exists()
    assert "LY-" not in (tmp_path / "draft.html").read_text(encoding="utf-8")


def test_cited_numbers_must_be_issued_when_issuing_but_not_in_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    cited = write_data(tmp_path / "cites.json", offer("周杰"))
    monkeypatch.setattr(
        OfferLetter,
        "citations",
        lambda self: [("previous_offer", "offer_letter", "LY-2026-0001")] if self.candidate.name == "周杰" else [],
    )
    draft = run("render", "offer_letter", str(cited), "-f", "html", "-o", str(tmp_path / "draft.html"))
    assert draft.exit_code == 0, draft.output

    unknown = _issue(url, cited, tmp_path, "-f", "html")
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == (
        f"docgen: error: {cited}: previous_offer: offer_letter cites LY-2026-0001, which is not in the register"
    )
    assert entries(url) == []  # refused before a number was taken

    assert _issue(url, SAMPLE, tmp_path, "-f", "html").exit_code == 0  # issues LY-2026-0001
    cites_issued = _issue(url, cited, tmp_path, "-f", "html")
    assert cites_issued.exit_code == 0, cites_issued.output

    assert run("register", "void", "LY-2026-0001", "--reason", "withdrawn", "--db", url).exit_code == 0
    cites_void = _issue(url, cited, tmp_path, "-f", "html", "--reissue")
    assert cites_void.exit_code == 1
    assert "cites LY-2026-0001, which is void (withdrawn)" in cites_void.stderr
    # What was issued before stays issued: a re-run returns it rather than checking again.
    assert _issue(url, cited, tmp_path, "-f", "html").stdout == cites_issued.stdout


def test_usage_mistakes_exit_2_and_take_no_number(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    assert _issue(url, SAMPLE, tmp_path, "-f", "odt").exit_code == 2
    assert _issue(url, SAMPLE, tmp_path, "-f", "html", "-l", "fr_FR").exit_code == 2
    assert run("issue", "offer_letter", SAMPLE, "-d", str(tmp_path), "--db", url).exit_code == 2  # no --format
    assert run("issue", "invoice", SAMPLE, "-f", "html", "-d", str(tmp_path), "--db", url).exit_code == 2
    assert not (tmp_path / "register.sqlite3").exists()


def test_issue_through_the_api(tmp_path: Path, settings: Settings) -> None:
    import docgen

    configured = settings.with_overrides(database=str(tmp_path / "r.sqlite3"))
    [issued] = docgen.issue("offer_letter", SAMPLE, formats=["html"], output_dir=tmp_path, settings=configured)
    assert issued.number == "LY-2026-0001" and issued.paths == (tmp_path / "LY-2026-0001.html",)
    assert docgen.verify(issued.paths[0], settings=configured).status == "issued"


def test_verify_tells_issued_altered_unknown_and_void_apart(register_url: str, tmp_path: Path) -> None:
    result = _issue(register_url, SAMPLE, tmp_path, "-f", "pdf", "-f", "html")
    pdf, html = (Path(path) for _, path in lines(result.stdout))
    [entry] = entries(register_url)

    issued = run("verify", str(pdf), "--db", register_url)
    assert issued.exit_code == 0, issued.output
    assert issued.stdout == f"LY-2026-0001\toffer_letter\t{entry.issued_at}\tissued\n"

    renamed = tmp_path / "copy-for-the-client.pdf"
    renamed.write_bytes(pdf.read_bytes())  # the content is what counts, not the name
    assert run("verify", str(renamed), "--db", register_url).exit_code == 0

    html.write_text(html.read_text(encoding="utf-8").replace("15,000.00", "25,000.00"), encoding="utf-8")
    altered = run("verify", str(html), "--db", register_url)
    assert altered.exit_code == 1
    assert altered.stderr == f"docgen: error: {html}: altered: its SHA-256 differs from the issued LY-2026-0001\n"

    unknown = run("verify", SAMPLE, "--db", register_url)
    assert unknown.exit_code == 1 and f"{SAMPLE}: unknown: no document in the register" in unknown.stderr

    assert (
        run("register", "void", "LY-2026-0001", "--reason", "sent to the wrong person", "--db", register_url).exit_code
        == 0
    )
    void = run("verify", str(pdf), "--db", register_url)
    assert void.exit_code == 1
    assert void.stderr == f"docgen: error: {pdf}: LY-2026-0001 is void: sent to the wrong person\n"
    assert run("verify", str(tmp_path / "missing.pdf"), "--db", register_url).exit_code == 2


def test_api_refuses_an_unknown_locale_before_taking_a_number(tmp_path: Path, settings: Settings) -> None:
    import docgen
    from docgen.errors import UsageError

    configured = settings.with_overrides(database=str(tmp_path / "r.sqlite3"))
    with pytest.raises(UsageError, match="unknown locale 'fr_FR'"):
        docgen.issue("offer_letter", SAMPLE, formats=["html"], locale="fr_FR", output_dir=tmp_path, settings=configured)
    assert not (tmp_path / "r.sqlite3").exists()


def _issue_four_until_ctrl_c(tmp_path: Path, settings: Settings) -> tuple[str, list[issuing.Issued]]:
    """Four offer letters issued in this process until a Ctrl-C stops them: the register and what was reported."""
    url = str(tmp_path / "register.sqlite3")
    data = write_data(tmp_path / "many.json", [offer(f"候选人 {index}") for index in range(4)])
    reported: list[issuing.Issued] = []
    request = issuing.IssueRequest(
        ["html"],
        tmp_path / "out",
        settings=settings.with_overrides(database=url),
        options=BatchOptions(jobs=1),
        on_issued=reported.append,
    )
    issued = issuing.iter_issue("offer_letter", data, request)
    with pytest.raises(KeyboardInterrupt):
        list(issued)
    return url, reported


@pytest.mark.parametrize("moment", ["after the number is taken", "after the document is issued"])
def test_ctrl_c_at_a_seam_leaves_nothing_reserved_and_nothing_half_done(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    from docgen.store.register import Register

    method = "reserve" if moment == "after the number is taken" else "complete"
    real = getattr(Register, method)

    def then_ctrl_c(self: Register, *args: object, **kwargs: object) -> object:
        entry = real(self, *args, **kwargs)
        if entry.number == "LY-2026-0002":
            os.kill(os.getpid(), signal.SIGINT)  # lands as soon as the register call returns
        return entry

    monkeypatch.setattr(Register, method, then_ctrl_c)
    url, reported = _issue_four_until_ctrl_c(tmp_path, settings)
    # Taken, not yet issued: void with the reason, and no file. Issued: finished and reported first, then the stop.
    if method == "reserve":
        second, files = ("void", "not issued: the batch stopped (interrupted)"), ["LY-2026-0001.html"]
    else:
        second, files = ("issued", None), ["LY-2026-0001.html", "LY-2026-0002.html"]
    assert [(entry.number, entry.status, entry.reason) for entry in entries(url)] == [
        ("LY-2026-0001", "issued", None),
        ("LY-2026-0002", *second),
    ]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == files
    assert [issued.number for issued in reported] == ["LY-2026-0001", "LY-2026-0002"][: len(files)]


def test_ctrl_c_just_after_a_document_is_issued_keeps_it_issued(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    finish = issuing._finish

    def then_ctrl_c(*args: Any, **kwargs: Any) -> Any:
        issued = finish(*args, **kwargs)
        if issued.number == "LY-2026-0002":
            os.kill(os.getpid(), signal.SIGINT)  # before the batch has noted it as settled
        return issued

    monkeypatch.setattr(issuing, "_finish", then_ctrl_c)
    url, _ = _issue_four_until_ctrl_c(tmp_path, settings)
    assert [(entry.number, entry.status) for entry in entries(url)] == [
        ("LY-2026-0001", "issued"),
        ("LY-2026-0002", "issued"),
    ]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["LY-2026-0001.html", "LY-2026-0002.html"]

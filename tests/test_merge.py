"""--merge's combined PDF: the parts' pages in order, written one part at a time, atomically."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdf
import pytest

from docgen.config import Settings, load_settings
from docgen.errors import OutputError
from docgen.files import write_atomically_with
from docgen.inputs import load_records
from docgen.pipeline import render_document, validate_records
from docgen.render import merge
from docgen.samples import sample_path

from .conftest import ROOT


@pytest.fixture(scope="module")
def parts(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """PDFs of different types, locales and page counts."""
    folder = tmp_path_factory.mktemp("parts")
    renders = [("offer_letter", "zh_CN"), ("nda", "en_US"), ("resignation_certificate", "zh_TW")]
    paths = []
    for index, (type_name, locale) in enumerate(renders):
        [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
        path = folder / f"{index}-{type_name}.pdf"
        path.write_bytes(render_document(document, settings, fmt="pdf", locale=locale))
        paths.append(path)
    return paths


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(path.read_bytes()), strict=True).pages]


def _qpdf_finds_no_fault(path: Path) -> bool:
    job = pikepdf.Job(["qpdf", "--check", str(path)])
    job.run()
    return job.exit_code == 0


def test_pages_and_text_are_the_parts_in_order(parts: list[Path], tmp_path: Path) -> None:
    merged = merge.merge_pdfs(parts, tmp_path / "merged.pdf", force=False)
    assert _page_texts(merged) == [text for part in parts for text in _page_texts(part)]
    assert _qpdf_finds_no_fault(merged)


def test_a_part_is_read_and_written_before_the_next_is_opened(
    parts: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_now, written_at_open = [0], []

    @contextlib.contextmanager
    def watched(part: Path) -> Iterator[pikepdf.Pdf]:
        assert open_now[0] == 0, "a part was opened while another was open"
        written_at_open.append(sum(path.stat().st_size for path in tmp_path.glob(".docgen-*.part")))
        open_now[0] += 1
        with pikepdf.open(part) as pdf:
            yield pdf
        open_now[0] -= 1

    monkeypatch.setattr(merge, "_open", watched)
    merged = merge.merge_pdfs(parts, tmp_path / "merged.pdf", force=False)
    assert len(written_at_open) == len(parts)
    assert written_at_open == sorted(written_at_open) and written_at_open[-1] > parts[0].stat().st_size  # not held
    assert len(_page_texts(merged)) == sum(len(_page_texts(part)) for part in parts)


def _images(path: Path) -> set[tuple[int, int]]:
    with pikepdf.open(path) as pdf:
        return {
            item.objgen for item in pdf.objects if isinstance(item, pikepdf.Stream) and item.get("/Subtype") == "/Image"
        }


def test_the_logo_and_seal_are_written_once_for_the_batch(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    seal = Image.new("RGBA", (200, 200), (0, 0, 0, 0))  # transparent: the seal comes with a soft mask
    ImageDraw.Draw(seal).ellipse((10, 10, 190, 190), outline=(220, 20, 20, 230), width=12)
    seal.save(tmp_path / "seal.png")
    Image.new("RGB", (300, 60), (20, 60, 140)).save(tmp_path / "logo.png")
    profile = (ROOT / "samples" / "docgen.toml").read_text(encoding="utf-8")
    config = tmp_path / "docgen.toml"
    config.write_text(profile.replace("[company.bank]", 'logo = "logo.png"\nseal = "seal.png"\n\n[company.bank]'))
    settings = load_settings(config)
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    parts = []
    for locale in ("zh_CN", "en_US"):
        parts.append(tmp_path / f"{locale}.pdf")
        parts[-1].write_bytes(render_document(document, settings, fmt="pdf", locale=locale))
    assert [len(_images(part)) for part in parts] == [3, 3]  # logo, seal, the seal's mask
    merged = merge.merge_pdfs(parts, tmp_path / "merged.pdf", force=False)
    assert len(_images(merged)) == 3
    assert _page_texts(merged) == _page_texts(parts[0]) + _page_texts(parts[1])


def _pdf_with_a_page_tree_attributes(path: Path) -> Path:
    """A PDF 2.0 file whose one page takes its size, rotation and resources from the page tree."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 300] /Rotate 90 /Resources << >> >>",
        b"<< /Type /Page /Parent 2 0 R >>",
    ]
    data, offsets = bytearray(b"%PDF-2.0\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size 4 /Root 1 0 R /ID [<00> <00>] >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(data))
    return path


def test_inherited_page_attributes_and_a_newer_version_are_kept(tmp_path: Path) -> None:
    part = _pdf_with_a_page_tree_attributes(tmp_path / "inherits.pdf")
    merged = merge.merge_pdfs([part], tmp_path / "merged.pdf", force=False)
    with pikepdf.open(merged) as pdf:
        page = pdf.get_object(pdf.Root.Pages.Kids[0].objgen)
        assert [float(x) for x in page.MediaBox] == [0, 0, 200, 300] and page.Rotate == 90
        assert pdf.Root.Version == pikepdf.Name("/2.0")  # the catalogue overrides the header's 1.7
    assert _qpdf_finds_no_fault(merged)


def test_an_unreadable_part_leaves_no_file(parts: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a PDF")
    with pytest.raises(OutputError, match=r"broken\.pdf: cannot read it to merge"):
        merge.merge_pdfs([parts[0], broken], folder / "merged.pdf", force=False)
    assert list(folder.iterdir()) == []


def test_an_existing_file_is_replaced_only_with_force(parts: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "merged.pdf"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="file exists"):
        merge.merge_pdfs(parts[:1], target, force=False)
    assert target.read_bytes() == b"old"
    merge.merge_pdfs(parts[:1], target, force=True)
    assert _page_texts(target) == _page_texts(parts[0])


def test_a_failed_streaming_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def half_then_fail(stream: io.BufferedWriter) -> None:
        stream.write(b"half")
        raise OutputError("stopped")

    with pytest.raises(OutputError, match="stopped"):
        write_atomically_with(target, half_then_fail, force=True)
    assert target.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.bin"]
    with pytest.raises(OutputError, match="not a regular file"):
        write_atomically_with(tmp_path, lambda stream: stream.write(b"x"), force=True)

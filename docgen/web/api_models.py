"""The JSON API's answers as Pydantic models: what /openapi.json documents for each route."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, Field

from ..store import Entry
from ..store.batches import Batch


class ErrorBody(BaseModel):
    """Any refusal: what is wrong, naming the field, row or number."""

    error: str = Field(description="What went wrong, in one message")


class ProblemItem(BaseModel):
    field: str = Field(description="The field's dotted path, e.g. a.b.0.c; empty for the record as a whole")
    message: str
    row: int | None = Field(None, description="The row of a spreadsheet record, when the data came from one")


class ProblemsBody(ErrorBody):
    """Data that breaks the type's rules (or cites a number that does not hold): every problem at once."""

    problems: list[ProblemItem]


class TypeInfo(BaseModel):
    name: str = Field(description="The type's name, as in the URLs and the CLI")
    title: str = Field(description="The type's title in the interface language (?lang=)")
    kind: str = Field(description="commercial, hr or finance")
    cites: dict[str, str] = Field(description="Field path → the type whose number that field holds")


class Valid(BaseModel):
    ok: Literal[True] = True
    citations_checked: bool = Field(description="Whether cited numbers were checked against a register in use")


class FileInfo(BaseModel):
    format: str
    name: str = Field(description="The file's name, as in its download URL")
    sha256: str
    url: str = Field(description="Where to download it: /api/documents/{number}/files/{name}")


class IssueAnswer(BaseModel):
    number: str
    reused: bool = Field(description="True when this very record had been issued before: its number, not a new one")
    files: list[FileInfo]


class DocumentSummary(BaseModel):
    number: str
    type: str
    status: Literal["reserved", "issued", "void"]
    year: int
    entity: str = Field(description="The issuing company's USCC")
    company: str
    reserved_at: str
    issued_at: str | None
    voided_at: str | None
    issued_by: str | None = Field(description="Who issued it: the account, the OS user or --as NAME")
    voided_by: str | None = Field(description="Who voided it")
    reason: str | None = Field(description="Why the number is void")
    url: str = Field(description="The document's own URL in this API")


class DocumentPage(BaseModel):
    total: int = Field(description="How many documents match, on every page")
    page: int
    pages: int
    per_page: int
    documents: list[DocumentSummary]


class Citation(BaseModel):
    field: str
    number: str


class CitedBy(BaseModel):
    number: str
    type: str
    status: str


class ChainFile(BaseModel):
    format: str
    path: str
    sha256: str


class ChainNode(BaseModel):
    """One document of the chain, as `docgen register show --json` gives it."""

    number: str
    type: str
    status: str
    reason: str | None
    issue_date: str | None
    entity: str
    entity_name: str
    files: list[ChainFile]
    cites: list[Citation] | None = Field(description="null: issued before the register kept citations")
    clauses: int | None
    this: bool = Field(description="The document asked about")
    shown_above: bool = Field(description="Met twice: its branch is shown once, above")
    cited_by: list[ChainNode]


class DocumentDetail(DocumentSummary):
    issue_date: str | None
    locale: str
    formats: list[str]
    files: list[FileInfo]
    cites: list[Citation] | None = Field(description="null: issued before the register kept citations")
    cited_by: list[CitedBy]
    chain: list[ChainNode] = Field(description="The chain from its first documents down, as register show gives it")


class VoidRequest(BaseModel):
    reason: str = Field(description="Why the number is void; kept in the register")


class VerifyAnswer(BaseModel):
    verdict: Literal["issued", "altered", "void", "reserved", "unknown"]
    number: str | None = Field(None, description="The document's number, when the register knows it and your role may read it")
    type: str | None = Field(None, description="The document's type, when the register knows it and your role may read it")
    issued_at: str | None = None
    message: str = Field(description="The same answer as `docgen verify`, naming the uploaded file")


class RowProblemItem(BaseModel):
    row: int = Field(description="The row as the spreadsheet shows it (a list's item, from 1, in YAML or JSON)")
    field: str = Field(description="The field's dotted path; empty for the row as a whole")
    message: str = Field(description="What is wrong, in the interface language (?lang=)")


class BatchIssued(BaseModel):
    number: str
    files: list[FileInfo]


class BatchAnswer(BaseModel):
    """A spreadsheet checked (mode=check) or its valid rows issued (mode=issue), as the batch page does."""

    mode: Literal["check", "issue"]
    rows: list[int] = Field(description="Every row that holds a record, as the spreadsheet numbers it")
    valid_rows: list[int] = Field(description="The rows with no problem: the ones mode=issue issues")
    problems: list[RowProblemItem] = Field(description="Each problem of each bad row; in mode=issue also a row's run")
    issued: list[BatchIssued] = Field(description="mode=issue: each number issued, with its PDF and DOCX")
    stopped: str | None = Field(None, description="mode=issue: why the run stopped before its end, if it did")


def document_url(number: str) -> str:
    return f"/api/documents/{quote(number, safe='')}"


def file_url(number: str, name: str) -> str:
    return f"{document_url(number)}/files/{quote(name, safe='')}"


def summary(entry: Entry) -> DocumentSummary:
    return DocumentSummary(**_summary_fields(entry))


def _summary_fields(entry: Entry) -> dict[str, object]:
    return {
        **{"number": entry.number, "type": entry.type_name, "status": entry.status, "year": entry.year},
        **{"entity": entry.entity, "company": entry.entity_name, "reason": entry.reason},
        **{"reserved_at": entry.reserved_at, "issued_at": entry.issued_at, "voided_at": entry.voided_at},
        **{"issued_by": entry.issued_by if entry.issued_at else None, "voided_by": entry.voided_by},
        "url": document_url(entry.number),
    }


def detail(entry: Entry, issue_date: str | None, **parts: object) -> DocumentDetail:
    """The entry with its files, what it cites and what cites it (parts: cites, cited_by, chain)."""
    files = [FileInfo(**stored_file(entry.number, item.format, item.path, item.sha256)) for item in entry.files]
    fields = {**_summary_fields(entry), "issue_date": issue_date, "locale": entry.locale}
    return DocumentDetail.model_validate({**fields, "formats": list(entry.formats), "files": files, **parts})


def stored_file(number: str, fmt: str, path: str, sha256: str) -> dict[str, str]:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return {"format": fmt, "name": name, "sha256": sha256, "url": file_url(number, name)}


def batch_answer(mode: Literal["check", "issue"], batch: Batch, issued: list[tuple[str, Entry]]) -> BatchAnswer:
    """The batch's rows, problems and, for each number issued, the files the register recorded."""
    problems = [RowProblemItem(row=p.row, field=p.field, message=p.message) for p in batch.problems]
    done = [
        BatchIssued(number=number, files=[FileInfo(**stored_file(number, f.format, f.path, f.sha256)) for f in e.files])
        for number, e in issued
    ]
    return BatchAnswer(
        mode=mode, rows=batch.rows, valid_rows=batch.valid_rows, problems=problems, issued=done,
        stopped=batch.error or None,
    )  # fmt: skip

"""Issuing numbered documents, and verifying a file against the register.

Issuing keeps the register's promise by its order: validate; reserve the next
number together with its register row; render every format with that number;
write each file atomically; hash each; mark the number issued. A failure after
the reservation voids the number with the reason (and removes what was
written), so no hole in a sequence is unexplained. A batch that stops (a
failure without keep-going, Ctrl-C) voids the numbers it had reserved for
documents not yet written, saying so; a crash leaves reservations that
`docgen register repair` voids. Issuing the same validated record again
returns the first issue unless reissue is asked for; when its files are not
where this command would write them (deleted, or another output folder), they
are rendered and written again under the same number, and bytes that differ
from every earlier copy add their hash to the number.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batching import BatchOptions, FileNamer, Spill, UniqueNames, Valid, output_folder, spilled, validated
from .citations import check_citations, company_uscc
from .config import Settings, load_settings
from .documents.base import DocumentModel
from .embedded import embedded_number
from .errors import (
    ChainBroken,
    CitationError,
    ConfigError,
    DocgenError,
    KeyHeld,
    Problem,
    TemplateFailure,
    UsageError,
    VerificationFailed,
    Wording,
)
from .files import write_atomically
from .interrupts import ctrl_c_held
from .locale import Locale, as_locale
from .pipeline import OUTLINE, each_record, rendering_to_issue
from .records import Record
from .render import Format, as_format
from .render.pool import Outcome, Piece, Work, Workers, render_in_order, start_workers
from .render.templates import build_ahead
from .store import Citation, Clause, Entry, HeldKey, Kept, Register, Request, StoredFile, open_register


@dataclass(frozen=True)
class Issued:
    """One issued document: its number and its files; reused when it had been issued before (rewritten: its files again)."""

    number: str
    paths: tuple[Path, ...]
    reused: bool = False
    rewritten: bool = False


@dataclass(frozen=True)
class Job:
    """What one issue command asks for, the same for each of its records."""

    type_name: str
    formats: tuple[Format, ...]
    locale: Locale
    output_dir: Path
    settings: Settings
    reissue: bool
    key_of: Callable[[Record], str] | None = None  # see IssueRequest

    @property
    def work(self) -> Work:
        """What the worker pool does for each document: every format of it, in this job's locale, and its clauses."""
        return rendering_to_issue(self.settings, self.locale, self.formats)


def canonical_json(document: DocumentModel) -> str:
    """The validated record as canonical JSON: its fields only (computed values are derived again)."""
    data = document.model_dump(mode="json", exclude_computed_fields=True)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class IssueRequest:
    """What one issue asks for besides the type and the data: the same for each of its records."""

    formats: Sequence[Format]
    output_dir: str | Path
    locale: Locale | None = None  # None: the project's default
    reissue: bool = False  # a new number even for a record issued before
    settings: Settings | None = None  # None: the project file found from here
    options: BatchOptions = field(default_factory=BatchOptions)
    on_issued: Callable[[Issued], None] | None = None  # runs as each document is registered, Ctrl-C held
    # Each record's request key, instead of one made from its data: a web batch's job keys each row by the batch
    # and the row, so that a chunk taken again after its worker died finds the rows it had issued (find_issued).
    key_of: Callable[[Record], str] | None = None


def issue(
    type_name: str,
    data: str | Path | Mapping[str, Any],
    *,
    formats: Sequence[Format],
    output_dir: str | Path,
    locale: Locale | None = None,
    reissue: bool = False,
    settings: Settings | None = None,
    options: BatchOptions | None = None,
) -> list[Issued]:
    """Issue every record of data; see iter_issue."""
    request = IssueRequest(formats, output_dir, locale, reissue, settings, options or BatchOptions())
    return list(iter_issue(type_name, data, request))


def iter_issue(
    type_name: str, data: str | Path | Mapping[str, Any] | list[Record], request: IssueRequest
) -> Generator[Issued, None, None]:
    """Issue every record of data, yielding each as soon as it is registered, in input order.

    request.on_issued(issued) runs as each document is registered, with Ctrl-C held back,
    so whatever it reports (the command prints each file) is never one short.

    Every record is validated and every citation checked before the first
    number is taken, so a bad record stops the batch before it starts (or,
    with keep_going, is reported in options.failures and skipped).
    """
    settings, options = request.settings or load_settings(), request.options
    records = data if isinstance(data, list) else _records(data, type_name, options, settings)
    job = _job(type_name, request, settings)
    namer = FileNamer(options.name or "{number}", job.output_dir)
    names = UniqueNames()  # names only, not the data: memory stays flat
    jobs, records = options.jobs_for(records, job.formats)
    build_ahead(type_name, (*job.formats, "html"), job.locale, settings.templates)  # HTML: the clauses' text
    with (
        start_workers(job.work, job.formats, jobs) as workers,  # they start while records validate
        closing(validated(type_name, records, settings, options, _named(namer, names))) as all_valid,
    ):
        names.check()
        with open_register(settings.database) as register:
            batch = _Batch(register, job, namer, options, request.on_issued)
            yield from batch.run(all_valid, workers)


def _records(
    data: str | Path | Mapping[str, Any], type_name: str, options: BatchOptions, settings: Settings
) -> Iterable[Record]:
    return each_record(data, type_name, sheet=options.sheet, group_by=options.group_by, templates=settings.templates)


def _job(type_name: str, request: IssueRequest, settings: Settings) -> Job:
    """The job, its formats and locale checked before a number is taken (found while rendering, a bad one
    would cost a voided number), and the type's number pattern found."""
    formats = _formats(request.formats)
    locale = as_locale(request.locale or settings.locale)
    folder = output_folder(request.output_dir)
    job = Job(type_name, formats, locale, folder, settings, request.reissue, request.key_of)
    _pattern(job)
    return job


class _Batch:
    """The documents of one issue rendered and settled in input order, each number reserved just before rendering."""

    def __init__(
        self,
        register: Register,
        job: Job,
        namer: FileNamer,
        options: BatchOptions,
        on_issued: Callable[[Issued], None] | None,
    ) -> None:
        self.register, self.job, self.namer, self.options, self.on_issued = register, job, namer, options, on_issued
        self.reservations = _Reservations(register, job, namer)

    def run(self, all_valid: Iterable[Valid], workers: Workers | None) -> Iterator[Issued]:
        """Each valid document whose citations hold, issued in input order."""
        may_issue = (item for item in all_valid if _may_issue(self.register, self.job, item, self.options))
        with closing(spilled(may_issue)) as valid:
            self.options.started(len(valid))
            yield from self._issue(valid, workers)

    def _issue(self, valid: Spill[Valid], workers: Workers | None) -> Iterator[Issued]:
        """Each document issued, in input order; stopped, the batch voids every number it still holds."""
        jobs = workers.jobs if workers is not None else 1
        rendered = render_in_order(
            valid, self.reservations.reserve, self.job.work, formats=self.job.formats, jobs=jobs, workers=workers
        )
        try:
            with closing(rendered):
                for item, piece, outcome in rendered:
                    yield from self._settle(item, piece, outcome)
        except BaseException as error:  # the batch stops: no number it reserved stays unexplained
            self.reservations.void_pending(error)
            raise

    def _settle(self, item: Valid, piece: Piece, outcome: Outcome) -> Iterator[Issued]:
        with ctrl_c_held() as caught:  # a document is settled and reported whole before Ctrl-C stops
            entry = self.reservations.entry(piece)
            issued = _finish(self.register, self.job, self.namer, item, entry, outcome, self.options)
            self.reservations.settled(piece)
            self.options.done()
            if issued is not None and self.on_issued is not None:
                self.on_issued(issued)
        if issued is not None:
            yield issued
        if caught:
            raise KeyboardInterrupt


def _named(namer: FileNamer, names: UniqueNames) -> Callable[[Valid], None]:
    """Notes each document's file name as it is validated, when the names do not hold the number."""

    def name(item: Valid) -> None:
        if "{number}" not in namer.pattern:
            names.add(item.record, namer.stem(item.document, item.record, None))

    return name


def _may_issue(register: Register, job: Job, item: Valid, options: BatchOptions) -> bool:
    """Whether the item may be issued: it was issued before, or every citation holds (see citations.py) and
    no other document holds a key it would hold (checked again, under the register's unique index, at issue)."""
    try:
        if _earlier_issue(register, job, item) is None:
            entity = _entity(item.document, job.settings)[0]
            check_citations(register, item.record, item.document, entity, job.settings)
            register.refuse_held(entity, _holds(item.document), _request(job, item).key)
    except CitationError as error:
        if not options.keep_going:
            raise
        faults = dict(error.wording.params).get("problems", error.said) if error.wording else error.said
        options.failures.append(item.record.problem("", "{detail}", detail=faults))  # without the file and row
        return False
    except KeyHeld as error:
        if not options.keep_going:
            raise _at(item.record, error) from None
        options.failures.append(item.record.problem("", "{detail}", detail=error.said))
        return False
    return True


def _holds(document: DocumentModel) -> tuple[HeldKey, ...]:
    """The keys the document holds alone once issued (see DocumentModel.exclusive_keys)."""
    return tuple(HeldKey(field, space, key) for field, space, key in document.held_keys())


def _at(record: Record, error: KeyHeld) -> KeyHeld:
    """The refusal naming the file and row of the record refused."""
    where = record.source if record.row is None else f"{record.source}:row {record.row}"
    return KeyHeld("{where}: {detail}", where=where, detail=error.said)


class _Reservations:
    """Numbers taken in input order just before rendering, kept until their documents are issued or voided."""

    def __init__(self, register: Register, job: Job, namer: FileNamer) -> None:
        self.register = register
        self.job = job
        self.namer = namer
        self.pending: dict[tuple[str, str], Entry] = {}  # (entity, number) → its reservation
        self.rewrites: dict[tuple[str, str], Entry] = {}  # (entity, number) → an earlier issue to write again

    def reserve(self, item: Valid) -> Piece:
        earlier = _earlier_issue(self.register, self.job, item)
        if earlier is not None and _copies_in_place(self.register, self.namer, item, earlier):
            return Piece(item.document, earlier.number, render=False)
        if earlier is not None:  # its files are gone, or this command writes elsewhere: render it again
            self.rewrites[earlier.entity, earlier.number] = earlier
            return Piece(item.document, earlier.number)
        with ctrl_c_held() as caught:  # a number the register has taken is noted before Ctrl-C can stop the batch
            entry = self.register.reserve(_request(self.job, item))
            self.pending[entry.entity, entry.number] = entry
        if caught:
            raise KeyboardInterrupt
        return Piece(item.document, entry.number)

    def entry(self, piece: Piece) -> Entry:
        """The entry of a piece whose outcome is here: a reservation to issue or void now, or an earlier issue."""
        entity, number = self._key(piece)
        if piece.render:
            return self.pending.get((entity, number)) or self.rewrites[entity, number]
        return self.register.resolve(number, entity)

    def settled(self, piece: Piece) -> None:
        """The piece's document is issued or its number voided: nothing is left to void for it."""
        self.pending.pop(self._key(piece), None)
        self.rewrites.pop(self._key(piece), None)

    def void_pending(self, error: BaseException) -> None:
        """The batch stopped: void every number still reserved, saying why, so none is left unexplained.

        A pending number may have been issued or voided just before the stop; it stays as it is.
        """
        reason = f"not issued: the batch stopped ({_reason(error)})"
        for entry in self.pending.values():
            with contextlib.suppress(DocgenError):
                self.register.void_if_reserved(entry, reason)
        self.pending.clear()

    def _key(self, piece: Piece) -> tuple[str, str]:
        return _entity(piece.document, self.job.settings)[0], piece.number or ""


def _finish(
    register: Register,
    job: Job,
    namer: FileNamer,
    item: Valid,
    entry: Entry,
    outcome: Outcome,
    options: BatchOptions,
) -> Issued | None:
    try:
        if entry.status == "issued":  # issued before: its copies are in place, or were rendered to write again
            return _rewrite(register, namer, item, entry, outcome)
        if isinstance(outcome, Wording):
            failure = TemplateFailure(outcome)
            _abandon(register, entry, [], failure)
            raise failure
        return _store(register, job, namer, item, entry, outcome)
    except DocgenError as error:
        if isinstance(error, KeyHeld) and not options.keep_going:  # taken since the check before the number
            raise _at(item.record, error) from None
        if not options.keep_going:
            raise
        options.failures.append(item.record.problem("", "{detail}", detail=_skipped(entry, error)))
        return None


def _skipped(entry: Entry, error: DocgenError) -> Wording:
    """Why a document of a batch that goes on was skipped: an earlier issue not written again, or a number voided."""
    if entry.status == "issued":
        return Wording.of("{number} not written again: {detail}", number=entry.number, detail=error.said)
    return Wording.of("{number} voided: {detail}", number=entry.number, detail=error.said)


def _targets(namer: FileNamer, item: Valid, entry: Entry) -> dict[str, Path]:
    """Where this command puts each of an issued entry's files, in the entry's order of formats."""
    stem = namer.stem(item.document, item.record, entry.number)
    return {fmt: namer.path(stem, fmt).absolute() for fmt in entry.formats}


def _copies_in_place(register: Register, namer: FileNamer, item: Valid, entry: Entry) -> bool:
    """Whether each file of an issued entry is where this command would write it, with bytes once issued."""
    known = register.hashes(entry.entity, entry.number)
    return all(path.is_file() and (fmt, sha256_of(path)) in known for fmt, path in _targets(namer, item, entry).items())


def _rewrite(register: Register, namer: FileNamer, item: Valid, entry: Entry, outcome: Outcome) -> Issued:
    """An issued entry again: its copies as they are, or its missing files written under the same number.

    Bytes the same as an earlier copy change nothing in the register; other bytes add their hash.
    """
    targets = _targets(namer, item, entry)
    if not outcome:  # nothing was rendered: every copy is in place
        return Issued(entry.number, tuple(targets.values()), reused=True)
    if isinstance(outcome, Wording):
        raise TemplateFailure(outcome)
    known = register.hashes(entry.entity, entry.number)
    written: list[Path] = []
    try:
        added = [_copy(fmt, path, outcome[fmt], known, written) for fmt, path in targets.items()]
        new = [stored for stored in added if stored is not None]
        if new:
            register.add_hashes(entry, new)
    except BaseException:
        _remove(written)
        raise
    return Issued(entry.number, tuple(targets.values()), reused=True, rewritten=True)


def _copy(fmt: str, path: Path, data: bytes, known: set[tuple[str, str]], written: list[Path]) -> StoredFile | None:
    """Write one file of an issued entry unless a copy once issued is there; its hash if it is new."""
    if path.is_file() and (fmt, sha256_of(path)) in known:
        return None
    written.append(write_atomically(path, data))
    digest = sha256_of(path)
    return None if (fmt, digest) in known else StoredFile(fmt, str(path), digest)


def _kept(document: DocumentModel, outline: bytes | None) -> Kept:
    """What the register keeps besides the files: the clauses as rendered and the numbers the document cites."""
    clauses = tuple(Clause(c["key"], c["number"], c["text"]) for c in json.loads(outline or b"[]"))
    return Kept(clauses, tuple(Citation(path, number) for path, _, number in document.citations()))


def _store(
    register: Register, job: Job, namer: FileNamer, item: Valid, entry: Entry, outcome: dict[str, bytes]
) -> Issued:
    contents = dict(outcome)
    keep = _kept(item.document, contents.pop(OUTLINE, None))
    stem = namer.stem(item.document, item.record, entry.number)
    paths = {fmt: namer.path(stem, fmt) for fmt in contents}
    written: list[Path] = []
    try:
        _write_all(paths, contents, written)
        stored = [StoredFile(fmt, str(path), sha256_of(path)) for fmt, path in zip(job.formats, written, strict=True)]
        final = register.complete(entry, stored, replace=job.reissue, keep=keep, holds=_holds(item.document))
    except BaseException as error:
        _abandon(register, entry, written, error)
        raise
    if final.number != entry.number:  # another process issued the same document first
        _remove(written)
        return Issued(final.number, tuple(Path(item.path) for item in final.files), reused=True)
    return Issued(entry.number, tuple(written))


def _formats(formats: Sequence[str]) -> tuple[Format, ...]:
    chosen = tuple(as_format(fmt) for fmt in dict.fromkeys(formats))
    if not chosen:
        raise UsageError("give at least one --format")
    return chosen


def _pattern(job: Job) -> str:
    pattern = job.settings.numbers.get(job.type_name)
    if pattern is None:
        source = str(job.settings.source or "configuration")
        raise ConfigError([Problem(source, f"numbers.{job.type_name}", "no number pattern for this type")])
    return pattern


def _entity(document: DocumentModel, settings: Settings) -> tuple[str, str]:
    """The issuing company's USCC and name: the profile, unless the data overrides it."""
    uscc = company_uscc(document, settings)
    return uscc, document.company.legal_name or settings.company.legal_name


def _request(job: Job, item: Valid) -> Request:
    document = item.document
    entity, entity_name = _entity(document, job.settings)
    data = canonical_json(document)
    identity = [job.type_name, job.locale, sorted(job.formats), data]
    key = hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()
    if job.key_of is not None:
        key = job.key_of(item.record)
    year = (document.issue_date or job.settings.today()).year
    return Request(entity, entity_name, job.type_name, year, _pattern(job), job.locale, job.formats, data, key)


def _earlier_issue(register: Register, job: Job, item: Valid) -> Entry | None:
    """The issued entry of this very document, unless a reissue is asked for."""
    if job.reissue:
        return None
    request = _request(job, item)
    return register.find_issued(request.entity, request.key)


def _write_all(paths: dict[str, Path], contents: dict[str, bytes], written: list[Path]) -> None:
    """Write each file, appending each path to written as it lands."""
    for fmt, data in contents.items():  # Ctrl-C is held by the caller, so each write lands whole or not at all
        written.append(write_atomically(paths[fmt], data))


def _abandon(register: Register, entry: Entry, written: list[Path], error: BaseException) -> None:
    """Void the number with the reason; if even that fails, repair will find the reservation."""
    with contextlib.suppress(DocgenError):
        register.void(entry, f"issue failed: {_reason(error)}")
    _remove(written)


def _reason(error: BaseException) -> str:
    if isinstance(error, DocgenError):
        return error.message
    if isinstance(error, KeyboardInterrupt | GeneratorExit):  # Ctrl-C, or the caller stopped reading the results
        return "interrupted"
    return f"{type(error).__name__}: {error}".rstrip(": ")


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


CLAIM_ORDER = ("issued", "void", "reserved")


@dataclass(frozen=True)
class Verdict:
    """What the register says of a file's bytes: issued, altered, void, reserved or unknown, or unvouched (its
    chain is broken); the entry when the file is known, and the reason verify prints after the file's name."""

    status: str
    entry: Entry | None
    said: Wording  # the reason, to word in the interface language

    @classmethod
    def of(cls, status: str, entry: Entry | None, template: str, /, **params: object) -> Verdict:
        return cls(status, entry, Wording.of(template, **params))

    @property
    def reason(self) -> str:
        return str(self.said)


def verify(path: str | Path, settings: Settings | None = None) -> Entry:
    """The register entry of an unaltered issued file; VerificationFailed saying why otherwise."""
    path = Path(path)
    verdict = examine(path, settings)
    if verdict.status != "issued" or verdict.entry is None:
        raise VerificationFailed("{path}: {reason}", path=path, reason=verdict.said)
    return verdict.entry


def examine(path: str | Path, settings: Settings | None = None) -> Verdict:
    """The register's verdict on a file: found by its SHA-256, else by the number its metadata names.

    The file's name counts for nothing: a renamed download verifies, and a file merely named like a
    number is unknown. docgen verify and the web's verify page both ask this.
    """
    settings = settings or load_settings()
    path = Path(path)
    if not path.is_file():
        raise UsageError("{path}: file not found", path=path)
    digest = sha256_of(path)
    with open_register(settings.database) as register:
        matches = register.by_sha256(digest)
        if not matches:
            return _claimed(register, embedded_number(path))
        broken = _unvouched(register)
    if broken is not None:
        return broken
    issued = [entry for entry in matches if entry.status == "issued"]
    if issued:
        return Verdict.of("issued", issued[0], "issued")
    entry, status = matches[0], Wording.of(matches[0].status)  # a status code is a msgid too
    if entry.reason:
        return Verdict.of(
            entry.status,
            entry,
            "{number} is {state}: {reason}",
            number=entry.number,
            state=status,
            reason=entry.reason,
        )
    return Verdict.of(entry.status, entry, "{number} is {state}: never issued", number=entry.number, state=status)


def _unvouched(register: Register) -> Verdict | None:
    """The register's answer counts only if its chain of events checks out."""
    try:
        register.check()
    except ChainBroken as error:
        return Verdict.of("unvouched", None, "the register cannot vouch for it: {detail}", detail=error.said)
    return None


def _claimed(register: Register, number: str | None) -> Verdict:
    """No issued file has these bytes: what became of the number the file claims in its metadata, if any."""
    claimed = register.lookup(number) if number else []
    for entry in sorted(claimed, key=lambda entry: CLAIM_ORDER.index(entry.status)):  # issued by any company first
        if entry.status == "issued":
            return Verdict.of(
                "altered", entry, "altered: its SHA-256 differs from the issued {number}", number=entry.number
            )
        if entry.status == "void":
            return Verdict.of("void", entry, "{number} is void: {reason}", number=entry.number, reason=entry.reason)
        if entry.status == "reserved":
            return Verdict.of("reserved", entry, "{number} was reserved but never issued", number=entry.number)
    where = register.where
    return Verdict.of("unknown", None, "unknown: no document in the register {where} has this content", where=where)

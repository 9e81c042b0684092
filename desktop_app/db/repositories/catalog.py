"""Catalog entries: 索引号 assignment, saving, withdrawal, attachments and bulk import."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import overload

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.attachment_paths import confined, outside_message
from desktop_app.db import versioning
from desktop_app.db.audit import record, require
from desktop_app.db.bulk_insert import BulkInsert
from desktop_app.db.engine import Database
from desktop_app.db.models import Agency as AgencyRow
from desktop_app.db.models import (
    AttachmentContentRow,
    AttachmentRow,
    CatalogEntryRow,
    ClassNodeRow,
    IndexSerial,
)
from desktop_app.db.repositories import IN_CHUNK, present, validated
from desktop_app.db.repositories.agency import lock_numbering
from desktop_app.domain.audit import ATTACHED, CREATED, EDITED, EXPORTED, IMPORTED
from desktop_app.domain.audit import WITHDRAWN as WITHDRAWN_ACTION
from desktop_app.domain.audit import changes as changed_fields
from desktop_app.domain.catalog import (
    FIELD_LABELS,
    WITHDRAWN,
    Attachment,
    CatalogEntry,
    EntryDraft,
    FieldProblem,
    validate_draft,
    withdrawal_problem,
)
from desktop_app.domain.catalog_listing import CatalogListing
from desktop_app.domain.classification import PATH_SEPARATOR, node_name_problem, split_path
from desktop_app.domain.identifiers import IndexPattern
from desktop_app.domain.numbering import SerialAllocator
from desktop_app.domain.users import CLERK
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.hashing import copy_with_sha256, file_sha256
from desktop_app.progress import Progress
from desktop_app.staged import staged

_EDITABLE = (
    "title",
    "doc_number",
    "publisher",
    "generated_on",
    "published_on",
    "disclosure_form",
    "period",
    "period_end",
    "scope",
    "node_id",
    "genre",
    "keywords",
    "summary",
)
# The fields an edit may change, labelled for the audit trail (主题分类 by its id's path below).
_EDIT_LABELS = {name: FIELD_LABELS.get(name, name) for name in _EDITABLE if name != "node_id"}
_EDIT_LABELS["node_path"] = FIELD_LABELS["node_path"]
# Rows per INSERT round trip: big enough to be fast, small enough to report progress.
_IMPORT_BATCH = 1000
# An imported row as BulkInsert takes it: the draft's fields (_draft_values), then the rest.
_DRAFT_COLUMNS = tuple(name for name in _EDITABLE if name != "node_id")
_draft_values = attrgetter(*_DRAFT_COLUMNS)
_IMPORTED_COLUMNS = (
    *_DRAFT_COLUMNS,
    "node_id",
    "agency_id",
    "index_no",
    "validity",
    "validity_date",
)
_IN_CHUNK = IN_CHUNK  # ids per read of get_many
_ENTITY = "catalog_entry"


# The columns of CatalogListing in its order, node_path excepted.
_LISTING_COLUMNS = tuple(getattr(CatalogEntryRow, name) for name in CatalogListing._fields[:-1])


@dataclass(frozen=True)
class ImportedEntry:
    """One checked import row: the draft plus what only an import may set (tree path, withdrawal)."""

    draft: EntryDraft  # normalized and validated; its node_id is ignored in favour of node_path
    node_path: str = ""  # "a/b/c"; missing nodes are created with the entries
    validity: str = "有效"
    validity_date: dt.date | None = None


class CatalogRepository:
    """With `attachments_in_db` (a shared server) the bytes of attachments are stored in the
    database and `attachments_dir` only holds the local copies opened from it; otherwise the
    attachments themselves live in `attachments_dir`."""

    def __init__(
        self, db: Database, attachments_dir: Path, attachments_in_db: bool = False
    ) -> None:
        self._db = db
        self._attachments_dir = attachments_dir
        self._attachments_in_db = attachments_in_db

    # -- reading -----------------------------------------------------------------------------
    def get(self, entry_id: int) -> CatalogEntry:
        with self._db.session() as session:
            row = session.get(
                CatalogEntryRow, entry_id, options=[selectinload(CatalogEntryRow.attachments)]
            )
            if row is None:
                raise NotFoundError(f"目录条目 {entry_id} 不存在")
            return self._to_domain(row, self._paths(session), with_attachments=True)

    def all(
        self, year: int | None = None, genres: Sequence[str] | None = None
    ) -> list[CatalogEntry]:
        """Every entry (withdrawn ones too) ordered by 生成日期 then 索引号; optionally one year,
        or only some 体裁 (table 二 counts two of them: reading a million entries for it took 35 s)."""
        query = select(CatalogEntryRow).order_by(
            CatalogEntryRow.generated_on, CatalogEntryRow.index_no
        )
        if genres is not None:
            query = query.where(CatalogEntryRow.genre.in_(genres))
        if year is not None:
            query = query.where(
                CatalogEntryRow.generated_on >= dt.date(year, 1, 1),
                CatalogEntryRow.generated_on <= dt.date(year, 12, 31),
            )
        with self._db.session() as session:
            paths = self._paths(session)
            return [self._to_domain(row, paths) for row in session.scalars(query)]

    def listing(self, newest: int | None = None) -> list[CatalogListing]:
        """Every entry (withdrawn ones too) as a light table row, in no particular order.

        With `newest`, only that many: the latest by 生成日期 then 索引号, which is the first page
        of the table in its default order, shown while the whole list is still being read.
        Columns, not ORM entities: no identity map, no per-row object bookkeeping.
        """
        query = select(*_LISTING_COLUMNS)
        if newest is not None:
            query = query.order_by(
                CatalogEntryRow.generated_on.desc(), CatalogEntryRow.index_no.desc()
            ).limit(newest)
        with self._db.session() as session:
            path_of = self._paths(session).get
            rows = session.connection().execute(query)  # Core rows: skips the ORM's result layer
            return [CatalogListing._make((*row, path_of(row[-1], ""))) for row in rows]

    def get_many(self, ids: Sequence[int]) -> EntriesById:
        """The full entries (without attachments) of `ids`, in that order, read as they are used."""
        return EntriesById(ids, self._read_chunk)

    def _read_chunk(self, ids: Sequence[int]) -> list[CatalogEntry]:
        with self._db.session() as session:
            paths = self._paths(session)
            rows = session.scalars(select(CatalogEntryRow).where(CatalogEntryRow.id.in_(ids)))
            found = {row.id: self._to_domain(row, paths) for row in rows}
        if missing := [i for i in ids if i not in found]:
            raise NotFoundError(f"目录条目 {missing[0]} 不存在")
        return [found[i] for i in ids]

    def genre_counts(self, year: int, genres: Sequence[str]) -> dict[str, tuple[int, int, int]]:
        """Per 体裁 of `genres` (table 二): entries made in `year`, withdrawn in `year`, and in
        force on 31 December — one aggregate, however big the catalog."""
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        row = CatalogEntryRow
        withdrawn = row.validity.in_(WITHDRAWN) & row.validity_date.is_not(None)
        counts = (
            row.generated_on.between(start, end),
            withdrawn & row.validity_date.between(start, end),
            (row.generated_on <= end) & ~(withdrawn & (row.validity_date <= end)),
        )
        query = (
            select(row.genre, *(func.sum(case((c, 1), else_=0)) for c in counts))
            .where(row.genre.in_(genres))
            .group_by(row.genre)
        )
        with self._db.session() as session:
            found = {
                genre: (int(a or 0), int(b or 0), int(c or 0))
                for genre, a, b, c in session.execute(query)
            }
        return {genre: found.get(genre, (0, 0, 0)) for genre in genres}

    def count(self) -> int:
        with self._db.session() as session:
            return session.scalar(select(func.count()).select_from(CatalogEntryRow)) or 0

    def taken_index_nos(self, numbers: Iterable[str]) -> set[str]:
        """Those of `numbers` that an entry already holds (an import checks its rows with this)."""
        with self._db.session() as session:
            return present(session, CatalogEntryRow.index_no, numbers)

    # -- writing -----------------------------------------------------------------------------
    def add(self, agency_id: int, draft: EntryDraft) -> CatalogEntry:
        """Save a new entry; a 索引号 is assigned here unless the draft carries a legacy one."""
        return self.add_many(agency_id, [draft])[0]

    def add_many(
        self,
        agency_id: int,
        drafts: Sequence[EntryDraft],
        progress: Progress | None = None,
    ) -> list[CatalogEntry]:
        """Save all drafts in one transaction: all or nothing.

        `progress(done, total)` may return False to cancel; nothing is then saved.
        """
        actor = require(self._db, CLERK)
        drafts = [d.normalized() for d in drafts]
        for number, draft in enumerate(drafts, start=1):
            if problems := validate_draft(draft):
                raise ValidationError(_numbered(problems, number, len(drafts)))
        with self._db.session() as session:
            agency = lock_numbering(session, agency_id)
            self._check_nodes(session, drafts)
            legacy = [d for d in drafts if d.index_no]
            self._check_legacy_unique(session, legacy)
            numbers = _BulkNumbers(session, agency)
            for draft in legacy:  # claimed first, so no assigned number can collide with them
                numbers.claim(draft)
            rows = []
            for done, draft in enumerate(drafts, start=1):
                index_no = draft.index_no or numbers.next(validated(draft.generated_on).year)
                row = CatalogEntryRow(
                    agency_id=agency_id,
                    index_no=index_no,
                    validity="有效",
                    **{name: getattr(draft, name) for name in _EDITABLE},
                )
                session.add(row)
                rows.append(row)
                if progress is not None and not progress(done, len(drafts)):
                    raise UserError("已取消，没有保存任何条目")
            numbers.save()
            session.flush()
            if len(rows) == 1:
                record(session, actor, _ENTITY, rows[0].id, CREATED, _name(rows[0]))
            elif rows:
                record(session, actor, _ENTITY, "", CREATED, f"新增 {len(rows)} 条")
            paths = self._paths(session)
            return [self._to_domain(row, paths) for row in rows]

    def import_entries(
        self,
        agency_id: int,
        items: Sequence[ImportedEntry],
        progress: Progress | None = None,
        create_paths: bool = False,
        settle: Callable[[Callable[[str], bool]], Sequence[ImportedEntry]] | None = None,
    ) -> int:
        """Save checked import rows in one transaction.

        Rows keep their 索引号 verbatim; rows without one get the next number of the agency's
        pattern. Unlike `add_many` this writes in batches without a query per row, so tens of
        thousands of rows take seconds. A 主题分类 path missing from the tree is refused unless
        `create_paths` (the user's explicit choice): then its nodes are created and audited.
        `progress(done, total)` may return False to cancel; nothing is then saved. Returns the
        number of entries saved.

        `settle(held)`, when given, is called once the 索引号 already held are read (and locked)
        and before anything is written, with the test of a held number: it returns the items to
        save in place of `items` (the caller's own check of its numbers, without a query of its
        own), or raises to save nothing.
        """
        actor = require(self._db, CLERK)
        with self._db.session() as session:
            agency = lock_numbering(session, agency_id)
            numbers = _BulkNumbers(session, agency)  # reads every 索引号 held: checked against it
            if settle is not None:
                items = settle(numbers.taken)
            paths = {item.node_path for item in items}
            node_ids = self._ensure_paths(session, paths, actor if create_paths else None)
            legacy = [item.draft for item in items if item.draft.index_no]
            self._check_legacy_unique(session, legacy, numbers.taken)
            for draft in legacy:
                numbers.claim(draft)
            rows = BulkInsert(session, CatalogEntryRow.__table__, _IMPORTED_COLUMNS)
            batch: list[tuple[object, ...]] = []
            for done, item in enumerate(items, start=1):
                draft = item.draft
                index_no = draft.index_no or numbers.next(validated(draft.generated_on).year)
                node_id = node_ids.get(item.node_path)
                validity = (item.validity, item.validity_date)
                batch.append((*_draft_values(draft), node_id, agency_id, index_no, *validity))
                if len(batch) == _IMPORT_BATCH or done == len(items):
                    rows.add(batch)
                    batch = []
                    if progress is not None and not progress(done, len(items)):
                        raise UserError("已取消，没有保存任何条目")
            rows.finish()
            numbers.save()
            # One event for the whole import: a trail of 20,000 events would slow it and say no more.
            record(session, actor, _ENTITY, "", IMPORTED, f"导入 {len(items)} 条")
        return len(items)

    def update(self, entry_id: int, draft: EntryDraft, version: int | None = None) -> CatalogEntry:
        """Change an entry's fields; its 索引号 never changes. With the `version` the form
        loaded, a save over someone else's newer change is refused (ConcurrentEditError)."""
        actor = require(self._db, CLERK)
        draft = draft.normalized()
        if problems := validate_draft(draft):
            raise ValidationError(problems)
        with self._db.session() as session:
            row = self._row(session, entry_id)
            before = self._audited(session, row)
            if row.validity != "有效":
                raise UserError(f"该条目已{row.validity}，不能再修改")
            if draft.index_no and draft.index_no != row.index_no:
                raise ValidationError([FieldProblem("index_no", "索引号一经分配不能修改")])
            versioning.check(row, version, f"条目“{row.title}”（{row.index_no}）")
            self._check_nodes(session, [draft])
            for name in _EDITABLE:
                setattr(row, name, getattr(draft, name))
            versioning.stamp(row, actor)
            if edits := changed_fields(before, self._audited(session, row), _EDIT_LABELS):
                record(session, actor, _ENTITY, entry_id, EDITED, _name(row), edits)
        return self.get(entry_id)

    def withdraw(self, entry_id: int, validity: str, on: dt.date | None) -> CatalogEntry:
        """Mark an entry 失效 or 废止 from a date; entries are never deleted."""
        actor = require(self._db, CLERK)
        with self._db.session() as session:
            row = self._row(session, entry_id)
            entry = self._to_domain(row, {})
            if problem := withdrawal_problem(entry, validity, on):
                raise ValidationError([problem])
            row.validity, row.validity_date = validity, on
            versioning.stamp(row, actor)
            edits = changed_fields(
                {"validity": entry.validity, "validity_date": entry.validity_date},
                {"validity": validity, "validity_date": on},
                {
                    "validity": FIELD_LABELS["validity"],
                    "validity_date": FIELD_LABELS["validity_date"],
                },
            )
            record(session, actor, _ENTITY, entry_id, WITHDRAWN_ACTION, _name(row), edits)
        return self.get(entry_id)

    def attach(self, entry_id: int, source: Path) -> Attachment:
        """Copy a file into the data folder (or the server database) and record its SHA-256."""
        actor = require(self._db, CLERK)
        if not source.is_file():
            raise UserError(f"附件文件不存在：{source}")
        self._attachments_dir.mkdir(parents=True, exist_ok=True)
        stored_name = f"{uuid.uuid4().hex}{source.suffix.lower()}"
        target = self._attachments_dir / stored_name
        sha256 = copy_with_sha256(source, target)
        try:
            size = target.stat().st_size
            data = target.read_bytes() if self._attachments_in_db else None
            with self._db.session() as session:
                self._row(session, entry_id)
                row = AttachmentRow(
                    entry_id=entry_id,
                    filename=source.name,
                    stored_name=stored_name,
                    sha256=sha256,
                    size=size,
                )
                session.add(row)
                session.flush()
                if data is not None:
                    session.add(AttachmentContentRow(attachment_id=row.id, data=data))
                detail = f"{source.name}（{size} 字节，SHA-256 {sha256}）"
                record(session, actor, _ENTITY, entry_id, ATTACHED, detail)
                return Attachment(row.id, row.filename, row.stored_name, row.sha256, row.size)
        except Exception:
            target.unlink(missing_ok=True)  # the row was not saved: leave no orphan file
            raise

    def verified_path(self, attachment: Attachment) -> Path:
        """A file holding the attachment, checked against the SHA-256 recorded when it was added.

        From a server database the bytes are first copied to this computer's attachments folder.
        """
        path = self.attachment_path(attachment)
        # An intact copy from an earlier opening may still be open in another program: keep it.
        if self._attachments_in_db and (
            _intact(path, attachment) or self._copy_from_database(attachment, path)
        ):
            return path
        if not path.is_file():
            if self._attachments_in_db:
                raise UserError(
                    f"附件“{attachment.filename}”是旧版本添加的，内容只保存在添加它的那台电脑上"
                    f"（{path.parent}）：请在那台电脑上导出后重新添加"
                )
            raise UserError(
                f"附件“{attachment.filename}”的文件不在 {path.parent}："
                "附件文件夹应与数据库文件放在一起，请从备份中恢复该文件夹"
            )
        if file_sha256(path) != attachment.sha256:
            raise _altered(attachment)
        return path

    def _copy_from_database(self, attachment: Attachment, path: Path) -> bool:
        """Write the stored bytes to `path` once checked; False when the database has none."""
        with self._db.session() as session:
            content = session.get(AttachmentContentRow, attachment.id)
            data = content.data if content is not None else None
        if data is None:
            return (
                False  # added by an older version: the bytes stayed on the computer that added it
            )
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise _altered(attachment)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.part")
        partial.write_bytes(data)
        partial.replace(path)
        return True

    def attachment_path(self, attachment: Attachment) -> Path:
        """Where the attachment's file is (or its local copy, from a server database); UserError
        when its stored name would lead out of the attachments folder."""
        path = confined(self._attachments_dir, attachment.stored_name)
        if path is None:
            raise UserError(
                outside_message(attachment.stored_name, attachment.filename, self._attachments_dir)
            )
        return path

    def export_attachment(self, attachment: Attachment, target: Path) -> None:
        """Copy the checked file to `target` and note in its entry's history where it went.

        The copy is staged and renamed onto `target` inside the event's transaction: a failed
        rename rolls the event back, so the history never names a file that was not written.
        """
        source = self.verified_path(attachment)
        actor = self._db.user.name if self._db.user else ""
        with self._db.session() as session, staged(target) as partial:
            shutil.copyfile(source, partial)
            entry_id = session.scalar(
                select(AttachmentRow.entry_id).where(AttachmentRow.id == attachment.id)
            )
            detail = (
                f"{Path(target).resolve()}：附件 {attachment.filename}，SHA-256 {attachment.sha256}"
            )
            record(session, actor, "catalog_entry", entry_id, EXPORTED, detail)

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _check_legacy_unique(
        session: Session,
        drafts: Sequence[EntryDraft],
        taken: Callable[[str], bool] | None = None,
    ) -> None:
        """Refuse 索引号 repeated among `drafts` or held by an entry (`taken` answers from numbers
        already read, else the database is asked)."""
        problems: list[FieldProblem] = []
        seen: dict[str, int] = {}
        for number, draft in enumerate(drafts, start=1):
            if draft.index_no in seen:
                problems.append(
                    FieldProblem(
                        "index_no",
                        f"索引号 {draft.index_no} 重复出现（第 {seen[draft.index_no]} 条和第 {number} 条）",
                    )
                )
            seen.setdefault(draft.index_no, number)
        problems += [
            FieldProblem("index_no", f"索引号 {n} 已被已有条目使用，索引号不能重复")
            for n in sorted(
                [n for n in seen if taken(n)]
                if taken is not None
                else present(session, CatalogEntryRow.index_no, seen)
            )
        ]
        if problems:
            raise ValidationError(problems)

    @classmethod
    def _ensure_paths(
        cls, session: Session, paths: Iterable[str], creator: str | None
    ) -> dict[str, int]:
        """Node ids of "a/b/c" paths; missing nodes are created (and audited as `creator`) in
        the caller's transaction, or refused when there is no creator."""
        ids = {path: node_id for node_id, path in cls._paths(session).items()}
        rows = session.execute(
            select(ClassNodeRow.parent_id, func.max(ClassNodeRow.position)).group_by(
                ClassNodeRow.parent_id
            )
        ).all()
        next_position = {parent_id: top + 1 for parent_id, top in rows}
        found: dict[str, int] = {}
        for path in sorted(set(paths) - {""}):
            parent_id, walked = None, ""
            for part in split_path(path):
                if problem := node_name_problem(part):
                    raise ValidationError([FieldProblem("node_path", f"{path}：{problem}")])
                walked = f"{walked}{PATH_SEPARATOR}{part}" if walked else part
                if walked not in ids:
                    if creator is None:  # removed since the rows were checked
                        problem = f"没有这个主题分类：{path}"
                        raise ValidationError([FieldProblem("node_path", problem)])
                    position = next_position.get(parent_id, 0)
                    row = ClassNodeRow(parent_id=parent_id, name=part, position=position)
                    session.add(row)
                    session.flush()
                    record(session, creator, "class_node", row.id, CREATED, f"{part}（导入时新建）")
                    ids[walked], next_position[parent_id] = row.id, position + 1
                parent_id = ids[walked]
            if parent_id is not None:
                found[path] = parent_id
        return found

    @staticmethod
    def _check_nodes(session: Session, drafts: Sequence[EntryDraft]) -> None:
        wanted = {d.node_id for d in drafts if d.node_id is not None}
        if wanted:
            found = set(session.scalars(select(ClassNodeRow.id).where(ClassNodeRow.id.in_(wanted))))
            if missing := wanted - found:
                raise ValidationError(
                    [FieldProblem("node_path", f"主题分类 {sorted(missing)} 不存在，请重新选择")]
                )

    @classmethod
    def _audited(cls, session: Session, row: CatalogEntryRow) -> dict[str, object]:
        """The editable fields as the trail compares them, the node by its path."""
        values: dict[str, object] = {name: getattr(row, name) for name in _EDITABLE}
        values["node_path"] = cls._paths(session).get(row.node_id or -1, "")
        return values

    @staticmethod
    def _row(session: Session, entry_id: int) -> CatalogEntryRow:
        row = session.get(CatalogEntryRow, entry_id)
        if row is None:
            raise NotFoundError(f"目录条目 {entry_id} 不存在")
        return row

    @staticmethod
    def _paths(session: Session) -> dict[int, str]:
        rows = session.execute(
            select(ClassNodeRow.id, ClassNodeRow.parent_id, ClassNodeRow.name)
        ).all()
        by_id = {r.id: r for r in rows}
        paths: dict[int, str] = {}

        def path(node_id: int) -> str:
            if node_id not in paths:
                row = by_id[node_id]
                paths[node_id] = (
                    row.name if row.parent_id is None else f"{path(row.parent_id)}/{row.name}"
                )
            return paths[node_id]

        for node_id in by_id:
            path(node_id)
        return paths

    @staticmethod
    def _to_domain(
        row: CatalogEntryRow, paths: dict[int, str], with_attachments: bool = False
    ) -> CatalogEntry:
        attachments = (
            tuple(
                Attachment(a.id, a.filename, a.stored_name, a.sha256, a.size)
                for a in row.attachments
            )
            if with_attachments
            else ()
        )
        return CatalogEntry(
            id=row.id,
            index_no=row.index_no,
            title=row.title,
            doc_number=row.doc_number,
            publisher=row.publisher,
            generated_on=row.generated_on,
            published_on=row.published_on,
            disclosure_form=row.disclosure_form,
            period=row.period,
            period_end=row.period_end,
            scope=row.scope,
            node_id=row.node_id,
            node_path=paths.get(row.node_id or -1, ""),
            genre=row.genre,
            keywords=row.keywords,
            summary=row.summary,
            validity=row.validity,
            validity_date=row.validity_date,
            attachments=attachments,
            version=row.version,
        )


class EntriesById(Sequence[CatalogEntry]):
    """Full entries by id, read as they are iterated: `_IN_CHUNK` at a time, each in a short session.

    An export of the whole catalog so holds one chunk of full entries, never 100,000 of them.
    """

    def __init__(self, ids: Sequence[int], read: Callable[[Sequence[int]], list[CatalogEntry]]):
        self._ids, self._read = list(ids), read

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[CatalogEntry]:
        for start in range(0, len(self._ids), _IN_CHUNK):
            yield from self._read(self._ids[start : start + _IN_CHUNK])

    @overload
    def __getitem__(self, index: int) -> CatalogEntry: ...
    @overload
    def __getitem__(self, index: slice) -> list[CatalogEntry]: ...
    def __getitem__(self, index: int | slice) -> CatalogEntry | list[CatalogEntry]:
        if isinstance(index, slice):
            return self._read(self._ids[index])
        return self._read([self._ids[index]])[0]


class _BulkNumbers:
    """The 索引号 for one save (a form or a bulk import): the domain's allocator over the stored
    per-year counters, in the agency's pattern.

    Legacy numbers in the agency's pattern move the counter past them, so they are never handed
    out; a number already held is skipped. No query per row, so bulk imports stay fast.
    """

    def __init__(self, session: Session, agency: AgencyRow) -> None:
        self._session, self._agency = session, agency
        self._pattern = IndexPattern(agency.index_pattern)
        self._counters = {
            row.year: row
            for row in session.scalars(
                select(IndexSerial).where(IndexSerial.agency_id == agency.id).with_for_update()
            )
        }
        self._allocator = SerialAllocator(
            {year: row.last_serial for year, row in self._counters.items()},
            session.scalars(select(CatalogEntryRow.index_no)),
            lambda year, serial: self._pattern.format(agency.code, year, serial),
        )
        self.next = self._allocator.next
        self.taken = self._allocator.taken

    def claim(self, draft: EntryDraft) -> None:
        years = {validated(draft.generated_on).year, *_years_in(draft.index_no)}
        serials = [
            (year, serial)
            for year in years
            if (serial := self._pattern.serial_of(draft.index_no, self._agency.code, year))
            is not None
        ]
        self._allocator.claim(draft.index_no, serials)

    def save(self) -> None:
        for year, last in self._allocator.counters.items():
            if year in self._counters:
                self._counters[year].last_serial = last
            else:
                self._session.add(
                    IndexSerial(agency_id=self._agency.id, year=year, last_serial=last)
                )


def _name(row: CatalogEntryRow) -> str:
    return f"{row.index_no} {row.title}"


def _intact(path: Path, attachment: Attachment) -> bool:
    return path.is_file() and file_sha256(path) == attachment.sha256


def _altered(attachment: Attachment) -> UserError:
    return UserError(
        f"附件“{attachment.filename}”的内容与添加时不同（SHA-256 不符），文件可能已被改动或损坏"
    )


def _numbered(problems: list[FieldProblem], number: int, total: int) -> list[FieldProblem]:
    if total == 1:
        return problems
    return [FieldProblem(p.field, f"第 {number} 条：{p.message}") for p in problems]


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _years_in(index_no: str) -> set[int]:
    """The plausible years written in a 索引号 (compiled once: an import asks for each row's)."""
    return {year for y in _YEAR.findall(index_no) if 1990 <= (year := int(y)) <= 2100}

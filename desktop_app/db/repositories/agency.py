"""Agency records: create once on `init`, read everywhere."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.audit import record, require
from desktop_app.db.engine import Database
from desktop_app.db.models import Agency as AgencyRow
from desktop_app.domain.agency import Agency, agency_problems
from desktop_app.domain.audit import CREATED, EDITED, changes
from desktop_app.domain.catalog import FIELD_LABELS
from desktop_app.domain.identifiers import DEFAULT_INDEX_PATTERN, normalize_agency_code
from desktop_app.domain.users import ADMIN
from desktop_app.errors import UserError, ValidationError


def lock_numbering(session: Session, agency_id: int) -> AgencyRow:
    """Make this transaction the only one handing out the agency's numbers until it ends.

    Locking the year's counter row is not enough: the year's first number has no row yet, and
    SQLite reads outside a write transaction, so two savers would pick the same next number.
    Call it before reading counters or taken numbers; it returns the agency row.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits up to the busy timeout
        return session.get_one(AgencyRow, agency_id)
    # FOR NO KEY UPDATE: other savers wait here, but inserts that merely reference the agency
    # (their foreign key takes KEY SHARE) do not.
    return session.get_one(
        AgencyRow, agency_id, with_for_update={"key_share": True}, populate_existing=True
    )


def _to_domain(row: AgencyRow) -> Agency:
    return Agency(id=row.id, name=row.name, code=row.code, index_pattern=row.index_pattern)


class AgencyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, name: str, code: str, index_pattern: str = DEFAULT_INDEX_PATTERN) -> Agency:
        actor = require(self._db, ADMIN)
        code = normalize_agency_code(code)
        if problems := agency_problems(name, code, index_pattern):
            raise ValidationError(problems)
        with self._db.session() as session:
            if session.scalar(select(AgencyRow).where(AgencyRow.code == code)):
                raise UserError(f"机构代码 {code} 已存在，无需重复初始化")
            row = AgencyRow(name=name.strip(), code=code, index_pattern=index_pattern)
            session.add(row)
            session.flush()
            record(session, actor, "agency", row.id, CREATED, f"{row.name}（{row.code}）")
            return _to_domain(row)

    def all(self) -> list[Agency]:
        with self._db.session() as session:
            return [
                _to_domain(r) for r in session.scalars(select(AgencyRow).order_by(AgencyRow.id))
            ]

    def current(self) -> Agency:
        """The agency this database belongs to (the first one created)."""
        agencies = self.all()
        if not agencies:
            raise UserError("数据库尚未初始化，请先运行 init（填写机关名称和统一社会信用代码）")
        return agencies[0]

    def update(self, agency_id: int, name: str, index_pattern: str) -> Agency:
        actor = require(self._db, ADMIN)
        with self._db.session() as session:
            row = session.get_one(AgencyRow, agency_id)
            if problems := agency_problems(name, row.code, index_pattern):
                raise ValidationError(problems)
            before = {"agency_name": row.name, "index_pattern": row.index_pattern}
            row.name, row.index_pattern = name.strip(), index_pattern
            after = {"agency_name": row.name, "index_pattern": row.index_pattern}
            labels = {k: FIELD_LABELS[k] for k in after}
            if edits := changes(before, after, labels):
                record(session, actor, "agency", agency_id, EDITED, row.name, edits)
            return _to_domain(row)

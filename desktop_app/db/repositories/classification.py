"""The classification tree: seeded on init, then added to, renamed and moved by users."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.db.audit import record, require
from desktop_app.db.engine import Database
from desktop_app.db.models import CatalogEntryRow, ClassNodeRow
from desktop_app.domain.audit import CREATED, EDITED, MOVED, Change
from desktop_app.domain.classification import (
    DEFAULT_TREE,
    PATH_SEPARATOR,
    ClassNode,
    node_name_problem,
    split_path,
)
from desktop_app.domain.users import ADMIN, CLERK
from desktop_app.errors import NotFoundError, UserError

_ENTITY = "class_node"


def _under(parent_id: int | None):
    """SQL condition for the children of `parent_id` (None: the top level)."""
    return (
        ClassNodeRow.parent_id.is_(None)
        if parent_id is None
        else ClassNodeRow.parent_id == parent_id
    )


class ClassificationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def seed_default(self) -> None:
        with self._db.session() as session:
            if session.scalar(select(func.count()).select_from(ClassNodeRow)):
                return
            actor = require(self._db, ADMIN)
            record(session, actor, _ENTITY, "", CREATED, "建立默认主题分类（条例第二十条）")
            for position, (name, children) in enumerate(DEFAULT_TREE):
                parent = ClassNodeRow(name=name, position=position)
                session.add(parent)
                session.flush()
                session.add_all(
                    ClassNodeRow(name=child, parent_id=parent.id, position=i)
                    for i, child in enumerate(children)
                )

    def nodes(self) -> list[ClassNode]:
        """All nodes, parents before children, siblings in position order, each with its full path."""
        with self._db.session() as session:
            rows = session.execute(
                select(
                    ClassNodeRow.id,
                    ClassNodeRow.parent_id,
                    ClassNodeRow.name,
                    ClassNodeRow.position,
                ).order_by(ClassNodeRow.position, ClassNodeRow.id)
            ).all()
        children: dict[int | None, list] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        ordered: list[ClassNode] = []

        def walk(parent_id: int | None, prefix: str) -> None:
            for row in children.get(parent_id, []):
                path = f"{prefix}{PATH_SEPARATOR}{row.name}" if prefix else row.name
                ordered.append(ClassNode(row.id, row.parent_id, row.name, row.position, path))
                walk(row.id, path)

        walk(None, "")
        return ordered

    def entry_counts(self, include_withdrawn: bool = False) -> dict[int | None, int]:
        """Entries directly under each node (None: unclassified)."""
        query = select(CatalogEntryRow.node_id, func.count()).group_by(CatalogEntryRow.node_id)
        if not include_withdrawn:
            query = query.where(CatalogEntryRow.validity == "有效")
        with self._db.session() as session:
            return {node_id: count for node_id, count in session.execute(query)}

    def add(self, parent_id: int | None, name: str) -> ClassNode:
        actor = require(self._db, CLERK)
        name = self._checked_name(name)
        with self._db.session() as session:
            if parent_id is not None:
                self._row(
                    session, parent_id
                )  # another user may have removed it: say so, not a crash
            self._ensure_free(session, parent_id, name)
            position = session.scalar(
                select(func.coalesce(func.max(ClassNodeRow.position) + 1, 0)).where(
                    _under(parent_id)
                )
            )
            row = ClassNodeRow(parent_id=parent_id, name=name, position=position)
            session.add(row)
            session.flush()
            node_id = row.id
            record(session, actor, _ENTITY, node_id, CREATED, name)
        return self._node(node_id)

    def rename(self, node_id: int, name: str) -> ClassNode:
        actor = require(self._db, CLERK)
        name = self._checked_name(name)
        with self._db.session() as session:
            row = self._row(session, node_id)
            if row.name != name:
                self._ensure_free(session, row.parent_id, name)
                change = Change("名称", row.name, name)
                row.name = name
                record(session, actor, _ENTITY, node_id, EDITED, name, [change])
        return self._node(node_id)

    def move(self, node_id: int, new_parent_id: int | None) -> ClassNode:
        actor = require(self._db, CLERK)
        with self._db.session() as session:
            row = self._row(session, node_id)
            ancestor = new_parent_id
            while ancestor is not None:
                if ancestor == node_id:
                    raise UserError("不能把分类移动到它自己或它的下级分类之下")
                ancestor = self._row(session, ancestor).parent_id
            if row.parent_id != new_parent_id:
                self._ensure_free(session, new_parent_id, row.name)
                old_parent = self._path(session, row.parent_id)
                change = Change("上级分类", old_parent, self._path(session, new_parent_id))
                row.parent_id = new_parent_id
                record(session, actor, _ENTITY, node_id, MOVED, row.name, [change])
        return self._node(node_id)

    def ensure_path(self, path: str) -> int:
        """The id of the node at `path` ("a/b/c"), creating missing nodes (used by import)."""
        parent_id: int | None = None
        by_path = {node.path: node.id for node in self.nodes()}
        walked = ""
        for part in split_path(path):  # every segment checked before any node is created
            self._checked_name(part)
        for part in split_path(path):
            walked = f"{walked}{PATH_SEPARATOR}{part}" if walked else part
            parent_id = by_path.get(walked) or self.add(parent_id, part).id
        if parent_id is None:
            raise UserError("主题分类路径为空")
        return parent_id

    def _node(self, node_id: int) -> ClassNode:
        for node in self.nodes():
            if node.id == node_id:
                return node
        raise NotFoundError(f"分类 {node_id} 不存在")

    @staticmethod
    def _checked_name(name: str) -> str:
        if problem := node_name_problem(name):
            raise UserError(problem)
        return name.strip()

    @staticmethod
    def _row(session, node_id: int) -> ClassNodeRow:
        row = session.get(ClassNodeRow, node_id)
        if row is None:
            raise NotFoundError(f"分类 {node_id} 不存在，可能已被其他用户修改，请刷新")
        return row

    @classmethod
    def _path(cls, session, node_id: int | None) -> str:
        """ "a/b/c" of a node, for the audit trail; the top level reads （顶层）."""
        names = []
        while node_id is not None:
            row = cls._row(session, node_id)
            names.append(row.name)
            node_id = row.parent_id
        return PATH_SEPARATOR.join(reversed(names)) or "（顶层）"

    @staticmethod
    def _ensure_free(session, parent_id: int | None, name: str) -> None:
        if session.scalar(
            select(ClassNodeRow.id).where(_under(parent_id), ClassNodeRow.name == name)
        ):
            raise UserError(f"同一级下已有名为“{name}”的分类，请换一个名称")

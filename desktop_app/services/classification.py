"""The 主题分类 tree's use-cases for the UI: the nodes with their entry counts, and editing a node;
any thread (the tree runs them through ui/tasks.py), each write one transaction."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.db.engine import Database
from desktop_app.db.repositories.classification import ClassificationRepository
from desktop_app.domain.classification import ClassNode
from desktop_app.services.turns import in_turn


class ClassificationService:
    """What the tree and the entry form ask of the classification."""

    def __init__(self, db: Database, classification: ClassificationRepository) -> None:
        self._db, self._classification = db, classification

    def nodes(self) -> list[ClassNode]:
        """Every node, parents before their children."""
        return self._classification.nodes()

    def nodes_and_counts(self) -> tuple[list[ClassNode], dict[int | None, int]]:
        """The nodes and each one's valid entries (not its subtree's; None: entries without one)."""
        return self._classification.nodes(), self._classification.entry_counts()

    def add(
        self, parent_id: int | None, name: str, waiting: Callable[[], None] | None = None
    ) -> ClassNode:
        return in_turn(self._db, lambda: self._classification.add(parent_id, name), waiting)

    def rename(
        self, node_id: int, name: str, waiting: Callable[[], None] | None = None
    ) -> ClassNode:
        return in_turn(self._db, lambda: self._classification.rename(node_id, name), waiting)

    def move(
        self, node_id: int, parent_id: int | None, waiting: Callable[[], None] | None = None
    ) -> ClassNode:
        """Under `parent_id` (None: top level); UserError for a move into its own subtree."""
        return in_turn(self._db, lambda: self._classification.move(node_id, parent_id), waiting)

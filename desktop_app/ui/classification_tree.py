"""The classification tree (主题分类) on the left: counts per node, and add / rename / move by context menu.

Reads and edits run in the background (ClassificationService); `pending` counts those under way.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.classification import ClassNode
from desktop_app.services.classification import ClassificationService
from desktop_app.ui import tasks
from desktop_app.ui.form_dialog import ok_cancel
from desktop_app.ui.messages import show_error

ALL_ENTRIES = "全部条目"
TOP_LEVEL = "（顶层）"
_ID_ROLE = Qt.ItemDataRole.UserRole


def ask_name(parent: QWidget, title: str, text: str = "") -> str | None:
    """The name typed in a small dialog, or None when cancelled (tests replace this function)."""
    name, ok = QInputDialog.getText(parent, title, "分类名称：", text=text)
    return name if ok else None


class MoveDialog(QDialog):
    """Choose the new parent of a node: any node outside its own subtree, or the top level."""

    def __init__(
        self, nodes: list[ClassNode], moving: ClassNode, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"移动分类“{moving.name}”")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabel("移动到以下分类之下：")
        top = QTreeWidgetItem([TOP_LEVEL])
        top.setData(0, _ID_ROLE, None)
        self.tree.addTopLevelItem(top)
        items: dict[int, QTreeWidgetItem] = {}
        for node in nodes:
            if node.path == moving.path or node.path.startswith(f"{moving.path}/"):
                continue  # its own subtree: moving there would make a loop
            item = QTreeWidgetItem([node.name])
            item.setData(0, _ID_ROLE, node.id)
            (items.get(node.parent_id, top)).addChild(item)
            items[node.id] = item
        self.tree.expandAll()
        self.tree.setCurrentItem(top)
        buttons = ok_cancel(self, "移动")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(360, 420)

    def chosen_parent_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, _ID_ROLE) if item else None


class ClassificationTree(QTreeWidget):
    """Emits `selected(node_ids)` (the node and its descendants; None = all) and `changed()` after an edit."""

    selected = Signal(object)
    changed = Signal()

    def __init__(self, categories: ClassificationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories = categories
        self.pending = 0  # reads and edits under way
        self._nodes: list[ClassNode] = []
        self._items: dict[int, QTreeWidgetItem] = {}
        self.reloads = 0  # counts read in the background before a reload are older than it
        self.setHeaderLabel("主题分类（有效条目数）")  # withdrawn entries are not counted
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.currentItemChanged.connect(lambda *_: self.selected.emit(self.selected_subtree()))

    # -- showing -----------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Re-read nodes and counts (valid entries, each node counting its whole subtree) in the
        background, then select `select_id` when given; a later reload supersedes this one."""
        self.reloads += 1
        number = self.reloads

        def show(found: tuple[list[ClassNode], dict[int | None, int]]) -> None:
            if self.reloads == number:
                self.show_counts(*found)
                if select_id is not None:
                    self.select_node(select_id)

        self._run(self._categories.nodes_and_counts, show, "无法读取主题分类")

    def _run(self, fn, on_done, failure_title: str) -> None:
        self.pending += 1

        def finished(callback, value) -> None:
            self.pending -= 1
            callback(value)

        tasks.run_in_background(
            self,
            fn,
            lambda value: finished(on_done, value),
            lambda exc: finished(lambda e: show_error(self, failure_title, str(e)), exc),
        )

    def show_counts(self, nodes: list[ClassNode], direct: dict[int | None, int]) -> None:
        """Nodes and their valid entries read elsewhere (the window reads them in the background:
        one GROUP BY, a third of a second at a million entries)."""
        current = self.current_node_id()
        self._nodes = nodes
        totals = self._subtree_totals(direct)
        self.blockSignals(True)
        self.clear()
        root = QTreeWidgetItem([f"{ALL_ENTRIES}（{sum(direct.values())}）"])
        root.setData(0, _ID_ROLE, None)
        self.addTopLevelItem(root)
        self._items = {}
        for node in self._nodes:
            item = QTreeWidgetItem([f"{node.name}（{totals.get(node.id, 0)}）"])
            item.setData(0, _ID_ROLE, node.id)
            item.setToolTip(0, node.path)
            self._items.get(node.parent_id, root).addChild(item)
            self._items[node.id] = item
        self.expandToDepth(0)
        self.setCurrentItem(self._items.get(current, root) if current is not None else root)
        self.blockSignals(False)

    def _subtree_totals(self, direct: dict[int | None, int]) -> dict[int, int]:
        totals = {node.id: direct.get(node.id, 0) for node in self._nodes}
        for node in reversed(self._nodes):  # children come after parents: add them upwards
            if node.parent_id is not None:
                totals[node.parent_id] += totals[node.id]
        return totals

    def count_text(self, node_id: int | None) -> str:
        item = self._items.get(node_id) if node_id is not None else self.topLevelItem(0)
        return item.text(0) if item else ""

    def current_node_id(self) -> int | None:
        item = self.currentItem()
        return item.data(0, _ID_ROLE) if item else None

    def select_node(self, node_id: int | None) -> None:
        self.setCurrentItem(self._items[node_id] if node_id is not None else self.topLevelItem(0))

    def selected_subtree(self) -> frozenset[int] | None:
        node = self._node(self.current_node_id())
        if node is None:
            return None
        return frozenset(
            n.id for n in self._nodes if n.id == node.id or n.path.startswith(f"{node.path}/")
        )

    def nodes(self) -> list[ClassNode]:
        return list(self._nodes)

    def _node(self, node_id: int | None) -> ClassNode | None:
        return next((n for n in self._nodes if n.id == node_id), None)

    # -- editing -----------------------------------------------------------------------------
    def _menu(self, pos: QPoint) -> None:
        self.setCurrentItem(self.itemAt(pos) or self.currentItem())
        menu = QMenu(self)
        menu.addAction("新增顶层分类…", lambda: self.add_node(None))
        node = self._node(self.current_node_id())
        if node is not None:
            menu.addAction("新增下级分类…", lambda: self.add_node(node.id))
            menu.addAction("重命名…", self.rename_current)
            menu.addAction("移动到…", self.move_current)
        menu.exec(self.viewport().mapToGlobal(pos))

    def add_node(self, parent_id: int | None) -> None:
        name = ask_name(self, "新增分类")
        if name is not None:
            categories = self._categories
            self._edit(lambda: categories.add(parent_id, name))

    def rename_current(self) -> None:
        node = self._node(self.current_node_id())
        if node is not None and (name := ask_name(self, "重命名分类", node.name)) is not None:
            categories = self._categories
            self._edit(lambda: categories.rename(node.id, name))

    def move_current(self) -> None:
        node = self._node(self.current_node_id())
        if node is None:
            return
        dialog = MoveDialog(self._nodes, node, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            parent_id = dialog.chosen_parent_id()
            categories = self._categories
            self._edit(lambda: categories.move(node.id, parent_id))

    def _edit(self, action) -> None:
        """Run the edit in the background; then the tree anew with the node selected."""

        def done(node: ClassNode) -> None:
            self.reload(select_id=node.id)
            self.changed.emit()

        self._run(action, done, "分类未修改")

"""The classification tree (主题分类) on the left: counts per node, and add / rename / move by context menu."""

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
from desktop_app.errors import UserError
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

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._nodes: list[ClassNode] = []
        self._items: dict[int, QTreeWidgetItem] = {}
        self.setHeaderLabel("主题分类（有效条目数）")  # withdrawn entries are not counted
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.currentItemChanged.connect(lambda *_: self.selected.emit(self.selected_subtree()))

    # -- showing -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read nodes and counts (valid entries, each node counting its whole subtree)."""
        current = self.current_node_id()
        self._nodes = self._services.classification.nodes()
        direct = self._services.classification.entry_counts()
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
            self._edit(lambda: self._services.classification.add(parent_id, name))

    def rename_current(self) -> None:
        node = self._node(self.current_node_id())
        if node is not None and (name := ask_name(self, "重命名分类", node.name)) is not None:
            self._edit(lambda: self._services.classification.rename(node.id, name))

    def move_current(self) -> None:
        node = self._node(self.current_node_id())
        if node is None:
            return
        dialog = MoveDialog(self._nodes, node, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            parent_id = dialog.chosen_parent_id()
            self._edit(lambda: self._services.classification.move(node.id, parent_id))

    def _edit(self, action) -> None:
        try:
            node = action()
        except UserError as exc:
            show_error(self, "分类未修改", str(exc))
            return
        self.reload()
        self.select_node(node.id)
        self.changed.emit()

"""Classification tree repository on SQLite and PostgreSQL: seed, add, rename, move, counts."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.classification import ARTICLE_20_ITEMS, DEFAULT_TREE
from desktop_app.errors import NotFoundError, UserError


def by_path(services) -> dict[str, int]:
    return {node.path: node.id for node in services.classification.nodes()}


def test_seed_builds_the_default_tree_once(any_db):
    any_db.classification.seed_default()  # the fixture seeded already: a second seed adds nothing
    nodes = any_db.classification.nodes()
    assert len(nodes) == len(DEFAULT_TREE) + sum(len(children) for _, children in DEFAULT_TREE)
    assert [n.name for n in nodes if n.parent_id is None] == [name for name, _ in DEFAULT_TREE]
    paths = [n.path for n in nodes]
    assert paths.index("法定主动公开内容") < paths.index(f"法定主动公开内容/{ARTICLE_20_ITEMS[0]}")
    children = [n.name for n in nodes if n.path.startswith("法定主动公开内容/")]
    assert children == list(ARTICLE_20_ITEMS)


def test_add_appends_at_the_end_and_refuses_bad_or_duplicate_names(any_db):
    parent = by_path(any_db)["其他"]
    first = any_db.classification.add(parent, " 会议纪要 ")
    second = any_db.classification.add(parent, "工作动态")
    assert (first.path, first.position, second.position) == ("其他/会议纪要", 0, 1)
    top = any_db.classification.add(None, "专题")
    assert top.position == len(DEFAULT_TREE)
    with pytest.raises(UserError, match="已有名为“会议纪要”"):
        any_db.classification.add(parent, "会议纪要")
    for bad, reason in (("", "不能为空"), ("a/b", "不能包含"), ("长" * 61, "过长")):
        with pytest.raises(UserError, match=reason):
            any_db.classification.add(parent, bad)
    with pytest.raises(NotFoundError):
        any_db.classification.add(99999, "孤儿")


def test_rename_keeps_id_and_children(any_db):
    node = any_db.classification.add(None, "专题")
    child = any_db.classification.add(node.id, "防汛")
    renamed = any_db.classification.rename(node.id, "专题专栏")
    assert (renamed.id, renamed.path) == (node.id, "专题专栏")
    assert by_path(any_db)["专题专栏/防汛"] == child.id
    assert any_db.classification.rename(node.id, "专题专栏").path == "专题专栏"  # same name: no-op
    with pytest.raises(UserError, match="已有名为“其他”"):
        any_db.classification.rename(node.id, "其他")
    with pytest.raises(NotFoundError, match="请刷新"):
        any_db.classification.rename(424242, "x")


def test_move_refuses_cycles_and_name_clashes(any_db):
    a = any_db.classification.add(None, "甲")
    b = any_db.classification.add(a.id, "乙")
    c = any_db.classification.add(b.id, "丙")
    for target in (a.id, b.id, c.id):
        with pytest.raises(UserError, match="下级分类"):
            any_db.classification.move(a.id, target)
    moved = any_db.classification.move(c.id, None)
    assert moved.path == "丙"
    assert any_db.classification.move(c.id, None).path == "丙"  # already there
    any_db.classification.add(a.id, "丙")
    with pytest.raises(UserError, match="已有名为“丙”"):
        any_db.classification.move(c.id, a.id)
    assert by_path(any_db)["丙"] == c.id


def test_ensure_path_reuses_and_creates_nodes(any_db):
    existing = by_path(any_db)["法定主动公开内容/统计信息"]
    assert any_db.classification.ensure_path(" 法定主动公开内容 / 统计信息 ") == existing
    new_id = any_db.classification.ensure_path("专题/防汛/2024")
    assert by_path(any_db)["专题/防汛/2024"] == new_id
    with pytest.raises(UserError, match="路径为空"):
        any_db.classification.ensure_path(" / ")


def test_entry_counts_per_node_with_and_without_withdrawn(any_db):
    agency = any_db.agencies.current()
    stats = by_path(any_db)["法定主动公开内容/统计信息"]
    entries = [
        any_db.catalog.add(
            agency.id,
            EntryDraft(title=f"统计{i}", generated_on=dt.date(2024, 1, i + 1), node_id=node),
        )
        for i, node in enumerate((stats, stats, None))
    ]
    assert any_db.classification.entry_counts() == {stats: 2, None: 1}
    any_db.catalog.withdraw(entries[0].id, "废止", dt.date(2024, 5, 1))
    assert any_db.classification.entry_counts() == {stats: 1, None: 1}
    assert any_db.classification.entry_counts(include_withdrawn=True) == {stats: 2, None: 1}

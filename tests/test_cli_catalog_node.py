"""`catalog add --node`: a 主题分类 the tree lacks is an error naming the field and the fix, unless
--create-categories asks for it; then the nodes and the entry are saved together, and audited."""

from __future__ import annotations

import pytest

from desktop_app.cli import run
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.errors import UserError

ENTRY = ("--generated", "2024-03-05", "--form", "主动公开", "--period", "长期公开")


@pytest.fixture
def add(services, db_path, capsys):
    def call(title, *argv):
        code = run(["--db", str(db_path), "catalog", "add", "--title", title, *ENTRY, *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def node_paths(services) -> set[str]:
    return {node.path for node in services.classification.nodes()}


def created_nodes(services) -> list[str]:
    return [e.detail for e in services.audit.events() if e.entity == "class_node"]


def test_a_mistyped_category_is_an_error_and_saves_nothing(services, agency, add):
    before, audited = node_paths(services), created_nodes(services)
    code, out, err = add("统计公报", "--node", "法定主动公开内容/统记信息")
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1
    assert "主题分类" in err
    assert "没有这个主题分类：法定主动公开内容/统记信息" in err
    assert "--create-categories" in err
    assert node_paths(services) == before
    assert services.catalog.all() == []
    assert created_nodes(services) == audited


def test_a_known_category_is_used_as_written_in_the_tree(services, agency, add):
    services.classification.ensure_path("法定主动公开内容/统计信息")
    before = node_paths(services)
    code, _out, err = add("统计公报", "--node", " 法定主动公开内容 / 统计信息 ")
    assert (code, err) == (0, "")
    assert [e.node_path for e in services.catalog.all()] == ["法定主动公开内容/统计信息"]
    assert node_paths(services) == before


def test_create_categories_makes_the_nodes_and_audits_each(services, agency, add):
    code, _out, err = add("防汛预案", "--node", "应急管理/防汛抗旱", "--create-categories")
    assert (code, err) == (0, "")
    assert {"应急管理", "应急管理/防汛抗旱"} <= node_paths(services)
    assert [e.node_path for e in services.catalog.all()] == ["应急管理/防汛抗旱"]
    assert created_nodes(services)[-2:] == ["应急管理", "防汛抗旱"]


def test_nodes_made_for_an_entry_that_fails_are_not_kept(services, agency, add, monkeypatch):
    def refuse(*_args):
        raise UserError("磁盘已满，请清理后重试")

    monkeypatch.setattr(CatalogRepository, "add", refuse)
    before, audited = node_paths(services), created_nodes(services)
    code, _out, err = add("防汛预案", "--node", "应急管理/防汛抗旱", "--create-categories")
    assert code != 0
    assert "磁盘已满" in err
    assert node_paths(services) == before
    assert created_nodes(services) == audited

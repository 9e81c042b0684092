"""The classification tree (主题分类) of the catalog: default nodes and path helpers."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.limits import text_problem

PATH_SEPARATOR = "/"
NODE_NAME_MAX = 60
ANNUAL_REPORT_NODE = "政府信息公开年度报告"

# The fifteen items of 条例第二十条 (2019 text), in order, as short node names.
ARTICLE_20_ITEMS = (
    "法规、规章和规范性文件",
    "机构职能",
    "规划信息",
    "统计信息",
    "行政许可和对外管理服务",
    "行政处罚和行政强制",
    "财政预算、决算",
    "行政事业性收费",
    "政府集中采购",
    "重大建设项目",
    "扶贫、教育、医疗、社会保障、促进就业",
    "突发公共事件应对",
    "监督检查情况",
    "公务员招考",
    "其他法定主动公开信息",
)

DEFAULT_TREE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("政府信息公开指南", ()),
    ("政府信息公开制度", ()),
    ("法定主动公开内容", ARTICLE_20_ITEMS),
    (ANNUAL_REPORT_NODE, ()),
    ("其他", ()),
)


@dataclass(frozen=True)
class ClassNode:
    id: int
    parent_id: int | None
    name: str
    position: int
    path: str


def node_name_problem(name: str) -> str | None:
    name = name.strip()
    if not name:
        return "分类名称不能为空"
    if PATH_SEPARATOR in name:
        return f"分类名称不能包含“{PATH_SEPARATOR}”"
    if name in (".", ".."):
        return f"分类名称不能是“{name}”，请填写分类的名称"
    if problem := text_problem(name, NODE_NAME_MAX):
        return f"分类名称{problem}"
    return None


def split_path(path: str) -> list[str]:
    return [part.strip() for part in path.split(PATH_SEPARATOR) if part.strip()]

"""Users, roles and the audit commands as run from the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from desktop_app.app import login_name
from desktop_app.cli import run
from tests.conftest import AGENCY_CODE, AGENCY_NAME


@pytest.fixture
def desk(any_db_target, tmp_path, capsys, monkeypatch):
    """`run` bound to a fresh database with the agency registered by the first user."""

    def call(*args: str, stdin: str = "") -> tuple[int, str, str]:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = run(["--db", any_db_target, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE)[0] == 0
    return call


def test_the_first_user_holds_every_role_and_is_never_asked_to_sign_in(desk):
    code, out, _ = desk("users", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "name": login_name(),
            "roles": ["经办人", "审核人", "管理员"],
            "active": True,
            "password": False,
        }
    ]


def test_a_clerk_may_enter_but_not_sign_and_is_told_which_role_is_needed(desk):
    assert desk("users", "add", "张三", "--roles", "经办人")[0] == 0
    code, out, _ = desk(
        "--user",
        "张三",
        "catalog",
        "add",
        "--title",
        "通知",
        "--generated",
        "2024-03-01",
        "--form",
        "主动公开",
        "--period",
        "长期公开",
    )
    assert code == 0, out
    assert desk("--user", "张三", "report", "new", "--year", "2024", "--format", "2021")[0] == 0
    code, _, err = desk(
        "--user", "张三", "report", "sign", "--year", "2024", "--signer", "李四", "--reason", "测试"
    )
    assert code == 1
    assert "需要「审核人」角色：用户 张三 只有 经办人" in err
    code, _, err = desk("--user", "张三", "users", "add", "王五", "--roles", "经办人")
    assert code == 1
    assert "需要「管理员」角色" in err
    assert "王五" not in desk("users", "list")[1]


def test_events_name_the_acting_user(desk):
    desk("users", "add", "张三", "--roles", "经办人")
    desk(
        "--user",
        "张三",
        "catalog",
        "add",
        "--title",
        "通知",
        "--generated",
        "2024-03-01",
        "--form",
        "主动公开",
        "--period",
        "长期公开",
    )
    code, out, _ = desk("audit", "list", "--entity", "目录条目", "--json")
    assert code == 0
    [event] = json.loads(out)
    assert (event["user"], event["action"], event["entity"]) == ("张三", "新增", "catalog_entry")
    code, out, _ = desk("audit", "list", "--by", "张三", "--json")
    assert [e["id"] for e in json.loads(out)] == [event["id"]]


def test_an_unknown_user_is_refused(desk):
    code, _, err = desk("--user", "无此人", "catalog", "list")
    assert code == 1
    assert "用户“无此人”不存在或已停用" in err


def test_a_user_with_a_password_must_give_it(desk, monkeypatch):
    assert (
        desk(
            "users", "add", "审核员", "--roles", "审核人", "--password-stdin", stdin="s3cret-密码\n"
        )[0]
        == 0
    )
    code, _, err = desk("--user", "审核员", "catalog", "list")
    assert code == 1
    assert "需要登录" in err
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "wrong")
    code, _, err = desk("--user", "审核员", "catalog", "list")
    assert code == 1
    assert "密码不正确" in err
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "s3cret-密码")
    assert desk("--user", "审核员", "catalog", "list")[0] == 0
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "审核员")
    assert desk("catalog", "list")[0] == 0


def test_several_users_and_no_name_is_refused_unless_one_matches_the_login(desk, monkeypatch):
    desk("users", "add", "张三", "--roles", "经办人")
    assert desk("catalog", "list")[0] == 0  # the login name still names the first user
    monkeypatch.setattr("desktop_app.app.login_name", lambda: "别的登录名")
    code, _, err = desk("catalog", "list")
    assert code == 1
    assert "--user" in err


def test_audit_verify_and_list(desk, any_db_target):
    desk(
        "catalog",
        "add",
        "--title",
        "通知",
        "--generated",
        "2024-03-01",
        "--form",
        "主动公开",
        "--period",
        "长期公开",
    )
    code, out, _ = desk("audit", "verify")
    assert code == 0
    assert "操作日志完整" in out
    code, out, _ = desk("audit", "list", "--since", "2000-01-01")
    assert "新增" in out
    assert "目录条目" in out
    code, out, _ = desk("audit", "list", "--since", "2100-12-31", "--json")
    assert json.loads(out) == []
    if "://" not in any_db_target:  # someone with the SQLite file drops the triggers and edits
        with sqlite3.connect(any_db_target) as connection:
            connection.execute("DROP TRIGGER audit_event_no_update")
            last = connection.execute("SELECT max(id) FROM audit_event").fetchone()[0]
            connection.execute(f"UPDATE audit_event SET actor = '别人' WHERE id = {last}")
        code, out, _ = desk("audit", "verify")
        assert code == 1
        assert f"#{last}" in out


def test_unknown_entity_is_a_clear_error(desk):
    code, _, err = desk("audit", "list", "--entity", "火星")
    assert code == 1
    assert "没有“火星”这类对象" in err


def test_a_disabled_user_can_no_longer_act_and_stays_in_the_trail(desk):
    desk("users", "add", "张三", "--roles", "经办人")
    code, out, _ = desk("users", "disable", "张三")
    assert (code, out.strip()) == (0, "用户 张三 已停用")
    code, _, err = desk("--user", "张三", "catalog", "list")
    assert code == 1
    assert "已停用" in err
    code, out, _ = desk("users", "disable", login_name())
    assert code == 1
    assert desk("users", "enable", "张三")[0] == 0
    assert desk("--user", "张三", "catalog", "list")[0] == 0
    _, out, _ = desk("audit", "list", "--entity", "user", "--json")
    assert [c["new"] for e in json.loads(out) for c in e["changes"]] == ["停用", "启用"]


def test_sign_in_required_of_every_user_once_a_manager_with_a_password_turns_it_on(
    desk, monkeypatch
):
    me = login_name()
    desk("users", "add", "张三", "--roles", "经办人")
    code, _, err = desk("users", "sign-in", "on")
    assert code == 1
    assert "还没有密码" in err
    assert desk("users", "sign-in")[1].strip() == "要求登录：未开启"
    assert desk("--user", "张三", "users", "sign-in", "on")[2].count("需要「管理员」角色") == 1

    assert desk("users", "password", me, "--password-stdin", stdin="管理-pw\n")[0] == 0
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "管理-pw")
    code, out, _ = desk("users", "sign-in", "on")
    assert code == 0
    assert "要求登录：已开启" in out
    assert "张三 还没有密码" in out

    code, _, err = desk("--user", "张三", "catalog", "list")  # no password: cannot sign in
    assert code == 1
    assert "要求每位用户凭密码登录" in err
    assert "users password 张三" in err
    code, _, err = desk("users", "password", me, "--clear")  # would lock the manager out
    assert code == 1
    assert "取消密码后用户" in err
    monkeypatch.delenv("DISCLOSURE_DESK_PASSWORD")
    code, _, err = desk("catalog", "list")  # the first user too
    assert code == 1
    assert f"用户 {me} 需要登录" in err

    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "管理-pw")
    assert desk("users", "sign-in", "off")[0] == 0
    monkeypatch.delenv("DISCLOSURE_DESK_PASSWORD")
    assert desk("--user", "张三", "catalog", "list")[0] == 0
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "管理-pw")
    _, out, _ = desk("audit", "list", "--entity", "access", "--json")
    events = json.loads(out)
    assert [(e["user"], c["old"], c["new"]) for e in events for c in e["changes"]] == [
        (me, "关闭", "开启"),
        (me, "开启", "关闭"),
    ]

"""The command line as users run it (a subprocess): --version, --help everywhere, errors in one Chinese line."""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.cli import build_parser
from tests.conftest import AGENCY_CODE, AGENCY_NAME

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def cli(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if env_db:
        env["DISCLOSURE_DESK_DB"] = env_db
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def assert_user_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert CHINESE.search(lines[0]), lines[0]
    for fragment in fragments:
        assert fragment in lines[0]


def command_paths(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every sub-command path of the parser, e.g. ("catalog", "add"), found by walking its subparsers."""
    paths = []
    for action in parser._actions:  # argparse offers no public way to list sub-commands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths.append((*prefix, name))
                paths += command_paths(sub, (*prefix, name))
    return paths


COMMANDS = command_paths(build_parser())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version():
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"disclosure-desk {__version__}"


def test_every_area_is_reachable():
    assert {"init", "demo", ("catalog", "add")} <= {p[0] if len(p) == 1 else p for p in COMMANDS}


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "top")
def test_help_of_every_command_is_chinese(path):
    result = cli(*path, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：")
    assert "选项" in result.stdout
    assert "显示本帮助并退出" in result.stdout
    assert "usage:" not in result.stdout
    assert "show this help" not in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("no-such-command",), "无效"),
        (("catalog",), "缺少必填参数"),
        (("init", "--agency-name", AGENCY_NAME), "缺少必填参数"),
        (("catalog", "list", "--bogus"), "无法识别的参数"),
        (
            (
                "catalog",
                "add",
                "--title",
                "x",
                "--generated",
                "2024-01-01",
                "--form",
                "公开",
                "--period",
                "长期公开",
            ),
            "可选",
        ),
    ],
)
def test_usage_errors_are_one_chinese_line(args, fragment):
    result = cli("--db", "unused.sqlite", *args)
    assert result.returncode == 2
    assert_user_error(result, fragment, "--help")


def test_user_errors_in_commands_are_one_chinese_line(tmp_path):
    db = str(tmp_path / "desk.sqlite")
    # A mistyped --db is reported, not answered from a new, empty database.
    assert_user_error(add_entry(Path(db), "通知"), "找不到数据库文件", "--db", "init")
    assert_user_error(cli("--db", db, "catalog", "list"), "找不到数据库文件")
    assert not Path(db).exists()
    # due-date works before init (it creates the database); adding an entry then asks for init
    assert cli("--db", db, "requests", "due-date", "--received", "2024-09-27").returncode == 0
    assert_user_error(add_entry(Path(db), "通知"), "尚未初始化", "init")
    assert_user_error(
        cli(
            "--db", db, "init", "--agency-name", AGENCY_NAME, "--agency-code", "11330727775738086A"
        ),
        "机构代码",
        "校验位",
    )
    assert (
        cli(
            "--db", db, "init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE
        ).returncode
        == 0
    )
    assert_user_error(
        cli("--db", db, "init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE),
        "已初始化",
    )
    assert_user_error(
        cli(
            "--db",
            db,
            "catalog",
            "add",
            "--title",
            "通知",
            "--generated",
            "2024-02-30",
            "--form",
            "主动公开",
            "--period",
            "长期公开",
        ),
        "不存在",
    )
    assert_user_error(
        cli(
            "--db",
            db,
            "catalog",
            "add",
            "--title",
            "通知",
            "--generated",
            "2024-02-03",
            "--form",
            "主动公开",
            "--period",
            "限期公开",
        ),
        "公开截止日期",
    )
    assert_user_error(
        cli("--db", db, "catalog", "import", str(tmp_path / "missing.xlsx")), "missing.xlsx"
    )


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("nosuchdialect://host/db", "不支持的数据库类型"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "无法打开数据库"),
        ("/proc/no-such-folder/desk.sqlite", "文件夹"),
        ("postgresql+psycopg://nobody@no-such-host.invalid/none", "无法使用数据库服务器"),
        ("postgresql+psycopg://nobody@127.0.0.1:99999/none", "端口"),
    ],
)
def test_unusable_database_arguments(target, fragment):
    init = ("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE)
    assert_user_error(cli("--db", target, *init), fragment)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"password": "wrong"}, "password authentication failed"),
        ({"database": "dd_none"}, "dd_none"),
    ],
)
def test_postgresql_login_problems_are_one_chinese_line(pg_url, change, fragment):
    from sqlalchemy.engine import make_url

    target = make_url(pg_url).set(**change).render_as_string(hide_password=False)
    result = cli("--db", target, "catalog", "list")
    assert_user_error(result, "无法使用数据库服务器", fragment)
    assert "wrong" not in result.stderr  # a password never reaches the screen or a log


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """A demo database: its JSON catalog listing is far larger than a pipe's buffer."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.sqlite"
    command = ["--db", str(db), "--data-dir", str(folder / "data"), "demo"]
    subprocess.run([sys.executable, "-m", "desktop_app", *command], check=True, timeout=300)
    return db


@pytest.mark.parametrize(
    ("command", "reader"),
    [
        ("catalog list --json", "head -1"),  # the reader leaves after the first of ~200 KB
        ("catalog list", "true"),  # the reader is gone before anything is written
        ("requests list --json", "true"),
        ("report history --year 2024", "true"),
    ],
)
def test_output_into_a_closed_pipe_ends_quietly(demo_db, command, reader):
    program = f"{shlex.quote(sys.executable)} -m desktop_app --db {shlex.quote(str(demo_db))}"
    pipeline = f"{program} {command} | {reader}; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(
        ["bash", "-c", pipeline], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert result.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert result.returncode == 141  # 128 + SIGPIPE, as the shell reports for `git log | head`
    if reader == "head -1":
        assert result.stdout == "[\n"


def test_environment_variable_names_the_database(tmp_path):
    db = tmp_path / "from-env.sqlite"
    result = cli("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE, env_db=str(db))
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert "共 0 条" in cli("catalog", "list", env_db=f"sqlite:///{db}").stdout


def test_without_db_the_database_is_created_in_the_data_folder(tmp_path):
    assert cli("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE).returncode == 0
    assert (Path(os.environ["DISCLOSURE_DESK_DATA_DIR"]) / "disclosure-desk.sqlite").exists()


def add_entry(db: Path, title: str) -> subprocess.CompletedProcess:
    return cli(
        "--db",
        str(db),
        "catalog",
        "add",
        "--title",
        title,
        "--generated",
        "2024-05-06",
        "--form",
        "主动公开",
        "--period",
        "长期公开",
    )


def test_locked_database_is_explained_and_nothing_saved_is_lost(tmp_path):
    db = tmp_path / "desk.sqlite"
    assert (
        cli(
            "--db", str(db), "init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE
        ).returncode
        == 0
    )
    first = add_entry(db, "已保存的条目")
    assert first.returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        before = sha256(db)
        result = add_entry(db, "锁定时新增")
        assert_user_error(result, "已锁定")
        assert sha256(db) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    listing = cli("--db", str(db), "catalog", "list")
    assert "已保存的条目" in listing.stdout
    assert "锁定时新增" not in listing.stdout
    assert first.stdout.strip().splitlines()[-1] in listing.stdout


def test_corrupt_file_is_explained_and_left_unchanged(tmp_path):
    db = tmp_path / "desk.sqlite"
    db.write_bytes(os.urandom(64 * 1024))
    before = sha256(db)
    assert_user_error(cli("--db", str(db), "catalog", "list"), "已损坏")
    assert sha256(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("desk")) == [
        "desk.sqlite"
    ]


def test_output_redirected_in_a_gbk_code_page_escapes_what_gbk_lacks(tmp_path):
    """As on a Chinese Windows, where redirected output is cp936: no traceback for a rare character."""
    db = tmp_path / "desk.sqlite"
    init = ("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE)
    assert cli("--db", str(db), *init).returncode == 0
    assert add_entry(db, "关于𠮷村道路养护的通知").returncode == 0  # 𠮷 (U+20BB7) is not in GBK
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db), "catalog", "list"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    out = result.stdout.decode("gbk")
    assert "关于\\U00020bb7村道路养护的通知" in out

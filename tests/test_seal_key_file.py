"""The seal key file itself: created once and never replaced, and each unreadable or foreign
file refused with a message naming it."""

from __future__ import annotations

import base64
import re
import sys

import pytest

from desktop_app.errors import UserError
from desktop_app.services.seal_key import MAGIC, create_key, read_key


def test_a_key_is_created_once_and_a_second_creation_keeps_it(tmp_path):
    path = tmp_path / "办公室" / "seal-key.txt"
    create_key(path, protect=False)
    first = read_key(path)
    create_key(path, protect=False)  # another process made it first: theirs is kept
    assert read_key(path) == first
    assert len(first) == 32


@pytest.mark.parametrize(
    "text",
    [f"other-program plain {'00' * 32}\n", f"{MAGIC} rot13 {'00' * 32}\n", f"{MAGIC} plain\n"],
    ids=["foreign file", "unknown kind", "no key"],
)
def test_a_key_file_not_written_by_this_program_is_refused(tmp_path, text):
    path = tmp_path / "seal-key.txt"
    path.write_text(text, "ascii")
    with pytest.raises(UserError, match=re.escape(f"签封密钥文件 {path} 格式不正确或已损坏")):
        read_key(path)


def test_a_key_path_that_is_a_folder_cannot_be_read(tmp_path):
    with pytest.raises(UserError, match=re.escape(f"无法读取签封密钥文件 {tmp_path}")):
        read_key(tmp_path)


def test_a_key_cannot_be_created_under_a_file(tmp_path):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x", "utf-8")
    with pytest.raises(UserError, match="无法建立签封密钥文件.*请检查文件夹权限"):
        create_key(blocker / "sub" / "seal-key.txt", protect=False)


def test_a_key_whose_folder_is_a_file_is_refused_with_the_reason(tmp_path):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x", "utf-8")
    with pytest.raises(UserError, match=re.escape(f"{blocker} 是一个文件而不是文件夹")):
        create_key(blocker / "seal-key.txt", protect=False)
    assert blocker.read_text("utf-8") == "x"


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows, where DPAPI does not exist")
def test_a_dpapi_key_off_windows_names_the_account_not_damage(tmp_path):
    path = tmp_path / "seal-key.txt"
    path.write_text(f"{MAGIC} dpapi {base64.b64encode(b'x' * 200).decode()}\n", "ascii")
    with pytest.raises(UserError) as refused:
        read_key(path)
    assert "只能在建立它的那台电脑上、用建立它的 Windows 账户打开" in str(refused.value)
    assert "损坏" not in str(refused.value)

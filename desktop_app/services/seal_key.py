"""The key that seals signed reports, kept outside the database.

By default one key per installation in the user's data folder, created on first signature
with owner-only permissions and, on Windows, encrypted for the user with DPAPI. An office on a
shared server points every workstation at one office key file (settings `seal_key_file` or
$DISCLOSURE_DESK_SEAL_KEY_FILE) that its 管理员 keep; that file is stored plain (DPAPI would
tie it to one Windows account) and protected by the share's permissions.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.errors import UserError
from desktop_app.settings import Settings

if TYPE_CHECKING:
    from desktop_app.services.context import Services

KEY_FILE_ENV = "DISCLOSURE_DESK_SEAL_KEY_FILE"
DEFAULT_NAME = "seal-key.txt"
MAGIC = "disclosure-desk-seal-key-v1"
PLAIN, DPAPI = "plain", "dpapi"
ONE_ACCOUNT = "由 Windows 加密保护，只能在建立它的那台电脑上、用建立它的 Windows 账户打开"


def key_file(services: Services) -> Path:
    """The office key file when one is configured, else this installation's own."""
    configured = (
        os.environ.get(KEY_FILE_ENV) or Settings.load(services.paths.settings_file).seal_key_file
    )
    return Path(configured).expanduser() if configured else services.paths.data_dir / DEFAULT_NAME


def verifying_key(services: Services) -> bytes | None:
    """The key if it exists; reading never creates one (a new key would prove nothing)."""
    path = key_file(services)
    return read_key(path) if path.exists() else None


def signing_key(services: Services) -> bytes:
    """The key, created on first need."""
    path = key_file(services)
    if not path.exists():
        default = path == services.paths.data_dir / DEFAULT_NAME
        create_key(path, protect=default and sys.platform == "win32")
    return read_key(path)


def create_key(path: Path, protect: bool) -> None:
    """32 random bytes in a new file only its owner may read; never replaces an existing key."""
    key = secrets.token_bytes(32)
    kind, payload = (
        (DPAPI, base64.b64encode(_dpapi(key, True)).decode()) if protect else (PLAIN, key.hex())
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # mkdir's answer when a file stands where the folder goes
        raise UserError(
            f"无法建立签封密钥文件 {path}：{path.parent} 是一个文件而不是文件夹，"
            "请移走或改名这个文件，或在设置中另选密钥文件的位置"
        ) from exc
    except OSError as exc:
        raise UserError(f"无法建立签封密钥文件 {path}：{exc.strerror}，请检查文件夹权限") from exc
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first: use theirs (read_key says if it is no key)
    except OSError as exc:
        raise UserError(f"无法建立签封密钥文件 {path}：{exc.strerror}，请检查文件夹权限") from exc
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(f"{MAGIC} {kind} {payload}\n")
        out.flush()
        os.fsync(out.fileno())


def read_key(path: Path) -> bytes:
    try:
        magic, kind, payload = path.read_text(encoding="ascii").split()
        if magic != MAGIC or kind not in (PLAIN, DPAPI):
            raise ValueError(kind)
    except OSError as exc:
        raise UserError(f"无法读取签封密钥文件 {path}：{exc.strerror}") from exc
    except ValueError as exc:
        raise UserError(
            f"签封密钥文件 {path} 格式不正确或已损坏，请从备份恢复或向管理员索取"
        ) from exc
    if kind == DPAPI and sys.platform != "win32":
        raise UserError(f"签封密钥文件 {path} {ONE_ACCOUNT}；在这里无法打开")
    try:
        return bytes.fromhex(payload) if kind == PLAIN else _dpapi(base64.b64decode(payload), False)
    except ValueError as exc:
        also = f"；它{ONE_ACCOUNT}，如是其他账户建立的请换用该账户" if kind == DPAPI else ""
        raise UserError(
            f"签封密钥文件 {path} 格式不正确或已损坏{also}，请从备份恢复或向管理员索取"
        ) from exc


def _dpapi(data: bytes, protect: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData for the current Windows user (ctypes, no package)."""
    if sys.platform != "win32":
        raise ValueError("DPAPI 仅在 Windows 上可用")
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    blob_out = Blob()
    call = (
        ctypes.windll.crypt32.CryptProtectData
        if protect
        else ctypes.windll.crypt32.CryptUnprotectData
    )
    ui_forbidden = 0x1
    if not call(
        ctypes.byref(blob_in), None, None, None, None, ui_forbidden, ctypes.byref(blob_out)
    ):
        raise ValueError(f"DPAPI: {ctypes.FormatError()}")
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        ctypes.windll.kernel32.LocalFree(blob_out.pbData)

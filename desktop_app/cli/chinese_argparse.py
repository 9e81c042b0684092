"""argparse with its fixed texts (usage, headings, errors) in Chinese, errors on one line."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_TEXTS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
}
_ERRORS = [
    (r"the following arguments are required: (.*)", r"缺少必填参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"参数 \1 的取值 \2 无效，可选：\3",
    ),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个取值"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"参数 \1 的取值 \3 格式不正确"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 不明确，可能是：\2，请写完整"),
    (r"^argument (\S+): (.*)", r"参数 \1：\2"),  # our own type checks' messages
]


def _translate(text: str) -> str:
    return _TEXTS.get(text, text)


# argparse looks its texts up through the module-level gettext alias at call time.
argparse._ = _translate  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse override
        for pattern, replacement in _ERRORS:
            message = re.sub(pattern, replacement, message)
        sys.stderr.write(f"错误：{message}（用 {self.prog} --help 查看用法）\n")
        sys.exit(2)

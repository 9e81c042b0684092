"""The installer's own Simplified Chinese messages: complete, in Chinese, placeholders intact.

Inno Setup 6.4.1's Default.isl (npm `innosetup`) is not in the repository; scripts/windows-smoke.sh
compares the keys with it before compiling. Here: the file itself, and the script that uses it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "resources" / "installer"
ISL = INSTALLER / "ChineseSimplified.isl"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Messages that hold no words, or only units and placeholders, in every language.
WORDLESS = {
    "HelpTextNote",
    "BeveledLabel",
    "AboutSetupNote",
    "TranslatorNote",
    "ComponentSize1",
    "ComponentSize2",
    "UninstallDisplayNameMark",
    "UninstallDisplayNameMarks",
}


def sections(path: Path) -> dict[str, dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    parts = re.split(r"^\[(\w+)\]\s*$", text, flags=re.M)
    return {
        name: dict(re.findall(r"^([A-Za-z0-9.]+)=(.*)$", body, flags=re.M))
        for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_messages_file_is_unicode_chinese():
    raw = ISL.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads UTF-8 only with the mark
    options = sections(ISL)["LangOptions"]
    assert options["LanguageID"] == "$0804"  # zh-CN
    assert options["LanguageCodePage"] == "0"  # Unicode
    messages = sections(ISL)["Messages"]
    assert len(messages) >= 260
    english = [
        key
        for key, text in messages.items()
        if key not in WORDLESS and text and not CJK.search(text)
    ]
    assert english == []


def test_accelerators_and_placeholders_are_well_formed():
    for key, text in sections(ISL)["Messages"].items():
        assert text.count("&") <= 1, key
        if "&" in text:  # Chinese style: 下一步(&N)
            assert re.search(r"\(&[A-Z]\)", text), key
        assert not re.search(r"%[^\dn%]", text), key


def test_installer_uses_it_per_user_and_keeps_the_data_folder():
    iss = (INSTALLER / "disclosure-desk.iss").read_text(encoding="utf-8-sig")
    assert 'MessagesFile: "ChineseSimplified.isl"' in iss
    assert "compiler:Default.isl" not in iss  # no English fallback
    assert re.search(r"^PrivilegesRequired=lowest$", iss, flags=re.M)
    assert re.search(r"^PrivilegesRequiredOverridesAllowed=.*commandline", iss, flags=re.M)
    assert re.search(r'^Name: "desktopicon";.*Flags: unchecked', iss, flags=re.M)
    assert "{localappdata}\\DisclosureDesk" in iss
    kept = re.search(r"^chinesesimplified\.DataKept=(.*)$", iss, flags=re.M).group(1)
    assert "%1" in kept
    assert "没有删除" in kept
    # Every {cm:…} the script uses is defined in our messages or the script itself.
    custom = set(sections(ISL)["CustomMessages"]) | {"DataKept"}
    assert set(re.findall(r"\{cm:(\w+)\}", iss)) <= custom

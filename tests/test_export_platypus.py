"""desktop_app/export/platypus.py: ReportLab's patterns over the whole BMP compiled on first use."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_architecture import MODULES

PROBE = """
import json, re
import desktop_app.export.platypus as ours
from reportlab.lib import textsplit
from reportlab.platypus import paragraph
deferred = [isinstance(p, ours.DeferredPattern) for p in (paragraph.uri_pat, textsplit.rx)]
cjk = "政府信息公开 2024"
same_cjk = textsplit.rx.sub(r"\\1 ", cjk) == re.compile(textsplit.rx.pattern).sub(r"\\1 ", cjk)
url = "https://www.qingxi.gov.cn/zwgk/ndbg/2024/index.html"
pairs = list(paragraph._uri_split_pairs(url))
real = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
no_url = paragraph._uri_split_pairs("政府信息公开") is None
paragraph.uri_pat = real
print(json.dumps({
    "deferred": deferred,
    "same_cjk": same_cjk,
    "same_pairs": pairs == list(paragraph._uri_split_pairs(url)) and len(pairs) > 3,
    "no_url": no_url,
    "others_compiled": isinstance(paragraph._wsc_re_split.__self__, re.Pattern),
    "compile_restored": re.compile is ours._compile,
}))
"""


def test_the_patterns_wait_for_their_first_use_and_then_match_as_compiled():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    found = json.loads(out)
    assert found["deferred"] == [True, True]
    assert found["same_cjk"]
    assert found["same_pairs"]  # where a long URL may break, as the pattern compiled at once says
    assert found["no_url"]
    assert found["others_compiled"]
    assert found["compile_restored"]


def test_exporters_take_platypus_from_the_one_module():
    users = sorted(
        module
        for module, names in MODULES.items()
        if any(n == "reportlab.platypus" or n.startswith("reportlab.platypus.") for n in names)
    )
    assert users == ["desktop_app.export.platypus"]

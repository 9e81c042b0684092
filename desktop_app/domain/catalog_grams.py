"""The tokens of the short-query search index: every character and every pair of adjacent characters.

Trigrams cannot find a one- or two-character query, so SQLite keeps a second FTS5 table whose
tokens are these (migration 0470): a query of one or two characters is then a single token, found
exactly. Each character is written as its code point in hex, a pair as two of them joined by
"x", so FTS5's `ascii` tokenizer keeps every token whole (Chinese, punctuation and spaces alike).
Only ASCII letters are folded to lower case, as SQLite's LIKE does: the index's triggers and
queries must always produce the same tokens, whatever Python's Unicode tables say next year.
"""

from __future__ import annotations

# Queries this long or shorter are a single token of this index.
LONGEST = 2


class _Tokens(dict[int, str]):
    """A str.translate table writing each character as `template` filled with its hex code,
    ASCII letters folded to lower case; filled as characters are first met."""

    def __init__(self, template: str) -> None:
        super().__init__()
        self._template = template

    def __missing__(self, code: int) -> str:
        folded = code + 32 if ord("A") <= code <= ord("Z") else code
        self[code] = token = self._template.format(format(folded, "x"))
        return token


# "ab" reads "61 62 " through the first table and "x61 61x62 62" through the second: every
# adjacent pair, made in one C-level pass (a Python loop per pair cost 40 % more of a 50,000-row
# import's time in the triggers).
_SINGLES = _Tokens("{} ")
_PAIRS = _Tokens("x{0} {0}")
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """`text` with A–Z in lower case and every other character as it is (as SQLite's LIKE folds)."""
    return text.translate(_ASCII_LOWER)


def _codes(text: str) -> list[str]:
    return text.translate(_SINGLES).split()


def grams(*fields: str | None) -> str:
    """The index's tokens of an entry's searched fields, space-separated (pairs never span two).

    Each token once, in no particular order: FTS5 reports a contentless row deleted with a token
    twice as a corrupt index ("database disk image is malformed").
    """
    tokens: set[str] = set()
    for field in fields:
        if field:
            tokens.update(field.translate(_SINGLES).split())
            tokens.update(field.translate(_PAIRS)[1:].split())  # [1:]: the first's leading "x"
    return " ".join(tokens)


def gram_query(needle: str) -> str:
    """The FTS5 query finding `needle` (one or two characters) as a substring of a field."""
    if not 0 < len(needle) <= LONGEST:
        raise ValueError(f"not a short query: {needle!r}")
    return '"' + "x".join(_codes(needle)) + '"'

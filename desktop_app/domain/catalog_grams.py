"""The tokens of the short-query search index: every character and every pair of adjacent characters.

Trigrams cannot find a one- or two-character query, so SQLite keeps a second FTS5 table whose
tokens are these (migration 0470): a query of one or two characters is then a single token, found
exactly. Each character is written as its code point in hex, a pair as two of them joined by
"x", so FTS5's `ascii` tokenizer keeps every token whole (Chinese, punctuation and spaces alike).
Only ASCII letters are folded to lower case, as SQLite's LIKE does: the index's triggers and
queries must always produce the same tokens, whatever Python's Unicode tables say next year.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import add
from typing import TypeVar

_K = TypeVar("_K", str, int)

# Queries this long or shorter are a single token of this index.
LONGEST = 2


def _token(code: int) -> str:
    """A character's token: its code in hex, A–Z folded to a–z."""
    return format(code + 32 if ord("A") <= code <= ord("Z") else code, "x")


class _Memo(dict[_K, str]):
    """Tokens made on first use and kept: the same few thousand characters come back on every row."""

    def __init__(self, make: Callable[[_K], str]) -> None:
        super().__init__()
        self._make: Callable[[_K], str] = make

    def __missing__(self, key: _K) -> str:
        self[key] = token = self._make(key)
        return token


# Singles by character, read through a memo: the token strings are made (and hashed) once, not
# once a row. Pairs of ASCII characters (a 索引号 is all ASCII) likewise, at most 128 × 128 of them.
# Other pairs are too many to keep: "ab" reads "x61 61x62 62" through the str.translate table
# `_PAIRS` — every adjacent pair in one C-level pass. Against a translate and split per field for
# the singles too: 0.80 → 0.63 s CPU for the tokens of 50,000 rows.
_SINGLES: _Memo[str] = _Memo(lambda char: _token(ord(char)))
_ASCII_PAIRS: _Memo[str] = _Memo(lambda pair: f"{_token(ord(pair[0]))}x{_token(ord(pair[1]))}")
_PAIRS: _Memo[int] = _Memo(lambda code: "x{0} {0}".format(_token(code)))
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """`text` with A–Z in lower case and every other character as it is (as SQLite's LIKE folds)."""
    return text.translate(_ASCII_LOWER)


def grams(*fields: str | None) -> str:
    """The index's tokens of an entry's searched fields, space-separated (pairs never span two).

    Each token once, in no particular order: FTS5 reports a contentless row deleted with a token
    twice as a corrupt index ("database disk image is malformed").
    """
    tokens: set[str] = set()
    for field in fields:
        if not field:
            continue
        if not field.isascii():
            tokens.update(map(_SINGLES.__getitem__, field))
            tokens.update(field.translate(_PAIRS)[1:].split())  # [1:]: the first's "x"
            continue
        # A 索引号 begins with its agency's code ("11330727775738086F/2024-00001"): the tokens of
        # the part up to its last "/" are made once per part, not once a row (0.77 → 0.69 s CPU
        # for 50,000 rows' tokens); the rest is read from that "/" on, for the pair across it.
        cut = field.rfind("/")
        if 0 < cut < len(field) - 1:
            tokens |= _ascii_head(field[: cut + 1])
            field = field[cut:]
        tokens.update(map(_SINGLES.__getitem__, field))
        tokens.update(map(_ASCII_PAIRS.__getitem__, map(add, field, field[1:])))
    return " ".join(tokens)


@lru_cache(maxsize=64)
def _ascii_head(head: str) -> frozenset[str]:
    """The tokens of an ASCII text (the head of a 索引号: an agency's code and its "/")."""
    pairs = map(_ASCII_PAIRS.__getitem__, map(add, head, head[1:]))
    return frozenset((*map(_SINGLES.__getitem__, head), *pairs))


def gram_query(needle: str) -> str:
    """The FTS5 query finding `needle` (one or two characters) as a substring of a field."""
    if not 0 < len(needle) <= LONGEST:
        raise ValueError(f"not a short query: {needle!r}")
    return '"' + "x".join(map(_SINGLES.__getitem__, needle)) + '"'

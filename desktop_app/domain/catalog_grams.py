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

_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """`text` with A–Z in lower case and every other character as it is (as SQLite's LIKE folds)."""
    return text.translate(_ASCII_LOWER)


def _codes(text: str) -> list[str]:
    return [format(ord(char), "x") for char in ascii_lower(text)]


def grams(*fields: str | None) -> str:
    """The index's tokens of an entry's searched fields, space-separated (pairs never span two)."""
    tokens: set[str] = set()
    for field in fields:
        if field:
            codes = _codes(field)
            tokens.update(codes)
            tokens.update(f"{a}x{b}" for a, b in zip(codes, codes[1:], strict=False))
    return " ".join(sorted(tokens))


def gram_query(needle: str) -> str:
    """The FTS5 query finding `needle` (one or two characters) as a substring of a field."""
    if not 0 < len(needle) <= LONGEST:
        raise ValueError(f"not a short query: {needle!r}")
    return '"' + "x".join(_codes(needle)) + '"'

"""The one allocator of running numbers: the catalog's 索引号, the register's 编号 and the letters' 文号.

Per year a counter holds the last serial handed out. The next number is the counter plus one,
formatted, skipping any number already taken; a number kept from elsewhere (an import, a number
typed in) that reads as a serial of ours moves the counter past it, so it is never handed out again.
Where the counters and taken numbers come from, and where they are stored, is the caller's part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping


class SerialAllocator:
    """Hands out numbers for one save from counters and taken numbers loaded once (no query per row)."""

    def __init__(
        self,
        last: Mapping[int, int],
        taken: Iterable[str],
        format_number: Callable[[int, int], str],
    ) -> None:
        self._last = dict(last)
        self._taken = set(taken)
        self._format = format_number

    def claim(self, number: str, serials: Iterable[tuple[int, int]] = ()) -> None:
        """Mark `number` taken; each (year, serial) it reads as moves that year's counter past it."""
        self._taken.add(number)
        for year, serial in serials:
            self._last[year] = max(self._last.get(year, 0), serial)

    def taken(self, number: str) -> bool:
        """Whether `number` is held already (loaded, claimed or handed out)."""
        return number in self._taken

    def next(self, year: int) -> str:
        while True:
            self._last[year] = self._last.get(year, 0) + 1
            number = self._format(year, self._last[year])
            if number not in self._taken:
                self._taken.add(number)
                return number

    @property
    def counters(self) -> dict[int, int]:
        """The last serial per year, to be stored when the save commits."""
        return dict(self._last)

"""The one allocator behind 索引号 and the register's 编号."""

from __future__ import annotations

from desktop_app.domain.numbering import SerialAllocator
from desktop_app.domain.requests import format_number


def test_numbers_follow_the_yearly_counters_and_skip_taken_ones():
    taken = [format_number(2024, 3)]
    allocator = SerialAllocator({2024: 1}, taken, format_number)
    assert [allocator.next(2024), allocator.next(2024), allocator.next(2025)] == [
        format_number(2024, 2),
        format_number(2024, 4),  # 3 was taken
        format_number(2025, 1),
    ]
    assert allocator.counters == {2024: 4, 2025: 1}


def test_a_claimed_number_moves_its_counter_past_it_and_is_never_handed_out():
    allocator = SerialAllocator({}, [], lambda year, serial: f"{year}-{serial:03d}")
    allocator.claim("2024-007", [(2024, 7)])
    allocator.claim("老编号-1")  # not in the pattern: kept, counters unchanged
    allocator.claim("2024-002", [(2024, 2)])  # below the counter: it stays where it is
    assert allocator.next(2024) == "2024-008"
    assert allocator.counters == {2024: 8}

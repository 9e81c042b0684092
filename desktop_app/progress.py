"""How long work reports how far it is: `progress(done, total) -> bool`.

`total` is 0 while unknown (a file still being read); returning False asks the work to stop, which
it does without leaving anything half-saved or half-written.
"""

from collections.abc import Callable

Progress = Callable[[int, int], bool]

"""`RemovableHandle`: what `register_forward_hook` and its kin return, as PyTorch's: `remove()`
takes the hook out again, and a `with` block removes it on leaving."""

from __future__ import annotations

import itertools
from typing import Any

_ids = itertools.count()


class RemovableHandle:
    """A registered hook's place in its module's table, to remove it by."""

    def __init__(self, table: dict[int, Any]) -> None:
        self.id = next(_ids)
        self._table = table

    def remove(self) -> None:
        """Take the hook out (doing it twice is harmless)."""
        self._table.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

"""A least-recently-used map bounded twice: entries, and the events they hold in all (issue 14)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

DEFAULT_SIZE = 256  # conversations, as Pivot's tracker store keeps
DEFAULT_EVENTS = 50_000  # events referenced in all, as Pivot's tracker store keeps (≈ 50 MB of events)


class LRU:
    def __init__(self, size: int = DEFAULT_SIZE, events: int = DEFAULT_EVENTS) -> None:
        self.size = size
        self.events = events
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._weight = 0

    def __len__(self) -> int:
        return len(self._items)

    def pop(self, key: Any) -> Any:
        item = self._items.pop(key, None)
        if item is None:
            return None
        self._weight -= item[1]
        return item[0]

    def put(self, key: Any, value: Any, weight: int) -> None:
        """Keep `value` (holding `weight` events) as the newest entry; nothing larger than the bound."""
        self.pop(key)
        if weight > self.events or self.size <= 0:
            return
        self._items[key] = (value, weight)
        self._weight += weight
        while len(self._items) > self.size or self._weight > self.events:
            _, (_, dropped) = self._items.popitem(last=False)
            self._weight -= dropped

    def clear(self) -> None:
        self._items.clear()
        self._weight = 0

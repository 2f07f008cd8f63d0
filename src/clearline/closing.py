"""``with`` for the objects that hold a store or a connection and must be closed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

__all__ = ["ClosesOnExit"]


class ClosesOnExit:
    """A ``with`` block closes it (``close()``) however the block ends."""

    def close(self) -> None:
        """Release what the object holds (each class says what)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

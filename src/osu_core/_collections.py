"""Typed lists of models, as the original library's collections: ``append`` (and every other way
in) accepts only the collection's model type.

Collections are plain ``list`` subclasses, so everything a list does works; like the models they
can carry the client that returned them (for the shorthands of their items). As in the original
library, ``BaseCollection(items, api=client)`` builds one by hand, and ``None`` (or any other
falsy item) given to ``append``, ``insert``, ``extend`` or the constructor is skipped; an item of
another type raises :class:`CollectionTypeError`, which is both a ``TypeError`` and (as the
original raised) a ``ValueError``. No I/O here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, SupportsIndex, TypeVar, overload

from ._errors import CollectionTypeError, UnreferencedApi
from ._models import Beatmap, Score, UserBest, UserRecent

__all__ = [
    "BaseCollection",
    "BeatmapCollection",
    "ScoreCollection",
    "UserBestCollection",
    "UserRecentCollection",
]

T = TypeVar("T")


class BaseCollection(list[T], Generic[T]):
    """A list that only holds ``item_type`` instances."""

    item_type: ClassVar[type[Any]] = object
    _api: Any = None

    def __init__(self, items: Iterable[T | None] = (), api: Any = None) -> None:
        super().__init__(self._checked_all(items))
        if api is not None:
            self._api = api

    @classmethod
    def _checked(cls, item: Any) -> Any:
        if not isinstance(item, cls.item_type):
            raise CollectionTypeError(
                f"{cls.__name__} holds {cls.item_type.__name__} models, not {type(item).__name__}"
            )
        return item

    @classmethod
    def _checked_all(cls, items: Iterable[Any]) -> Iterable[Any]:
        return (cls._checked(item) for item in items if item)

    def append(self, item: T | None) -> None:
        """Add an item (only the collection's model type; ``None`` is skipped)."""
        if item:
            super().append(self._checked(item))

    def insert(self, index: SupportsIndex, item: T | None) -> None:
        """Insert an item (only the collection's model type; ``None`` is skipped)."""
        if item:
            super().insert(index, self._checked(item))

    def extend(self, items: Iterable[T | None]) -> None:
        """Add items (only the collection's model type; ``None`` items are skipped)."""
        super().extend(self._checked_all(items))

    def __iadd__(self, items: Iterable[T]) -> BaseCollection[T]:  # type: ignore[override,misc]
        self.extend(items)
        return self

    @overload
    def __setitem__(self, index: SupportsIndex, item: T) -> None: ...
    @overload
    def __setitem__(self, index: slice, item: Iterable[T]) -> None: ...
    def __setitem__(self, index: Any, item: Any) -> None:
        if isinstance(index, slice):
            super().__setitem__(index, [self._checked(i) for i in item])
        else:
            super().__setitem__(index, self._checked(item))

    @property
    def api(self) -> Any:
        """The client that returned this collection.

        Raises:
            UnreferencedApi: if no client returned it.
        """
        if self._api is None:
            raise UnreferencedApi(f"this {type(self).__name__} was not returned by a client")
        return self._api

    @property
    def is_empty(self) -> bool:
        """Whether the collection holds no items."""
        return not self

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


class BeatmapCollection(BaseCollection[Beatmap]):
    """Beatmaps (``get_beatmaps``)."""

    item_type = Beatmap


class ScoreCollection(BaseCollection[Score]):
    """A beatmap's leaderboard scores (``get_scores``)."""

    item_type = Score


class UserBestCollection(BaseCollection[UserBest]):
    """A user's best scores (``get_user_best``)."""

    item_type = UserBest


class UserRecentCollection(BaseCollection[UserRecent]):
    """A user's recent plays (``get_user_recent``)."""

    item_type = UserRecent

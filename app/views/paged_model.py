"""A table model that loads its rows page by page, off the GUI thread, as the view scrolls (canFetchMore /
fetchMore), and sorts by asking for the list again in another order (the database sorts, not the model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal

from app.services.core.errors import DomainError
from app.views.operations import Operations
from app.views.tables import Column, Index, RowsModel

T = TypeVar("T")


class Page(Protocol[T]):  # type: ignore[misc]
    @property
    def rows(self) -> Sequence[T]: ...

    @property
    def has_more(self) -> bool: ...


class PagedRowsModel(RowsModel[T], Generic[T]):
    """``fetch(offset)`` returns a page (``rows``, ``has_more``); it runs on the thread pool, so it must not touch
    widgets. A reload while a page is on its way makes that page stale: it is dropped when it arrives."""

    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows in the model now
    failed = Signal(object)    # the refusal (DomainError) a fetch met; anything else goes to the crash dialog
    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(self, columns: Sequence[Column[T]], fetch: Callable[[int], Page[T]],
                 sortable: Sequence[bool] = (), muted: Callable[[T], bool] | None = None) -> None:
        super().__init__(columns, muted)
        self._fetch = fetch
        self._sortable = list(sortable) or [False] * len(columns)
        self._has_more = False
        self._loading = False
        self._ops = Operations(self, None)  # a refusal is the owner's to show: see ``failed``

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def reload(self) -> None:
        """Empty the model and load the first page again (after the filters or the order changed)."""
        self._ops.forget("page")  # a page on its way is of the list as it was
        self.beginResetModel()
        self._rows = []
        self._has_more = True
        self.endResetModel()
        self._set_loading(False)
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt API
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt API
        if not self.canFetchMore(parent):
            return
        self._set_loading(True)
        offset = len(self._rows)
        self._ops.read(lambda: self._fetch(offset), self._on_page, key="page", refused=self._on_refused)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's header click: the owner is asked to read the list in that order (unsortable columns are ignored)."""
        if 0 <= column < len(self._sortable) and self._sortable[column]:
            self.sort_requested.emit(column, order)

    def _on_page(self, page: Page[T]) -> None:
        rows = list(page.rows)
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._has_more = page.has_more
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def _on_refused(self, exc: DomainError) -> None:
        self._has_more = False
        self._set_loading(False)
        self.failed.emit(exc)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

"""How far a long drawing is, and stopping it at the next page when asked.

Every printout takes the same two keywords: ``progress(pages done, pages)``, told as each page is
finished, and ``cancelled()``, asked as each page ends (and while the rows are prepared), after
which :class:`~app.domain.errors.Cancelled` is raised. The window's executor gives both (its
progress dialog says "đã in X/Y trang", its Hủy button answers ``cancelled()``); the command line
gives ``progress`` alone (Ctrl+C stops it). Table documents count their pages in
:mod:`app.printing.table_document`; the certificates, the feedback forms and the class list with
photos count theirs with a :class:`PageCount`.
"""

from __future__ import annotations

from collections.abc import Callable

from app.domain.errors import Cancelled

Progress = Callable[[int, int], object]  # (pages done, pages)
Stop = Callable[[], bool]


class PageCount:
    """The pages of one drawing: ``total`` when it is known up front (one certificate a page), else
    an estimate that the count itself corrects (never "page 5 of 4")."""

    def __init__(self, total: int, progress: Progress | None = None, cancelled: Stop | None = None) -> None:
        self.total, self.done = total, 0
        self.progress, self.cancelled = progress, cancelled

    def check(self) -> None:
        """Raise :class:`Cancelled` when the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled

    def page_done(self) -> None:
        """One more page is drawn: tell it, then stop here if asked."""
        self.done += 1
        self.total = max(self.total, self.done)
        if self.progress is not None:
            self.progress(self.done, self.total)
        self.check()

    def finish(self) -> None:
        """The drawing is complete: the last word is the true count (an estimate may have been high)."""
        if self.progress is not None and self.done and self.total != self.done:
            self.total = self.done
            self.progress(self.done, self.total)

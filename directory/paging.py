"""Pagination that runs a search once, not twice.

Django's Paginator asks for ``COUNT(*)`` and then for the page's rows: for the availability
search that is the same costly set computed twice. Here a narrow query returns the page's ids
with the total (``COUNT(*) OVER ()``) and a second, cheap one loads those rows by primary key;
a separate count runs only when the requested page lies past the end. Narrow matters: a window
over whole rows makes PostgreSQL carry every matching row (6,000 of a national directory for a
common word) through the sort, not just the ids.
"""

import dataclasses
import math
from collections.abc import Callable, Iterable

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "paging_total"


class CountedPaginator(Paginator):
    """A Paginator told its total rather than counting: for building a Page by hand."""

    def __init__(self, per_page: int, total: int):
        super().__init__([], per_page)
        self._total = total

    @property
    def count(self) -> int:
        return self._total


MAX_OFFSET = 2**31


@dataclasses.dataclass(frozen=True)
class PageIds:
    """The ids of one page of a search, before its objects are loaded."""

    ids: list
    number: int
    total: int
    per_page: int
    # Past the last page (then ``number`` is the last page's).
    beyond: bool
    # Every matching id, in order, when the caller asked for up to ``head`` of them and there
    # were no more; else None.
    every_id: list | None = None

    def page(self, objects: Iterable) -> Page:
        """The Page of ``objects`` (the page's, in any order; missing ones are left out)."""
        by_id = {obj.pk: obj for obj in objects}
        paginator = CountedPaginator(self.per_page, self.total)
        return Page([by_id[pk] for pk in self.ids if pk in by_id], self.number, paginator)


def page_ids(queryset, number: int, per_page: int, *, head: int = 0) -> PageIds:
    """The ids of page ``number`` (1-based, already ≥ 1) of the ordered ``queryset`` and the
    total, from one narrow query (a second one only past the end).

    ``head``: on the first page, fetch up to this many ids in the same query (one sort, a few
    more rows to read), so a caller that must leave out everything the search matched (the
    "Nearby" section) gets the whole set when it is that small, without running it again.
    """
    narrow = queryset.prefetch_related(None).annotate(**{TOTAL: Window(Count("pk"))})
    narrow = narrow.values_list("pk", TOTAL)
    fetched = max(per_page, head) if number == 1 else per_page
    # A page number from the address bar can be any size; past MAX_OFFSET the OFFSET would
    # overflow the database's integers, and no result set here is that long anyway.
    rows = _slice(narrow, number, per_page, fetched) if (number - 1) * per_page < MAX_OFFSET else []
    if rows:
        total = rows[0][1]
    elif number > 1:  # past the end, or nothing at all: only a count tells
        total = queryset.count()
    else:
        total = 0
    every_id = [pk for pk, _total in rows] if number == 1 and total <= fetched else None
    rows = rows[:per_page]
    last = max(1, math.ceil(total / per_page))
    beyond = number > last
    if beyond:
        number = last
        rows = _slice(narrow, number, per_page, per_page) if total else []
    ids = [pk for pk, _total in rows]
    return PageIds(ids, number, total, per_page, beyond, every_id)


def page_with_total(
    queryset, number: int, per_page: int, load: Callable[[list], Iterable] | None = None
) -> tuple[Page, bool]:
    """Page ``number`` (1-based, already ≥ 1) of the ordered ``queryset``.

    ``load(ids)`` fetches the page's objects by primary key, with whatever the page shows
    (select/prefetch); by default the queryset's own model manager. Returns the page and
    whether ``number`` was past the last page (then the last page is returned). An empty
    result is page 1 of 1, as Paginator has it (allow_empty_first_page).
    """
    found = page_ids(queryset, number, per_page)
    objects = []
    if found.ids:
        load = load or (lambda ids: queryset.model._default_manager.filter(pk__in=ids))
        objects = load(found.ids)
    return found.page(objects), found.beyond


class ForgivingPagination:
    """For a ListView: a page number out of range or not a number ("?page=yes", "?page=-1")
    shows the nearest page, as the search does, instead of Django's 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


def _slice(narrow, number: int, per_page: int, size: int) -> list:
    offset = (number - 1) * per_page
    return list(narrow[offset : offset + size])

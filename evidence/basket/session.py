"""The visitor's reference list: rows of BasketItem keyed by the session (trials and
references, in the order they were added). Each add is one INSERT that ignores a duplicate, so
adds sent at the same time from one session are all kept."""

from typing import Literal

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import OuterRef, QuerySet, Subquery

from evidence.models import BasketItem, Reference
from trials.models import Trial

# Where the list lived before it had its own table (evidence migration 0013 moved it).
BASKET_SESSION_KEY = "basket"

Kind = Literal["trials", "references"]
KINDS: tuple[Kind, ...] = ("trials", "references")
# Enough for any real reading list; stops a script from filling the table without end.
MAX_ITEMS = 500


def _items(session: SessionBase) -> QuerySet[BasketItem]:
    return BasketItem.objects.filter(session_id=session.session_key)


def basket_contents(*, session: SessionBase) -> dict[Kind, list[int]]:
    """The ids on the list in the order added (one query; none for a visitor without a
    session)."""
    contents: dict[Kind, list[int]] = {kind: [] for kind in KINDS}
    if session.session_key is None:
        return contents
    for kind, item_id in _items(session).order_by("pk").values_list("kind", "item_id"):
        contents[kind].append(item_id)
    return contents


def _addable(kind: Kind, pk: int) -> bool:
    """Only published trials and public references can go on a list (one query)."""
    if kind == "trials":
        return Trial.objects.published().filter(pk=pk).exists()
    return Reference.objects.public().filter(pk=pk).exists()


def basket_add(*, session: SessionBase, kind: Kind, pk: int) -> bool:
    """Add a published trial or a public reference; False when it cannot be added."""
    if session.session_key is None or not session.exists(session.session_key):
        session.create()  # the visitor's first write (or an expired cookie): a stored session
    if not _addable(kind, pk):
        return False
    if _items(session).filter(kind=kind).count() >= MAX_ITEMS:
        return _items(session).filter(kind=kind, item_id=pk).exists()
    # INSERT … ON CONFLICT DO NOTHING: a row that is already there (a double click, a
    # concurrent add of the same item) is left as it is.
    BasketItem.objects.bulk_create(
        [BasketItem(session_id=session.session_key, kind=kind, item_id=pk)],
        ignore_conflicts=True,
    )
    return True


def basket_remove(*, session: SessionBase, kind: Kind, pk: int) -> bool:
    """Take an item off the list; False when it was not on it."""
    if session.session_key is None:
        return False
    deleted, _by_model = _items(session).filter(kind=kind, item_id=pk).delete()
    return bool(deleted)


def basket_clear(*, session: SessionBase) -> None:
    """Empty the list."""
    if session.session_key is not None:
        _items(session).delete()


def basket_trials(*, session: SessionBase) -> QuerySet[Trial]:
    """The list's published trials, in the order they were added (no query of its own: the
    list is a subquery)."""
    return _in_order(Trial.objects.published(), session, "trials")


def basket_references(*, session: SessionBase) -> QuerySet[Reference]:
    """The list's public references, in the order they were added."""
    return _in_order(Reference.objects.public(), session, "references")


def _in_order(queryset: QuerySet, session: SessionBase, kind: Kind) -> QuerySet:
    if session.session_key is None:
        return queryset.none()
    items = _items(session).filter(kind=kind, item_id=OuterRef("pk")).order_by()
    return (
        queryset.alias(position=Subquery(items.values("pk")[:1]))
        .filter(position__isnull=False)
        .order_by("position")
    )

"""The visitor's reference list, kept in the session: {"trials": [ids], "references": [ids]}."""

from typing import Literal

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Case, IntegerField, QuerySet, Value, When

from evidence.models import Reference
from trials.models import Trial

BASKET_SESSION_KEY = "basket"

Kind = Literal["trials", "references"]
KINDS: tuple[Kind, ...] = ("trials", "references")
# Enough for any real reading list; stops a script from filling the session without end.
MAX_ITEMS = 500


def basket_contents(*, session: SessionBase) -> dict[Kind, list[int]]:
    """The stored ids, cleaned of anything that is not a positive integer (no query)."""
    stored = session.get(BASKET_SESSION_KEY)
    stored = stored if isinstance(stored, dict) else {}
    contents: dict[Kind, list[int]] = {}
    for kind in KINDS:
        values = stored.get(kind)
        values = values if isinstance(values, list) else []
        ids = [value for value in values if isinstance(value, int) and 0 < value < 2**63]
        contents[kind] = list(dict.fromkeys(ids))
    return contents


def _save(session: SessionBase, contents: dict[Kind, list[int]]) -> None:
    session[BASKET_SESSION_KEY] = {kind: contents[kind] for kind in KINDS}


def _addable(kind: Kind, pk: int) -> bool:
    """Only published trials and public references can go on a list (one query)."""
    if kind == "trials":
        return Trial.objects.published().filter(pk=pk).exists()
    return Reference.objects.public().filter(pk=pk).exists()


def basket_add(*, session: SessionBase, kind: Kind, pk: int) -> bool:
    """Add a published trial or a public reference; False when it cannot be added."""
    contents = basket_contents(session=session)
    if pk in contents[kind]:
        return True
    if len(contents[kind]) >= MAX_ITEMS or not _addable(kind, pk):
        return False
    contents[kind].append(pk)
    _save(session, contents)
    return True


def basket_remove(*, session: SessionBase, kind: Kind, pk: int) -> bool:
    """Take an item off the list; False when it was not on it."""
    contents = basket_contents(session=session)
    if pk not in contents[kind]:
        return False
    contents[kind].remove(pk)
    _save(session, contents)
    return True


def basket_clear(*, session: SessionBase) -> None:
    """Empty the list."""
    session.pop(BASKET_SESSION_KEY, None)


def basket_trials(*, session: SessionBase) -> QuerySet[Trial]:
    """The list's published trials, in the order they were added (whatever the session holds)."""
    return _in_order(Trial.objects.published(), basket_contents(session=session)["trials"])


def basket_references(*, session: SessionBase) -> QuerySet[Reference]:
    """The list's public references, in the order they were added."""
    return _in_order(Reference.objects.public(), basket_contents(session=session)["references"])


def _in_order(queryset: QuerySet, ids: list[int]) -> QuerySet:
    if not ids:
        return queryset.none()
    position = Case(
        *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)),
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=ids).order_by(position)

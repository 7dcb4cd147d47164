"""Template context shared by every page."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from evidence.basket.session import basket_contents


def basket(request: HttpRequest) -> dict[str, object]:
    """The visitor's list: its size for the header, its ids for add/remove buttons (one query,
    only on a page that shows them and only for a visitor with a session)."""
    session = getattr(request, "session", None)
    if session is None:
        return {"basket_count": 0, "basket_ids": {"trials": [], "references": []}}
    contents = SimpleLazyObject(lambda: basket_contents(session=session))
    return {
        "basket_count": SimpleLazyObject(lambda: sum(len(ids) for ids in contents.values())),
        "basket_ids": contents,
    }

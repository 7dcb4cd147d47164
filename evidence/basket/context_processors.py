"""Template context shared by every page."""

from django.http import HttpRequest

from evidence.basket.session import BASKET_SESSION_KEY, basket_contents

__all__ = ["BASKET_SESSION_KEY", "basket"]


def basket(request: HttpRequest) -> dict[str, object]:
    """The visitor's list: its size for the header, its ids for add/remove buttons (no query)."""
    session = getattr(request, "session", None)
    if session is None:
        return {"basket_count": 0, "basket_ids": {"trials": [], "references": []}}
    contents = basket_contents(session=session)
    return {
        "basket_count": sum(len(ids) for ids in contents.values()),
        "basket_ids": contents,
    }

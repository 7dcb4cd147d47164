"""Template context shared by every page."""

from django.http import HttpRequest

# The visitor's list lives in the session as {"trials": [ids], "references": [ids]}.
BASKET_SESSION_KEY = "basket"


def basket(request: HttpRequest) -> dict[str, int]:
    """How many items the visitor's reference list holds (no query)."""
    stored = request.session.get(BASKET_SESSION_KEY) or {}
    return {"basket_count": len(stored.get("trials", [])) + len(stored.get("references", []))}

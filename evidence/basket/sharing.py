"""The read-only link to a visitor's list (/list/<token>/) and the list as an e-mail."""

import secrets
from importlib import import_module
from urllib.parse import quote

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from evidence.models import SharedList

# Mail programs cut a mailto: link somewhere past 2,000 characters; keep the whole link below.
MAILTO_BUDGET = 1800


def shared_list_create(*, session: SessionBase) -> SharedList:
    """The link to this session's list: the existing one, or a new unguessable token."""
    if session.session_key is None:
        session.save()  # a visitor's first write: the session needs its key to be pointed at
    with transaction.atomic():
        shared, _created = SharedList.objects.get_or_create(
            session_key=session.session_key,
            defaults={"token": secrets.token_urlsafe(16)},
        )
    return shared


def shared_list_for(*, session: SessionBase) -> SharedList | None:
    """This session's link, if the visitor made one (one query; none without a session key)."""
    if session.session_key is None:
        return None
    return SharedList.objects.filter(session_key=session.session_key).first()


def shared_list_delete(*, session: SessionBase) -> None:
    """Withdraw the link (the owner cleared the list)."""
    if session.session_key is not None:
        SharedList.objects.filter(session_key=session.session_key).delete()


def shared_list_session(*, token: str) -> SessionBase | None:
    """The owner's session behind a token, read-only; None for an unknown token."""
    shared = SharedList.objects.filter(token=token).first()
    if shared is None:
        return None
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=shared.session_key)


def mailto_link(*, subject: str, lines: list[str], citations: list[str], more: str) -> str:
    """A mailto: link whose body holds the lines and as many numbered citations as fit; `more`
    (with %(count)s) says how many were left out."""
    head, tail = lines[:1], lines[1:]

    def link(shown: list[str], left_out: int) -> str:
        numbered = [f"{number}. {text}" for number, text in enumerate(shown, 1)]
        extra = [more % {"count": left_out}] if left_out else []
        body = "\n\n".join([*head, "\n".join(numbered), *extra, *tail])
        return f"mailto:?subject={quote(subject)}&body={quote(body)}"

    count = len(citations)
    while count and len(link(citations[:count], len(citations) - count)) > MAILTO_BUDGET:
        count -= 1
    return link(citations[:count], len(citations) - count)

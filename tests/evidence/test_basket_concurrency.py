"""The list keeps what it said it added (issue 19 item 6): twenty "Add to my list" posts sent at
once from one session, to a real threaded server, are all kept. With the list stored in the
session, each request rewrote the whole list and 6 of 20 survived."""

import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest

from trials.models import Trial

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ADDS = 20


def _post(url: str, cookies: dict[str, str], data: dict[str, str]) -> tuple[int, str]:
    """One form post as a browser sends it (no redirect followed): status and Set-Cookie."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "Referer": url,
        },
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:  # the 302 arrives as an "error" without redirects
        return error.code, ", ".join(error.headers.get_all("Set-Cookie") or [])
    return response.status, ", ".join(response.headers.get_all("Set-Cookie") or [])


def test_twenty_concurrent_adds_in_one_session_are_all_kept(
    live_server, make_trial: Callable[..., Trial]
):
    trials = [
        make_trial(f"Concurrent trial {number}", short_title=f"Concurrent trial {number}")
        for number in range(ADDS + 1)
    ]
    page = urllib.request.urlopen(f"{live_server.url}/list/", timeout=30)
    csrf = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
    add = f"{live_server.url}/list/add/"
    form = {"kind": "trial", "csrfmiddlewaretoken": csrf}
    # The first add makes the session; then twenty more at once, all with its cookie.
    status, set_cookie = _post(add, {"csrftoken": csrf}, {**form, "id": str(trials[0].pk)})
    assert status == 302
    session_key = re.search(r"sessionid=([^;]+)", set_cookie).group(1)
    cookies = {"csrftoken": csrf, "sessionid": session_key}
    start = threading.Barrier(ADDS)
    answers: list[tuple[int, str]] = []

    def add_one(trial: Trial) -> None:
        start.wait()
        answers.append(_post(add, cookies, {**form, "id": str(trial.pk)}))

    threads = [threading.Thread(target=add_one, args=(trial,)) for trial in trials[1:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [status for status, _location in answers] == [302] * ADDS
    # What the visitor's list page shows (whatever stores the list): every trial added.
    listed = urllib.request.Request(
        f"{live_server.url}/list/", headers={"Cookie": f"sessionid={session_key}"}
    )
    page = urllib.request.urlopen(listed, timeout=30).read().decode()
    shown = set(re.findall(r"Concurrent trial \d+", page))
    assert shown == {trial.short_title for trial in trials}, f"{len(shown)} of {ADDS + 1} kept"

"""A fake of the network for importer tests: recorded bytes in place of HTTP, not our own code."""

import pytest
import requests

# rest_framework.test subclasses requests.Session when it is first imported. Imported here, before
# any test replaces Session, so a first import during a test never subclasses the fake (which
# failed under xdist whenever that order came up).
import rest_framework.test  # noqa: F401


class FakeSession:
    """The network, replayed: answers GETs from recorded bytes, chosen by a fragment of the URL.

    An answer is bytes (HTTP 200), a (status, bytes) or (status, bytes, headers) tuple, an
    exception to raise, or a list of those given in turn (for retries). Every call is kept in
    `calls` as (url, params), and its timeout in `timeouts`.
    """

    def __init__(self, routes: dict[str, object]) -> None:
        self.routes = {
            fragment: list(answer) if isinstance(answer, list) else [answer]
            for fragment, answer in routes.items()
        }
        self.calls: list[tuple[str, dict | None]] = []
        self.timeouts: list[object] = []
        self.headers: dict[str, str] = {}

    def mount(self, prefix: str, adapter: object) -> None:
        """Accepted and unused: a recorded network has no transport to retry on."""

    def get(self, url: str, params: dict | None = None, **kwargs: object) -> requests.Response:
        self.calls.append((url, params))
        self.timeouts.append(kwargs.get("timeout"))
        full = url + "?" + "&".join(f"{key}={value}" for key, value in (params or {}).items())
        for fragment, answers in self.routes.items():
            if fragment in full:
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                if isinstance(answer, Exception):
                    raise answer
                status, body, *headers = answer if isinstance(answer, tuple) else (200, answer)
                response = requests.Response()
                response.status_code, response._content, response.url = status, body, full
                response.headers.update(headers[0] if headers else {})
                return response
        raise requests.ConnectionError(f"no recorded answer for {full}")


def install(monkeypatch: pytest.MonkeyPatch, routes: dict[str, object]) -> FakeSession:
    """Replace the network for code that opens its own requests.Session (commands, the admin)."""
    session = FakeSession(routes)
    monkeypatch.setattr(requests, "Session", lambda: session)
    return session

"""A real HTTP service on 127.0.0.1 for the importer's retry tests: recorded answers in turn.

Retries happen inside urllib3 (below requests.Session.get), so they are tested against a real
server rather than a fake session.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, bytes] | tuple[int, bytes, dict[str, str]]


class RecordedService:
    """Answers each GET with the next recorded answer (the last one repeats); notes when."""

    def __init__(self, answers: list[Answer]) -> None:
        self.answers = list(answers)
        self.request_times: list[float] = []
        self.url = ""

    def next_answer(self) -> Answer:
        self.request_times.append(time.monotonic())
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@contextmanager
def recorded_service(answers: list[Answer]) -> Iterator[RecordedService]:
    """A RecordedService listening on a free local port for the duration of the block."""
    service = RecordedService(answers)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            status, body, *headers = service.next_answer()
            self.send_response(status)
            for name, value in (headers[0] if headers else {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass  # quiet test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}/api/v2/studies/NCT01220492"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()

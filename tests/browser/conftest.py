"""Headless Chromium (Debian's build) for the browser tests; see ../shared/TESTING.md."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django refuses ORM calls inside one without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


# CI (.ci/run) installs Chromium and axe-core, so there a missing one fails the run; on a
# newcomer's machine with only Python and make, `make test` skips these tests and says why.
REQUIRED = bool(os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER_TESTS"))


def _missing(message: str) -> None:
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(f"{message} (browser tests are required only in CI)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    if not AXE.exists():
        _missing(f"axe-core not found at {AXE}: npm install --no-save axe-core@4")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The site's Content-Security-Policy forbids inline scripts; axe is injected as one.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def artifacts() -> Path | None:
    """Where the checks save full-page screenshots (test-artifacts/), with BROWSER_SCREENSHOTS=1;
    otherwise None and none are taken (each costs a full-page render and a PNG)."""
    if not os.environ.get("BROWSER_SCREENSHOTS"):
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

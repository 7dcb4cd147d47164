"""Small factories shared by the whole suite: make_* fixtures that build valid rows."""

import datetime
import functools
import itertools
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import override_settings

from evidence.models import Reference, ReferenceAuthor, ReferenceKind, TrialReference
from tests.dates import recently_confirmed
from trials.models import (
    Arm,
    ArmRole,
    CellSource,
    Condition,
    CurationStatus,
    Design,
    MeasureKind,
    OutcomeMeasure,
    OutcomeResult,
    ResultShape,
    Route,
    Trial,
)

# Recorded real payloads (public records), kept in the repository: see tests/fixtures/README.md.
RECORDED_PAYLOADS = Path(__file__).resolve().parent / "fixtures"

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with no cached pages or counts (they live in this process's memory)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> Iterator[None]:
    """MD5 instead of the production PBKDF2 (a million rounds): a test login costs nothing.
    Only the hashing speed changes; tests of the production settings read config.settings."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of the suite's own (redis-server on a free port, saving nothing), for the
    tests of the shared cache; mark them `needs("redis-server")`."""
    import redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _attempt in range(200):  # it answers within a few milliseconds
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.025)
    yield url
    server.terminate()
    server.wait()


@pytest.fixture
def recorded_payloads() -> Path:
    """The folder of recorded real payloads (tests/fixtures/, one subfolder per service)."""
    return RECORDED_PAYLOADS


@pytest.fixture
def make_condition() -> Callable[..., Condition]:
    def make(name: str = "Cirrhosis", **fields: object) -> Condition:
        slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{next(_counter)}"
        return Condition.objects.create(name=name, slug=slug, **fields)

    return make


@pytest.fixture
def make_measure() -> Callable[..., OutcomeMeasure]:
    def make(name: str = "Serum albumin", **fields: object) -> OutcomeMeasure:
        defaults = {
            "slug": f"measure-{next(_counter)}",
            "abbreviation": "Albumin",
            "kind": MeasureKind.CONTINUOUS,
            "unit": "g/L",
            "higher_is_better": True,
            "plausible_min": 10,
            "plausible_max": 60,
        }
        return OutcomeMeasure.objects.create(name=name, **{**defaults, **fields})

    return make


@pytest.fixture
def make_trial() -> Callable[..., Trial]:
    def make(
        title: str = "Umbilical cord MSC for decompensated cirrhosis", **fields: object
    ) -> Trial:
        number = next(_counter)
        defaults = {
            "slug": f"trial-{number}",
            "short_title": f"Test trial {number}",
            "design": Design.RCT,
            "status": CurationStatus.PUBLISHED,
            "enrollment": 40,
        }
        conditions = fields.pop("conditions", [])
        trial = Trial.objects.create(title=title, **{**defaults, **fields})
        trial.conditions.set(conditions)
        return trial

    return make


@pytest.fixture
def make_arm() -> Callable[..., Arm]:
    def make(trial: Trial, **fields: object) -> Arm:
        defaults = {"label": "MSC", "role": ArmRole.EXPERIMENTAL, "participants_count": 20}
        return Arm.objects.create(trial=trial, **{**defaults, **fields})

    return make


@pytest.fixture
def make_reference() -> Callable[..., Reference]:
    def make(
        trial: Trial | None = None, authors: tuple[str, ...] = ("Test", "Author"), **fields: object
    ) -> Reference:
        number = next(_counter)
        defaults = {
            "kind": ReferenceKind.JOURNAL_ARTICLE,
            "title": f"Test reference {number}",
            "journal": "Test Journal of Hepatology",
            "journal_abbreviation": "Test J Hepatol",
            "year": 2020,
        }
        reference = Reference.objects.create(**{**defaults, **fields})
        for position, family in enumerate(authors):
            ReferenceAuthor.objects.create(
                reference=reference, position=position, family=family, given="A"
            )
        if trial is not None:
            TrialReference.objects.create(trial=trial, reference=reference, role="primary_results")
        return reference

    return make


@pytest.fixture
def make_result(make_measure: Callable[..., OutcomeMeasure]) -> Callable[..., OutcomeResult]:
    def make(trial: Trial, **fields: object) -> OutcomeResult:
        defaults = {"shape": ResultShape.MEAN_SD, "timepoint_weeks": 12, "unit_reported": "g/L"}
        if "measure" not in fields:
            fields["measure"] = make_measure()
        return OutcomeResult.objects.create(trial=trial, **{**defaults, **fields})

    return make


@pytest.fixture
def make_vocabulary() -> Callable[..., CellSource | Route]:
    def make(model: type, name: str, **fields: object) -> CellSource | Route:
        if model is CellSource:
            fields.setdefault("intervention_class", "msc")
        return model.objects.create(
            name=name, slug=f"{name.lower().replace(' ', '-')}-{next(_counter)}", **fields
        )

    return make


@pytest.fixture
def curator(db: None) -> User:
    user = User.objects.create_user("curator", password="a-long-curator-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    return user


@pytest.fixture
def curator_client(client, curator: User):  # noqa: ANN001, ANN201
    client.force_login(curator)
    return client


@pytest.fixture
def catalogue(
    make_condition: Callable[..., Condition],
    make_trial: Callable[..., Trial],
    make_arm: Callable[..., Arm],
    make_measure: Callable[..., OutcomeMeasure],
    make_result: Callable[..., OutcomeResult],
    make_vocabulary: Callable[..., object],
) -> SimpleNamespace:
    """A small synthetic world for the browsing pages: a condition tree, vocabularies, 3 published
    trials and 1 draft (every name obviously made up)."""
    from trials.models import Country, Etiology

    c = SimpleNamespace()
    c.liver = make_condition("Liver disease", slug="liver-disease")
    c.cirrhosis = make_condition("Cirrhosis", slug="cirrhosis", parent=c.liver)
    c.decompensated = make_condition(
        "Decompensated cirrhosis", slug="decompensated-cirrhosis", parent=c.cirrhosis
    )
    c.masld = make_condition("MASLD", slug="masld", parent=c.liver, synonyms="NAFLD\nFatty liver")
    c.hbv = make_vocabulary(Etiology, "Hepatitis B")
    c.alcohol = make_vocabulary(Etiology, "Alcohol")
    c.uc = make_vocabulary(CellSource, "Umbilical cord MSC")
    c.bm = make_vocabulary(CellSource, "Bone marrow MSC")
    c.iv = make_vocabulary(Route, "Peripheral intravenous")
    c.ha = make_vocabulary(Route, "Hepatic artery")
    c.cn = Country.objects.create(name="Testland", slug="testland", code="TL")
    c.es = Country.objects.create(name="Examplestan", slug="examplestan", code="EX")
    c.albumin = make_measure("Serum albumin", slug="albumin")
    c.meld = make_measure(
        "MELD score",
        slug="meld",
        abbreviation="MELD",
        unit="",
        higher_is_better=False,
        plausible_min=6,
        plausible_max=40,
    )
    c.a = make_trial(
        "Test trial A of cells in scarred livers",
        short_title="Test trial A",
        conditions=[c.decompensated],
        design="rct",
        phase="2",
        recruitment_status="recruiting",
        status_as_of=recently_confirmed(),
        start_date=datetime.date(2015, 3, 1),
        enrollment=100,
    )
    c.b = make_trial(
        "Test trial B",
        short_title="Test trial B",
        conditions=[c.cirrhosis],
        design="single_arm",
        phase="1",
        recruitment_status="completed",
        start_date=datetime.date(2010, 1, 1),
        enrollment=20,
        plain_summary="Scarred livers were treated.",
    )
    c.c = make_trial(
        "Test trial C",
        short_title="Test trial C",
        conditions=[c.masld],
        design="non_randomised",
        phase="1_2",
        recruitment_status="completed",
        start_date=datetime.date(2020, 6, 1),
        enrollment=60,
    )
    c.draft = make_trial(
        "Draft trial D of cells in scarred livers",
        short_title="Draft trial D",
        conditions=[c.decompensated],
        design="rct",
        phase="2",
        recruitment_status="recruiting",
        status_as_of=recently_confirmed(),
        start_date=datetime.date(2016, 1, 1),
        enrollment=500,
        status=CurationStatus.DRAFT,
    )
    c.a.etiologies.set([c.hbv])
    c.b.etiologies.set([c.alcohol])
    c.draft.etiologies.set([c.hbv])
    c.a.countries.set([c.cn])
    c.b.countries.set([c.es])
    c.c.countries.set([c.cn, c.es])
    c.draft.countries.set([c.cn])
    make_arm(c.a, cell_source=c.uc, route=c.iv, donor_type="allogeneic")
    make_arm(c.a, label="Standard care", role=ArmRole.STANDARD_CARE)
    make_arm(c.b, cell_source=c.bm, route=c.ha, donor_type="autologous")
    make_arm(c.c, cell_source=c.uc, route=c.ha, donor_type="allogeneic")
    make_arm(c.draft, cell_source=c.bm, route=c.iv, donor_type="autologous")
    make_result(c.a, measure=c.albumin, mean=35, sd=4, n=20)
    make_result(c.c, measure=c.meld, mean=12, sd=3, n=20, unit_reported="")
    make_result(c.draft, measure=c.meld, mean=12, sd=3, n=20, unit_reported="")
    return c


@pytest.fixture(autouse=True)
def _english_active() -> Iterator[None]:
    """Every test starts in English. A request to /es/ leaves Spanish active in the thread, and
    modeltranslation then writes `Trial(plain_summary=...)` to the Spanish column."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


_LEFT_OUT = pytest.StashKey[list[str]]()

# CI (.ci/run) installs every program the suite uses: there a missing one fails its tests.
REQUIRED = bool(os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER_TESTS"))


def _on_postgresql() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def _left_out_because(item: pytest.Item) -> str | None:
    """Why this test cannot run here (None when it can): marked `postgresql` on SQLite, or
    `needs("program", ...)` a program that is not installed (never in CI: there it fails)."""
    if item.get_closest_marker("postgresql") and not _on_postgresql():
        return "PostgreSQL only: run with DATABASE_URL=postgres://..."
    missing = [
        program
        for marker in item.iter_markers("needs")
        for program in marker.args
        if shutil.which(program) is None
    ]
    if missing and not REQUIRED:
        return f"{', '.join(sorted(set(missing)))} not installed"
    return None


# With `make test` (pytest-xdist, --dist loadgroup) every test is a unit of work of its own, handed
# to whichever worker is free, so the two workers finish together. Only tests that share a fixture
# wider than one test run together in one worker, so that it starts once: a test file that defines
# one (scope "module" or "class") and a folder whose conftest defines one (scope "package": the
# demo data, loaded once for tests/demo). xdist hands out the largest groups first.
_SHARED_SETUP = re.compile(r"""scope=["'](module|class|package)["']""")


@functools.cache
def _shares_setup(path: Path) -> bool:
    return path.is_file() and bool(_SHARED_SETUP.search(path.read_text(encoding="utf-8")))


def _group(item: pytest.Item, tests: Path) -> str | None:
    """The xdist group of a test that shares a wider fixture (None: a unit of its own)."""
    for folder in reversed(item.path.relative_to(tests).parents[:-1]):
        if _shares_setup(tests / folder / "conftest.py"):
            return folder.as_posix()
    if _shares_setup(item.path):
        return item.path.relative_to(tests).as_posix()
    return None


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or any(
        name in fixtures for name in ("transactional_db", "live_server")
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that cannot run here (PostgreSQL-only ones on SQLite, ones needing a program that is
    missing outside CI) are deselected, and the summary names them with the reason (never a
    silent skip)."""
    tests = Path(__file__).resolve().parent
    for item in items:
        group = _group(item, tests)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    reasons = {item.nodeid: _left_out_because(item) for item in items}
    left_out = [item for item in items if reasons[item.nodeid]]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        config.stash[_LEFT_OUT] = [f"{item.nodeid}: {reasons[item.nodeid]}" for item in left_out]
        items[:] = [item for item in items if not reasons[item.nodeid]]


class _TransactionalFirst:
    """The transactional tests (real commits, the live server: the browser and migration tests)
    start first: they are the longest (10-35 s each for the slowest), and pytest-django puts them
    last, where one alone kept one worker busy after the other had finished. Each ends by
    emptying every table, and the post_migrate handlers put back what migrate made (the Curator
    group, the triggers), so the tests after it find the database as migrated."""

    @pytest.hookimpl(trylast=True)  # after pytest-django's ordering
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        # A group stays together (its shared fixture starts once) and goes first if any test in
        # it is transactional.
        def unit(item: pytest.Item) -> str:
            marker = item.get_closest_marker("xdist_group")
            return marker.args[0] if marker else item.nodeid

        place: dict[str, int] = {}
        for item in items:
            place.setdefault(unit(item), len(place))
        first = {unit(item) for item in items if _transactional(item)}
        items.sort(key=lambda item: (unit(item) not in first, place[unit(item)]))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_TransactionalFirst(), "transactional-first")


def pytest_sessionfinish(session: pytest.Session) -> None:
    # An xdist worker hands its list to the controller, which prints the summary.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["left_out"] = session.config.stash.get(_LEFT_OUT, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001
    left_out = getattr(node, "workeroutput", {}).get("left_out", [])
    if left_out:
        node.config.stash[_LEFT_OUT] = left_out


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # noqa: ANN001
    left_out = config.stash.get(_LEFT_OUT, [])
    if left_out:
        terminalreporter.write_line(f"deselected {len(left_out)} test(s) that cannot run here:")
        for line in left_out:
            terminalreporter.write_line(f"  {line}")

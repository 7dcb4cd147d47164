"""Every admin page a curator can open, in Spanish, with the demo data, shows its interface in
Spanish: changelists, add forms, change forms, the index and the curation dashboard.

The admin's interface text (labels, column heads, headings, help, buttons, actions, filters,
messages) is read from each page; data (titles, names, values, the choices of a related record)
is not, since papers keep their own language. A piece of it fails when it is the English of a
catalogue string whose Spanish differs (a string marked but not translated), or when it holds an
English word that Spanish never uses (a string never marked for translation).
"""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from lxml import html as lxml_html

from trials.models import Trial
from trials.revisions.pending import pending_revision_create, trial_snapshot

from .test_spanish_completeness import has_words, interface_needles

pytestmark = pytest.mark.django_db

# Words of English interface text that Spanish text does not use (lowercase, whole words).
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """the of and with for from this that which these those selected trial trials result results
    reference references measure measures arm arms entered changed verified unverified source
    sources reported review reviews published draft add change delete save history search filter
    by all yes or is are was were not only when where each every its their your you should must
    will can more than before after between within about into outcome outcomes study studies
    participants condition conditions country countries route routes dose cells cell year years
    number value values name names title language kind role order label link links page pages
    list lists show shown view assessment assessments judgement pooled included""",
    )
)
# Where the admin's own words are (XPath): never a record's data.
INTERFACE = [
    "//label",
    "//legend",
    "//h1",
    "//fieldset/h2",
    "//div[contains(concat(' ', @class, ' '), ' help ') or contains(@class, 'helptext')]",
    "//thead//th",
    "//button",
    "//input[@type='submit']/@value",
    "//select[@name='action']/option",
    "//div[@id='changelist-filter']//h2",
    "//div[@id='changelist-filter']//h3",
    "//div[@id='changelist-filter']//li/a",
    "//ul[contains(@class, 'messagelist')]/li",
    "//ul[contains(@class, 'object-tools')]//a",
    "//p[contains(@class, 'errornote')]",
    "//ul[contains(@class, 'errorlist')]/li",
    "//div[contains(@class, 'submit-row')]//a",
    "//*[@aria-label][not(contains(@class, 'action-select'))]/@aria-label",  # not a row's name
]
WORD = re.compile(r"[A-Za-zÀ-ÿ_]+")
# An example of what a source prints, quoted in a help text ("e.g. 'pooled BM-MSC'"), is the
# source's words, not the interface's.
QUOTED = re.compile(r"'[^']*'|“[^”]*”|‘[^’]*’|«[^»]*»")


def interface_texts(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    texts = []
    for path in INTERFACE:
        for found in tree.xpath(path):
            text = found if isinstance(found, str) else found.text_content()
            text = " ".join(text.split())
            if text:
                texts.append(text)
    return texts


def text_problems(text: str, needles: dict[str, str]) -> list[str]:
    """Why an interface text is English (empty when it is not)."""
    words = {w for w in WORD.findall(QUOTED.sub("", text)) if "_" not in w and not w.isupper()}
    english = sorted(w for w in words if w.lower() in ENGLISH_WORDS)
    if english:
        return [f"{text!r}: English words {english}"]
    return [
        f"{text!r}: the English of {source}" for n, source in needles.items() if has_words(text, n)
    ]


def english_in(page: str, needles: dict[str, str]) -> list[str]:
    """The interface texts of a page that are English, each with why."""
    return [problem for text in interface_texts(page) for problem in text_problems(text, needles)]


def curator_pages(client) -> dict[str, HttpResponse]:  # noqa: ANN001
    """The index, the curation dashboard, and every model's changelist, add form and the change
    form of its first record, where a curator may open them, with the review pages; each URL
    with its answer (each page opened once)."""
    review_urls = review_pages()  # first, so the lists show the pending change
    answers = {url: client.get(url) for url in (reverse("admin:index"), reverse("admin:curation"))}
    assert next(iter(answers)) == "/es/admin/"
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        names = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*names))
        response = client.get(changelist)
        if response.status_code != 200:
            continue  # not a curator's (users, groups)
        answers[changelist] = response
        add = reverse("admin:{}_{}_add".format(*names))
        if (response := client.get(add)).status_code == 200:
            answers[add] = response
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            try:
                change = reverse("admin:{}_{}_change".format(*names), args=[first.pk])
            except NoReverseMatch:
                continue
            answers[change] = client.get(change)
    return answers | {url: client.get(url) for url in review_urls if url not in answers}


def review_pages() -> list[str]:
    """The pages of a trial's review and history: its history, the pages of a new result and of
    a new arm (from the trial's lists), the recovery list and a pending change against the live
    trial."""
    trial = Trial.objects.published().order_by("pk").first()
    trial.sponsor = "Test sponsor awaiting approval"
    pending = pending_revision_create(
        trial=trial,
        author=None,
        snapshot=trial_snapshot(trial),
        new_rows=[],
        base_version=trial.version,
    )
    return [
        reverse("admin:trials_trial_history", args=[trial.pk]),
        reverse("admin:trials_outcomeresult_add") + f"?trial={trial.pk}",
        reverse("admin:trials_arm_add") + f"?trial={trial.pk}",
        reverse("admin:trials_outcomeresult_recoverlist"),
        reverse("admin:trials_pendingrevision_change", args=[pending.pk]),
    ]


@pytest.fixture
def spanish_curator(client, demo):  # noqa: ANN001, ANN201
    curator = User.objects.create_user("test-curator-es", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curator"))
    client.force_login(curator)
    return client


def test_every_admin_page_a_curator_opens_in_spanish_is_spanish(spanish_curator):
    needles = interface_needles()
    problems, opened, checked = [], 0, {}
    with translation.override("es"):
        answers = curator_pages(spanish_curator)
    for url, response in answers.items():
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "es", url
        opened += 1
        for text in interface_texts(response.content.decode()):
            if text not in checked:  # the same button or label on many pages: checked once
                checked[text] = text_problems(text, needles)
            problems += [f"{url}: {problem}" for problem in checked[text]]
    assert opened >= 40  # index, dashboard, and changelist, add and change of every model
    unique = list(dict.fromkeys(problem.split(": ", 1)[1] for problem in problems))
    assert not problems, f"{len(unique)} English interface texts:\n" + "\n".join(
        f"{text} (first on {next(p for p in problems if text in p).split(': ')[0]})"
        for text in unique[:80]
    )


def test_english_interface_text_is_found():
    needles = {"Unverified fields": "msgid 'Unverified fields'"}
    assert english_in("<form><label>Outcome result:</label></form>", needles)
    assert english_in("<div class='help'>Unverified fields</div>", needles)
    assert (
        english_in("<table><thead><tr><th>Fecha de la fuente</th></tr></thead></table>", {}) == []
    )
    assert english_in("<td>The trial of the year</td>", needles) == []  # data, not interface

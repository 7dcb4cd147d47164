"""Every public page in Spanish, with the demo data, says everything in Spanish: an English text
shows only where nobody has translated it yet, marked lang="en" and with the visible note.

The needles are the English values of every translated field (split into sentences) and the
English interface strings of the catalogue whose Spanish differs; a needle found on a Spanish page
outside an element with lang="en" beside the note fails, and so does one in such an element
without the note.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from evidence.models import Reference
from trials.models import Arm, Condition, Trial

from ..public_urls import public_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
DEMO_DATA = ROOT / "evidence" / "demo" / "data" / "liver_msc_evidence.json"
NOTE_ES = "Este texto aún no está traducido; se muestra en inglés."
IGNORED_TAGS = {"script", "style"}
CHECKED_ATTRIBUTES = {"aria-label", "title", "alt"}
# Placeholders, template variables, markup and line ends split an interface string into the
# literal pieces a page can show.
PIECES = re.compile(r"%\(\w+\)[sdfr]|%[sdf]|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>|\n|[“”«»]")
SENTENCES = re.compile(r"(?<=[.;:!?])\s+|\n+")


def _pieces(text: str, splitter: re.Pattern) -> set[str]:
    """The parts of a text long enough to say something (two words and eight characters)."""
    parts = (part.strip(" ,.;:()—–-") for part in splitter.split(text or ""))
    return {part for part in parts if len(part) >= 8 and len(part.split()) >= 2}


def original_titles() -> str:
    """Titles shown in the language they were published in (a needle found inside one of them
    cannot be told apart from the title)."""
    titles = [*Reference.objects.values_list("title", flat=True)]
    titles += Trial.objects.values_list("title", flat=True)
    return "\x00".join(titles)


def spanish_texts() -> list[str]:
    texts = []
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            texts += filter(None, model._default_manager.values_list(f"{field}_es", flat=True))
    return texts


def curated_needles() -> dict[str, str]:
    """English piece -> where it comes from, for every translated field whose Spanish differs
    (not the pieces a Spanish text quotes, such as a registry's own group name)."""
    titles = original_titles() + "\x00" + "\x00".join(spanish_texts())
    needles: dict[str, str] = {}
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for row in model._default_manager.all():
            for field in fields:
                english = getattr(row, f"{field}_en") or ""
                spanish = getattr(row, f"{field}_es") or ""
                if english.strip() == spanish.strip():
                    continue
                for piece in _pieces(english, SENTENCES) - _pieces(spanish, SENTENCES):
                    if piece not in titles:
                        needles.setdefault(piece, f"{model.__name__}.{field} #{row.pk}")
    return needles


def interface_needles() -> dict[str, str]:
    """English piece -> msgid, for every interface string whose Spanish differs."""
    titles = original_titles()
    needles: dict[str, str] = {}
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or not entry.translated():
            continue
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            spanish = set().union(*(_pieces(text, PIECES) for text in translations))
            for piece in _pieces(msgid, PIECES) - spanish:
                if piece not in titles:
                    needles.setdefault(piece, f"msgid {entry.msgid[:60]!r}")
    return needles


class Texts(HTMLParser):
    """A page's text and the checked attributes, each with whether it sits in a lang="en"
    element whose parent also shows the note (the way {% translated_text %} marks English)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = [{"tag": "", "lang": "es", "text": []}]
        self.unmarked: list[str] = []  # English here fails
        self.marked: list[tuple[str, list[str]]] = []  # (text, its marked element's parent)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        lang = attributes.get("lang") or self.stack[-1]["lang"]
        element = {"tag": tag, "lang": lang, "text": [], "own_lang": "lang" in attributes}
        element["marked_parent"] = (
            self.stack[-1]["text"] if element["own_lang"] else self.stack[-1].get("marked_parent")
        )
        for name in CHECKED_ATTRIBUTES & set(attributes):
            self._text(element, attributes[name] or "")
        if tag in {"meta"} and attributes.get("name") == "description":
            self._text(element, attributes.get("content") or "")
        if tag not in {"meta", "link", "input", "br", "img", "hr", "source", "wbr", "area"}:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth]["tag"] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1]["tag"] in IGNORED_TAGS:
            return
        self._text(self.stack[-1], data)

    def _text(self, element: dict, text: str) -> None:
        for open_element in self.stack:
            open_element["text"].append(text)
        if NOTE_ES in text:
            return  # a feed entry: the English and the note in one text
        if element["lang"].startswith("en") and element.get("marked_parent") is not None:
            self.marked.append((text, element["marked_parent"]))
        else:
            self.unmarked.append(text)


def has_words(text: str, needle: str) -> bool:
    """Whether the needle is in the text as whole words ("text" is not in "texto")."""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or after.isalnum()):
            return True
        start = text.find(needle, start + 1)
    return False


def parsed(html: str) -> Texts:
    parser = Texts()
    parser.feed(html)
    parser.close()
    return parser


def english_in(page: Texts, needles: dict[str, str], suspects: dict[str, str]) -> list[str]:
    """The English on a parsed page: a suspect needle in its unmarked text, any needle in a
    lang="en" element without the note."""
    unmarked = "\x00".join(page.unmarked)
    problems = [f"{n!r} ({source})" for n, source in suspects.items() if has_words(unmarked, n)]
    for text, parent in page.marked:
        if NOTE_ES not in "".join(parent):
            problems += [f"{n!r} in lang=en without the note" for n in needles if n in text]
    return problems


def english_on_page(html: str, needles: dict[str, str]) -> list[str]:
    return english_in(parsed(html), needles, needles)


def english_on_pages(pages: dict[str, Texts], needles: dict[str, str]) -> list[str]:
    """english_on_page for every page, as "url: problem". A needle is found only inside one
    text (the texts are joined with NUL, which no needle holds), so the needles are first looked
    for once in the distinct texts of all the pages (the menus and footers repeat on every page),
    then page by page only those found somewhere."""
    assert not any("\x00" in needle for needle in needles)
    distinct = "\x00".join(dict.fromkeys(text for page in pages.values() for text in page.unmarked))
    suspects = {n: source for n, source in needles.items() if has_words(distinct, n)}
    return [
        f"{url}: {problem}"
        for url, page in pages.items()
        for problem in english_in(page, needles, suspects)
    ]


def spanish_pages(client) -> list[str]:
    """Every public page and feed in Spanish (not the exports), with every trial and reference
    on the visitor's list."""
    with translation.override("es"):
        add = reverse("evidence:basket_add")
    for trial_id in Trial.objects.published().values_list("pk", flat=True):
        client.post(add, {"kind": "trial", "id": trial_id})
    for reference_id in Reference.objects.values_list("pk", flat=True)[:5]:
        client.post(add, {"kind": "reference", "id": reference_id})
    urls = [
        url
        for endpoint, url in public_urls(languages=("es",))
        if endpoint.localized and not endpoint.is_export
    ]
    # The URLconf walk tries a sample of slugs per page kind: every trial and condition too.
    with translation.override("es"):
        for trial in Trial.objects.published():
            urls.append(reverse("trials:detail", args=[trial.slug]))
        for condition in Condition.objects.active():
            urls.append(reverse("trials:condition", args=[condition.slug]))
            urls.append(reverse("feed-condition", args=[condition.slug]))
    return [url for url in dict.fromkeys(urls) if url.startswith("/es/")]


def test_every_spanish_page_is_spanish_or_marked_english(client, demo):
    needles = curated_needles() | interface_needles()
    assert len(needles) > 500  # the demo data and the catalogue gave their English
    pages = {}
    for url in spanish_pages(client):
        response = client.get(url)
        if response.status_code == 200:
            pages[url] = parsed(response.content.decode())
    shown = len(pages)
    problems = english_on_pages(pages, needles)
    assert shown >= 40  # home, list, glossary, evidence, list, feeds, 30 trials, conditions
    assert not problems, f"{len(problems)} English texts on Spanish pages:\n" + "\n".join(
        problems[:60]
    )


def test_an_untranslated_arm_label_shows_in_english_with_the_note(client, demo):
    arm = Arm.objects.filter(trial__status="published").exclude(label_es="").first()
    Arm.objects.filter(pk=arm.pk).update(label_es="")
    with translation.override("es"):
        url = reverse("trials:detail", args=[arm.trial.slug])
    html = client.get(url).content.decode()
    assert f'<span lang="en">{arm.label_en}</span>' in html
    assert english_on_page(html, {arm.label_en: "arm"}) == []  # marked, with the note
    assert english_on_page(html.replace(NOTE_ES, ""), {arm.label_en: "arm"})  # the note matters


def test_english_outside_a_marked_element_is_found():
    needles = {"Albumin rose in the MSC group": "statement"}
    page = "<main><p>El resultado: Albumin rose in the MSC group.</p></main>"
    assert english_on_page(page, needles)
    marked = f'<p><span lang="en">Albumin rose in the MSC group</span> ({NOTE_ES})</p>'
    assert english_on_page(marked, needles) == []
    assert english_on_page('<p title="Albumin rose in the MSC group">x</p>', needles)


def test_demo_data_has_spanish_for_every_translated_text():
    """The demo data gives the Spanish of every curated text it gives in English."""
    from evidence.translation import POOLED_TRANSLATED, REVIEW_TRANSLATED
    from trials.translation import ARM_TRANSLATED, RESULT_TRANSLATED, TRIAL_TRANSLATED

    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    rows = [(trial, TRIAL_TRANSLATED, trial["slug"]) for trial in data["trials"]]
    for trial in data["trials"]:
        rows += [(arm, ARM_TRANSLATED, trial["slug"]) for arm in trial["arms"]]
        rows += [(result, RESULT_TRANSLATED, trial["slug"]) for result in trial["outcomes"]]
    rows += [(review, REVIEW_TRANSLATED, review["slug"]) for review in data["reviews"]]
    for review in data["reviews"]:
        rows += [(pooled, POOLED_TRANSLATED, review["slug"]) for pooled in review["pooled_results"]]
    missing = [
        f"{where}: {field}"
        for row, fields, where in rows
        for field in fields
        if (row.get(field) or "").strip() and not (row.get(f"{field}_es") or "").strip()
    ]
    assert missing == []

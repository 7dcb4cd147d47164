"""The condition hierarchy held in memory: descendants, synonyms and display order (one query)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language

from .models import Condition
from .search import fold


def names_of(condition: Condition) -> set[str]:
    """Every name a visitor may type for a condition: slug, name and synonyms in all languages."""
    names = {condition.slug, condition.name or ""}
    texts = [condition.synonyms or ""]
    for code, _label in settings.LANGUAGES:
        names.add(getattr(condition, f"name_{code}", None) or "")
        texts.append(getattr(condition, f"synonyms_{code}", None) or "")
    for text in texts:
        names.update(line.strip() for line in text.splitlines())
    return {name for name in names if name}


@dataclass
class ConditionTree:
    """Active conditions with their parent links, loaded once per request."""

    conditions: list[Condition]
    by_id: dict[int, Condition] = field(init=False)
    by_slug: dict[str, Condition] = field(init=False)
    children: dict[int | None, list[Condition]] = field(init=False)
    # What names() and outline() worked out, per language (a tree kept per data version
    # serves every request of that version).
    _names: dict[str, dict[int, str]] = field(init=False, default_factory=dict, repr=False)
    _outline: list[tuple[Condition, int]] | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {condition.pk: condition for condition in self.conditions}
        self.by_slug = {condition.slug: condition for condition in self.conditions}
        self.children = {}
        for condition in self.conditions:
            parent = condition.parent_id if condition.parent_id in self.by_id else None
            self.children.setdefault(parent, []).append(condition)

    @classmethod
    def load(cls) -> "ConditionTree":
        """One query for all active conditions, ordered by name."""
        return cls(list(Condition.objects.active().order_by("name", "pk")))

    def descendant_ids(self, condition_ids: Iterable[int]) -> set[int]:
        """The given conditions and everything below them."""
        found: set[int] = set()
        stack = [pk for pk in condition_ids if pk in self.by_id]
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.add(pk)
            stack.extend(child.pk for child in self.children.get(pk, []))
        return found

    def lookup(self, text: str) -> Condition | None:
        """The condition whose slug, name or synonym is this text (whatever its case, accents
        and punctuation: `cirrosis hepatica` is `Cirrosis hepática`)."""
        if text.strip().casefold() in self.by_slug:
            return self.by_slug[text.strip().casefold()]
        wanted = fold(text)
        if not wanted:
            return None
        for condition in self.conditions:
            if wanted in {fold(name) for name in names_of(condition)}:
                return condition
        return None

    def depth_first(self) -> list[tuple[Condition, int]]:
        """Every condition with its depth, parents before their children."""
        ordered: list[tuple[Condition, int]] = []

        def walk(parent: int | None, depth: int) -> None:
            for condition in self.children.get(parent, []):
                ordered.append((condition, depth))
                walk(condition.pk, depth + 1)

        walk(None, 0)
        return ordered

    def names(self) -> dict[int, str]:
        """Each condition's name in the active language, read once per tree and language
        (modeltranslation's descriptor costs a few microseconds a read; the list page reads
        every condition's name twice a request)."""
        language = get_language() or ""
        if language not in self._names:
            self._names[language] = {condition.pk: condition.name for condition in self.conditions}
        return self._names[language]

    def outline(self) -> list[tuple[Condition, int]]:
        """depth_first(), worked out once per tree (the list's condition facet); not to be
        changed by the caller."""
        if self._outline is None:
            self._outline = self.depth_first()
        return self._outline

    def entry_points(self) -> list[tuple[Condition, list[Condition]]]:
        """The home page's way in: the first level with a choice, each with its narrower terms.

        A lone umbrella term ("Liver disease") is skipped, so a visitor sees cirrhosis, fatty
        liver, liver failure... and below each its own subtypes.
        """
        level = self.children.get(None, [])
        while len(level) == 1 and self.children.get(level[0].pk):
            level = self.children[level[0].pk]
        return [(condition, self.children.get(condition.pk, [])) for condition in level]

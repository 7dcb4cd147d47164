"""Public pages about trials: home, the filtered list, a trial, a condition, the glossary."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import page_cache
from .charts import bar_chart_svg
from .condition_counts import condition_page_counts, condition_sets
from .condition_tree import ConditionTree
from .coverage import coverage_current
from .facet_index import current_index, index_counts, results_reported
from .facets import Facet, condition_counts, list_facets
from .filters import SORT_CHOICES, TrialFilter, canonical_params, page_params
from .formatting import date_fact, status_text
from .glossary import GLOSSARY_TERMS
from .models import (
    INTERVENTION_CLASS_SHORT,
    UNCONTROLLED_DESIGNS,
    CellSource,
    Condition,
    Design,
    InterventionClass,
    OutcomeMeasure,
    Phase,
    RecruitmentStatus,
    Route,
    SameStudyLink,
    Trial,
    bias_label,
)
from .outcome_tables import outcome_tables
from .result_rows import result_rows, row_labels, vocabularies
from .suggestions import search_suggestions

PAGE_SIZE = 25
CONDITION_PAGE_TRIALS = 20


def labelled(trials: Iterable[Trial]) -> list[Trial]:
    """Trials with design_label, phase_label, status_label (with its "as of" date, "Unknown"
    once stale) and start_label ("Started", "Planned start"): each choice translated once."""
    designs = {value: str(label) for value, label in Design.choices}
    phases = {value: str(label) for value, label in Phase.choices}
    today = timezone.localdate()
    trials = list(trials)
    for trial in trials:
        trial.design_label = designs.get(trial.design, "")
        trial.phase_label = phases.get(trial.phase, "")
        trial.status_label = status_text(
            trial.recruitment_status,
            trial.status_as_of,
            trial.status_as_of_precision,
            today=today,
        )
        trial.start_label = date_fact(
            "start", trial.start_date, trial.start_date_kind, today=today
        )[0]
        trial.bias_label = bias_label(
            trial.bias_overall, trial.bias_tool, per_outcome=trial.bias_per_outcome_id is not None
        )
    return trials


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_url: str


def class_counts(trials: QuerySet[Trial]) -> dict[str, int]:
    """How many of these trials gave each kind of cells, and how many have no results yet: one
    query. A trial that gave two kinds counts once in each."""
    aggregates = {
        value: Count("pk", distinct=True, filter=Q(arms__cell_source__intervention_class=value))
        for value in InterventionClass.values
    }
    return trials.order_by().aggregate(
        total=Count("pk", distinct=True),
        registered=Count("pk", distinct=True, filter=Q(registry_ids__isnull=False)),
        without_results=Count("pk", distinct=True, filter=~Q(results_reported())),
        **aggregates,
    )


def counts_sentence(counts: dict[str, int]) -> str:
    """'24 of MSC, 4 of other cells, 2 of MSC-derived vesicles; 12 have no results yet.'"""
    parts = [
        _("%(count)s of %(kind)s") % {"count": counts[value], "kind": name}
        for value, name in INTERVENTION_CLASS_SHORT.items()
        if counts.get(value)
    ]
    text = ", ".join(parts)
    missing = counts["without_results"]
    if missing:
        results = ngettext(
            "%(count)s has no published results yet",
            "%(count)s have no published results yet",
            missing,
        ) % {"count": missing}
        text = f"{text}; {results}" if text else results
    return f"{text}." if text else ""


def home(request: HttpRequest) -> HttpResponse:
    """What the site is and is not, the way in by condition, the latest changes."""
    tree = ConditionTree.load()
    entry_points = tree.entry_points()
    published = Trial.objects.published()
    shown = [term for condition, children in entry_points for term in (condition, *children)]
    counts = condition_counts(published, tree, shown)
    conditions = [
        {
            "condition": condition,
            "count": counts[condition.pk],
            "children": [{"condition": child, "count": counts[child.pk]} for child in children],
        }
        for condition, children in entry_points
    ]
    recent = labelled(published.for_listing().order_by("-updated_at", "-pk")[:6])
    totals = class_counts(published)
    context = {
        "conditions": conditions,
        "trial_count": totals["total"],
        "counts_sentence": counts_sentence(totals),
        "recent_trials": recent,
        "row_labels": row_labels(),
        "coverage": coverage_current(counts=totals),
    }
    return render(request, "trials/home.html", context)


def _page(queryset: QuerySet, raw: str | None, count: int | None = None) -> tuple[Page, str]:
    """The requested page; a clear notice instead of an error for a page that does not exist."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # already known: spare the COUNT query
    last = paginator.num_pages
    if raw in (None, ""):
        return paginator.page(1), ""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return paginator.page(1), _("“%(page)s” is not a page number; showing the first page.") % {
            "page": raw[:20]
        }
    if number < 1:
        return paginator.page(1), _("Pages start at 1; showing the first page.")
    if number > last:
        return paginator.page(last), _(
            "There is no page %(page)s; showing the last page (%(last)s)."
        ) % {"page": number, "last": last}
    return paginator.page(number), ""


def _without(data: QueryDict, key: str, value: str | None = None) -> str:
    """The list URL with one value (or a whole parameter) removed, back on page one."""
    remaining = data.copy()
    remaining.pop("page", None)
    if value is None:
        remaining.pop(key, None)
    else:
        remaining.setlist(key, [item for item in remaining.getlist(key) if item != value])
    query = remaining.urlencode()
    return reverse("trials:list") + (f"?{query}" if query else "")


def _active_filters(filterset: TrialFilter, facets: list[Facet]) -> list[ActiveFilter]:
    labels = {
        facet.name: {option.value: option.label for option in facet.options} for facet in facets
    }
    active = []
    for key, values in filterset.data.lists():
        if key in {"page", "sort"} or key not in filterset.filters:
            continue
        label = str(filterset.filters[key].label)
        for value in values:
            if value.strip() == "":
                continue
            shown = labels.get(key, {}).get(value, value)
            active.append(ActiveFilter(label, shown, _without(filterset.data, key, value)))
    return active


def trial_list(request: HttpRequest) -> HttpResponse:
    """The filtered, searchable, sortable list of published trials with facet counts.

    Drawn for each request in a few milliseconds (facet counts from the in-memory bitsets of
    trials.facet_index, the page's rows in one query written by trials.result_rows), so a new
    combination of filters costs what a repeated one does. The part below the header is kept
    per language, data version and cleaned filters (trials.page_cache.list_page): a repeat
    costs one query, and any change to the data is shown on the next request.
    A query with empty fields, the default sort or values in another case is sent to its
    canonical URL first, so a shared link carries only the filters in use.
    """
    canonical = canonical_params(request.GET).urlencode()
    if canonical != request.GET.urlencode():
        return HttpResponseRedirect(request.path + (f"?{canonical}" if canonical else ""))
    version = page_cache.data_version()
    params, notices = page_params(request.GET)
    body = page_cache.list_page(
        version,
        params.urlencode(),
        notices,
        lambda: page_cache.render_fragment(
            "trials/includes/trial_list_body.html", _list_context(params, notices, version)
        ),
    )
    return render(request, "trials/trial_list.html", {"body": body})


def _list_context(params: QueryDict, notices: list[str], version: str) -> dict:
    """The list body's whole context, from the cleaned parameters (never the request)."""
    tree = page_cache.per_version("trials:condition-tree", version, ConditionTree.load)
    filterset = TrialFilter(params, condition_tree=tree)
    terms = vocabularies(version)
    index = current_index(version)
    counts, total = index_counts(filterset, index)
    facets = list_facets(
        filterset,
        counts,
        terms_of=lambda model, key: [
            (term.pk, term.name, term.key) for term in terms.active(model)
        ],
    )
    suggestions = []
    if total == 0 and params.get("q"):  # the nearest condition, cell source or spelling
        suggestions = search_suggestions(params, filterset.condition_tree, index)
    # The page's ids (one query, the count known from the bitsets), then its rows (one query).
    keys = filterset.page_keys(total)  # a bounded ranking for a search with many matches
    page, page_notice = _page(keys, params.get("page"), total)
    base_query = params.copy()
    base_query.pop("page", None)
    return {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "rows": result_rows(list(page.object_list), version),
        "facets": facets,
        "notices": [*notices, *filterset.notices, *([page_notice] if page_notice else [])],
        "active_filters": _active_filters(filterset, facets),
        "base_query": base_query.urlencode(),
        "export_query": base_query,  # the export links (evidence/includes/list_downloads.html)
        "sort_choices": SORT_CHOICES,
        "sort_key": filterset.sort_key,
        "query_text": filterset.data.get("q", ""),
        "suggestions": suggestions,
        # The coverage note's counts from the index: counting the table costs seconds at
        # 100,000 trials after every save.
        "coverage": page_cache.per_version(
            "trials:coverage",
            version,
            lambda: coverage_current(
                counts={
                    "total": index.everything.bit_count(),
                    "registered": index.values["registered"][True].bit_count(),
                }
            ),
        ),
    }


def trial_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published trial: plain summary, key facts, arms, outcomes, references."""
    trial = get_object_or_404(Trial.objects.published().for_detail(), slug=slug)
    # In reading order: the order of the link model (evidence's TrialReference), prefetched.
    links = list(trial.trial_references.all())
    reference_numbers = {link.reference_id: number for number, link in enumerate(links, 1)}
    arms = list(trial.arms.all())
    tables = outcome_tables(
        list(trial.outcome_results.all()), arms, reference_numbers, trial.design
    )
    today = timezone.localdate()
    context = {
        "trial": trial,
        "status_text": status_text(
            trial.recruitment_status,
            trial.status_as_of,
            trial.status_as_of_precision,
            today=today,
        ),
        # "check the registry": a link to each registry record beside an unknown status
        "status_needs_check": trial.status_is_stale
        or trial.recruitment_status == RecruitmentStatus.UNKNOWN,
        "status_check_links": [item for item in trial.registry_ids.all() if item.url],
        "start_fact": date_fact("start", trial.start_date, trial.start_date_kind, today=today),
        "completion_fact": date_fact(
            "completion", trial.completion_date, trial.completion_date_kind, today=today
        ),
        "arms": arms,
        # Trials that may report the same patients (one query; a draft partner is never named).
        "same_study": [
            (link.partner(trial.pk), link)
            for link in SameStudyLink.objects.published().of_trial(trial.pk)
        ],
        "efficacy_tables": [table for table in tables if not table.measure.is_safety],
        "safety_tables": [table for table in tables if table.measure.is_safety],
        "reference_links": [(reference_numbers[link.reference_id], link) for link in links],
        "uncontrolled": trial.design in UNCONTROLLED_DESIGNS,
        "has_within_group": any(
            item.is_within_group
            for table in tables
            for row in table.rows
            for cell in row.cells
            for item in cell
        ),
    }
    return render(request, "trials/trial_detail.html", context)


def _chart(chart_id: str, title: str, counts: dict[int, int], terms: list) -> dict:
    names = {term.pk: term.name for term in terms}
    bars = sorted(
        ((names.get(pk, "?"), count) for pk, count in counts.items()),
        key=lambda bar: (-bar[1], bar[0]),
    )
    description = "; ".join(
        ngettext("%(label)s: %(count)s trial", "%(label)s: %(count)s trials", count)
        % {"label": label, "count": count}
        for label, count in bars
    )
    svg = bar_chart_svg(chart_id=chart_id, title=title, description=description, bars=bars)
    return {"id": chart_id, "title": title, "svg": mark_safe(svg), "bars": bars}  # noqa: S308 - escaped


def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One condition in plain words: its trials (narrower ones included) and how they split."""
    tree = ConditionTree.load()
    condition = tree.by_slug.get(slug)
    if condition is None:
        raise Http404(_("No such condition."))
    trials = Trial.objects.published().in_conditions(tree.descendant_ids([condition.pk]))
    children = tree.children.get(condition.pk, [])
    version = page_cache.data_version()
    # From the facet bitsets and the condition sets the index keeps beside them (updated with
    # it from the change log): no query reads the condition's trials (trials.condition_counts).
    # Cached like the list's counts.
    index = current_index(version)
    sets = condition_sets(index)
    counts = page_cache.condition_counts(
        version, condition.pk, lambda: condition_page_counts(index, sets, tree, condition.pk)
    )
    child_counts = counts["children"]
    by_cell_source, by_route = counts["cell_source"], counts["route"]
    charts = [
        _chart(
            "chart-cell-source",
            _("Trials by cell source"),
            by_cell_source,
            list(CellSource.objects.filter(pk__in=list(by_cell_source))),
        ),
        _chart(
            "chart-route",
            _("Trials by how the cells were given"),
            by_route,
            list(Route.objects.filter(pk__in=list(by_route))),
        ),
    ]
    shown = labelled(trials.for_listing().order_by("-updated_at", "-pk")[:CONDITION_PAGE_TRIALS])
    ancestors = []
    parent = tree.by_id.get(condition.parent_id)
    while parent is not None and parent not in ancestors:
        ancestors.insert(0, parent)
        parent = tree.by_id.get(parent.parent_id)
    context = {
        "condition": condition,
        "ancestors": ancestors,
        "children": [(child, child_counts[child.pk]) for child in children],
        "trial_count": counts["classes"]["total"],
        "counts_sentence": counts_sentence(counts["classes"]),
        "trials": shown,
        "charts": charts,
        "list_url": reverse("trials:list") + f"?condition={condition.slug}",
        "row_labels": row_labels(),
        "class_counts": counts["classes"],  # the key messages name the cells given
        "key_counts": counts["key"],  # and count the studies, people and running trials
        "condition_tree": tree,  # the evidence tags read the narrower conditions from it
        "data_version": version,  # the pooled-outcomes tag caches under the same version
        # The condition with its narrower ones, for the reviews tag (no tree reload).
        "descendant_ids": sorted(tree.descendant_ids([condition.pk])),
    }
    return render(request, "trials/condition_detail.html", context)


def glossary(request: HttpRequest) -> HttpResponse:
    """Plain-language explanations of the measures and words the site uses."""
    context = {
        "terms": GLOSSARY_TERMS,
        "measures": OutcomeMeasure.objects.active().order_by("name"),
        "cell_sources": CellSource.objects.active().order_by("name"),
        "routes": Route.objects.active().order_by("name"),
        "conditions": Condition.objects.active().order_by("name"),
    }
    return render(request, "trials/glossary.html", context)

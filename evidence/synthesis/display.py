"""What every pooled result shows: forest plot, table, sentence, subgroups.

Reads happen in three queries whatever the number of reviews, trials or results: the published
reviews (with their references, authors, pooled results and the trials we hold, prefetched), the
comparable per-arm results of every published trial, and the condition tree with its trial links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from evidence.synthesis import meta
from evidence.synthesis.certainty import (
    GradingInputs,
    grade_synthesis,
    grading_inputs,
    mid_threshold,
    syntheses_trial_ids,
)
from evidence.synthesis.forest import ForestRow, TableRow, forest_plot_svg, forest_table
from evidence.synthesis.from_curated import (
    ArmData,
    Exclusion,
    Synthesis,
    subgroups,
)
from evidence.synthesis.grade import Grade
from evidence.synthesis.summary import SofRow, sof_row
from evidence.synthesis.wording import (
    effect_size,
    patient_sentence_for,
    reason_codes,
    statement,
    when_phrase,
)
from trials.formatting import decimal_mark, fixed_number, time_label, weeks_label
from trials.models import (
    INTERVENTION_CLASS_SHORT,
    EffectMeasure,
    InterventionClass,
    MeasureKind,
)

CONVERSIONS = {
    "wan2014_iqr": gettext_lazy("converted from median and IQR (Wan et al. 2014)"),
    "wan2014_range": gettext_lazy("converted from median and range (Wan et al. 2014)"),
}


# --- One pooled result as the page shows it -------------------------------------------------


@dataclass(frozen=True)
class StudyLine:
    """One trial of a pooled result: the plot's strings plus the per-arm values used."""

    slug: str
    url: str
    text: TableRow
    msc_values: str
    control_values: str
    timepoint: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SubgroupLine:
    """One subgroup re-pooled: its name, number of studies and estimate with CI."""

    name: str
    studies: int
    effect: str


@dataclass(frozen=True)
class PooledDisplay:
    """Everything the forest partial renders for one Synthesis."""

    id: str
    synthesis: Synthesis
    heading: str
    effect_label: str
    summary: str
    favours: str
    sentence: str
    svg: SafeString
    intervention: str
    treated_heading: str
    studies: tuple[StudyLine, ...]
    overall: TableRow
    heterogeneity: str
    subgroups: tuple[tuple[str, tuple[SubgroupLine, ...]], ...]
    excluded: tuple[tuple[Exclusion, str], ...]
    any_converted: bool
    grade: Grade
    statement: str = ""
    sof: SofRow | None = None


def effect_label(synthesis: Synthesis) -> str:
    """'Mean difference (g/L)', 'Risk ratio'."""
    name = str(EffectMeasure(synthesis.effect_measure).label)
    unit = synthesis.measure.unit
    return f"{name} ({unit})" if synthesis.effect_measure in ("MD", "RD") and unit else name


def favours_labels(
    higher_is_better: bool | None, intervention: str | None = None
) -> tuple[str, str, str]:
    """Left label, right label and one sentence saying which side favours the cells pooled."""
    values = {"intervention": intervention or _("MSC")}
    if higher_is_better is None:
        return (
            _("Lower with %(intervention)s") % values,
            _("Higher with %(intervention)s") % values,
            _("Neither direction is better in itself for this measure."),
        )
    if higher_is_better:
        return (
            _("Favours control"),
            _("Favours %(intervention)s") % values,
            _(
                "Results to the right of the line of no effect favour %(intervention)s "
                "(higher is better)."
            )
            % values,
        )
    return (
        _("Favours %(intervention)s") % values,
        _("Favours control"),
        _("Results to the left of the line of no effect favour %(intervention)s (lower is better).")
        % values,
    )


def intervention_name(synthesis: Synthesis) -> str:
    """What was pooled, in the words of a sentence: "MSC" only for MSC; for other classes the
    one cell source all its studies gave ("bone-marrow mononuclear cells"), else the class."""
    if synthesis.intervention_class == InterventionClass.MSC:
        return str(INTERVENTION_CLASS_SHORT[InterventionClass.MSC])
    names = {name for study in synthesis.studies for name in study.cell_sources}
    if len(names) == 1:
        return outcome_phrase(names.pop())
    return str(INTERVENTION_CLASS_SHORT[synthesis.intervention_class])


_SIMPLE_TIME = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)


def own_time(label: str, weeks: float) -> str:
    """A study's own time as reported ("3 months"), in the active language when it is a plain
    number of days, weeks, months or years; else the reported words, or the weeks."""
    match = _SIMPLE_TIME.match(label or "")
    if not match:
        return label or weeks_label(weeks)
    text, unit = match.group(1).replace(",", "."), match.group(2).lower()
    count = int(float(text)) if float(text).is_integer() else 2  # a fraction reads as plural
    forms = {
        "day": ngettext("%(count)s day", "%(count)s days", count),
        "week": ngettext("%(count)s week", "%(count)s weeks", count),
        "month": ngettext("%(count)s month", "%(count)s months", count),
        "year": ngettext("%(count)s year", "%(count)s years", count),
    }
    return forms[unit] % {"count": decimal_mark(text)}


def studies_phrase(synthesis: Synthesis) -> str:
    """'one randomised trial', '3 randomised trials', '2 studies not known to be randomised'."""
    values = {"count": synthesis.k}
    if synthesis.randomised is True:
        return ngettext("one randomised trial", "%(count)d randomised trials", synthesis.k) % values
    if synthesis.randomised is False:
        return (
            ngettext(
                "one study not known to be randomised",
                "%(count)d studies not known to be randomised",
                synthesis.k,
            )
            % values
        )
    return _("%(count)d randomised trials and other controlled studies") % values


def outcome_phrase(name: str) -> str:
    """'serum albumin' inside a sentence; acronyms such as 'MELD score' keep their capitals."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def estimate_text(estimate: float, low: float, high: float, digits: int = 2) -> str:
    """'1.96 (0.74 to 3.17)'."""
    return _("%(estimate)s (%(low)s to %(high)s)") % {
        "estimate": fixed_number(estimate, digits),
        "low": fixed_number(low, digits),
        "high": fixed_number(high, digits),
    }


def arm_values(arm: ArmData) -> str:
    """'32.00 (SD 4.00), n = 20' or '3 events in 20'."""
    if arm.events is not None:
        return ngettext(
            "%(events)d event in %(total)d", "%(events)d events in %(total)d", arm.events
        ) % {
            "events": arm.events,
            "total": arm.n,
        }
    text = _("%(mean)s (SD %(sd)s), n = %(n)d") % {
        "mean": fixed_number(arm.mean),
        "sd": fixed_number(arm.sd),
        "n": arm.n,
    }
    flags = [str(CONVERSIONS.get(method, _("converted"))) for method in arm.converted]
    return text + "".join(f"; {flag}" for flag in flags)


def capitalised(text: str) -> str:
    """'MSC arm', 'Bone-marrow mononuclear cells arm': the first letter up, the rest as it is."""
    return text[:1].upper() + text[1:]


def study_time_text(label: str, weeks: float) -> str:
    """Each study's own time in the table: '3 months (13 weeks)', or '12 weeks'."""
    own = own_time(label, weeks)
    exact = weeks_label(weeks)
    return own if own == exact else f"{own} ({exact})"


def trial_urls() -> Callable[[str], str]:
    """slug -> a trial's page, with one reverse() for all rows (slugs need no quoting)."""
    pattern = reverse("trials:detail", kwargs={"slug": "SLUG"})
    return lambda slug: pattern.replace("SLUG", slug)


def pooled_display(
    synthesis: Synthesis,
    *,
    id_prefix: str,
    inputs: GradingInputs | None = None,
    condition_id: int | None = None,
) -> PooledDisplay:
    """The plot, its table, the patient sentence, the subgroups and the certainty of one pooled
    result (`inputs` from grading_inputs; read here, two queries, when not given)."""
    if inputs is None:
        inputs = grading_inputs(syntheses_trial_ids([synthesis]))
    grade = grade_synthesis(synthesis, inputs, condition_id=condition_id)
    pooled = synthesis.pooled
    measure = synthesis.measure
    trial_url = trial_urls()
    log_scale = synthesis.effect_measure in meta.RATIO_MEASURES
    rows = [
        ForestRow.from_study(
            study.label, study.effect, study.variance, weight, study.experimental.n, study.control.n
        )
        for study, weight in zip(synthesis.studies, pooled.weights, strict=True)
    ]
    table = forest_table(rows, pooled, log_scale=log_scale)
    single = synthesis.is_single_study
    intervention = intervention_name(synthesis)
    left, right, favours = favours_labels(measure.higher_is_better, intervention)
    if single:
        # One study is not a pooled result: its own effect at its own time.
        only = synthesis.studies[0]
        time = own_time(only.timepoint_label, only.timepoint_weeks)
        when = when_phrase(time)
    else:
        time = time_label(synthesis.window.target)
        when = when_phrase(time, approximate=True)
    heading = _("%(measure)s%(when)s: %(intervention)s against control, %(studies)s") % {
        "measure": measure.name,
        "when": when,
        "intervention": intervention,
        "studies": studies_phrase(synthesis),
    }
    label = effect_label(synthesis)
    numbers = {
        "effect": label[0].lower() + label[1:],
        "estimate": fixed_number(synthesis.summary.estimate),
        "low": fixed_number(synthesis.summary.ci_low),
        "high": fixed_number(synthesis.summary.ci_high),
        "studies": studies_phrase(synthesis),
        "people": synthesis.participants,
    }
    if single:
        summary = (
            _(
                "Not a pooled result: %(studies)s, %(effect)s %(estimate)s (95%% CI %(low)s to "
                "%(high)s) with %(people)d participants; heterogeneity: not applicable."
            )
            % numbers
        )
    else:
        summary = (
            _(
                "Pooled %(effect)s %(estimate)s (95%% CI %(low)s to %(high)s) from %(studies)s "
                "with %(people)d participants, by random effects (REML)."
            )
            % numbers
        )
    svg = forest_plot_svg(
        rows,
        pooled,
        measure_label=label + (_(" (log scale)") if log_scale else ""),
        favours_left=left,
        favours_right=right,
        log_scale=log_scale,
        title=_("Forest plot: %(heading)s") % {"heading": heading},
        description=f"{summary} {favours}",
        id_prefix=id_prefix,
    )
    studies = tuple(
        StudyLine(
            slug=study.slug,
            url=trial_url(study.slug),
            text=text,
            msc_values=arm_values(study.experimental),
            control_values=arm_values(study.control),
            timepoint=study_time_text(study.timepoint_label, study.timepoint_weeks),
            notes=study.notes,
        )
        for study, text in zip(synthesis.studies, table.rows, strict=True)
    )
    groups = []
    if synthesis.k >= 2:
        for title, attribute in (
            (_("By cell source"), "cell_sources"),
            (_("By route"), "routes"),
        ):
            lines = tuple(
                SubgroupLine(name, count, estimate_text(s.estimate, s.ci_low, s.ci_high))
                for name, s, count in subgroups(synthesis, attribute)
            )
            groups.append((title, lines))
    mid = mid_threshold(synthesis)
    binary = measure.kind == MeasureKind.BINARY
    plain = statement(
        certainty=grade.certainty,
        size=effect_size(pooled.estimate, pooled.ci_low, pooled.ci_high, mid),
        increases=pooled.estimate > 0,
        outcome=outcome_phrase(measure.name),
        time=when,
        intervention=intervention,
        higher_is_better=measure.higher_is_better,
        binary=binary,
    )
    return PooledDisplay(
        id=id_prefix,
        synthesis=synthesis,
        heading=heading,
        effect_label=label,
        summary=summary,
        favours=favours,
        sentence=patient_sentence_for(
            pooled,
            participant_count=synthesis.participants,
            outcome=outcome_phrase(measure.name),
            higher_is_better=measure.higher_is_better,
            weeks=None,
            when=when,
            intervention=intervention,
            randomised=synthesis.randomised,
            certainty=grade.certainty,
            important_difference=mid,
            reasons=reason_codes(grade),
            binary=binary,
        ),
        svg=mark_safe(svg),  # noqa: S308 - forest_plot_svg escapes every text it places
        intervention=intervention,
        treated_heading=_("%(intervention)s arm") % {"intervention": capitalised(intervention)},
        studies=studies,
        overall=table.overall,
        heterogeneity=table.heterogeneity,
        subgroups=tuple(groups),
        excluded=tuple(
            (exclusion, trial_url(exclusion.slug))
            for exclusion in synthesis.excluded
            if exclusion.slug
        ),
        any_converted=any(study.converted for study in synthesis.studies),
        grade=grade,
        statement=plain,
        sof=sof_row(
            anchor=id_prefix,
            outcome=_("%(measure)s%(when)s: %(intervention)s against control")
            % {"measure": measure.name, "when": when, "intervention": intervention},
            synthesis=synthesis,
            grade=grade,
            intervention=intervention,
            studies=studies_phrase(synthesis),
            statement=plain,
        ),
    )


def pooled_displays(
    syntheses: list[Synthesis],
    *,
    id_prefix: str,
    condition_id: int | None = None,
    inputs: GradingInputs | None = None,
) -> list[PooledDisplay]:
    """pooled_display for each synthesis with at least one study, with unique ids, graded with
    the curators' ratings of `condition_id` (`inputs` read here, two queries, when not given)."""
    syntheses = [synthesis for synthesis in syntheses if synthesis.studies]
    if not syntheses:
        return []
    if inputs is None:
        condition_ids = [condition_id] if condition_id is not None else []
        inputs = grading_inputs(syntheses_trial_ids(syntheses), condition_ids=condition_ids)
    return [
        pooled_display(
            synthesis,
            id_prefix=f"{id_prefix}-{index}",
            inputs=inputs,
            condition_id=condition_id,
        )
        for index, synthesis in enumerate(syntheses, start=1)
    ]

"""Rows with chosen text in every free-text field (for the escaping and draft-leak tests).

`text(max_length)` gives the value of each CharField/TextField (None leaves a field too short for
it empty); JSON list fields get a one-item list; URL fields keep a valid https prefix. Fields are
found by introspection, so text fields added to the models later are filled too.
"""

import datetime
from collections.abc import Callable

from django.db import models

from evidence.models import (
    Claim,
    IncludedStudy,
    PooledResult,
    Reference,
    ReferenceAuthor,
    ReferenceKind,
    Review,
    TrialReference,
    Verdict,
    review_trials_sync,
)
from trials.models import (
    Arm,
    ArmRole,
    CellSource,
    Condition,
    Country,
    CurationStatus,
    Design,
    Etiology,
    MeasureKind,
    OutcomeMeasure,
    OutcomeResult,
    Registry,
    RegistryId,
    ResultShape,
    Route,
    Trial,
)

Text = Callable[[int | None], str | None]


def text_values(model: type[models.Model], text: Text) -> dict[str, object]:
    """A value for every editable free-text field of the model (not slugs, not choices)."""
    values: dict[str, object] = {}
    for field in model._meta.concrete_fields:
        if not field.editable or field.primary_key or field.choices:
            continue
        if isinstance(field, models.SlugField):
            continue
        if isinstance(field, models.JSONField):
            values[field.name] = [text(None)]
        elif isinstance(field, models.URLField):
            value = text(field.max_length - 30)
            if value is not None:
                values[field.name] = f"https://example.org/?q={value}"
        elif isinstance(field, models.CharField | models.TextField):
            value = text(field.max_length)
            if value is not None:
                values[field.name] = value
    return values


def make_vocabularies(text: Text, prefix: str, country_code: str) -> dict[str, models.Model]:
    """One entry of each vocabulary, its text fields from `text`."""

    def make(model: type[models.Model], **fields: object) -> models.Model:
        values = {**text_values(model, text), **fields}
        return model.objects.create(slug=f"{prefix}-{model._meta.model_name}", **values)

    return {
        "condition": make(Condition),
        "etiology": make(Etiology),
        "cell_source": make(CellSource, intervention_class="msc"),
        "route": make(Route),
        "country": make(Country, code=country_code),
        "measure": make(
            OutcomeMeasure,
            unit="g/L",
            kind=MeasureKind.CONTINUOUS,
            higher_is_better=True,
            plausible_min=10,
            plausible_max=60,
        ),
    }


def make_reference(text: Text, trial: Trial | None = None, **fields: object) -> Reference:
    """A journal article with a person and a group author, linked to the trial when given."""
    values = {"kind": ReferenceKind.JOURNAL_ARTICLE, "year": 2020, **text_values(Reference, text)}
    reference = Reference.objects.create(**{**values, **fields})
    person = text_values(ReferenceAuthor, text)
    ReferenceAuthor.objects.create(reference=reference, position=0, **{**person, "group_name": ""})
    ReferenceAuthor.objects.create(
        reference=reference, position=1, family="", given="", group_name=person["group_name"]
    )
    if trial is not None:
        TrialReference.objects.create(trial=trial, reference=reference, role="primary_results")
    return reference


def make_full_trial(
    *, text: Text, slug: str, status: str, vocabularies: dict[str, models.Model]
) -> Trial:
    """A trial with registry id, two arms, per-arm and free-text results and a reference."""
    trial = Trial.objects.create(
        slug=slug,
        status=status,
        design=Design.RCT,
        enrollment=40,
        start_date=datetime.date(2019, 1, 1),
        completion_date=datetime.date(2021, 1, 1),
        follow_up_weeks=24,
        **text_values(Trial, text),
    )
    trial.conditions.set([vocabularies["condition"]])
    trial.etiologies.set([vocabularies["etiology"]])
    trial.countries.set([vocabularies["country"]])
    RegistryId.objects.create(
        trial=trial, registry=Registry.OTHER, identifier=text(60) or "", is_inferred=False
    )
    arms = [
        Arm.objects.create(
            trial=trial,
            position=position,
            role=role,
            cell_source=vocabularies["cell_source"] if role == ArmRole.EXPERIMENTAL else None,
            route=vocabularies["route"] if role == ArmRole.EXPERIMENTAL else None,
            participants_count=20,
            dose_cells_per_kg_min=1e6,
            dose_cells_per_kg_max=1e6,
            **text_values(Arm, text),
        )
        for position, role in enumerate((ArmRole.EXPERIMENTAL, ArmRole.STANDARD_CARE))
    ]
    reference = make_reference(text, trial=trial)
    result_text = text_values(OutcomeResult, text)
    for arm, mean in zip(arms, (35.0, 31.0), strict=True):
        for weeks in (0, 12):
            OutcomeResult.objects.create(
                trial=trial,
                arm=arm,
                measure=vocabularies["measure"],
                shape=ResultShape.MEAN_SD,
                timepoint_weeks=weeks,
                n=20,
                mean=mean,
                sd=4.0,
                reference=reference,
                **{**result_text, "unit_reported": "g/L"},
            )
    OutcomeResult.objects.create(  # a result whose unit as reported is free text too
        trial=trial,
        arm=arms[0],
        measure=vocabularies["measure"],
        shape=ResultShape.SIGNIFICANCE,
        significance="significant",
        timepoint_weeks=24,
        reference=reference,
        **result_text,
    )
    return trial


def make_review(
    *, text: Text, slug: str, trials: list[Trial], measure: OutcomeMeasure, status: str
) -> Review:
    """A review with its own reference, its complete list of included studies (one matched to
    each given trial, one a citation only) and one pooled result."""
    reference = make_reference(text, kind=ReferenceKind.REVIEW)
    review = Review.objects.create(
        reference=reference,
        slug=slug,
        status=status,
        studies_count=len(trials) + 1,
        participants_count=40 * len(trials),
        included_studies_complete=True,
        **text_values(Review, text),
    )
    for position, trial in enumerate([*trials, None]):
        IncludedStudy.objects.create(
            review=review, position=position, trial=trial, **text_values(IncludedStudy, text)
        )
    review_trials_sync(review=review)
    PooledResult.objects.create(
        review=review,
        measure=measure,
        timepoint_weeks=12,
        effect_measure="MD",
        estimate=2.0,
        ci_low=0.5,
        ci_high=3.5,
        i2=10,
        studies_count=len(trials),
        participants_count=40 * len(trials),
        **text_values(PooledResult, text),
    )
    return review


PUBLISHED = CurationStatus.PUBLISHED
DRAFT = CurationStatus.DRAFT


def make_claim(*, text: Text, slug: str, status: str, links: dict[str, list]) -> Claim:
    """A claim with every text field from `text`, linked to the given records."""
    claim = Claim.objects.create(
        slug=slug, status=status, verdict=Verdict.PARTLY, **text_values(Claim, text)
    )
    for name, records in links.items():
        getattr(claim, name).set(records)
    return claim

"""Names vulture cannot see used (read by `vulture`, see [tool.vulture] in pyproject.toml).

Each is used by name from outside Python: a template, a serializer's field list, the admin's
field names, Django's settings or WSGI loader. Conventions that cover many names (admin options,
filter methods, feed hooks...) are `ignore_names` in pyproject.toml instead. A name here that is
no longer used anywhere is dead code: delete it from both places.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Django: the admin site (AdminConfig.default_site), the axes client-IP and username callables,
# a middleware hook, WSGI, a context processor (TEMPLATES in settings).
_.CuratorAdminSite
_.client_ip_address
_.login_username
_.process_exception
_.filterset_class  # read by django-filter's DRF backend
_.allow_empty_query_values  # SPECTACULAR_SETTINGS['POSTPROCESSING_HOOKS']
_.get_page_size  # DRF's pagination hook
_.application
_.spanish_offer
# A custom aggregate (trials.models.trial.JSONList): Django reads its function, output_field and
# per-database as_<vendor> method by name.
_.function
_.output_field
_.as_postgresql

# Model fields read by templates, serializers, admin fieldsets and importers (by name).
_.created_at
_.constraints
_.population
_.plain_summary
_.data_notes
# Risk of bias: read by the trial page's template and the API serializer.
_.risk_of_bias_assessments
_.overall_reason
_.kept_reason  # SameStudyLink: trial_detail.html and from_curated (curated_plain by name)
_.judged_by
_.ordered_domains
# GRADE: rating fields read by name (getattr), the certainty template, the measure admin.
_.risk_of_bias_reason
_.inconsistency
_.inconsistency_reason
_.indirectness
_.indirectness_reason
_.imprecision
_.imprecision_reason
_.publication_bias
_.publication_bias_reason
_.suggested_text
_.rated_text
_.suggested_label
_.downgrades
_.important_difference_source
_.support
_.cell_description
_.dose_text
_.dose_cells_per_kg_min
_.dose_cells_per_kg_max
_.dose_cells_total
_.administrations_count
_.interval
_.co_intervention
_.baseline_sd
_.significance
_.sd_canonical
_.source_location
_.registry_version_date
_.design_details
_.condition_text
_.enrollment_kind
_.enrollment_details
_.follow_up
_.follow_up_weeks
_.clinician_summary
_.safety_summary
_.submitted_at
_.last_reviewed_at
_.last_reviewed_by
_.registry_last_updated_date
_.status_as_of
_.status_as_of_precision
_.start_date_kind
_.completion_date_kind
_.status_as_of_display
_.reported_status
_.start_label
_.registry_synced_at
_.is_inferred
_.product_kind
_.intervention_class
_.is_title_official
_.is_inconsistent

# Properties and attributes templates read (trials/templates, evidence/*/templates).
_.unverified
_.is_verified
_.start_display
_.completion_display
_.design_label
_.phase_label
_.status_label
_.remove_url
_.is_unverified
_.is_registry
_.reference_number
_.help_text
_.published_estimate
_.our_estimate
_.badge_class
_.msc_values
_.control_values
_.sentence
_.any_converted
_.treated_heading

# API serializer fields (declared as class attributes, rendered by name).
_.detail
_.conversions
_.window_low_weeks
_.window_high_weeks
_.prediction_low
_.prediction_high
_.api_url
_.site_url
_.donor_types
_.start_year
_.has_results
_.intervention_classes
_.within_group_caveat
_.trials_count
_.__qualname__
_.__doc__

# django-filter filters declared as class attributes (public URL parameters).
_.etiology
_.start_year_min
_.start_year_max
_.enrollment_min

# Parsed values kept on the importers' plain records and pooling results (tests and bench read
# them; the records mirror the source documents).
_.domain
_.raw_value
_.z
_.tau

# django-reversion's admin hooks and the history template's link (trials/revisions/admin.py).
_.object_history_template
_.revert_url
_.recover_view

# A review's included studies: the field modeltranslation and the admin read, the count the
# /evidence/ template shows.
_.match_basis
_.listed_count

# The change form's hidden version field (trials/revisions/locking.py), read by the form.
_.opened_version

# Read by templates (the summary-of-findings row) and by DRF serializers (the certainty).
_.sof
_.relative
_.certainty_level
_.suggested_level
_.questions

# A pending change's review, shown on its admin page (trials/templates/admin/revisions/).
_.reviewed_at
_.review_comment

# /api/coverage/'s fields, read by DRF from the payload dict (evidence/api/serializers/coverage.py).
_.studies_held
_.studies_with_registry_id
_.reviews_held
_.known_missing

# Admin inline option (a formset class the admin builds) and a serializer's source attribute.
_.formset
_.Media  # a ModelAdmin's or inline's assets
_.js
_.autocomplete_view  # AdminSite's autocomplete page (config.admin)

# Read by Django's Model.save() (a row with `_state.adding` is inserted), written by the pending
# revisions; and the base class migration trials 0016 names (no behaviour left).
_.adding
_.PartOfTrial

# Meta.indexes of evidence.TrialEffect (read by Django's migrations); the live pooling of every
# result, which the stored comparisons are tested against (tests/demo/test_trial_effects.py).
_.indexes
_.syntheses_for

# StoredRegistryCitation's primary key, a one-to-one field read through its related name.
_.registry_record

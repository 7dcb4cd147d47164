"""Words the site uses, explained for patients (the glossary page lists them)."""

from django.utils.translation import gettext_lazy as _

GLOSSARY_TERMS = [
    (
        "msc",
        _("MSC (mesenchymal stromal cells)"),
        _(
            "Cells that can be grown from tissues such as umbilical cord, bone marrow or fat. "
            "In trials they are given to calm inflammation and support repair. They are "
            "sometimes called mesenchymal stem cells. MSC therapy for liver disease is "
            "experimental."
        ),
    ),
    (
        "autologous",
        _("Autologous"),
        _("The cells come from the patient's own body, for example their bone marrow."),
    ),
    (
        "allogeneic",
        _("Allogeneic"),
        _("The cells come from another person, a donor (for example a donated umbilical cord)."),
    ),
    (
        "design",
        _("Design"),
        _(
            "How a study was set up: who received cells, who they were compared with, and "
            "whether chance decided who got what. We say only what the study's own sources say; "
            "when they do not say how the groups were formed, neither do we."
        ),
    ),
    (
        "rct",
        _("Randomised controlled trial (RCT)"),
        _(
            "A trial in which chance decides who gets the treatment and who gets the comparison "
            "(often standard care). It is the fairest way to compare treatments."
        ),
    ),
    (
        "allocation-not-reported",
        _("Controlled, allocation not reported"),
        _(
            "A study with a comparison group whose report does not say how people were put into "
            "the groups. It may or may not have been randomised; we do not assume either. Until "
            "we know, it is not counted among the randomised trials."
        ),
    ),
    (
        "non-randomised",
        _("Non-randomised controlled trial"),
        _(
            "A trial whose report says the comparison group was not chosen by chance, so the "
            "groups may differ in ways that affect the results."
        ),
    ),
    (
        "matched-cohort",
        _("Cohort with matched controls"),
        _(
            "People treated with cells are compared with similar people who were not, picked to "
            "match them (for example by age and how ill they were). It is not a trial: chance "
            "did not decide who was treated, so the groups may still differ in ways that affect "
            "the results."
        ),
    ),
    (
        "dose-comparison",
        _("Dose comparison (no untreated group)"),
        _(
            "Everyone receives cells, at different doses or schedules, and nobody goes without "
            "them. It can compare doses, but it cannot show whether the cells themselves made "
            "any difference."
        ),
    ),
    (
        "single-arm",
        _("Single-arm trial"),
        _(
            "Everyone receives the treatment and there is no comparison group, so it cannot show "
            "on its own whether the treatment made the difference."
        ),
    ),
    (
        "phase",
        _("Phase"),
        _(
            "How far a treatment has come. Phase 1 tests safety in a few people; phase 2 looks "
            "for signs that it works and the right dose; phase 3 compares it with standard care "
            "in more people; phase 4 follows it after approval."
        ),
    ),
    (
        "standard-care",
        _("Standard care"),
        _("The usual medical treatment for the condition, given to both groups in most trials."),
    ),
    (
        "placebo",
        _("Placebo"),
        _("A dummy treatment that looks like the real one but contains no cells."),
    ),
    (
        "blinding",
        _("Blinding (masking) and open label"),
        _(
            "In a blinded trial the patients (and often the doctors) do not know who received the "
            "cells, which keeps expectations from colouring the results. In an open-label trial "
            "everyone knows."
        ),
    ),
    (
        "enrollment",
        _("Enrollment"),
        _("How many people took part (or are planned to take part) in the trial."),
    ),
    (
        "recruitment-status",
        _("Recruitment status"),
        _(
            "Whether a trial is still looking for participants, has finished, or has stopped. "
            "It comes from the trial's registry record and may be out of date."
        ),
    ),
    (
        "mean-sd",
        _("Mean ± SD"),
        _(
            "The average value in a group, and the standard deviation: how spread out the values "
            "were around that average."
        ),
    ),
    (
        "median-iqr",
        _("Median and IQR"),
        _(
            "The middle value of a group, and the interquartile range: the values between which "
            "the middle half of the group lay."
        ),
    ),
    (
        "confidence-interval",
        # xgettext:no-python-format
        _("95% confidence interval (CI)"),
        _(
            "The range of values the true result probably lies in. A wide interval means the "
            "trial was too small to be sure."
        ),
    ),
    (
        "hazard-ratio",
        _("Hazard ratio, risk ratio, odds ratio"),
        _(
            "Ways to compare how often something happened in two groups. A value of 1 means no "
            "difference; below 1 means it happened less often with the cell therapy."
        ),
    ),
    (
        "p-value",
        _("p-value"),
        _(
            "How surprising a difference would be if the treatment did nothing. A small p-value "
            "(for example below 0.05) is called statistically significant; it does not say how "
            "large or how important the difference is."
        ),
    ),
    (
        "within-group",
        _("A change within one group"),
        _(
            "A result that compares a group with itself before treatment, or comes from a study "
            "without an untreated group. Many things change over time, so such a change cannot "
            "be credited to the cells."
        ),
    ),
    (
        "inconsistent",
        _("Internally inconsistent"),
        _(
            "The source's own numbers do not agree with each other (for example a count and its "
            "percentage). We show them as printed, say what conflicts, and leave them out of "
            "every pooled result."
        ),
    ),
    (
        "not-recorded",
        _("Not recorded"),
        _(
            "We write “not recorded” where a trial's status, start date, phase, design or size "
            "is unknown to us: the publication or registry record did not give it, the trial was "
            "never registered, or its registry record was not captured. It does not mean the "
            "value was zero or that the trial did anything wrong; ask the trial team or your "
            "hepatologist if it matters to you."
        ),
    ),
    (
        "status-as-of",
        _("Recruitment status “as of” a date"),
        _(
            "Whether a trial is recruiting, finished or stopped comes from its registry record, "
            "and records go out of date. We show each status with the date the registry last "
            "confirmed it. As ClinicalTrials.gov does, when a trial said to be recruiting, about "
            "to recruit, active or suspended has not been confirmed for more than two years, we "
            "show its status as unknown with the last date it was confirmed, and the filters "
            "count it as unknown. Check the registry record or ask the trial team before you "
            "rely on it."
        ),
    ),
    (
        "planned-dates",
        _("Planned and actual dates"),
        _(
            "A registry gives a start or completion date either as it happened (actual) or as "
            "planned. A planned completion date is not a completion: the trial may end later, "
            "or never. Where the source does not say which it is, we say so."
        ),
    ),
    (
        "unverified",
        _("Unverified value"),
        _(
            "A number we found only in another paper's summary table, not in the trial's own "
            "publication or registry record. Such tables sometimes contain errors."
        ),
    ),
    (
        "registry-results",
        _("Registry results"),
        _(
            "Results the trial team posted on a trial registry. They are not peer reviewed and "
            "may change; we show them as to be confirmed."
        ),
    ),
    (
        "risk-of-bias",
        _("Risk of bias"),
        _(
            "How likely it is that the way a study was designed, run or reported pushed its "
            "results away from the truth, for example because the people measuring knew who "
            "got cells, or because many participants dropped out. Curators judge it with "
            "Cochrane's tools: RoB 2 for randomised trials (low risk, some concerns, high risk) "
            "and ROBINS-I for other studies (low, moderate, serious, critical, no information). "
            "“Not assessed” means nobody has judged it yet; it does not mean the risk is low."
        ),
    ),
]

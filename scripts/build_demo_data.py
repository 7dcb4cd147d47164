"""Build the project's demo data files from the curated reference set in ../shared/data.

A developer script, not run by the app: the app only reads evidence/demo/data/*.json, which this
script writes. Run it from the repository root after the reference set changes:

    python3 scripts/build_demo_data.py [path/to/liver_msc_evidence.json]

What it does with the reference set (see ../shared/data/README.md):
- Facts are copied (ids, titles, authors, journals, numbers, designs, arms); provenance quotes are
  left out; every summary, statement and note is written here in our own words.
- Free-text values are mapped to our choices by the explicit tables below; an unknown value stops
  the script rather than being guessed.
- Values the set lists in `secondary_only_fields` (backed only by another review's table) are kept
  and named in the trial's or arm's `unverified_fields`, so pages can flag them, except the few
  that have nowhere to be flagged (a reference's year or first author; T01's fever row): those are
  left out and mentioned in the trial's data notes.
- Outcome rows become results only where the source gives a number or says in so many words that
  a difference was (or was not) significant; rows that say only "improved" or "markedly improved"
  are described in the summary instead. Every result points at the trial's own publication.
- Nothing is set as "last reviewed": the load does not review anything.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "liver_msc_evidence.json"
OUT_DIR = ROOT / "evidence" / "demo" / "data"

# ---------------------------------------------------------------------------------------------
# Vocabularies (descriptions written for patients, in our own words)
# ---------------------------------------------------------------------------------------------

CONDITIONS = [
    {
        "slug": "liver-disease",
        "name": "Liver disease",
        "parent": None,
        "synonyms": ["hepatic disease", "chronic liver disease"],
        "description": "Any illness that harms the liver, the organ that cleans the blood, makes "
        "proteins such as albumin and helps digest food.",
    },
    {
        "slug": "fatty-liver-disease",
        "name": "Fatty liver disease (MASLD)",
        "parent": "liver-disease",
        "synonyms": [
            "MASLD",
            "metabolic dysfunction-associated steatotic liver disease",
            "NAFLD",
            "non-alcoholic fatty liver disease",
            "fatty liver",
            "steatosis",
        ],
        "description": "Fat builds up in the liver, usually together with overweight, diabetes "
        "or high blood pressure. It used to be called NAFLD.",
    },
    {
        "slug": "mash",
        "name": "MASH",
        "parent": "fatty-liver-disease",
        "synonyms": [
            "metabolic dysfunction-associated steatohepatitis",
            "NASH",
            "non-alcoholic steatohepatitis",
        ],
        "description": "Fatty liver disease with inflammation and liver-cell damage, which can "
        "lead to scarring and cirrhosis. It used to be called NASH.",
    },
    {
        "slug": "cirrhosis",
        "name": "Cirrhosis",
        "parent": "liver-disease",
        "synonyms": ["liver cirrhosis", "LC"],
        "description": "Long-lasting damage has replaced much of the liver with scar tissue, so "
        "it works less well and blood flows through it with difficulty.",
    },
    {
        "slug": "compensated-cirrhosis",
        "name": "Compensated cirrhosis",
        "parent": "cirrhosis",
        "synonyms": [],
        "description": "Cirrhosis in which the liver still copes: there is no fluid in the belly, "
        "no bleeding from swollen veins, no confusion and no jaundice.",
    },
    {
        "slug": "decompensated-cirrhosis",
        "name": "Decompensated cirrhosis",
        "parent": "cirrhosis",
        "synonyms": ["decompensated liver cirrhosis", "DLC", "advanced cirrhosis"],
        "description": "Cirrhosis in which the liver no longer copes, shown by fluid in the belly "
        "(ascites), bleeding from swollen veins, confusion or jaundice. A liver transplant is "
        "the established treatment for suitable patients.",
    },
    {
        "slug": "end-stage-liver-disease",
        "name": "End-stage liver disease",
        "parent": "liver-disease",
        "synonyms": ["ESLD"],
        "description": "The last stage of long-lasting liver disease, when the liver is failing; "
        "doctors often use the MELD score to judge how severe it is.",
    },
    {
        "slug": "liver-failure",
        "name": "Liver failure",
        "parent": "liver-disease",
        "synonyms": ["hepatic failure"],
        "description": "The liver suddenly or gradually stops doing its work: jaundice, bleeding "
        "easily and confusion are common. It is life-threatening.",
    },
    {
        "slug": "aclf",
        "name": "Acute-on-chronic liver failure (ACLF)",
        "parent": "liver-failure",
        "synonyms": ["ACLF", "acute on chronic liver failure"],
        "description": "A sudden, severe worsening in someone who already has long-lasting liver "
        "disease, often with other organs failing too. Many patients die within weeks.",
    },
    {
        "slug": "alf",
        "name": "Acute liver failure (ALF)",
        "parent": "liver-failure",
        "synonyms": ["ALF", "fulminant hepatic failure"],
        "description": "Liver failure within days or weeks in someone without earlier liver "
        "disease, for example after a drug overdose or a viral infection.",
    },
]

ETIOLOGIES = [
    ("hbv", "Hepatitis B (HBV)", "Long-lasting infection with the hepatitis B virus."),
    ("hcv", "Hepatitis C (HCV)", "Long-lasting infection with the hepatitis C virus."),
    ("alcohol", "Alcohol", "Liver damage from drinking alcohol over many years."),
    (
        "masld",
        "MASLD / metabolic",
        "Fat in the liver linked to overweight, diabetes or high blood pressure (formerly NAFLD).",
    ),
    (
        "autoimmune",
        "Autoimmune",
        "The body's immune system attacks the liver, as in autoimmune hepatitis.",
    ),
    (
        "cholestatic",
        "Cholestatic",
        "Bile cannot flow out of the liver properly, as in primary biliary cholangitis (PBC).",
    ),
    ("cryptogenic", "Cryptogenic", "No cause was found."),
    (
        "mixed-other",
        "Mixed or other",
        "Several causes in one group of patients, or a cause not listed here.",
    ),
]

CELL_SOURCES = [
    {
        "slug": "umbilical-cord-msc",
        "name": "Umbilical-cord MSC",
        "product_kind": "living_cells",
        "intervention_class": "msc",
        "description": "Mesenchymal stromal cells grown in the laboratory from donated umbilical "
        "cord tissue after a birth. They come from a donor, not from the patient.",
    },
    {
        "slug": "bone-marrow-msc",
        "name": "Bone-marrow MSC",
        "product_kind": "living_cells",
        "intervention_class": "msc",
        "description": "Mesenchymal stromal cells grown in the laboratory from bone marrow, "
        "either the patient's own or a donor's.",
    },
    {
        "slug": "adipose-msc",
        "name": "Adipose (fat-tissue) MSC",
        "product_kind": "living_cells",
        "intervention_class": "msc",
        "description": "Mesenchymal stromal cells grown in the laboratory from fat tissue, "
        "usually taken from the patient by liposuction.",
    },
    {
        "slug": "adipose-derived-regenerative-cells",
        "name": "Adipose-derived regenerative cells",
        "product_kind": "living_cells",
        "intervention_class": "other_cells",
        "description": "A mix of cells separated from the patient's own fat tissue and given "
        "the same day without growing them; it contains some MSC but is not an MSC product.",
    },
    {
        "slug": "umbilical-cord-blood-msc",
        "name": "Umbilical-cord-blood MSC",
        "product_kind": "living_cells",
        "intervention_class": "msc",
        "description": "Mesenchymal stromal cells obtained from donated umbilical cord blood.",
    },
    {
        "slug": "msc-extracellular-vesicles",
        "name": "MSC extracellular vesicles (exosomes)",
        "product_kind": "cell_free",
        "intervention_class": "msc_derived_cell_free",
        "description": "Tiny particles that MSC release into the fluid around them, collected "
        "and given without the cells themselves.",
    },
    {
        "slug": "bone-marrow-mononuclear-cells",
        "name": "Bone-marrow mononuclear cells",
        "product_kind": "living_cells",
        "intervention_class": "other_cells",
        "description": "A mixed group of cells taken from the patient's bone marrow and given "
        "without growing them. Related to MSC, but most of them are not MSC.",
    },
    {
        "slug": "cd133-cells",
        "name": "CD133+ bone-marrow cells",
        "product_kind": "living_cells",
        "intervention_class": "other_cells",
        "description": "Blood-forming stem cells picked out of bone marrow by a surface marker "
        "called CD133. They are not MSC.",
    },
    {
        "slug": "other-cells",
        "name": "Other or unspecified cells",
        "product_kind": "living_cells",
        "intervention_class": "other_cells",
        "description": "Cells of another kind, or cells whose kind the source does not say.",
    },
]

ROUTES = [
    (
        "peripheral-intravenous",
        "Peripheral intravenous",
        "A drip into a vein, usually in the arm, as for a blood transfusion.",
    ),
    (
        "hepatic-artery",
        "Hepatic artery",
        "Through a thin tube passed from the groin into the artery that feeds the liver.",
    ),
    (
        "portal-vein",
        "Portal vein",
        "Into the large vein that carries blood from the gut to the liver.",
    ),
    ("intrahepatic", "Intrahepatic", "Injected directly into the liver tissue."),
    ("intrasplenic", "Intrasplenic", "Injected into the spleen, from where cells reach the liver."),
    ("other", "Other or combined", "Another way, or more than one way in the same patient."),
]

COUNTRIES = [
    ("brazil", "Brazil", "BR"),
    ("china", "China", "CN"),
    ("egypt", "Egypt", "EG"),
    ("iran", "Iran", "IR"),
    ("japan", "Japan", "JP"),
    ("south-korea", "South Korea", "KR"),
    ("switzerland", "Switzerland", "CH"),
    ("turkey", "Turkey", "TR"),
]


def _measure(
    slug: str,
    name: str,
    abbreviation: str,
    kind: str,
    unit: str,
    higher_is_better: bool | None,
    plausible: tuple[float, float] | None,
    is_safety: bool,
    description: str,
) -> dict:
    low, high = plausible if plausible else (None, None)
    return {
        "slug": slug,
        "name": name,
        "abbreviation": abbreviation,
        "kind": kind,
        "unit": unit,
        "higher_is_better": higher_is_better,
        "plausible_min": low,
        "plausible_max": high,
        "is_safety": is_safety,
        "description": description,
    }


C, B, T = "continuous", "binary", "time_to_event"
OUTCOME_MEASURES = [
    _measure(
        "meld",
        "MELD score",
        "MELD",
        C,
        "points",
        False,
        (6, 40),
        False,
        "MELD is a score from 6 to 40 worked out from three blood tests (bilirubin, "
        "creatinine and INR). It estimates how ill the liver is; a lower score is better, "
        "and doctors use it to rank people for a liver transplant.",
    ),
    _measure(
        "meld-na",
        "MELD-Na score",
        "MELD-Na",
        C,
        "points",
        False,
        (6, 40),
        False,
        "MELD with blood sodium added, which predicts the outlook a little better in "
        "people with fluid in the belly. Lower is better.",
    ),
    _measure(
        "child-pugh",
        "Child-Pugh score",
        "Child-Pugh",
        C,
        "points",
        False,
        (5, 15),
        False,
        "A score from 5 to 15 from two signs (ascites, confusion) and three blood tests. "
        "Classes A (5-6), B (7-9) and C (10-15); lower is better.",
    ),
    _measure(
        "albumin",
        "Serum albumin",
        "Albumin",
        C,
        "g/L",
        True,
        (10, 60),
        False,
        "A protein made by the liver. Low albumin means the liver is making too little; "
        "a rise is usually a good sign. Normal is about 35 to 50 g/L.",
    ),
    _measure(
        "total-bilirubin",
        "Total bilirubin",
        "TBIL",
        C,
        "µmol/L",
        False,
        (2, 1000),
        False,
        "A yellow waste product the liver clears from the blood; high levels cause "
        "jaundice. Lower is better. Normal is below about 20 µmol/L (1.2 mg/dL).",
    ),
    _measure(
        "alt",
        "Alanine aminotransferase",
        "ALT",
        C,
        "U/L",
        False,
        (1, 10000),
        False,
        "An enzyme that leaks from damaged liver cells. A fall usually means less ongoing damage.",
    ),
    _measure(
        "ast",
        "Aspartate aminotransferase",
        "AST",
        C,
        "U/L",
        False,
        (1, 10000),
        False,
        "An enzyme released by damaged liver (and muscle) cells. A fall usually means less "
        "ongoing damage.",
    ),
    _measure(
        "inr",
        "International normalised ratio",
        "INR",
        C,
        "",
        False,
        (0.8, 10),
        False,
        "How long blood takes to clot compared with normal (about 1). The liver makes the "
        "clotting proteins, so a higher INR means a sicker liver. Lower is better.",
    ),
    _measure(
        "prothrombin-activity",
        "Prothrombin activity",
        "PTA",
        C,
        "%",
        True,
        (0, 150),
        False,
        "Clotting measured as a percentage of normal (also called prothrombin "
        "concentration). Higher is better; 80 to 120% is normal.",
    ),
    _measure(
        "prothrombin-time",
        "Prothrombin time",
        "PT",
        C,
        "s",
        False,
        (8, 120),
        False,
        "The seconds blood takes to clot in a test tube. Longer times mean the liver makes "
        "fewer clotting proteins; shorter is better.",
    ),
    _measure(
        "cholinesterase",
        "Serum cholinesterase",
        "CHE",
        C,
        "U/L",
        True,
        None,
        False,
        "An enzyme made by the liver; low levels mean the liver makes less. A rise is "
        "usually a good sign.",
    ),
    _measure(
        "platelets",
        "Platelet count",
        "PLT",
        C,
        "×10⁹/L",
        True,
        (1, 1000),
        False,
        "Blood cells that help clotting; in cirrhosis they are often low because the "
        "spleen holds them back.",
    ),
    _measure(
        "creatinine",
        "Serum creatinine",
        "Cr",
        C,
        "µmol/L creatinine",
        False,
        (10, 2000),
        False,
        "A waste product cleared by the kidneys; a rise means the kidneys work less well, "
        "which is common in severe liver disease. Lower is better.",
    ),
    _measure(
        "ascites-volume",
        "Ascites volume",
        "Ascites",
        C,
        "",
        False,
        None,
        False,
        "How much fluid has collected in the belly. Less is better.",
    ),
    _measure(
        "collagen-proportion",
        "Collagen proportion in liver biopsy",
        "CPA",
        C,
        "%",
        False,
        (0, 100),
        False,
        "The share of a liver biopsy taken up by scar tissue (collagen), measured under "
        "the microscope. A fall means less scarring.",
    ),
    _measure(
        "piiicp",
        "Procollagen III C-terminal peptide",
        "PIIICP",
        C,
        "",
        False,
        None,
        False,
        "A blood marker released while scar tissue is being made; lower values suggest "
        "less active scarring.",
    ),
    _measure(
        "piiinp",
        "Procollagen III N-terminal peptide",
        "PIIINP",
        C,
        "",
        False,
        None,
        False,
        "A blood marker released while scar tissue is being made; lower values suggest "
        "less active scarring.",
    ),
    _measure(
        "treg-cells",
        "Regulatory T cells",
        "Treg",
        C,
        "",
        None,
        None,
        False,
        "Immune cells that calm inflammation. Studies measure them to understand how MSC "
        "act, not as a benefit in themselves.",
    ),
    _measure(
        "overall-survival",
        "Overall survival",
        "Survival",
        T,
        "%",
        True,
        (0, 100),
        False,
        "The share of people still alive at a given time, whatever the cause of death. "
        "Higher is better.",
    ),
    _measure(
        "hcc-free-survival",
        "Liver-cancer-free survival",
        "HCC-free survival",
        T,
        "%",
        True,
        (0, 100),
        False,
        "The share of people alive and without liver cancer (hepatocellular carcinoma, "
        "HCC) at a given time. Higher is better.",
    ),
    _measure(
        "mortality",
        "Deaths",
        "Mortality",
        B,
        "",
        False,
        None,
        False,
        "How many people died during a stated time. Fewer is better.",
    ),
    _measure(
        "mortality-organ-failure-infection",
        "Deaths from organ failure or infection",
        "MOF/infection deaths",
        B,
        "",
        False,
        None,
        False,
        "Deaths caused by several organs failing at once or by severe infection. Fewer is better.",
    ),
    _measure(
        "hcc-incidence",
        "Liver cancer (HCC)",
        "HCC",
        B,
        "",
        False,
        None,
        True,
        "How many people developed liver cancer (hepatocellular carcinoma). Watched closely "
        "because cell treatments could in theory encourage tumours.",
    ),
    _measure(
        "severe-infection",
        "Severe infection",
        "Severe infection",
        B,
        "",
        False,
        None,
        False,
        "How many people had a serious infection, a frequent and dangerous complication "
        "of liver failure. Fewer is better.",
    ),
    _measure(
        "serious-adverse-events",
        "Serious adverse events",
        "SAE",
        B,
        "",
        False,
        None,
        True,
        "Harmful events that lead to death, danger to life, a hospital stay or lasting "
        "harm, whether or not caused by the treatment.",
    ),
    _measure(
        "any-adverse-event",
        "Any adverse event",
        "AE",
        B,
        "",
        False,
        None,
        True,
        "Any unwanted medical event during the trial, mild or serious.",
    ),
    _measure(
        "treatment-related-adverse-events",
        "Treatment-related adverse events",
        "Related AE",
        B,
        "",
        False,
        None,
        True,
        "Unwanted events that the investigators judged to be caused by the treatment.",
    ),
    _measure(
        "fever",
        "Fever",
        "Fever",
        B,
        "",
        False,
        None,
        True,
        "A raised temperature after treatment, a common short-lived reaction to cell infusions.",
    ),
    _measure(
        "meld-response",
        "MELD fall of 3 points or more",
        "MELD response",
        B,
        "",
        True,
        None,
        False,
        "How many people's MELD score fell by at least 3 points, a sign the liver was "
        "doing better. More is better.",
    ),
    _measure(
        "child-pugh-improved",
        "Child-Pugh score improved",
        "Child-Pugh response",
        B,
        "",
        True,
        None,
        False,
        "How many people's Child-Pugh score got better. More is better.",
    ),
    _measure(
        "albumin-improved",
        "Albumin improved",
        "Albumin response",
        B,
        "",
        True,
        None,
        False,
        "How many people's albumin level went up. More is better.",
    ),
    _measure(
        "prothrombin-activity-improved",
        "Prothrombin activity improved",
        "PTA response",
        B,
        "",
        True,
        None,
        False,
        "How many people's clotting (prothrombin activity) got better. More is better.",
    ),
    _measure(
        "histological-improvement",
        "Less scarring in liver biopsy",
        "Histological improvement",
        B,
        "",
        True,
        None,
        False,
        "How many people's liver biopsy showed a lower stage of scarring (fibrosis) than "
        "before treatment. More is better.",
    ),
    _measure(
        "liver-tests-near-normal",
        "Liver tests near normal",
        "Liver test response",
        B,
        "",
        True,
        None,
        False,
        "How many people's liver blood tests came close to normal. More is better.",
    ),
]

# ---------------------------------------------------------------------------------------------
# Mapping the reference set's free text to our choices (unknown values stop the script)
# ---------------------------------------------------------------------------------------------

CONDITION_CATEGORIES = {
    "MASLD_steatosis": ["fatty-liver-disease"],
    "NASH_cirrhosis": ["mash", "cirrhosis"],
    "compensated_cirrhosis": ["compensated-cirrhosis"],
    "decompensated_cirrhosis": ["decompensated-cirrhosis"],
    # The source does not say which stage: the broader term, not a guess.
    "compensated_or_decompensated_cirrhosis_unspecified": ["cirrhosis"],
    # The registry record enrols both stages.
    "cirrhosis_mixed": ["compensated-cirrhosis", "decompensated-cirrhosis"],
    "end_stage_liver_disease": ["end-stage-liver-disease"],
    "ACLF": ["aclf"],
    "ALF": ["alf"],
    "ACLF_and_ALF": ["aclf", "alf"],
    "liver_failure_unspecified": ["liver-failure"],
}

ETIOLOGY_VALUES = {
    "HBV": "hbv",
    "HCV": "hcv",
    "alcohol": "alcohol",
    "NASH/NAFLD": "masld",
    "AIH": "autoimmune",
    "PBC": "cholestatic",
    "cryptogenic": "cryptogenic",
    "other": "mixed-other",
    "non-viral (any)": "mixed-other",
}

COUNTRY_VALUES = {name: code for _slug, name, code in COUNTRIES}

PHASES = {
    "Phase 1": "1",
    "Phase 1/Phase 2": "1_2",
    "Phase 2": "2",
    "Phase 2 (as described by authors)": "2",
    "Phase 2 (IIa)": "2",
}

# Only the status word is kept; the snapshot date goes into the notes where it matters.
RECRUITMENT_STATUSES = {
    "Completed": "completed",
    "Recruiting (as of record last updated May 10, 2019)": "recruiting",
    "Recruiting (stored snapshot)": "recruiting",
    "Unknown status (last verified April 2012)": "unknown",
    "Unknown status (verified June 2016)": "unknown",
    "Withdrawn": "withdrawn",
    # 'Enrolling' is not one of the registry's statuses; it is left empty and noted.
    "Enrolling (stored snapshot)": "",
}

MASKING = {
    "open-label": "open_label",
    "double-blind": "double",
    # Placebo-controlled says nothing certain about who was blinded.
    "placebo-controlled": "",
    "placebo-controlled (blinding details not on page)": "",
}

ENROLLMENT_KINDS = {
    "enrolled (publication)": "actual",
    "enrolled": "actual",
    "enrolled (39 completed)": "actual",
    "enrolled (11 completed)": "actual",
    "recruited": "actual",
    "recruited (39 screened/enrolled)": "actual",
    "included": "actual",
    "53 treated + 105 matched controls (from 527 inpatients)": "actual",
    "50 treated + 53 matched controls": "actual",
    "randomized": "randomised",
    "randomized (18 in final analysis)": "randomised",
    "completed treatment and 24-week follow-up": "analysed",
    "planned": "estimated",
    "estimated": "estimated",
    "planned (per review table)": "estimated",
    # A registry total of a study whose status is unknown: planned or actual is not known.
    "registry total": "",
}

REGISTRIES = {"ClinicalTrials.gov": "ctgov", "ChiCTR": "chictr", "UMIN-CTR": "umin", "CTRI": "ctri"}

ROUTE_VALUES = {
    "peripheral intravenous": "peripheral-intravenous",
    "intravenous": "peripheral-intravenous",
    "hepatic artery": "hepatic-artery",
    "portal vein": "portal-vein",
    # Both routes in the same patients: 'other', with the words kept in the cell description.
    "hepatic artery + peripheral intravenous": "other",
}

# Model field names for the paths the reference set lists in secondary_only_fields.
TRIAL_FIELDS = {
    "country": "countries",
    "etiology": "etiologies",
    "follow_up": "follow_up",
    "enrollment": "enrollment",
    "masking": "masking",
    "phase": "phase",
    "registry_ids": "registry_ids",
}
ARM_FIELDS = {
    "route": "route",
    "allogeneic_autologous": "donor_type",
    "n": "participants_count",
    "dose_text": "dose_text",
    "dose_cells_per_kg_min": "dose_cells_per_kg_min",
    "dose_cells_per_kg_max": "dose_cells_per_kg_max",
    "n_infusions": "administrations_count",
    "interval": "interval",
    "cell_source": "cell_source",
}
# Left out (nowhere to flag them); each is mentioned in that trial's notes below.
LEFT_OUT = {
    ("T01", "outcomes[4]"),
    ("T03", "references[0].year"),
    ("T05", "references[0].first_author"),
    ("T09", "references[0].year"),
    ("T09", "references[0].first_author"),
    ("T11", "references[0].year"),
    ("T11", "references[0].first_author"),
    ("T14", "references[0].first_author"),
}

# NLM abbreviations, as the reference set's own short labels print them.
JOURNAL_ABBREVIATIONS = {
    "Hepatology International": "Hepatol Int",
    "Hepatology": "Hepatology",
    "Journal of Gastroenterology and Hepatology": "J Gastroenterol Hepatol",
    "Liver International": "Liver Int",
    "Stem Cells Translational Medicine": "Stem Cells Transl Med",
    "Stem Cell Research & Therapy": "Stem Cell Res Ther",
    "Stem Cell Reviews and Reports": "Stem Cell Rev Rep",
    "Regenerative Therapy": "Regen Ther",
    "World Journal of Gastrointestinal Surgery": "World J Gastrointest Surg",
    "Annals of Hepatology": "Ann Hepatol",
    "Journal of Translational Medicine": "J Transl Med",
    "World Journal of Gastroenterology": "World J Gastroenterol",
}

# ---------------------------------------------------------------------------------------------
# Per-trial curation, in our own words. Dates are the reference set's `period`, read as printed
# ("October 2010" -> 2010-10); a title is written only where the source has none.
# ---------------------------------------------------------------------------------------------

NO_RESULTS = "No published results were found for it."

TRIALS = {
    "T01": {
        "slug": "shi-2021-uc-msc-hbv-decompensated-cirrhosis",
        "short_title": "Umbilical-cord MSC for hepatitis B cirrhosis: long-term follow-up",
        "start": "2010-10",
        "completion": "2017-10",
        "plain_summary": "219 people with hepatitis B cirrhosis that had become decompensated were "
        "randomly given either three umbilical-cord MSC infusions, four weeks apart, with usual "
        "care, or usual care alone, and were followed for up to 75 months. The report says "
        "survival was better in the MSC group from the second year on, but the abstract gives no "
        "survival figures. Liver-cancer-free survival did not differ. Everyone knew which "
        "treatment they had.",
        "safety_summary": "The report found no significant side effects or treatment-related "
        "complications in the MSC group.",
        "clinician_summary": "Open-label RCT (108 UC-MSC, 111 control). The abstract reports that "
        "albumin, prothrombin activity, cholinesterase and total bilirubin improved with UC-MSC "
        "during 48 weeks, without numbers or p-values.",
        "data_notes": "The registry id NCT01220492 is linked because the registry's description "
        "matches; the abstract does not print it. Sources disagree on the number of patients: "
        "the paper analysed 219, one registry copy shows 0 and a 2022 review table gives 266. "
        "The registry calls the control 'conventional plus placebo treatment', while the paper "
        "describes open-label conventional treatment only. The dose is not in the abstract and "
        "two review tables disagree (0.5 or 1 million cells per kg), so it is left empty. The "
        "route and donor type come only from review tables. A review table names fever as the "
        "side effect; it is not shown as a result. No PMID was found (a preprint appeared on "
        "Research Square in March 2021). The country is inferred from the hospital's name.",
    },
    "T02": {
        "slug": "lin-2017-bm-msc-hbv-aclf",
        "short_title": "Donor bone-marrow MSC for hepatitis B acute-on-chronic liver failure",
        "start": "2010",
        "plain_summary": "110 people with acute-on-chronic liver failure caused by hepatitis B "
        "were randomly given either weekly infusions of donor bone-marrow MSC for four weeks "
        "with standard treatment, or standard treatment alone. At the end of follow-up 73% of "
        "the MSC group and 56% of the standard-treatment group were alive, a statistically "
        "significant difference in a small trial that was not blinded. Severe infections and "
        "deaths from organ failure or infection were less common with MSC.",
        "safety_summary": "No infusion-related side effects were reported. Fever was more common "
        "with MSC during weeks 5 to 24. No liver cancer occurred in either group.",
        "clinician_summary": "Open-label RCT, 56 MSC vs 54 SMT, 1.0-10 x 10^5 cells/kg weekly x4, "
        "24-week follow-up after the infusion period. The abstract also says total bilirubin "
        "and MELD improved markedly with MSC, without numbers.",
        "data_notes": "No registry id, volume, issue or pages were found. Review tables misreport "
        "this trial's dose (as 10^6 or 10^8 cells per kg), cell source (umbilical cord) and "
        "year (2013); the values here follow the trial's own abstract. Survival is the "
        "cumulative rate after the 24-week follow-up that followed four weeks of infusions. The "
        "country comes only from a review table.",
    },
    "T03": {
        "slug": "shi-2012-uc-msc-hbv-aclf",
        "short_title": "Umbilical-cord MSC for hepatitis B acute-on-chronic liver failure (2012)",
        "plain_summary": "43 people with acute-on-chronic liver failure caused by hepatitis B "
        "received either three umbilical-cord MSC infusions, four weeks apart (24 people), or "
        "saline (19 people). The report says survival was significantly higher in the MSC group "
        "and that several liver tests improved, but the abstract gives no survival figures. The "
        "trial was small and open-label, and the abstract does not say how people were "
        "assigned to the groups.",
        "safety_summary": "The report found no significant side effects.",
        "clinician_summary": "The abstract also reports a lower MELD score and higher albumin, "
        "cholinesterase, prothrombin activity and platelets with UC-MSC, without numbers.",
        "data_notes": "The journal, volume, DOI and PMID were not found, and the year 2012 comes "
        "only from a review table, so the citation shows neither. The abstract calls the trial "
        "open-label and controlled but never randomised, although review tables call it a "
        "randomised trial. Review tables give doses ten times apart (0.5 or 5 million cells per "
        "kg), so the dose is left empty. The route, donor type and country come only from "
        "review tables. A registry record of the same hospital (NCT01218464) may belong to this "
        "trial; the link is unconfirmed.",
    },
    "T04": {
        "slug": "suk-2016-bm-msc-alcoholic-cirrhosis",
        "short_title": "Own bone-marrow MSC into the liver artery for alcohol-related cirrhosis",
        "plain_summary": "72 people with biopsy-proven alcohol-related cirrhosis who had stopped "
        "drinking were randomly given one or two infusions of their own bone-marrow MSC into "
        "the liver's artery, or no cells. Six months later the share of scar tissue in liver "
        "biopsies had fallen in both MSC groups; two infusions did no better than one. The "
        "abstract we hold is cut off before the results on liver scores.",
        "data_notes": "The registry id NCT01875081 is linked because review tables describe a "
        "matching Korean trial; the abstract does not print it. The group sizes (18, 19 and 18, "
        "the patients analysed) come only from a review table; 72 were randomised. Review "
        "tables give the dose per kilogram, but the abstract gives 5 x 10^7 cells per injection. "
        "The Child-Pugh and MELD results are cut off in every stored copy of the abstract. The "
        "abstract does not say whether the cirrhosis was compensated or decompensated. No DOI "
        "was found, and the country comes only from review tables.",
    },
    "T05": {
        "slug": "jang-2014-bm-msc-alcoholic-cirrhosis-pilot",
        "short_title": "Own bone-marrow MSC for alcohol-related cirrhosis: pilot study",
        "plain_summary": "12 people with biopsy-proven alcohol-related cirrhosis received two "
        "infusions of their own bone-marrow MSC into the liver's artery, four weeks apart; 11 "
        "completed the study. There was no comparison group. Twelve weeks after the second "
        "infusion, biopsies showed less scarring in 6 of 11 people and the Child-Pugh score had "
        "improved in 10 of 11. Without a control group these changes cannot be credited to the "
        "cells.",
        "safety_summary": "No significant complications or side effects were reported.",
        "data_notes": "The author list is not on the stored pages; a review table names the "
        "first author (Jang), which is not shown in the citation. The country is not stated. "
        "The authors describe the study as a phase 2 pilot.",
    },
    "T06": {
        "slug": "mohamadnejad-2013-bm-msc-decompensated-cirrhosis",
        "title": "Autologous bone marrow mesenchymal stem cells versus placebo in decompensated "
        "cirrhosis (NCT00476060)",
        "short_title": "Own bone-marrow MSC vs placebo for decompensated cirrhosis (Iran)",
        "plain_summary": "This randomised, placebo-controlled trial gave people with "
        "decompensated cirrhosis who were waiting for a liver transplant either an infusion of "
        "their own bone-marrow MSC or a placebo. We hold its registry record and other reviews' "
        "tables, not its own publication, so no results are shown here.",
        "data_notes": "The official title was not captured; the title shown describes the trial. "
        "The registry text gives two planned sizes (50 and 36 people). The group sizes (14 and "
        "11), dose, follow-up, country and causes of liver disease come only from review "
        "tables. The abstract of the 2013 publication was not found, so its results could not "
        "be checked, and the link between the registry record and that publication is "
        "inferred.",
    },
    "T07": {
        "slug": "zhang-2012-uc-msc-hbv-decompensated-cirrhosis",
        "short_title": "Umbilical-cord MSC for hepatitis B cirrhosis with ascites",
        "plain_summary": "45 people with hepatitis B cirrhosis that had become decompensated "
        "received either umbilical-cord MSC infusions (30 people) or saline (15 people) and "
        "were followed for a year. Fluid in the belly (ascites) went down significantly more "
        "with MSC, and albumin, bilirubin and the MELD-Na score improved in the MSC group. The "
        "trial was small and the abstract does not say it was randomised.",
        "safety_summary": "No significant side effects or complications were reported in either "
        "group.",
        "data_notes": "The dose, schedule and route come only from a review table. The abstract "
        "does not say the trial was randomised; a review table calls it an open-label, paired, "
        "controlled study. One review table gives 46 patients and another appears to swap the "
        "group sizes; the abstract gives 30 and 15. No DOI or registry id was found; any "
        "overlap with the same hospital's NCT01220492 programme is unconfirmed. The country "
        "comes only from a review table.",
    },
    "T08": {
        "slug": "xu-2014-bm-msc-hbv-cirrhosis",
        "short_title": "Own bone-marrow MSC plus entecavir for hepatitis B cirrhosis",
        "plain_summary": "56 people with hepatitis B cirrhosis were randomly given either their "
        "own bone-marrow MSC with the antiviral drug entecavir, or entecavir alone; 39 "
        "completed the study. Both groups improved on entecavir, and the report says liver "
        "function improved further with MSC over 24 weeks, without giving numbers. Regulatory T "
        "cells, immune cells that calm inflammation, rose significantly with MSC.",
        "data_notes": "Authors, year and PMID are not on the stored pages (a review table gives "
        "2014). The route (liver artery), dose and number of infusions come only from a review "
        "table, and the dose unit there is unclear. The group sizes are the people who "
        "completed the study (39 of 56). The country is inferred from the funding text.",
    },
    "T09": {
        "slug": "peng-2011-bm-msc-hbv-liver-failure",
        "short_title": "Own bone-marrow MSC for hepatitis B liver failure (matched controls)",
        "plain_summary": "53 people with liver failure caused by hepatitis B received one "
        "infusion of their own bone-marrow MSC into the liver's artery and were compared with "
        "105 similar patients who had the same medical treatment without cells; they were not "
        "randomly assigned. The report says albumin, bilirubin, prothrombin time and MELD score "
        "improved markedly from 2 to 3 weeks after treatment. The longer-term results are cut "
        "off in the copy we hold.",
        "safety_summary": "All transplantations succeeded technically, without serious side "
        "effects or complications.",
        "data_notes": "The controls were matched patients, not randomised; one review lists the "
        "study as randomised and another as a retrospective case-control study. Volume, pages, "
        "DOI and PMID were not found. The year (2011) and first author (Peng L) come only from "
        "a review table and are not shown in the citation; the follow-up and country also come "
        "only from review tables. One review table gives 23 patients and 1 x 10^7 cells, which "
        "does not match the abstract. The long-term results (liver cancer, deaths) are cut off.",
    },
    "T10": {
        "slug": "hucmsc-2018-hbv-decompensated-cirrhosis",
        "short_title": "Umbilical-cord MSC for hepatitis B decompensated cirrhosis (matched "
        "controls)",
        "plain_summary": "50 people with hepatitis B cirrhosis that had become decompensated "
        "received two intravenous infusions of umbilical-cord MSC and were compared with 53 "
        "matched patients without cells; they were not randomly assigned. The report says "
        "liver tests improved from 4 to 12 weeks, MELD and Child-Pugh scores improved more than "
        "in the comparison group, and fewer people died, but it gives no numbers. Liver failure "
        "developed about as often in both groups.",
        "data_notes": "The authors are not on any stored page (a name suggested elsewhere is "
        "unconfirmed), so none are shown. The journal is not printed; the DOI suggests the "
        "Journal of Gastroenterology and Hepatology, which is unconfirmed. The dose and the "
        "interval between infusions are not in the abstract. The country is not stated.",
    },
    "T11": {
        "slug": "spahr-2013-bm-mnc-alcoholic-liver-disease",
        "short_title": "Own bone-marrow mononuclear cells for decompensated alcohol-related "
        "liver disease",
        "plain_summary": "58 people with decompensated alcohol-related liver disease were "
        "randomly given either G-CSF plus their own bone-marrow mononuclear cells into the "
        "liver's artery with standard treatment, or standard treatment alone. These bone-marrow "
        "cells are related to MSC but are not MSC. After three months a fall of at least 3 MELD "
        "points was about as common in both groups (not significant), and 2 and 4 people had "
        "died.",
        "safety_summary": "Adverse events were equally distributed between the groups.",
        "data_notes": "The cells are bone-marrow mononuclear cells, not culture-grown MSC. The "
        "abstract prints '18 patients (53%)' for the 30 people on standard treatment, although "
        "18 of 30 is 60%; both numbers are kept as printed. The journal, volume and DOI are not "
        "on the stored pages. The year (2013) and first author (Spahr L) come only from a review "
        "table and are not shown in the citation; the country and the dose (4.7 x 10^7 cells per "
        "kg) also come only from a review table.",
    },
    "T12": {
        "slug": "mohamadnejad-2016-bm-mnc-cd133-decompensated-cirrhosis",
        "short_title": "Bone-marrow mononuclear or CD133+ cells vs placebo for decompensated "
        "cirrhosis",
        "plain_summary": "27 people with decompensated cirrhosis were randomly given, without "
        "knowing which, their own CD133+ bone-marrow cells, their own bone-marrow mononuclear "
        "cells, or a placebo, into the portal vein at the start and at month 3. These cells are "
        "related to MSC but are not MSC. At six months neither cell treatment improved the MELD "
        "score compared with placebo. Only 18 people were still in the study by then.",
        "data_notes": "The cells are CD133+ and mononuclear bone-marrow cells, not MSC. The group "
        "sizes shown (4, 8 and 6) are the people analysed; the abstract does not give how many "
        "were randomised to each group. Nine people left the study: 3 had a liver transplant, "
        "1 developed liver cancer, 3 were lost to follow-up and 2 died. The country comes only "
        "from a review table.",
    },
    "T13": {
        "slug": "salama-2014-msc-hcv-end-stage-liver-disease",
        "short_title": "Own MSC into a vein for hepatitis C end-stage liver disease (Egypt)",
        "plain_summary": "40 people in Egypt with end-stage liver disease after hepatitis C were "
        "randomly given either G-CSF for five days and then an infusion of their own MSC into a "
        "vein, or supportive treatment only. The report says 54% of the MSC group reached "
        "near-normal liver enzymes with better liver function, while no one in the control "
        "group improved significantly. The results are changes within each group, not "
        "comparisons between the groups.",
        "data_notes": "The dose (1 million cells per kg) and the bone-marrow origin of the cells "
        "come only from a review table. The abstract lists a higher INR among the significant "
        "changes. The abstract reports 3 months of follow-up; a review table gives 6 months. No "
        "PMID was found.",
    },
    "T14": {
        "slug": "el-ansary-2012-bm-msc-hcv-cirrhosis",
        "short_title": "Own bone-marrow MSC, plain or pre-treated, for hepatitis C cirrhosis "
        "(Egypt)",
        "plain_summary": "25 people in Egypt with advanced (Child C) cirrhosis after hepatitis C "
        "received either one intravenous infusion of their own bone-marrow MSC (15 people; for "
        "some, the cells were first turned towards liver-like cells) or supportive treatment "
        "(10 people). Over six months the report describes a partial improvement in liver tests "
        "and MELD score with MSC, without numbers. Plain and pre-treated cells did not differ "
        "significantly. The abstract does not say the trial was randomised.",
        "data_notes": "The sizes of the two MSC subgroups are not given. The abstract does not "
        "say how people were assigned. The author list is not on the stored pages; review "
        "tables name the first author (El-Ansary), which is not shown in the citation. "
        "'Decompensated' is inferred from 'Child C'.",
    },
    "T15": {
        "slug": "schacher-2021-bm-msc-aclf",
        "short_title": "Bone-marrow MSC vs placebo for severe acute-on-chronic liver failure "
        "(Brazil)",
        "start": "2018",
        "completion": "2020",
        "plain_summary": "Nine very ill people with acute-on-chronic liver failure (grades 2 and "
        "3) were randomly given bone-marrow MSC or a placebo, both with standard treatment. Five "
        "infusions over three weeks were planned, but people received 2.9 on average and only "
        "three received them all. The survival results are cut off in the copy we hold. A trial "
        "this small cannot show whether MSC help.",
        "safety_summary": "No infusion-related side effects were reported; one patient in the MSC "
        "group had a high blood sodium (hypernatraemia).",
        "clinician_summary": "Phase I-II placebo-controlled RCT, 4 BM-MSC vs 5 placebo, "
        "1 x 10^6 cells/kg planned x5 over 3 weeks. At entry: mean Child-Pugh 12.3, MELD 38.4, "
        "CLIF-C 50.7. Mean 2.9 infusions per patient; 3 patients (2 control, 1 BM-MSC) received "
        "all.",
        "data_notes": "The survival results are cut off on the stored copies. The journal name "
        "is not printed (the publisher is Hindawi). Donor cells, the intravenous route and the "
        "country come only from review tables. Sources disagree on the causes of liver "
        "disease: the trial says mainly hepatitis C and alcohol, one review table lists alcohol, "
        "hepatitis C, hepatitis B and NASH, and another hepatitis B only. One review table "
        "gives 2 infusions instead of the 5 planned.",
    },
    "T16": {
        "slug": "sakai-2021-adrc-nash-cirrhosis",
        "short_title": "Own fat-tissue regenerative cells for cirrhosis from fatty liver disease "
        "(Japan)",
        "plain_summary": "Seven people in Japan with cirrhosis caused by fatty liver disease "
        "(NASH or NAFLD) were treated with cells freshly separated from their own fat tissue "
        "and followed for 24 weeks. There was no comparison group. Albumin improved in 6 of the "
        "7 and prothrombin activity in 5 of the 7. These cells are a mixed, uncultured product, "
        "not grown MSC.",
        "safety_summary": "No trial-related adverse events, serious or not, were seen.",
        "data_notes": "The route is not in the abstract; a separate protocol for the same kind of "
        "cells uses the liver's artery, but that is a different study. The cells are an "
        "uncultured fat-tissue product (stromal vascular fraction), not culture-grown MSC. The "
        "citation lists the first three of 24 authors.",
    },
    "T17": {
        "slug": "stempeucel-phase-2-alcoholic-cirrhosis",
        "short_title": "Pooled donor bone-marrow MSC (Stempeucel) into the liver artery for "
        "alcohol-related cirrhosis",
        "plain_summary": "This phase 2 study tested three doses of pooled donor bone-marrow MSC "
        "(Stempeucel) given into the liver's artery in people with alcohol-related cirrhosis "
        "(Child-Pugh B or C), each dose group with its own control group on standard care; 60 "
        "people were planned. The report says the injection was well tolerated. The results on "
        "benefit are cut off in the copy we hold.",
        "safety_summary": "The injection was reported as well tolerated. The commonest "
        "treatment-emergent adverse events were digestive problems, general symptoms and "
        "reactions where the injection was given.",
        "data_notes": "The group sizes (10 per group) are planned; the numbers actually enrolled "
        "were not found. The journal, year, authors and DOI are not on the stored page. The "
        "results on benefit are cut off. The registry record CTRI/2012/04/002560 may belong to "
        "this study, but the link is unconfirmed (its summary does not mention controls), and "
        "the country (India, per that record) is not printed in the abstract. The source "
        "labels the 7.5 million cells per kg group '(5M Cell)'.",
    },
    "T18": {
        "slug": "qin-2025-uc-msc-doses-hbv-decompensated-cirrhosis",
        "short_title": "Three doses of umbilical-cord MSC for hepatitis B decompensated cirrhosis",
        "plain_summary": "24 people with hepatitis B cirrhosis that had become decompensated "
        "received three intravenous infusions of umbilical-cord MSC at a low, medium or high "
        "dose, 8 people per dose; nobody went without cells. Everyone was alive at six months. "
        "At two years survival was 67%, 100% and 88% in the low, medium and high dose groups, "
        "which did not differ significantly. Albumin rose for a while and prothrombin activity "
        "improved.",
        "data_notes": "The doses of each group are not in the abstract. A 2-year survival of 66.7% "
        "cannot be a whole number out of 8, so the number of people assessed at two years is "
        "unclear. The abstract does not say how people were assigned to the dose groups.",
    },
    "T19": {
        "slug": "he-2015-uc-msc-hbv-aclf",
        "short_title": "Umbilical-cord MSC for hepatitis B acute-on-chronic liver failure (2015)",
        "plain_summary": "100 people with acute-on-chronic liver failure caused by hepatitis B "
        "received either four umbilical-cord MSC infusions four weeks apart with standard "
        "treatment (46 people) or standard treatment alone (54 people). The report says albumin, "
        "MELD score, bilirubin and prothrombin activity improved significantly with MSC from "
        "week 8, while ALT and creatinine did not fall significantly more than with standard "
        "treatment alone. The abstract does not say how people "
        "were assigned to the groups.",
        "safety_summary": "Fever occurred in 15 of the 46 people given MSC; no serious adverse "
        "reactions or complications were reported.",
        "data_notes": "Published in a Chinese-language journal; only an English abstract was "
        "stored, and the volume, pages and DOI were not found. The abstract prints '35 cases "
        "(55.6%)' for a swollen belly, which does not fit 46 people; it is not shown. The route "
        "and dose are not in the abstract. The country is not printed.",
    },
    "T20": {
        "slug": "nct03945487-uc-msc-decompensated-cirrhosis",
        "short_title": "Umbilical-cord MSC for decompensated cirrhosis (registered trial, China)",
        "plain_summary": "This registered phase 2 trial compares umbilical-cord MSC infusions "
        "plus comprehensive treatment with comprehensive treatment alone in people with "
        "decompensated cirrhosis, who are assigned to the groups at random. " + NO_RESULTS,
        "data_notes": "The planned size (200), open-label design, number of infusions (3), "
        "intravenous route, donor cells and country come only from a 2021 review table. The "
        "status is from a 2019 registry snapshot and is probably out of date. The registry "
        "summary speaks of longer-term safety and efficacy; whether the trial continues the "
        "NCT01220492 programme is unconfirmed.",
    },
    "T21": {
        "slug": "nct03529136-uc-msc-decompensated-cirrhosis",
        "short_title": "Umbilical-cord MSC, four or two infusions, for decompensated cirrhosis "
        "(China)",
        "plain_summary": "This registered multicentre study compares two schedules of "
        "umbilical-cord MSC infusions (four or two) with standard medical care in people with "
        "decompensated cirrhosis; people are not assigned at random. Its main planned outcome "
        "is survival after one year. " + NO_RESULTS,
        "data_notes": "The registry gives the interval for the four-infusion group as 'every 4 "
        "days', which may be a typo for weeks. The phase, planned size (252) and country come "
        "only from a review table. The status was not captured.",
    },
    "T22": {
        "slug": "nct05985863-uc-msc-aclf",
        "short_title": "Umbilical-cord MSC vs placebo for acute-on-chronic liver failure (Beijing)",
        "start": "2023-09-30",
        "completion": "2026-12-30",
        "plain_summary": "This registered study compares weekly umbilical-cord MSC infusions "
        "(three, or with two more in weeks 4 and 5) with a placebo infusion in people with "
        "acute-on-chronic liver failure, at four hospitals in China; 150 people are planned. It "
        "started in September 2023 and was recruiting when the record was stored. " + NO_RESULTS,
        "data_notes": "A page without an address describes the study as randomised and "
        "double-blind; this could not be checked, so randomisation is not recorded. It is not "
        "clear whether the longer schedule also includes the first three infusions. The status "
        "is from a stored registry snapshot. The completion date is the planned primary "
        "completion.",
    },
    "T23": {
        "slug": "nct02812121-uc-msc-hbv-aclf",
        "short_title": "Umbilical-cord MSC for eight or four weeks for hepatitis B "
        "acute-on-chronic liver failure",
        "plain_summary": "This registered study compares weekly umbilical-cord MSC infusions for "
        "eight weeks or for four weeks, each with standard treatment, against standard "
        "treatment alone in people with acute-on-chronic liver failure caused by hepatitis B. "
        + NO_RESULTS,
        "data_notes": "The planned size, phase, status, country and sponsor were not captured. "
        "The arm description speaks of umbilical cord blood MSC while the title says "
        "umbilical-cord MSC. Both MSC groups are labelled 'Group MSC-1' on the registry copy, "
        "apparently a typo.",
    },
    "T24": {
        "slug": "nct01573923-uc-msc-cirrhosis",
        "short_title": "Umbilical-cord MSC every three months for cirrhosis (China)",
        "start": "2014-07",
        "completion": "2015-10",
        "plain_summary": "This registered phase 1/2 study planned to give people with cirrhosis "
        "(Child-Pugh B or C) four umbilical-cord MSC infusions three months apart with "
        "conventional therapy, compared with conventional therapy alone, without random "
        "assignment; 320 people were planned. The registry record was never updated and its "
        "status is unknown. " + NO_RESULTS,
        "data_notes": "The start date (July 2014) is later than the date the record was last "
        "verified (April 2012), so the record was never updated; the completion date is an "
        "estimate. The printed dose '4x107' is read as 4 x 10^7 cells. The registry calls the "
        "control a sham comparator, but it is conventional therapy only.",
    },
    "T25": {
        "slug": "nct05227846-uc-msc-decompensated-cirrhosis-dose-escalation",
        "short_title": "Umbilical-cord MSC dose-finding study for decompensated cirrhosis",
        "acronym": "MSC-DLC-1",
        "plain_summary": "This registered phase 1 study gives rising doses of umbilical-cord MSC "
        "into a vein to people with decompensated cirrhosis, mainly to check safety; 12 people "
        "are planned and there is no comparison group. " + NO_RESULTS,
        "data_notes": "The dose levels were not captured. The registry snapshot said "
        "'Enrolling', which is not a standard status, so the status is left empty. The sponsor "
        "is in Beijing, but the country is not stated and is left empty.",
    },
    "T26": {
        "slug": "nct05871463-msc-exosomes-decompensated-cirrhosis",
        "short_title": "Exosomes from umbilical-cord MSC for decompensated cirrhosis (Iran)",
        "completion": "2023-12-11",
        "plain_summary": "This registered phase 2a study tests exosomes, tiny particles released "
        "by umbilical-cord MSC and given without the cells, in 15 people with decompensated "
        "cirrhosis that was not caused by a virus. " + NO_RESULTS,
        "data_notes": "The design, dose, route, schedule and comparison were not captured. The "
        "completion date (December 2023) is an estimate and is earlier than the stored "
        "'recruiting' status, so the snapshot is probably out of date.",
    },
    "T27": {
        "slug": "nct05940610-msc-extracellular-vesicles-liver-failure",
        "short_title": "MSC extracellular vesicles for acute or acute-on-chronic liver failure "
        "(withdrawn)",
        "plain_summary": "This registered phase 1/2 study planned to test extracellular "
        "vesicles from MSC, a cell-free product, in acute or acute-on-chronic liver failure. It "
        "was withdrawn before anyone took part, so it has no results.",
        "data_notes": "The design, dose and route were not captured. The sponsor is Sun Yat-sen "
        "University, but the country is not stated and is left empty.",
    },
    "T28": {
        "slug": "nct01724398-cord-blood-msc-hbv-liver-failure",
        "title": "Umbilical cord blood stem cells with or without plasma exchange for liver "
        "failure caused by hepatitis B (NCT01724398)",
        "short_title": "Cord-blood stem cells with or without plasma exchange for hepatitis B "
        "liver failure",
        "start": "2012-11",
        "completion": "2015-03",
        "plain_summary": "This registered randomised study planned to compare four groups of "
        "people with liver failure caused by hepatitis B: conventional treatment with or "
        "without umbilical-cord-blood stem cells, and with or without plasma exchange; 120 "
        "people were planned. " + NO_RESULTS,
        "data_notes": "Only a lay summary of the registry record was stored; the official "
        "title, phase, status and dose were not captured, and the title shown describes the "
        "study. The route is not restated for the group given cells with plasma exchange. The "
        "dates are planned.",
    },
    "T29": {
        "slug": "nct02705742-adipose-msc-hcv-cirrhosis",
        "short_title": "Own fat-tissue MSC into the liver artery and a vein for hepatitis C "
        "cirrhosis (Turkey)",
        "start": "2016-01",
        "completion": "2017-12",
        "plain_summary": "This registered study planned to give five people with cirrhosis due to "
        "hepatitis C repeated infusions of MSC grown from their own fat tissue, into the liver's "
        "artery and into a vein, without a comparison group. Its status is unknown. " + NO_RESULTS,
        "data_notes": "Registry copies disagree on the phase (1/2 or 1); 1/2 is shown. The "
        "number of infusions and the doses were not captured. The route combines the liver's "
        "artery and a vein, so it is recorded as 'other'. The completion date is an estimate.",
    },
    "T30": {
        "slug": "chictr-onrc-12001892-bone-marrow-cells-hbv-liver-failure",
        "title": "Autologous bone marrow stem cells versus conventional treatment for liver "
        "failure caused by hepatitis B (ChiCTR-ONRC-12001892)",
        "short_title": "Own bone-marrow stem cells for hepatitis B liver failure (China)",
        "completion": "2015-09",
        "plain_summary": "This registered study planned to compare stem cells from people's own "
        "bone marrow with conventional treatment in 100 people with liver failure caused by "
        "hepatitis B. The kind of bone-marrow cells is not stated. " + NO_RESULTS,
        "data_notes": "Only a lay summary of the registry record was stored; the official title "
        "was not captured, and the title shown describes the study. The cell type (MSC or "
        "mononuclear cells) is not stated. The 'ONRC' in the id usually marks a non-randomised "
        "study, but this is not confirmed. The completion date is planned.",
    },
}

# ---------------------------------------------------------------------------------------------
# Outcome results. `row` is the index of the reference set's outcome row it comes from (checked
# below so that every row with a number is used). Rows whose text is only "improved" are
# described in the summaries instead; adverse-event sentences go into the safety summary.
# ---------------------------------------------------------------------------------------------


def _sig(
    row: int,
    measure: str,
    arm: str | None,
    significance: str,
    statement: str,
    comparator: str | None = None,
    favours: str = "",
    label: str = "",
    weeks: float | None = None,
    p_value: str = "",
) -> dict:
    """A result reported as (not) significant, with no number."""
    return {
        "row": row,
        "measure": measure,
        "arm": arm,
        "comparator_arm": comparator,
        "shape": "significance",
        "significance": significance,
        "favours": favours,
        "timepoint_label": label,
        "timepoint_weeks": weeks,
        "p_value": p_value,
        "statement": statement,
    }


def _pct(
    row: int,
    measure: str,
    arm: str,
    percentage: float,
    statement: str,
    label: str,
    weeks: float | None = None,
    ci: tuple[float, float] | None = None,
    n: int | None = None,
    p_value: str = "",
) -> dict:
    """A percentage in one arm, with its 95% CI when printed."""
    return {
        "row": row,
        "measure": measure,
        "arm": arm,
        "shape": "percentage",
        "percentage": percentage,
        "ci_low": ci[0] if ci else None,
        "ci_high": ci[1] if ci else None,
        "n": n,
        "unit_reported": "%",
        "timepoint_label": label,
        "timepoint_weeks": weeks,
        "p_value": p_value,
        "statement": statement,
    }


def _events(
    row: int,
    measure: str,
    arm: str,
    events: int,
    total: int,
    statement: str,
    label: str,
    weeks: float | None = None,
    percentage: float | None = None,
    p_value: str = "",
) -> dict:
    """Events out of a total in one arm (the printed percentage kept beside them)."""
    return {
        "row": row,
        "measure": measure,
        "arm": arm,
        "shape": "events",
        "events": events,
        "total": total,
        "percentage": percentage,
        "timepoint_label": label,
        "timepoint_weeks": weeks,
        "p_value": p_value,
        "statement": statement,
    }


SIG, NOT_SIG, EXP, NEITHER = "significant", "not_significant", "experimental", "neither"

OUTCOMES = {
    "T01": [
        _sig(
            0,
            "overall-survival",
            "A1",
            SIG,
            "Overall survival was significantly higher with "
            "UC-MSC than with conventional treatment from month 13 to month 75; no rates or "
            "hazard ratio in the abstract.",
            comparator="A2",
            favours=EXP,
            label="Months 13 to 75 of follow-up",
        ),
        _sig(
            1,
            "hcc-free-survival",
            "A1",
            NOT_SIG,
            "Liver-cancer-free survival did not differ "
            "between the groups over 75 months; no numbers in the abstract.",
            comparator="A2",
            favours=NEITHER,
            label="75 months",
            weeks=325,
        ),
    ],
    "T02": [
        _pct(
            0,
            "overall-survival",
            "A1",
            73.2,
            "Cumulative survival with MSC, compared with standard treatment (P = 0.03).",
            "End of the 24-week follow-up",
            ci=(61.6, 84.8),
            n=56,
            p_value="0.03",
        ),
        _pct(
            1,
            "overall-survival",
            "A2",
            55.6,
            "Cumulative survival with standard treatment alone.",
            "End of the 24-week follow-up",
            ci=(42.3, 68.9),
            n=54,
            p_value="0.03",
        ),
        _pct(
            2,
            "severe-infection",
            "A1",
            16.1,
            "Share of people with a severe infection in the "
            "MSC group, lower than with standard treatment (P = 0.04).",
            "During follow-up",
            p_value="0.04",
        ),
        _pct(
            3,
            "severe-infection",
            "A2",
            33.3,
            "Share of people with a severe infection with standard treatment alone.",
            "During follow-up",
            p_value="0.04",
        ),
        _pct(
            4,
            "mortality-organ-failure-infection",
            "A1",
            17.9,
            "Deaths from multiple organ "
            "failure or severe infection in the MSC group, fewer than with standard treatment "
            "(P = 0.02).",
            "During follow-up",
            p_value="0.02",
        ),
        _pct(
            5,
            "mortality-organ-failure-infection",
            "A2",
            37.0,
            "Deaths from multiple organ failure or severe infection with standard treatment alone.",
            "During follow-up",
            p_value="0.02",
        ),
        _pct(
            8,
            "hcc-incidence",
            "A1",
            0,
            "No liver cancer occurred in the MSC group.",
            "During follow-up",
        ),
        _pct(
            8,
            "hcc-incidence",
            "A2",
            0,
            "No liver cancer occurred in the standard-treatment group.",
            "During follow-up",
        ),
    ],
    "T03": [
        _sig(
            0,
            "overall-survival",
            "A1",
            SIG,
            "Survival was significantly higher with UC-MSC "
            "than in the control group; no rates in the abstract.",
            comparator="A2",
            favours=EXP,
            label="48 to 72 weeks of follow-up",
        ),
        _sig(
            2,
            "total-bilirubin",
            "A1",
            SIG,
            "Total bilirubin fell significantly after the "
            "UC-MSC infusions (change within the MSC group).",
            label="After the infusions",
        ),
        _sig(
            2,
            "alt",
            "A1",
            SIG,
            "ALT fell significantly after the UC-MSC infusions (change within the MSC group).",
            label="After the infusions",
        ),
    ],
    "T04": [
        {
            "row": 0,
            "measure": "collagen-proportion",
            "arm": "A1",
            "shape": "before_after",
            "baseline_mean": 19.5,
            "baseline_sd": 9.5,
            "mean": 14.5,
            "sd": 7.1,
            "unit_reported": "%",
            "p_value": "<0.001",
            "timepoint_weeks": 26,
            "timepoint_label": "6-month biopsy",
            "statement": "The share of scar tissue in biopsies fell by 25% after one MSC infusion "
            "(before vs after).",
        },
        {
            "row": 1,
            "measure": "collagen-proportion",
            "arm": "A2",
            "shape": "before_after",
            "baseline_mean": 21.1,
            "baseline_sd": 8.9,
            "mean": 13.2,
            "sd": 6.7,
            "unit_reported": "%",
            "p_value": "<0.001",
            "timepoint_weeks": 26,
            "timepoint_label": "6-month biopsy",
            "statement": "The share of scar tissue in biopsies fell by 37% after two MSC infusions "
            "(before vs after).",
        },
        _sig(
            2,
            "collagen-proportion",
            "A2",
            NOT_SIG,
            "Two infusions did not reduce scar tissue more than one.",
            comparator="A1",
            favours=NEITHER,
            label="6 months",
            weeks=26,
            p_value=">0.05",
        ),
    ],
    "T05": [
        _events(
            0,
            "histological-improvement",
            "A1",
            6,
            11,
            "Biopsies showed less scarring (Laennec system) in 6 of 11 people.",
            "12 weeks after the second infusion",
            percentage=54.5,
        ),
        _events(
            1,
            "child-pugh-improved",
            "A1",
            10,
            11,
            "The Child-Pugh score improved in 10 of 11 people.",
            "12 weeks after the second infusion",
            percentage=90.9,
        ),
    ],
    "T07": [
        _sig(
            0,
            "ascites-volume",
            "A1",
            SIG,
            "Ascites fell significantly more with UC-MSC than with saline.",
            comparator="A2",
            favours=EXP,
            label="1 year",
            weeks=52,
            p_value="<0.05",
        ),
        _sig(
            1,
            "albumin",
            "A1",
            SIG,
            "Albumin rose significantly in the UC-MSC group (change within the group).",
            label="1 year",
            weeks=52,
        ),
        _sig(
            1,
            "total-bilirubin",
            "A1",
            SIG,
            "Total bilirubin fell significantly in the UC-MSC group (change within the group).",
            label="1 year",
            weeks=52,
        ),
        _sig(
            1,
            "meld-na",
            "A1",
            SIG,
            "The MELD-Na score fell significantly in the UC-MSC group (change within the group).",
            label="1 year",
            weeks=52,
        ),
    ],
    "T08": [
        _sig(
            1,
            "treg-cells",
            "A1",
            SIG,
            "Regulatory T cells rose significantly with MSC compared with the control group.",
            comparator="A2",
            label="24 weeks",
            weeks=24,
        ),
    ],
    "T11": [
        _events(
            0,
            "mortality",
            "A1",
            2,
            28,
            "2 of 28 people died in the cell group.",
            "3 months",
            weeks=13,
        ),
        _events(
            1,
            "mortality",
            "A2",
            4,
            30,
            "4 of 30 people died with standard treatment.",
            "3 months",
            weeks=13,
        ),
        _events(
            2,
            "meld-response",
            "A1",
            18,
            28,
            "18 of 28 people in the cell group reached a "
            "fall of at least 3 MELD points (64% as printed).",
            "3 months",
            weeks=13,
            percentage=64,
            p_value="0.43",
        ),
        _events(
            3,
            "meld-response",
            "A2",
            18,
            30,
            "18 of 30 people with standard treatment "
            "reached a fall of at least 3 MELD points (printed as 53%, although 18 of 30 is "
            "60%).",
            "3 months",
            weeks=13,
            percentage=53,
            p_value="0.43",
        ),
        {
            "row": 4,
            "measure": "meld-response",
            "arm": "A1",
            "comparator_arm": "A2",
            "shape": "effect",
            "effect_measure": "OR",
            "effect_value": 1.6,
            "ci_low": 0.49,
            "ci_high": 5.4,
            "p_value": "0.43",
            "significance": NOT_SIG,
            "favours": NEITHER,
            "timepoint_weeks": 13,
            "timepoint_label": "3 months",
            "statement": "Odds of a fall of at least 3 MELD points, cells vs standard treatment, "
            "intention to treat; not significant.",
        },
    ],
    "T12": [
        _sig(
            0,
            "meld",
            "A1",
            NOT_SIG,
            "CD133+ cells did not improve the MELD score compared with placebo.",
            comparator="A3",
            favours=NEITHER,
            label="Month 6",
            weeks=26,
        ),
        _sig(
            0,
            "meld",
            "A2",
            NOT_SIG,
            "Mononuclear cells did not improve the MELD score compared with placebo.",
            comparator="A3",
            favours=NEITHER,
            label="Month 6",
            weeks=26,
        ),
    ],
    "T13": [
        _pct(
            0,
            "liver-tests-near-normal",
            "A1",
            54,
            "54% of the MSC group reached near-normal liver enzymes with better liver function.",
            "End of follow-up",
        ),
        _sig(
            1,
            "albumin",
            "A1",
            SIG,
            "Albumin changed significantly in the MSC group (within the group).",
            label="End of follow-up",
            p_value="0.000",
        ),
        _sig(
            1,
            "total-bilirubin",
            "A1",
            SIG,
            "Bilirubin changed significantly in the MSC group (within the group).",
            label="End of follow-up",
            p_value="0.002",
        ),
        _sig(
            1,
            "inr",
            "A1",
            SIG,
            "INR rose significantly in the MSC group (within the group), "
            "as the abstract reports it.",
            label="End of follow-up",
            p_value="0.017",
        ),
        _sig(
            1,
            "prothrombin-activity",
            "A1",
            SIG,
            "Prothrombin concentration changed significantly in the MSC group (within the group).",
            label="End of follow-up",
            p_value="0.029",
        ),
        _sig(
            1,
            "alt",
            "A1",
            SIG,
            "ALT changed significantly in the MSC group (within the group).",
            label="End of follow-up",
            p_value="0.029",
        ),
        {
            "row": 3,
            "measure": "piiicp",
            "arm": "A1",
            "shape": "before_after",
            "baseline_mean": 9.4,
            "baseline_sd": 4.2,
            "mean": 8.1,
            "sd": 2.6,
            "significance": NOT_SIG,
            "timepoint_weeks": 13,
            "timepoint_label": "3 months",
            "statement": "This scarring marker fell slightly after MSC; the abstract calls the "
            "change not significant (P = 0.7). No unit is printed.",
        },
        {
            "row": 3,
            "measure": "piiinp",
            "arm": "A1",
            "shape": "before_after",
            "baseline_mean": 440,
            "baseline_sd": 189,
            "mean": 388,
            "sd": 102,
            "significance": NOT_SIG,
            "timepoint_weeks": 13,
            "timepoint_label": "3 months",
            "statement": "This scarring marker fell slightly after MSC; the abstract calls the "
            "change not significant (P = 0.7). No unit is printed.",
        },
    ],
    "T16": [
        _events(
            0,
            "albumin-improved",
            "A1",
            6,
            7,
            "Albumin improved in 6 of 7 people.",
            "24 weeks",
            weeks=24,
        ),
        _events(
            1,
            "prothrombin-activity-improved",
            "A1",
            5,
            7,
            "Prothrombin activity improved in 5 of 7 people.",
            "24 weeks",
            weeks=24,
        ),
        _events(
            2,
            "treatment-related-adverse-events",
            "A1",
            0,
            7,
            "No trial-related adverse events, serious or not, in 7 people.",
            "24 weeks",
            weeks=24,
        ),
    ],
    "T18": [
        _pct(
            0,
            "overall-survival",
            "A1",
            100,
            "Everyone in the low-dose group was alive at six months.",
            "6 months",
            weeks=26,
        ),
        _pct(
            1,
            "overall-survival",
            "A2",
            100,
            "Everyone in the medium-dose group was alive at six months.",
            "6 months",
            weeks=26,
        ),
        _pct(
            2,
            "overall-survival",
            "A3",
            100,
            "Everyone in the high-dose group was alive at six months.",
            "6 months",
            weeks=26,
        ),
        _pct(
            3,
            "overall-survival",
            "A1",
            66.7,
            "Two-year survival in the low-dose group (number assessed unclear).",
            "2 years",
            weeks=104,
        ),
        _pct(
            4,
            "overall-survival",
            "A2",
            100,
            "Two-year survival in the medium-dose group.",
            "2 years",
            weeks=104,
        ),
        _pct(
            5,
            "overall-survival",
            "A3",
            87.5,
            "Two-year survival in the high-dose group.",
            "2 years",
            weeks=104,
        ),
        _sig(
            6,
            "overall-survival",
            None,
            NOT_SIG,
            "Survival did not differ significantly between the three dose groups (log-rank test).",
            favours=NEITHER,
            label="2 years",
            weeks=104,
            p_value="0.3328",
        ),
    ],
    "T19": [
        _events(
            0,
            "fever",
            "A1",
            15,
            46,
            "15 of 46 people given UC-MSC had a fever.",
            "12 weeks",
            weeks=12,
        ),
        _sig(
            1,
            "albumin",
            "A1",
            SIG,
            "The report says albumin improved significantly with UC-MSC from week 8.",
            comparator="A2",
            favours=EXP,
            label="From week 8",
            weeks=8,
        ),
        _sig(
            1,
            "meld",
            "A1",
            SIG,
            "The report says the MELD score improved significantly with UC-MSC from week 8.",
            comparator="A2",
            favours=EXP,
            label="From week 8",
            weeks=8,
        ),
        _sig(
            2,
            "total-bilirubin",
            "A1",
            SIG,
            "The report says total bilirubin improved significantly after UC-MSC.",
            comparator="A2",
            favours=EXP,
            label="Week 8",
            weeks=8,
        ),
        _sig(
            2,
            "total-bilirubin",
            "A1",
            SIG,
            "The report says total bilirubin improved significantly after UC-MSC.",
            comparator="A2",
            favours=EXP,
            label="Week 12",
            weeks=12,
        ),
        _sig(
            2,
            "prothrombin-activity",
            "A1",
            SIG,
            "The report says prothrombin activity improved significantly after UC-MSC.",
            comparator="A2",
            favours=EXP,
            label="Week 8",
            weeks=8,
        ),
        _sig(
            2,
            "prothrombin-activity",
            "A1",
            SIG,
            "The report says prothrombin activity improved significantly after UC-MSC.",
            comparator="A2",
            favours=EXP,
            label="Week 12",
            weeks=12,
        ),
        _sig(
            3,
            "alt",
            "A1",
            NOT_SIG,
            "ALT did not fall significantly more with UC-MSC than with standard treatment.",
            comparator="A2",
            favours=NEITHER,
            label="During 12 weeks",
        ),
        _sig(
            3,
            "creatinine",
            "A1",
            NOT_SIG,
            "Creatinine did not fall significantly more with UC-MSC than with standard treatment.",
            comparator="A2",
            favours=NEITHER,
            label="During 12 weeks",
        ),
    ],
}

# Outcome rows with a number that are deliberately not results (each explained).
ROWS_NOT_RESULTS = {
    ("T15", 0): "infusions received per patient: a treatment count, kept in the clinician summary",
    ("T15", 2): "baseline severity of all patients: kept in the clinician summary",
}

# ---------------------------------------------------------------------------------------------
# Reviews. Included trials are those whose rows the reference set quotes from the review's own
# table of studies (matched by the table's address below); the other reviews' lists are unknown.
# ---------------------------------------------------------------------------------------------

REVIEW_STUDY_TABLES = {
    "R2": "10.1186/s13287-025-04303-8/tables/1",
    "R4": "PMC5946490/table/Tab1",
}


def _pooled(
    measure: str,
    effect_measure: str,
    statement: str,
    *,
    estimate: float | None = None,
    ci: tuple[float, float] | None = None,
    unit: str = "",
    label: str = "",
    weeks: float | None = None,
    p_value: str = "",
    studies: int | None = None,
    note: str = "",
) -> dict:
    return {
        "measure": measure,
        "effect_measure": effect_measure,
        "estimate": estimate,
        "ci_low": ci[0] if ci else None,
        "ci_high": ci[1] if ci else None,
        "unit": unit,
        "timepoint_label": label,
        "timepoint_weeks": weeks,
        "p_value": p_value,
        "studies_count": studies,
        "statement": statement,
        "note": note,
    }


REVIEWS = {
    "R1": {
        "slug": "lin-2025-stem-cells-liver-failure",
        "short_title": "Stem cell therapy for liver failure: meta-analysis (Lin 2025)",
        "findings": "Eight studies, most of them randomised and most in liver failure linked to "
        "hepatitis B; all used MSC. The review reports significantly better survival and a "
        "lower MELD score with stem cells, without numbers in the abstract. Donor cells "
        "appeared better for survival than the patient's own, and a single injection into a "
        "deep blood vessel appeared better for MELD than repeated injections into an arm vein.",
        "data_notes": "The abstract says eight studies, most of them randomised, not eight "
        "randomised trials. It appeared online on 23 September 2024 in the March-April 2025 "
        "issue. No DOI, PMID or pages were found. The abstract gives no pooled numbers, "
        "confidence intervals or I².",
        "pooled": [
            _pooled(
                "overall-survival",
                "HR",
                "Survival was significantly better with stem "
                "cells; hazard ratio from patient data rebuilt from survival curves, no "
                "number in the abstract.",
            ),
            _pooled(
                "meld",
                "SMD",
                "The MELD score was significantly lower with stem cells; no "
                "number in the abstract.",
            ),
        ],
    },
    "R2": {
        "slug": "lu-2025-msc-aclf",
        "short_title": "MSC for acute-on-chronic liver failure: meta-analysis of randomised "
        "trials (Lu 2025)",
        "findings": "A meta-analysis of randomised trials of MSC in acute-on-chronic liver "
        "failure. Its results were not available to us, so no pooled results are shown.",
        "data_notes": "Only the first author is known. Its table of studies differs from the "
        "trials' own reports: it lists Lin as 2013 with umbilical-cord MSC at 1.0-10 x 10^8 "
        "cells per kg (the trial reports 2017, bone-marrow MSC, 1.0-10 x 10^5 per kg), calls "
        "Peng 2011 randomised (it used matched controls), gives Schacher's cause as hepatitis B "
        "(the trial reports hepatitis C and alcohol), and includes a non-randomised study (Jia "
        "2020). The included trials shown are those in its table that we hold.",
        "pooled": [],
    },
    "R3": {
        "slug": "lu-2023-msc-cirrhosis",
        "short_title": "MSC for liver cirrhosis: meta-analysis (Lu 2023)",
        "findings": "Eleven clinical trials of MSC in cirrhosis, combined with random-effects "
        "models. Albumin was significantly higher with MSC at 2 weeks and at 1, 3 and 6 months, "
        "and the MELD score significantly lower at 1, 2 and 6 months; the abstract gives no "
        "numbers. Injection into the liver's artery appeared to help MELD and albumin most. No "
        "included study reported severe adverse effects.",
        "data_notes": "The abstract gives direction and significance only, without pooled "
        "estimates, confidence intervals, I² or a participant total, and it does not name the "
        "effect measure, so no pooled results are recorded. The list of included trials is not "
        "known to us.",
        "pooled": [],
    },
    "R4": {
        "slug": "xue-2018-stem-cells-aclf",
        "short_title": "Stem cell therapy for acute-on-chronic liver failure: meta-analysis (Xue "
        "2018)",
        "findings": "Ten controlled studies (4 randomised, 6 not) of stem cells, MSC or "
        "bone-marrow mononuclear cells, in acute-on-chronic liver failure. The review reports "
        "lower bilirubin at 1, 3 and 12 months (P = 0.0008, 0.04 and 0.007), lower ALT in the "
        "short term (P < 0.00001), higher albumin (P < 0.0001), a MELD difference favouring "
        "stem cells (P = 0.008) and no change in INR (P = 0.64). MSC may work better than "
        "bone-marrow mononuclear cells.",
        "data_notes": "The abstract gives p-values only, without pooled differences, confidence "
        "intervals, I² or the effect measure, so no pooled results are recorded. It mixes "
        "randomised and non-randomised studies. Its table of studies is one of the review "
        "tables used for some trial details here; the included trials shown are those whose "
        "rows in that table we hold.",
        "pooled": [],
    },
    "R5": {
        "slug": "pan-2014-bm-msc-decompensated-cirrhosis",
        "short_title": "Bone-marrow MSC for decompensated cirrhosis: meta-analysis (Pan 2014)",
        "findings": "Five studies of bone-marrow MSC in decompensated cirrhosis, from China, "
        "Iran, Egypt and Brazil. In the two controlled studies combined for MELD, the score "
        "fell more with MSC at 2, 4 and 24 weeks. Albumin changes of -0.28, 2.60, 5.28 and 4.39 "
        "g/L at 8, 16, 24 and 48 weeks are given without confidence intervals. No serious "
        "adverse events or complications were reported.",
        "data_notes": "The MELD results are printed as negative numbers (a decline) and are kept "
        "as printed. The albumin values are called a 'mean improvement', with no confidence "
        "intervals or study counts, and it is not clear that they compare groups, so they are "
        "not recorded as pooled results. No PMID or I² was found.",
        "pooled": [
            _pooled(
                "meld",
                "MD",
                "MELD fell more with MSC than without.",
                estimate=-1.23,
                ci=(-2.45, -0.01),
                unit="points",
                label="2 weeks",
                weeks=2,
                studies=2,
            ),
            _pooled(
                "meld",
                "MD",
                "MELD fell more with MSC than without.",
                estimate=-1.87,
                ci=(-3.16, -0.58),
                unit="points",
                label="4 weeks",
                weeks=4,
                studies=2,
            ),
            _pooled(
                "meld",
                "MD",
                "MELD fell more with MSC than without.",
                estimate=-2.01,
                ci=(-3.35, -0.68),
                unit="points",
                label="24 weeks",
                weeks=24,
                studies=2,
            ),
        ],
    },
    "R6": {
        "slug": "pankaj-2015-bm-mnc-decompensated-liver",
        "short_title": "Own bone-marrow mononuclear cells for decompensated liver disease: "
        "meta-analysis (Pankaj 2015)",
        "findings": "Eight studies (4 randomised, 4 retrospective) of the patient's own "
        "bone-marrow mononuclear cells, which are related to MSC but are not MSC, in "
        "decompensated liver disease. Albumin was higher with cells at 1, 3 and 6 months and "
        "bilirubin lower at 6 months and 1 year; prothrombin time was longer with cells at 6 "
        "months, which is unfavourable. MELD and Child-Pugh scores did not change "
        "significantly. ALT and AST fell for a while.",
        "data_notes": "The cells are bone-marrow mononuclear cells, not MSC. The abstract gives "
        "no I² or participant totals. The unit of the 1-year bilirubin difference is not "
        "printed. The MELD and Child-Pugh results have no effect measure in the abstract and "
        "are described in the findings only.",
        "pooled": [
            _pooled(
                "albumin",
                "MD",
                "Albumin was higher with cells.",
                estimate=1.96,
                ci=(0.74, 3.17),
                unit="g/L",
                label="1 month",
                weeks=4.3,
                p_value="0.002",
            ),
            _pooled(
                "albumin",
                "MD",
                "Albumin was higher with cells.",
                estimate=2.55,
                ci=(0.32, 4.79),
                unit="g/L",
                label="3 months",
                weeks=13,
                p_value="0.03",
            ),
            _pooled(
                "albumin",
                "MD",
                "Albumin was higher with cells.",
                estimate=3.65,
                ci=(0.76, 6.54),
                unit="g/L",
                label="6 months",
                weeks=26,
                p_value="0.01",
            ),
            _pooled(
                "total-bilirubin",
                "MD",
                "Bilirubin was lower with cells.",
                estimate=-1.37,
                ci=(-2.68, -0.06),
                unit="mg/dL",
                label="6 months",
                weeks=26,
                p_value="0.04",
            ),
            _pooled(
                "total-bilirubin",
                "MD",
                "Bilirubin was lower with cells.",
                estimate=-1.26,
                ci=(-2.48, -0.03),
                label="1 year",
                weeks=52,
                p_value="0.04",
                note="The unit is not printed for this value.",
            ),
            _pooled(
                "prothrombin-time",
                "MD",
                "Prothrombin time was longer with cells, which is unfavourable.",
                estimate=5.66,
                ci=(0.04, 11.28),
                unit="s",
                label="6 months",
                weeks=26,
                p_value="0.05",
            ),
        ],
    },
}

# ---------------------------------------------------------------------------------------------
# Building the files
# ---------------------------------------------------------------------------------------------

INITIALS = re.compile(r"[A-Z]{1,4}")


def author_split(name: str) -> dict | None:
    """'Lin BL' -> family 'Lin', given 'BL'; 'et al.' and similar placeholders -> None."""
    name = name.strip()
    if name.lower().startswith("et al"):
        return None
    family, _, given = name.rpartition(" ")
    if family and INITIALS.fullmatch(given):
        return {"family": family, "given": given}
    return {"family": name, "given": ""}


def reference_record(source: dict, *, kind: str) -> dict:
    """A reference in our model's fields; values only a review's table supports are dropped."""
    authors = [a for a in (author_split(n) for n in source.get("authors") or []) if a]
    journal = source.get("journal") or ""
    return {
        "kind": kind,
        "title": source["title"],
        "journal": journal,
        "journal_abbreviation": JOURNAL_ABBREVIATIONS.get(journal, ""),
        "year": source.get("year"),
        "volume": source.get("volume") or "",
        "issue": source.get("issue") or "",
        "pages": source.get("pages") or "",
        "doi": source.get("doi") or "",
        "pmid": source.get("pmid") or "",
        "authors": authors,
    }


def follow_up_weeks(text: str | None) -> int | None:
    """Weeks for a follow-up that starts with one plain length ('24 weeks', '75 months')."""
    match = re.match(r"(\d+)[ -](day|week|month|year)s?\b", text or "")
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2)
    per_unit = {"day": 1 / 7, "week": 1, "month": 52 / 12, "year": 52}[unit]
    return round(number * per_unit)


def trial_design(source: dict) -> str:
    if source["randomized"] is True:
        return "rct"
    if not source["design"]:
        return ""
    if "single" in source["design"]:
        return "single_arm"
    # Controlled but not (or not stated to be) randomised; design_details keeps the words.
    return "non_randomised"


def arm_cell_source(arm: dict) -> str | None:
    cell_type = (arm["cell_type"] or "").lower()
    source = arm["cell_source"] or ""
    if arm["role"] == "control":
        return None
    if "extracellular vesicles" in cell_type or "exosomes" in cell_type:
        return "msc-extracellular-vesicles"
    if "cd133" in cell_type:
        return "cd133-cells"
    if "mononuclear" in cell_type:
        return "bone-marrow-mononuclear-cells"
    if "regenerative cells" in cell_type:
        return "adipose-derived-regenerative-cells"
    if "type not specified" in cell_type:
        return "other-cells"
    if source == "umbilical cord blood":
        return "umbilical-cord-blood-msc"
    if source.startswith("umbilical cord"):
        return "umbilical-cord-msc"
    if source == "bone marrow":
        return "bone-marrow-msc"
    if source == "adipose tissue":
        return "adipose-msc"
    raise ValueError(f"no cell source for {arm}")


def arm_role(arm: dict) -> str:
    if arm["role"] == "experimental":
        return "experimental"
    words = f"{arm['label']} {arm['co_intervention'] or ''}".lower()
    if "placebo" in words or "saline" in words:
        return "placebo"
    if "plasma exchange" in words:
        return "active_comparator"
    if any(
        w in words
        for w in (
            "smt",
            "standard",
            "conventional",
            "supportive",
            "comprehensive",
            "smc",
            "entecavir",
            "same medical treatment",
        )
    ):
        return "standard_care"
    # 'Control' or 'matched controls' with no treatment named: not guessed.
    return "other"


def arm_record(arm: dict, position: int, unverified: list[str]) -> dict:
    route_words = arm["route"]
    route = ROUTE_VALUES[route_words] if route_words else None
    description = arm["cell_type"] if arm["cell_type"] not in (None, "MSC") else ""
    if route == "other":
        description = f"{arm['cell_type']}, given via {route_words}"
    return {
        "key": arm["arm_id"],
        "position": position,
        "label": arm["label"],
        "role": arm_role(arm),
        "cell_source": arm_cell_source(arm),
        "cell_description": description,
        "donor_type": arm["allogeneic_autologous"] or "",
        "route": route,
        "dose_text": arm["dose_text"] or "",
        "dose_cells_per_kg_min": arm["dose_cells_per_kg_min"],
        "dose_cells_per_kg_max": arm["dose_cells_per_kg_max"],
        "dose_cells_total": arm["dose_cells_total_per_infusion"],
        "administrations_count": arm["n_infusions"],
        "interval": arm["interval"] or "",
        "co_intervention": arm["co_intervention"] or "",
        "participants_count": arm["n"],
        "unverified_fields": unverified,
    }


def registry_record(entry: dict) -> dict:
    basis = entry["link_basis"].lower()
    return {
        "registry": REGISTRIES[entry["registry"]],
        "identifier": entry["id"],
        "is_inferred": "inferred" in basis or "not print" in basis or "does not print" in basis,
    }


def secondary_fields(source: dict) -> tuple[list[str], dict[int, list[str]]]:
    """Model field names flagged unverified: the trial's, and each arm's by index."""
    trial_fields: list[str] = []
    arm_fields: dict[int, list[str]] = {}
    for path in source["secondary_only_fields"]:
        if (source["trial_id"], path) in LEFT_OUT:
            continue
        arm_match = re.fullmatch(r"arms\[(\d+)\]\.(\w+)", path)
        if arm_match:
            arm_fields.setdefault(int(arm_match.group(1)), []).append(
                ARM_FIELDS[arm_match.group(2)]
            )
        else:
            trial_fields.append(TRIAL_FIELDS[path])
    return trial_fields, arm_fields


def outcome_records(source: dict) -> list[dict]:
    tid = source["trial_id"]
    specs = OUTCOMES.get(tid, [])
    used = {spec["row"] for spec in specs}
    for row, outcome in enumerate(source["outcomes"]):
        has_number = outcome["value"] is not None
        if has_number and row not in used and (tid, row) not in ROWS_NOT_RESULTS:
            raise ValueError(f"{tid} outcome {row} has a number but no result")
    records = []
    for spec in specs:
        record = {key: value for key, value in spec.items() if key != "row"}
        record.setdefault("comparator_arm", None)
        record.update(reference=0, source_location="abstract", source_kind="publication")
        records.append(record)
    return records


def trial_record(source: dict) -> dict:
    tid = source["trial_id"]
    curation = TRIALS[tid]
    trial_unverified, arm_unverified = secondary_fields(source)
    references = [
        {
            "role": "long_term_follow_up" if tid == "T01" else "primary_results",
            "reference": reference_record(ref, kind="journal_article"),
        }
        for ref in source["references"]
    ]
    for ref in references:
        for path in ("references[0].year",):
            if (tid, path) in LEFT_OUT:
                ref["reference"]["year"] = None
    conditions = CONDITION_CATEGORIES[source["condition_category"]]
    return {
        "dataset_id": tid,
        "slug": curation["slug"],
        "title": source["title"] or curation["title"],
        "short_title": curation["short_title"],
        "acronym": curation.get("acronym", ""),
        "design": trial_design(source),
        "design_details": source["design"] or "",
        "masking": MASKING[source["masking"]] if source["masking"] else "",
        "phase": PHASES[source["phase"]] if source["phase"] else "",
        "recruitment_status": RECRUITMENT_STATUSES[source["status"]] if source["status"] else "",
        "countries": [COUNTRY_VALUES[source["country"]]] if source["country"] else [],
        "conditions": conditions,
        "condition_text": source["condition_text"] or "",
        "etiologies": sorted({ETIOLOGY_VALUES[e] for e in source["etiology"] or []}),
        "sponsor": source["sponsor"] or "",
        "start_date": curation.get("start"),
        "completion_date": curation.get("completion"),
        "enrollment": source["enrollment"],
        "enrollment_kind": ENROLLMENT_KINDS[source["enrollment_kind"]]
        if source["enrollment_kind"]
        else "",
        "enrollment_details": source["enrollment_kind"] or "",
        "follow_up": source["follow_up"] or "",
        "follow_up_weeks": follow_up_weeks(source["follow_up"]),
        "plain_summary": curation["plain_summary"],
        "clinician_summary": curation.get("clinician_summary", ""),
        "safety_summary": curation.get("safety_summary", ""),
        "data_notes": curation["data_notes"],
        "unverified_fields": trial_unverified,
        "registry_ids": [registry_record(entry) for entry in source["registry_ids"]],
        "arms": [
            arm_record(arm, position, arm_unverified.get(position, []))
            for position, arm in enumerate(source["arms"])
        ],
        "references": references,
        "outcomes": outcome_records(source),
    }


def review_included(review_id: str, trials: list[dict]) -> list[str]:
    """Dataset ids of trials whose row the reference set quotes from this review's study table."""
    marker = REVIEW_STUDY_TABLES.get(review_id)
    if marker is None:
        return []
    return [t["trial_id"] for t in trials if marker in json.dumps(t)]


def review_record(source: dict, trials: list[dict], slugs: dict[str, str]) -> dict:
    curation = REVIEWS[source["review_id"]]
    search_end = source["search_end_date"] or ""
    return {
        "dataset_id": source["review_id"],
        "slug": curation["slug"],
        "short_title": curation["short_title"],
        "reference": reference_record(source, kind="review"),
        "trials": [slugs[tid] for tid in review_included(source["review_id"], trials)],
        "search_date": search_end if re.fullmatch(r"\d{4}-\d{2}-\d{2}", search_end) else None,
        "search_date_text": search_end,
        "studies_count": source["n_studies"],
        "participants_count": source["n_participants"],
        "population": source["population"] or "",
        "interventions": source["interventions"] or "",
        "statistical_model": source["statistical_model"] or "",
        "findings": curation["findings"],
        "data_notes": curation["data_notes"],
        "pooled_results": curation["pooled"],
    }


def vocabularies() -> dict:
    return {
        "conditions": CONDITIONS,
        "etiologies": [{"slug": s, "name": n, "description": d} for s, n, d in ETIOLOGIES],
        "cell_sources": CELL_SOURCES,
        "routes": [{"slug": s, "name": n, "description": d} for s, n, d in ROUTES],
        "countries": [
            {"slug": s, "name": n, "code": c, "description": ""} for s, n, c in COUNTRIES
        ],
        "outcome_measures": OUTCOME_MEASURES,
    }


def build(source_path: Path) -> tuple[dict, dict]:
    data = json.loads(source_path.read_text(encoding="utf-8"))
    trials = [trial_record(t) for t in data["trials"]]
    slugs = {t["dataset_id"]: t["slug"] for t in trials}
    if len(set(slugs.values())) != len(slugs):
        raise ValueError("trial slugs are not unique")
    reviews = [review_record(r, data["trials"], slugs) for r in data["reviews"]]
    evidence = {
        "source": {
            "dataset": data["meta"]["dataset"],
            "schema_version": data["meta"]["schema_version"],
            "generated_utc": data["meta"]["generated_utc"],
            "note": "Built by scripts/build_demo_data.py from the curated reference set; "
            "summaries and notes are our own words; provenance quotes are left out.",
        },
        "trials": trials,
        "reviews": reviews,
    }
    return vocabularies(), evidence


def main() -> None:
    source_path = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    vocab, evidence = build(source_path)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, content in (("vocabularies.json", vocab), ("liver_msc_evidence.json", evidence)):
        text = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        (OUT_DIR / name).write_text(text, encoding="utf-8")
    print(
        f"wrote {len(evidence['trials'])} trials and {len(evidence['reviews'])} reviews "
        f"to {OUT_DIR.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()

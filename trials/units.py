"""Unit conversion for outcome values: pure functions, no database."""

# Factors to multiply a value in the first unit by to get the second. Sources: SI conversion
# tables of the AMA Manual of Style (albumin g/dL x 10 = g/L; bilirubin mg/dL x 17.1 = umol/L;
# creatinine mg/dL x 88.4 = umol/L).
_FACTORS: dict[tuple[str, str], float] = {
    ("g/dl", "g/l"): 10.0,
    ("mg/dl", "µmol/l"): 17.1,
    ("mg/dl", "umol/l"): 17.1,
    ("mg/dl", "µmol/l creatinine"): 88.4,
    ("mg/l", "g/l"): 0.001,
    ("mmol/l", "mmol/l"): 1.0,
}

_ALIASES = {"μmol/l": "µmol/l", "umol/l": "µmol/l", "micromol/l": "µmol/l"}


def normalise_unit(unit: str) -> str:
    """Fold case, spacing and the two micro signs so that equal units compare equal."""
    folded = " ".join(unit.strip().lower().split())
    return _ALIASES.get(folded, folded)


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """The factor taking a value in from_unit to to_unit, or None when no conversion is known."""
    source, target = normalise_unit(from_unit), normalise_unit(to_unit)
    if source == target:
        return 1.0
    if (source, target) in _FACTORS:
        return _FACTORS[(source, target)]
    if (target, source) in _FACTORS:
        return 1.0 / _FACTORS[(target, source)]
    return None


def convert(value: float | None, from_unit: str, to_unit: str) -> float | None:
    """value expressed in to_unit, or None when the value is missing or units do not convert."""
    factor = conversion_factor(from_unit, to_unit)
    if value is None or factor is None:
        return None
    return value * factor

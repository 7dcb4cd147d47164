"""Typed reading of a ClinicalTrials.gov JSON document: each value named by its path when wrong."""

from typing import Any

from django.utils.translation import gettext as _

from evidence.importing.errors import PayloadError

NOT_ESTIMABLE = frozenset({"NA", "N/A", "NE", ""})


def wrong(path: str, expected: str) -> PayloadError:
    """The error for a value at path that is not what every record has there."""
    return PayloadError(
        _("%(path)s should be %(expected)s in the ClinicalTrials.gov document.")
        % {"path": path, "expected": expected}
    )


def object_at(parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise wrong(f"{path}.{key}", _("an object"))
    return value


def list_at(parent: dict[str, Any], key: str, path: str) -> list[Any]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise wrong(f"{path}.{key}", _("a list"))
    return value


def objects_at(parent: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
    items = []
    for index, item in enumerate(list_at(parent, key, path)):
        if not isinstance(item, dict):
            raise wrong(f"{path}.{key}[{index}]", _("an object"))
        items.append((f"{path}.{key}[{index}]", item))
    return items


def text_at(parent: dict[str, Any], key: str, path: str) -> str:
    value = parent.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise wrong(f"{path}.{key}", _("text"))
    return " ".join(str(value).split())


def texts_at(parent: dict[str, Any], key: str, path: str) -> list[str]:
    values = []
    for index, value in enumerate(list_at(parent, key, path)):
        if not isinstance(value, str):
            raise wrong(f"{path}.{key}[{index}]", _("text"))
        if value.strip():
            values.append(" ".join(value.split()))
    return values


def number_at(parent: dict[str, Any], key: str, path: str) -> float | None:
    value = text_at(parent, key, path)
    if value.upper() in NOT_ESTIMABLE:
        return None
    try:
        return float(value.replace(",", ""))
    except ValueError:
        raise wrong(
            f"{path}.{key}", _("a number or NA (it is %(value)r)") % {"value": value}
        ) from None


def count_at(parent: dict[str, Any], key: str, path: str) -> int | None:
    number = number_at(parent, key, path)
    if number is None:
        return None
    if number < 0 or number != int(number):
        raise wrong(f"{path}.{key}", _("a whole number (it is %(value)r)") % {"value": number})
    return int(number)

"""What no real record holds, refused before anything is written: deep nesting, control characters.

A registry or a man in the middle can send anything. JSON nested a thousand levels deep stops
Python's decoder (RecursionError), and a NUL character cannot be stored in PostgreSQL; other
control characters are stored but then break every XML export and the Atom feed (XML 1.0 cannot
carry them, which is also why PubMed's XML never contains them). Both are refused here with a
message naming where, so the curator sees what is wrong and nothing is changed.
"""

import json
import re
from typing import Any

from django.utils.translation import gettext as _

from evidence.importing.errors import PayloadError

# C0 control characters other than tab, line feed and carriage return: what XML 1.0 refuses.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode_json(raw: bytes | str, *, service: str) -> Any:
    """json.loads, with nesting too deep for the decoder refused as a PayloadError.

    JSONDecodeError (and ValueError for bytes that are not UTF-8) pass through for the caller's
    own message.
    """
    try:
        return json.loads(raw)
    except RecursionError as error:
        raise PayloadError(
            _(
                "The %(service)s answer is nested too deeply to be read (lists or objects "
                "inside each other about a thousand times); it was refused and nothing was "
                "changed."
            )
            % {"service": service}
        ) from error


def refuse_control_characters(document: Any, *, service: str) -> None:
    """Raise PayloadError naming the first text (key or value) that holds a control character."""
    pending: list[tuple[str, Any]] = [("", document)]
    while pending:  # iterative: a document can be nested almost a thousand levels deep
        path, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                inner = f"{path}.{key}" if path else str(key)
                if CONTROL_CHARACTER.search(key):
                    _refuse(service, path or "(top level)", key)
                pending.append((inner, item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
        elif isinstance(value, str) and CONTROL_CHARACTER.search(value):
            _refuse(service, path, value)


def _refuse(service: str, path: str, text: str) -> None:
    character = CONTROL_CHARACTER.search(text).group()
    raise PayloadError(
        _(
            "The %(service)s answer holds a control character (U+%(code)04X) in %(path)s, "
            "which cannot be stored or exported; it was refused and nothing was changed. "
            "Check the record at %(service)s, or enter it by hand."
        )
        % {"service": service, "code": ord(character), "path": path[:200]}
    )

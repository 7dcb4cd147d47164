"""Compile locale/*/LC_MESSAGES/*.po into .mo files with polib (no gettext tools needed).

Run by `make messages` (and so by `make run`, `make test` and CI). Django's own
`compilemessages` needs GNU gettext's msgfmt, which a fresh machine may not have.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def main() -> int:
    """Compile every catalogue; fail on a catalogue polib cannot read."""
    compiled = 0
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        compiled += 1
    print(f"compiled {compiled} translation catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

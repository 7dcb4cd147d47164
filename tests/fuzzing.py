"""How hard the fuzz tests (marker `fuzz`) try.

By default a quick pass: FUZZ_EXAMPLES generated examples per test (5), and schemathesis skips its
deterministic "coverage" phase, so `make test` stays fast. Setting FUZZ_EXAMPLES asks for a full
run: that many examples, and every schemathesis phase. CI (.ci/run) sets FUZZ_EXAMPLES=100.
Run only these tests with `pytest -m fuzz`, or leave them out with `pytest -m "not fuzz"`.
"""

import os

FULL = "FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))

"""What every fuzz case asserts: the file is read, or refused with a ReadError naming it; never
another exception, never a hang (GONGKAI_MAX_SECONDS, set low here, turns one into a failure).

FUZZ_EXAMPLES sets the cases per test (a brief run in `make test`; `make fuzz` runs thousands);
FUZZ_RANDOM=1 draws new cases each run instead of the same ones.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

from gongkai import limits
from gongkai.model import Document, ReadError
from gongkai.readers import read_document

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
HANG_SECONDS = int(os.environ.get("FUZZ_HANG_SECONDS", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a slow case is a hang only past HANG_SECONDS, checked by `read_or_refuse`
    database=None,  # failures are kept by hand as named tests in test_regressions.py
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    # No shrinking: a whole conversion per step made it take minutes; each case names itself.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)


class Hang(AssertionError):
    """A case ran past HANG_SECONDS."""


def read_or_refuse(path: Path) -> Document | ReadError:
    """Read ``path``; return the Document or the ReadError (which must name the file)."""
    previous = os.environ.get(limits.SECONDS.env)
    os.environ[limits.SECONDS.env] = str(HANG_SECONDS)
    try:
        with limits.deadline(path.name):
            document = read_document(path)
    except limits.LimitExceeded as exc:
        if exc.limit is limits.SECONDS:
            raise Hang(f"{path.name}: still reading after {HANG_SECONDS} s") from exc
        assert path.name in str(exc), str(exc)
        return exc
    except ReadError as exc:
        assert path.name in str(exc), str(exc)
        assert "Traceback" not in str(exc)
        return exc
    finally:
        if previous is None:
            os.environ.pop(limits.SECONDS.env, None)
        else:
            os.environ[limits.SECONDS.env] = previous
    assert isinstance(document, Document)
    for block in document.blocks:
        widths = {len(row) for row in getattr(block, "rows", ())}
        assert len(widths) <= 1 or document.format == "txt", "a ragged table"
    return document

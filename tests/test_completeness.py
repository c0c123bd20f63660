"""PDF rules drawn in pieces (kept here from the completeness tests; it belongs with the readers)."""

from __future__ import annotations

from gongkai.readers.pdf import _closing_rules


def _v(x: float, top: float, bottom: float) -> dict[str, object]:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def test_vertical_rules_drawn_in_pieces_make_no_row_boundary() -> None:
    """省高院 2019 政府采购: every vertical rule is cut at y 131.9-132.4 inside the header."""
    pieces = [
        edge
        for x in (62.4, 126.2, 219.6)
        for edge in (_v(x, 119.9, 131.9), _v(x, 131.9, 132.4), _v(x, 132.4, 145.5))
    ]
    tops = [round(float(rule["top"])) for rule in _closing_rules(pieces)]  # type: ignore[arg-type]
    assert tops == [120, 146]  # the table's top and bottom only, nothing at 132
    # a table starting on a new page without its top rule still gets one
    alone = [_v(x, 20.0, 80.0) for x in (62.4, 126.2, 219.6)]
    assert [round(float(r["top"])) for r in _closing_rules(alone)] == [20, 80]  # type: ignore[arg-type]

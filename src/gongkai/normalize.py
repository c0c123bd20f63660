"""Text normalisation and amount parsing: full-width folding, whitespace, Decimal amounts as printed."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Full-width ASCII variants (！..～) map to ASCII by a fixed offset; the ideographic space to a space.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Keep Chinese punctuation that carries meaning in budget text as printed: （）、：；，“” stay
# full-width so that names such as 因公出国（境） are not altered; digits, Latin letters, % . - +
# and comparison signs are folded.
_KEEP = set("（）：；，！？")
_TRANSLATION = {k: v for k, v in _FULLWIDTH.items() if chr(k) not in _KEEP}
_TRANSLATION.update({0x2212: ord("-")})  # minus sign


def normalize_text(text: str) -> str:
    """Fold full-width digits/letters/ASCII punctuation, drop zero-width and BOM characters."""
    text = text.translate(_TRANSLATION)
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\xa0", " ")
    return text


def collapse_spaces(text: str) -> str:
    """Remove layout spaces: between CJK characters they are line-wrap artefacts; elsewhere fold to one."""
    text = re.sub(r"\s+", " ", text.strip())
    cjk = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）：]"
    text = re.sub(rf"(?<={cjk}) (?=\S)|(?<=\S) (?={cjk})", "", text)
    return text


_DASHES = {"-", "—", "——", "–", "－", "/", "—-", "--"}
_AMOUNT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class AmountError(ValueError):
    """A cell expected to hold an amount holds something else."""


def parse_amount(text: str) -> Decimal | None:
    """Parse a printed amount exactly: ``29,295.60`` -> Decimal('29295.60'); blank or dash -> None.

    Parenthesised amounts ``（12.00）`` are negative, as accountants print them.
    """
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not t or t in _DASHES:
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    if not _AMOUNT.match(t):
        raise AmountError(f"not an amount: {text!r}")
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise AmountError(f"not an amount: {text!r}") from exc
    return -value if negative else value


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# The one place that knows what a printed unit is worth in 元.
UNIT_IN_YUAN = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(10**8),
}


# The same, in 万元 (the unit prose usually quotes), written out so that products keep the printed
# decimals of the amount (10000 × 0.0001 would carry four more); checked against UNIT_IN_YUAN.
UNIT_IN_WAN_YUAN = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}
assert all(UNIT_IN_WAN_YUAN[u] * 10000 == f for u, f in UNIT_IN_YUAN.items())


def in_wan_yuan(value: Decimal, unit: str | None) -> Decimal:
    """An amount printed in ``unit`` as 万元 (no unit, or an unknown one: taken as 万元)."""
    return value * UNIT_IN_WAN_YUAN.get(unit or "万元", Decimal(1))


def yuan_factor(unit: str | None) -> Decimal | None:
    """How many 元 one printed unit is (万元 -> 10000); None for an unknown or missing unit."""
    return UNIT_IN_YUAN.get(unit or "")


def in_yuan(amount: Decimal, unit: str | None) -> Decimal | None:
    """An amount printed in ``unit`` in 元, exactly (no rounding); None when the unit is unknown."""
    factor = yuan_factor(unit)
    return amount * factor if factor is not None else None

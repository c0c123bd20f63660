"""The text a spreadsheet cell shows: its value rendered exactly with its Excel number or date format."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any


def _split_sections(fmt: str) -> list[str]:
    sections, buf, quoted, escape = [], [], False, False
    for ch in fmt:
        if escape:
            buf.append(ch)
            escape = False
        elif ch == "\\":
            buf.append(ch)
            escape = True
        elif ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    sections.append("".join(buf))
    return sections


def _general(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


_TOKEN = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|[0#?,.]+|.', re.S)


def _render_number(value: Decimal, fmt: str) -> str | None:
    """Render a number with an Excel number format; None when the format is not understood."""
    fmt = fmt or "General"
    sections = _split_sections(fmt)
    section = sections[0]
    auto_minus = value < 0
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, auto_minus = sections[1], False
        value = -value
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    if value < 0:
        value = -value
    if section.strip().lower() in ("general", "") or section.strip() == "@":
        text = _general(value)
        return f"-{text}" if auto_minus and value != 0 else text
    if re.search(r"[eE][+-]|/", re.sub(r'"[^"]*"|\\.', "", section)):
        return None  # scientific or fraction: not rendered, caller falls back to General
    parts: list[str] = []
    pattern_done = False
    percent = "%" in re.sub(r'"[^"]*"|\\.', "", section)
    for tok in _TOKEN.findall(section):
        if tok.startswith('"'):
            parts.append(tok[1:-1])
        elif tok.startswith("\\"):
            parts.append(tok[1:])
        elif tok.startswith(("_", "*")):
            continue  # padding and fill characters: layout only
        elif tok.startswith("["):
            inner = tok[1:-1]
            if inner.startswith("$"):
                parts.append(inner[1:].split("-")[0])  # currency/locale tag such as [$¥-804]
        elif tok[0] in "0#?,." and any(c in "0#?" for c in tok) and not pattern_done:
            parts.append(_render_pattern(value * (100 if percent else 1), tok))
            pattern_done = True
        elif tok.lower() == "general" or tok == "@":
            parts.append(_general(value))
        else:
            parts.append(tok)
    if not pattern_done:
        parts.append("")
    text = "".join(parts)
    if auto_minus and re.search(r"[1-9]", text):
        text = "-" + text
    return text


def _render_pattern(value: Decimal, pattern: str) -> str:
    scale = len(pattern) - len(pattern.rstrip(","))
    pattern = pattern.rstrip(",")
    if scale:
        value = value / (Decimal(1000) ** scale)
    int_part, _, dec_part = pattern.partition(".")
    dec_places = "".join(c for c in dec_part if c in "0#?")
    max_dec = len(dec_places)
    min_dec = len(dec_places.rstrip("#"))
    q = value.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
    whole, _, frac = format(q, "f").partition(".")
    frac = frac.rstrip("0").ljust(min_dec, "0") if max_dec > min_dec else frac
    min_int = int_part.count("0")
    whole = whole.lstrip("0").rjust(min_int, "0")
    if "," in int_part and whole:
        whole = f"{int(whole):,}".rjust(min_int, "0")
    return whole + ("." + frac if "." in pattern else "")


_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|\[[^\]]*\]|AM/PM|A/P|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|.',
    re.I | re.S,
)


def _render_date(value: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    """Render a date/time with the Excel format's y/m/d/h/s codes; ISO form when unclear."""
    section = _split_sections(fmt or "")[0]
    if not re.search(r"[ymdhs]", re.sub(r'"[^"]*"|\\.', "", section), re.I):
        return value.isoformat()
    tokens = _DATE_TOKEN.findall(section)
    out: list[str] = []
    d = value if isinstance(value, dt.date) else None
    t = value if isinstance(value, dt.time) else (value if isinstance(value, dt.datetime) else None)
    for i, tok in enumerate(tokens):
        low = tok.lower()
        prev = next((x.lower() for x in reversed(tokens[:i]) if x.strip() and x[0].isalpha()), "")
        nxt = next((x.lower() for x in tokens[i + 1 :] if x.strip() and x[0].isalpha()), "")
        if tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif tok.startswith("["):
            continue
        elif low in ("yyyy", "yy") and d is not None:
            out.append(f"{d.year:04d}" if low == "yyyy" else f"{d.year % 100:02d}")
        elif low in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s")) and t is not None:
            out.append(f"{t.minute:02d}" if low == "mm" else str(t.minute))
        elif low in ("m", "mm") and d is not None:
            out.append(f"{d.month:02d}" if low == "mm" else str(d.month))
        elif low in ("d", "dd") and d is not None:
            out.append(f"{d.day:02d}" if low == "dd" else str(d.day))
        elif low in ("h", "hh") and t is not None:
            out.append(f"{t.hour:02d}" if low == "hh" else str(t.hour))
        elif low in ("s", "ss") and t is not None:
            out.append(f"{t.second:02d}" if low == "ss" else str(t.second))
        elif low[0:1].isalpha() and low not in ("e",) and re.fullmatch(r"[ymdhsa/p]+", low):
            return value.isoformat()
        else:
            out.append(tok)
    return "".join(out)


def display_value(value: Any, number_format: str | None) -> str:
    """The text a spreadsheet cell shows: numbers rendered exactly with their number format.

    Floats go through ``Decimal(str(value))`` (rounded to Excel's 15 significant digits) and are
    quantised half-up to the format's decimals, so 29295.6 with '0.00' shows as '29295.60'.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _render_date(value, number_format or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return str(value)
        if isinstance(value, float) and number != 0:
            digits = number.adjusted() + 1
            number = number.quantize(Decimal(1).scaleb(digits - 15), rounding=ROUND_HALF_UP)
        rendered = _render_number(number, number_format or "General")
        if rendered is None:
            text = _general(abs(number))
            rendered = f"-{text}" if number < 0 else text
        return rendered
    return str(value)

"""The budget knowledge files load, and a rule naming something unknown fails at load, clearly."""

from __future__ import annotations

import copy
import io
import tokenize
from pathlib import Path
from typing import Any

import pytest

from gongkai.templates import templates
from gongkai.validate import rules
from gongkai.validate.rules import RowSums, RulesError, Sum

SHIPPED = {name: rules._load(name) for name in ("identities.yaml", "claims.yaml")}


def _broken(monkeypatch: pytest.MonkeyPatch, name: str, change: Any) -> None:
    spec = copy.deepcopy(SHIPPED[name])
    change(spec)
    monkeypatch.setattr(rules, "_load", lambda asked: spec if asked == name else SHIPPED[asked])


def test_shanghai_row_sum_is_data() -> None:
    """The Shanghai 财务收支预算总表 identity lives in identities.yaml, expenditure side only."""
    found = [r for r in rules.identities().row_sums if r.table == "income_expenditure_summary"]
    assert found == [
        RowSums(
            "income_expenditure_summary",
            (
                Sum(
                    "amount", ("personnel_expenditure", "public_expenditure", "project_expenditure")
                ),
            ),
            (("side", "expenditure"),),
        )
    ]


def test_check_titles_come_from_tables_yaml_unless_shortened() -> None:
    assert rules.table_title("income_by_function") == "收入总表"  # tables.yaml title_zh
    assert rules.table_title("three_public_expenses") == "三公经费表"  # identities.yaml
    assert rules.table_title("narrative") == "narrative"


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "identities.yaml",
            lambda s: s["row_sums"].update(no_such_table={"sums": ["total = a + b"]}),
            "identities.yaml row_sums.no_such_table: table 'no_such_table' is no table kind",
        ),
        (
            "identities.yaml",
            lambda s: s["row_sums"]["basic_expenditure"].update(sums=["total = salary"]),
            "row_sums.basic_expenditure: basic_expenditure has no field 'salary'",
        ),
        (
            "identities.yaml",
            lambda s: s["row_sums"]["basic_expenditure"].update(sums=["total is the sum"]),
            "'total is the sum' is not 'total = part + part'",
        ),
        (
            "identities.yaml",
            lambda s: s["three_public"]["sums"][0].update(sum="grand_total = taxis"),
            "['taxis'] are no 三公 line keys",
        ),
        (
            "identities.yaml",
            lambda s: s["check_titles"].update(no_such_table="表"),
            "check_titles: table 'no_such_table' is no table kind",
        ),
        (
            "claims.yaml",
            lambda s: s["after_change"].append({"words": "会议费", "target": {"guess": {}}}),
            "claims.yaml after_change '会议费': unknown target kind 'guess'",
        ),
        (
            "claims.yaml",
            lambda s: s["after_change"].append(
                {
                    "words": "x",
                    "target": {
                        "total_line": {
                            "table": "basic_expenditure",
                            "column": "salary",
                            "label": "x",
                        }
                    },
                }
            ),
            "basic_expenditure has no field 'salary'",
        ),
        (
            "claims.yaml",
            lambda s: s["before_change"].append({"words": "(unclosed", "target": None}),
            "words '(unclosed' are no regular expression",
        ),
    ],
)
def test_unknown_names_fail_at_load(
    monkeypatch: pytest.MonkeyPatch, name: str, change: Any, message: str
) -> None:
    _broken(monkeypatch, name, change)
    load = rules.identities if name == "identities.yaml" else rules.claims
    with pytest.raises(RulesError) as raised:
        load.__wrapped__()  # type: ignore[attr-defined]
    assert message in str(raised.value)


def test_no_region_in_validate_code() -> None:
    """Region knowledge is data: no string in validate's code names a region or a template."""
    root = Path(rules.__file__).parent
    words = ("上海", "江苏", "Shanghai", "Jiangsu", *(t.name for t in templates()))
    found = []
    for path in sorted(root.rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING and any(word in token.string for word in words):
                if not token.string.startswith(('"""', "'''")):
                    found.append((path.name, token.string))
    assert found == []

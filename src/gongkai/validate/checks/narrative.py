"""Narrative claims: every amount and percentage quoted in the prose, matched to a table value or
one derived from the tables, with the derivation.

Which words name which table value is data (templates/claims.yaml); validate/statements.py reads
the statements, this module resolves the amounts, validate/checks/derive.py the percentages and
changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.codes import function_class_code
from gongkai.datapackage import Package
from gongkai.validate.check import Check
from gongkai.validate.checks import derive, unit_lines
from gongkai.validate.checks.claim_targets import (
    Lookup,
    Target,
    economic_item,
    function_class,
    income_line_in,
    lookup,
)
from gongkai.validate.checks.parts import listed_parts, parts_sum
from gongkai.validate.checks.resolution import (
    CATEGORY,
    TITLE_ZH,
    Resolution,
    check_of,
    compared,
    quote_tolerance,
    unresolved,
)
from gongkai.validate.checks.value_index import Printed, ValueIndex
from gongkai.validate.rules import WordRule, claims, claims_spec
from gongkai.validate.statements import Statement, statements
from gongkai.validate.tables import is_final

__all__ = ["CATEGORY", "TITLE_ZH", "Claim", "narrative_checks", "resolved_claims"]


@dataclass
class Claim:
    statement: Statement
    resolution: Resolution


def narrative_checks(package: Package) -> list[Check]:
    return [check_of(c.statement, c.resolution) for c in resolved_claims(package)]


# The claims of the package resolved last: the narrative checks, the semantic checks and the
# claims resource all read them, and a package is validated by one call after another.
_last: tuple[Package, list[Claim]] | None = None


def resolved_claims(package: Package) -> list[Claim]:
    """Every statement of the narrative with its resolution, in reading order."""
    global _last
    if _last is not None and _last[0] is package:
        return _last[1]
    found = _resolve(package)
    _last = (package, found)
    return found


def _resolve(package: Package) -> list[Claim]:
    rules = claims()
    names = {
        r.text("name") for t in rules.item_names_from for r in package.rows(t) if r.text("name")
    }
    before = rules.before_change + (rules.final_only if is_final(package) else ())
    index = ValueIndex(package)
    found: list[Claim] = []
    done: dict[str, Resolution] = {}
    for statement in statements(package):
        if statement.unit == "%":
            resolution = derive.percentage(
                _name_value(package, index), statement, done, _wider_value(package)
            )
        elif statement.kind == "change":
            resolution = derive.change_amount(package, statement, done)
        else:
            resolution = _amount(package, statement, before, names, index)
        done[statement.claim_id] = resolution
        found.append(Claim(statement, resolution))
    for at, claim in enumerate(found):
        if claim.statement.kind == "amount" and claim.statement.unit != "%":
            _breakdown(claim, found[at + 1 : at + 12])
            _line_parts(claim, found[at + 1 : at + 12], index)
    return found


def _line_parts(line: Claim, following: list[Claim], index: ValueIndex) -> None:
    """The parts a coded line's amount is split into right after it (对个人和家庭的补助（303）
    100151.38万元，其中：人员经费138.06万元；公用经费…；专项业务经费…): each is that line's
    column (claims.yaml `line_parts`), not the table's whole 人员经费, until the paragraph
    names another coded line."""
    resolution = line.resolution
    if resolution.status != "agree" or not resolution.code or not resolution.table_id:
        return
    coded_line = claims_spec()["statements"]["coded_line"]
    if not re.search(coded_line, line.statement.context):
        return  # a line named without its code (深圳: 包括…对个人和家庭的补助支出845.14万元、项目支出…)
    spec = claims_spec()["line_parts"]
    paragraph = line.statement.paragraph.text("paragraph_id")
    for claim in following:
        statement = claim.statement
        if statement.paragraph.text("paragraph_id") != paragraph:
            return
        if re.search(coded_line, statement.context):
            return
        words = re.sub(spec["lead"], "", statement.context)
        column = next((c for c, p in spec["columns"].items() if re.fullmatch(p, words)), None)
        if column is None or statement.kind != "amount":
            continue
        part = index.line_part(resolution.table_id, resolution.code, column)
        if part is not None:
            claim.resolution = _against_printed(statement, part)


def _breakdown(total: Claim, following: list[Claim]) -> None:
    """A total whose listed parts add up to it: agrees so when no table prints it; when it is
    one line of a table (a class), a part that disagrees with a table's whole (人员经费) is the
    line's share of it, not that whole."""
    parts = listed_parts(total.statement, [c.statement for c in following])
    summed = parts_sum(total.statement, parts) if parts else None
    if summed is None:
        return
    if total.resolution.status == "unresolved":
        total.resolution = summed
    if not _is_sub_line(total.resolution):
        return  # 基本支出2078.30（包括人员经费…）: parts of a whole, each its table line's
    for part in following:
        whole_line = re.search("合计|总计", part.resolution.item or part.resolution.what_zh)
        if part.statement in parts and part.resolution.status == "disagree" and whole_line:
            whole = f"{total.statement.printed}{total.statement.unit}"
            part.resolution = unresolved(
                f"此为「{whole}」所列分项之一（各分项之和等于它），"
                f"与{part.resolution.what_zh}不同：所指应是其中的一部分，未判为不符"
            )


def _amount(
    package: Package,
    statement: Statement,
    before: tuple[WordRule, ...],
    names: set[str | None],
    index: ValueIndex,
) -> Resolution:
    """An amount: the table value its words name (claims.yaml), else the printed amount of that
    value whose line name shares words with the subject, else the line the subject names."""
    context, heading = statement.context, statement.paragraph.text("heading") or ""
    rule = next((r for r in before if r.words.search(context)), None)
    if rule is None and statement.reference_year != statement.filing_year:
        # 上年预算数为X, 2016年度…为X: last year's amount, in last year's filing.
        return unresolved(derive.OTHER_YEAR)
    coded = re.search(claims_spec()["statements"]["coded_line"], context)
    if coded:
        return _by_code(statement, coded.group("code"), index)
    target_lookup: Lookup | None = lookup(rule.target) if rule else None
    class_code = _named_class(context) if rule is None else None
    if class_code:
        return _by_code(statement, class_code, index)
    if rule is None:
        clause = statement.clause[: statement.position - statement.clause_offset]
        if _part_of_unprinted_whole(package, clause, context):
            # 机关运行经费82万元，其中：公务接待费2万元…: a part of a whole no table prints;
            # another table's line of that name or value (三公's 公务接待费) is not it.
            return unresolved(_why_not_printed(statement) or "表中无此项")
        target_lookup = _rule_for(context, heading)
        if target_lookup is None or claims().item_headings.search(heading):
            item = _item_name(context, names)
            if item:
                target_lookup = economic_item(item, heading, clause)
    target = target_lookup(package) if target_lookup else None
    if target is not None:
        # The rule names the line: its value decides, even when another line prints the number.
        found = _against(package, statement, target)
        if found.status == "disagree" and rule is None:
            found = _alternative(package, statement) or found
        scope = _why_not_printed(statement, scope=True) if rule is None else ""
        if found.status == "disagree" and scope:
            # 绩效目标管理…预算资金6039万元，其中财政拨款6039万元: the scope of the targets, which
            # may equal a table line (项目支出) but differing from one is no slip.
            return unresolved(scope)
        return found
    listed = unit_lines.resolve(package, statement) if rule is None else None
    if listed is not None:
        return listed
    other = index.by_value(statement.wan_yuan, statement.half_unit(), statement.subject)
    if other is not None:
        return _against_printed(statement, other)
    named = {e.value: e for e in index.named(statement.subject)} if rule is None else {}
    if len(named) == 1:
        return _against_printed(statement, next(iter(named.values())))
    if statement.reference_year != package.meta.get("year"):
        return unresolved("是上年数，由上年的公开文件核对")
    why = _why_not_printed(statement)
    if why:
        return unresolved(why)
    if rule is not None:
        return unresolved("此类数字本文件的表中未印（" + rule.words.pattern[:20] + "）")
    return unresolved("表中无此数值，也无同名的行")


def _part_of_unprinted_whole(package: Package, clause: str, context: str) -> bool:
    """The clause before the number names a whole (claims.yaml economic_items.clause_tables:
    机关运行经费) whose tables the filing does not print, and the number is one of its parts
    (the words just before it do not name the whole itself)."""
    return any(
        re.search(words, clause)
        and not re.search(words, context)
        and not any(package.rows(t) for t in tables)
        for words, tables in claims().clause_item_tables.items()
    )


def _why_not_printed(statement: Statement, scope: bool = False) -> str:
    """Why no table holds the amount (claims.yaml `not_printed`): the first entry whose words
    are in the clause before the number (政府采购, 绩效, 用款计划 …) or, for `near`, in the words
    since the previous number (主要用于… a detail of a reason). ``scope``: only the entries
    marked `scope` (a clause about 绩效 names a scope a table line may or may not equal)."""
    before = statement.clause[: statement.position - statement.clause_offset]
    for entry in claims_spec()["not_printed"]:
        if scope and not entry.get("scope"):
            continue
        text = statement.context if entry.get("near") else before
        if re.search(entry["words"], text):
            return str(entry["note"])
    if scope:
        return ""
    if statement.value == 0:
        return "所述为0，表中未印此行（空项不印），无可核对"
    if statement.position == 0:
        # 6,015.67万元，项目支出… opening a paragraph: what it is was said before a table or
        # a page break that ends the paragraph above.
        return "此金额在段首，它所指的文字在上一段（被表格或分页隔开），无法确定所指"
    return ""


def _is_sub_line(resolution: Resolution) -> bool:
    """The total agrees with one line of a table, not its 合计 (农林水支出: a class)."""
    item = resolution.item or ""
    return resolution.status == "agree" and bool(
        resolution.code or (item and not re.search("合计|总计|小计", item))
    )


def _alternative(package: Package, statement: Statement) -> Resolution | None:
    """Another line the words may mean that agrees (claims.yaml `alternatives`), if any."""
    for entry in claims_spec()["alternatives"]:
        if not re.search(entry["words"], statement.context):
            continue
        for spec in entry["targets"]:
            found = lookup(spec)
            target = found(package) if found else None
            if target is not None:
                resolution = _against(package, statement, target)
                if resolution.status == "agree":
                    return resolution
    return None


def _named_class(context: str) -> str | None:
    """The code of a function class named just before the number (教育（类）支出), unless a
    more specific subject (三公, 人员经费 …) is named too."""
    rules = claims()
    named = rules.function_class.search(context)
    if named is None or any(r.words.search(context) for r in rules.after_change):
        return None
    return function_class_code(named.group(1) + "支出")


def _by_code(statement: Statement, code: str, index: ValueIndex) -> Resolution:
    """An amount of the line whose code the prose prints with it (气象服务（2200509）1396.15万元)
    or of a class it names (教育（类）支出): the line's total in whichever table prints it equal
    to the quote (all funds in the summary, 财政拨款 in its own), else the one value every table
    prints for it; tables printing it differently with none equal leave it unresolved."""
    lines = index.by_code(code)
    for line in lines:
        if abs(line.value - statement.wan_yuan) <= quote_tolerance(statement, line.value):
            return _against_printed(statement, line)
    values = {line.value for line in lines}
    if len(values) == 1:
        return _against_printed(statement, lines[0])
    if not lines:
        # The code names the line: another line printing the same number is not it.
        return unresolved(f"表中无编码{code}的行（表未印到此级科目）")
    shown = "、".join(str(v) for v in sorted(values))
    return unresolved(f"编码{code}的行在各表所印数值（{shown}万元）均与所述不同，不知所指哪一表")


def _name_value(package: Package, index: ValueIndex) -> derive.NameValue:
    """The table value (万元) of a whole named in the prose (占“三公”经费的): its rule's target,
    else the one line of that name."""

    def find(name: str) -> Decimal | None:
        rule = _rule_for(name, "")
        target = rule(package) if rule else None
        if target is not None:
            return target.in_wan_yuan(package)
        values = {e.value for e in index.named(name)}
        return values.pop() if len(values) == 1 else None

    return find


def _wider_value(package: Package) -> derive.NameValue:
    """The wider total (万元) a filer may take a share of a named whole from (claims.yaml
    `wider_share_bases`: 占“三公”经费的 of the 三公、会议费、培训费 合计)."""

    def find(name: str) -> Decimal | None:
        for rule in claims().wider_share_bases:
            found = lookup(rule.target) if rule.words.search(name) else None
            target = found(package) if found else None
            if target is not None:
                return target.in_wan_yuan(package)
        return None

    return find


def _against_printed(statement: Statement, printed: Printed) -> Resolution:
    """The statement against an amount the tables print (found by value or by name)."""
    return compared(
        statement,
        printed.value,
        quote_tolerance(statement, printed.value),
        printed.derivation(),
        printed.what_zh,
        table_id=printed.table,
        code=printed.code,
        item=printed.item,
    )


def _against(package: Package, statement: Statement, target: Target) -> Resolution:
    """The stated amount against a rule's table value, to half a unit of its last digit."""
    expected = target.in_wan_yuan(package)
    code = target.row if re.fullmatch(r"\d{3,7}", target.row) else ""
    return compared(
        statement,
        expected,
        quote_tolerance(statement, expected),
        f"{target.what_zh} {target.value}",
        target.what_zh,
        table_id=target.table,
        code=code,
        item="" if code else target.row,
    )


def _rule_for(context: str, heading: str) -> Lookup | None:
    """The subject named nearest before the number wins (一般公共预算拨款安排的会议费预算支出:
    会议费); generic words (支出预算) only when nothing more specific is named."""
    rules = claims()
    best: tuple[int, int, WordRule] | None = None
    for order, rule in enumerate(rules.after_change):
        for match in rule.words.finditer(context):
            if best is None or (match.end(), -order) > best[:2]:
                best = (match.end(), -order, rule)
    if best is not None:
        return lookup(best[2].target)
    named_class = rules.function_class.search(context)
    if named_class:
        return function_class(named_class.group(1) + "支出")
    named = income_line_in(context)
    for rule in rules.generic:
        if rule.words.search(context):
            for under in rule.under_heading:
                if under.words.search(heading):
                    return lookup(under.target)
            generic = lookup(rule.target)
            return lambda package: named(package) or (generic(package) if generic else None)
    return named


def _item_name(context: str, names: set[str | None]) -> str | None:
    stripped = re.sub(r"^[，,、：:（(其中]+", "", context.strip())
    # Enumerators before the item (（8）公务接待费, 8）, 1.) and the level after it (（款）).
    stripped = re.sub(r"^([（(]?[0-9一二三四五六七八九十]+[）).、．]\s*)+", "", stripped)
    stripped = re.sub(r"(预算|安排|支出|为|合计|共|[（(][类款项][）)])+$", "", stripped)
    return stripped if stripped in names else None

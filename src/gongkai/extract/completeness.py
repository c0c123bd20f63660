"""Is it a filing, and does it print the standard tables of its template (tables.yaml `templates`)?"""

from __future__ import annotations

from gongkai.extract.results import Filing, Problem
from gongkai.model import ReadError
from gongkai.templates import best_template, templates


def check_completeness(filing: Filing) -> None:
    """Refuse what is not a filing at all; report the standard tables of its template it lacks.

    The template (national, Jiangsu …) is the one of tables.yaml's `templates` whose standard
    kinds the filing prints most of: a Jiangsu filing is not asked for income_by_function.
    """
    found = {t.table_id for t in filing.tables}
    standard = {kind for template in templates() for kind in template.standard}
    if not found & standard and not filing.performance_projects:
        raise ReadError(
            f"{', '.join(filing.sources)}: no budget table recognised (no 收支总表, 支出表, 三公 …); "
            "is this a budget filing? If it is, add its table titles to "
            "src/gongkai/templates/tables.yaml"
        )
    template = best_template(found)
    missing = [name for name in template.standard if name not in found]
    if missing:
        filing.problems.append(
            Problem(
                "warning",
                "filing",
                None,
                f"standard tables not found: {', '.join(missing)} (template {template.name}: "
                f"{template.title_zh}); the file may be truncated, or print them under titles "
                "gongkai does not know yet",
            )
        )

"""The collection's SQLite database as datasette serves it: its in-process client, no server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.collection import DATABASE

# "三公 by department and year" in one query (the README's and the downloads page's).
THREE_PUBLIC_SQL = (
    "SELECT department_id, year, SUM(three_public_yuan) AS three_public FROM key_figures "
    "WHERE phase = '预算' GROUP BY department_id, year ORDER BY year"
)


async def datasette_get(collection: Path, *paths: str) -> list[Any]:
    """Each path's response (JSON decoded, else the page's text) from datasette opening the
    collection's database with the metadata.json published beside it; a non-200 fails."""
    from datasette.app import Datasette  # a dev dependency: imported only by tests that use it

    metadata = json.loads((collection / "metadata.json").read_text("utf-8"))
    datasette = Datasette([str(collection / DATABASE)], metadata=metadata)
    await datasette.invoke_startup()
    found = []
    for path in paths:
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        found.append(response.json() if ".json" in path else response.text)
    return found

"""MkDocs copies every file of the docs folder that is not a page into the site: at 1,000
filings, 2.8 GB of downloads, charts and workbooks on every build (about 3 s per 300 MB here).

gongkai writes the generated folder anew on every run, and never writes into a file it has
written (`files.write_text` unlinks first; `reuse` links whole files), so the site can share
those files instead. `install` makes MkDocs hard-link each file under the generated folder
into the site, and copy it where a link cannot be made (another file system). Every other
file (the hand-written docs, the theme's) is copied as before. `build_site` sets
``GONGKAI_LINK_GENERATED`` to the generated folder; overrides/hooks.py installs it then only.
"""

from __future__ import annotations

import os

ENVIRONMENT = "GONGKAI_LINK_GENERATED"


def install(generated: str) -> None:
    """Make MkDocs's ``copy_file`` hard-link the files under ``generated`` (once per process)."""
    from mkdocs import utils

    copy = utils.copy_file
    if getattr(copy, "gongkai_links", False):
        return
    root = os.path.join(os.path.realpath(generated), "")

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.realpath(source_path).startswith(root):
            output_dir = os.path.dirname(output_path)
            os.makedirs(output_dir, exist_ok=True)
            if os.path.isdir(output_path):
                output_path = os.path.join(output_path, os.path.basename(source_path))
            if not os.path.lexists(output_path):
                try:
                    os.link(source_path, output_path)
                    return
                except OSError:
                    pass  # another file system, or one without links: copied
        copy(source_path, output_path)

    copy_file.gongkai_links = True  # type: ignore[attr-defined]
    utils.copy_file = copy_file

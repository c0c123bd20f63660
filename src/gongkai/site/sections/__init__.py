"""One module per section of a filing's page; each section is a pure function returning Markdown."""

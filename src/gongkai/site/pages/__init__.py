"""Whole pages of the site, each composed of sections; pure functions returning Markdown."""

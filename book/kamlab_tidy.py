"""A Sphinx extension for the web edition: keep each page's scripts to what a static page uses.

sphinx-thebe (part of Jupyter Book 1, used for live code cells on Binder, which the web edition
does not offer) adds its settings script once per read of the sources, so a page can declare
``THEBE_JS_URL`` twice and the browser reports an error. This drops thebe's scripts and any
script listed twice. ``book/build.py`` copies this file beside the book's sources.
"""

from __future__ import annotations


def _key(script: object) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    return (str(getattr(script, "filename", script)), tuple(sorted(attributes.items())))


def _is_thebe(script: object) -> bool:
    text = f"{getattr(script, 'filename', script)} {getattr(script, 'attributes', {})}".lower()
    return "thebe" in text


def tidy_scripts(app, pagename, templatename, context, doctree) -> None:
    seen: set[tuple] = set()
    kept = []
    for script in context.get("script_files", []):
        key = _key(script)
        if key in seen or _is_thebe(script):
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", tidy_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""What a learner's JupyterLab does when it saves a notebook.

A slider or a button is a live object in the kernel. JupyterLab saves only a reference to it, so
a notebook reopened later shows "Error displaying widget: model not found". Before each save,
:func:`strip_widget_views` replaces such an output with one line that says what to do.

>>> model = {"type": "notebook", "content": {"cells": [{"cell_type": "code", "outputs": [
...     {"output_type": "display_data", "metadata": {},
...      "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "VBox()"}}]}]}}
>>> strip_widget_views(model)
>>> model["content"]["cells"][0]["outputs"][0]["data"]
{'text/plain': 'Run this cell again to bring back its sliders and buttons.'}
"""

from __future__ import annotations

from typing import Any

WIDGET = "application/vnd.jupyter.widget-view+json"
NOTE = "Run this cell again to bring back its sliders and buttons."


def strip_widget_views(model: dict[str, Any], **_: Any) -> None:
    """Jupyter ``pre_save_hook``: turn saved widget views into a one-line note (in place)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and WIDGET in data:
                output["data"] = {"text/plain": NOTE}
                output["metadata"] = {}

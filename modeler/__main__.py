"""Rewrite the shipped element templates file from the profile and the document types."""

from sopflow.modeler.element_templates import TEMPLATES_FILE, templates_json

TEMPLATES_FILE.write_text(templates_json(), encoding="utf-8")
print(TEMPLATES_FILE)

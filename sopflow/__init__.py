"""sopflow: run Indonesian government SOPs as BPMN workflows of signed official documents."""

__version__ = "0.1.0"

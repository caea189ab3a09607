"""Draft a runnable BPMN model from an SOP text (PermenPAN-RB 35/2012 layout)."""

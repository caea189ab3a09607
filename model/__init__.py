"""Loading BPMN models safely: the SOP profile, forms, sandboxed expressions and `check`."""

"""The SpiffWorkflow-based engine: cases, task completion, journal and persistence."""

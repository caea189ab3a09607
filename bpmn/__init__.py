"""Seed SOP models (BPMN 2.0 with the sopflow profile), shipped as package data."""

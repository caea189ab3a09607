"""Task forms (Camunda Forms JSON), shipped as package data."""

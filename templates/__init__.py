"""Naskah dinas document types and the reportlab engine that lays them out."""

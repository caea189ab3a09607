"""Which libraries' log records sopflow keeps off its users' terminals and server logs."""

from __future__ import annotations

__all__ = ["LIBRARY_LOGGERS"]

LIBRARY_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "SpiffWorkflow", "spiff", "fontTools", "bagit")
"""Libraries whose records would otherwise reach the terminal or the server log (pyHanko's
path-building noise on an untrusted certificate, SpiffWorkflow's per-task lines): their findings
reach the user as sopflow's own messages."""

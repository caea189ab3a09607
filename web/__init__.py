"""The web workspace (``sopflow serve``): server-rendered pages over the same case service as the CLI."""

from sopflow.web.app import create_app
from sopflow.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]

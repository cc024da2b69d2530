"""Logging to a rotating file under the user log dir (never to the database).

Secrets never reach a log: the secrets module does not log values, and nothing logs a
settings dictionary wholesale.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from relmanager.paths import ensure_private_dir, log_dir

LOG_NAME = "relmanager.log"


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> Path:
    """Route the ``relmanager`` loggers to ``log_dir()/relmanager.log`` (rotated, 0600)."""
    folder = ensure_private_dir(log_dir())
    path = folder / LOG_NAME
    root = logging.getLogger("relmanager")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) and
               Path(h.baseFilename) == path for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        path.chmod(0o600)
    if console:
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    return path

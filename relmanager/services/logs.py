"""Logging to a rotating file under the user log dir (never to the database).

Secrets never reach a log: the secrets module does not log values, and nothing logs a
settings dictionary wholesale.
"""

from __future__ import annotations

import logging
from pathlib import Path

from relmanager.paths import ensure_private_dir, log_dir

LOG_NAME = "relmanager.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(*, console: bool = False, level: int = logging.INFO,
                  rotate: bool | None = True) -> Path:
    """Route the ``relmanager`` loggers to ``log_dir()/relmanager.log`` (0600), rotated.

    The window starts with ``rotate=False`` and calls :func:`start_rotation` once it is
    on screen: ``logging.handlers`` (with pickle and queue) costs ~6 ms of start-up, and a
    log that grows by a few lines a day can wait a second to be rotated. The command line
    passes ``rotate=None``: a log is rotated only once it has reached ``MAX_BYTES`` (a
    command writes a line or two, if any, and that import was 3% of a ``relmanager
    list``); a log that one command took past the limit is rotated by the next."""
    folder = ensure_private_dir(log_dir())
    path = folder / LOG_NAME
    if rotate is None:
        rotate = path.is_file() and path.stat().st_size >= MAX_BYTES
    root = logging.getLogger("relmanager")
    if _file_handler(path) is None:
        if rotate:
            handler = _rotating_handler(path)
        else:
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
        path.chmod(0o600)
    if console:
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    return path


def start_rotation(path: Path) -> None:
    """Replace the plain file handler of a fast start with the rotating one."""
    import logging.handlers

    current = _file_handler(path)
    if current is None or isinstance(current, logging.handlers.RotatingFileHandler):
        return
    root = logging.getLogger("relmanager")
    # One assignment swaps them: a worker thread logging meanwhile writes its line once.
    root.handlers[root.handlers.index(current)] = _rotating_handler(path)
    current.close()


def _file_handler(path: Path) -> logging.FileHandler | None:
    for handler in logging.getLogger("relmanager").handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return handler
    return None


def _rotating_handler(path: Path) -> logging.Handler:
    import logging.handlers

    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    return handler

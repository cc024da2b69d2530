"""A full disk for one block of a test: every file write of this process past ``limit``
bytes fails with EFBIG, as writes to a full disk fail with ENOSPC (no tmpfs needed, and
the code under test runs in the test's own process, where coverage sees it)."""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Lower this process's RLIMIT_FSIZE soft limit to ``limit`` bytes while inside (the
    hard limit is left alone, so it can be raised back), with SIGXFSZ ignored so that a
    write past it fails instead of killing the process."""
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)

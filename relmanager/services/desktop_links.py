"""Whether the desktop has a program for a kind of link (``mailto:``, ``tel:``).

Qt's ``openUrl`` hands a mailto: link to ``xdg-open`` and reports success as soon as
that starts, even when no mail program is set up, and then nothing happens: the Email
button looked broken. Asking ``xdg-mime`` first lets the window say so instead. Where
there is no ``xdg-mime`` (or not Linux), Qt's own answer is all there is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys


def handler_missing(scheme: str) -> bool:
    """True when the desktop says no program opens ``scheme:`` links; False when one
    does or when it cannot tell (then ``openUrl``'s result decides)."""
    if not sys.platform.startswith("linux"):
        return False
    tool = shutil.which("xdg-mime")
    if tool is None:
        return False
    try:
        found = subprocess.run([tool, "query", "default", f"x-scheme-handler/{scheme}"],
                               capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and not found.stdout.strip()

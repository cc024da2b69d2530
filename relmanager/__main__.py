"""``python -m relmanager`` and the ``relmanager`` launcher."""

from __future__ import annotations

import sys

from relmanager.cli import main as cli_main


def main() -> None:
    sys.exit(cli_main())


if __name__ == "__main__":
    main()

"""Wiring: builds the store, the services and the window, and passes them in explicitly.

Nothing here is reached through ``QApplication.instance()`` globals: views get what they
need as constructor arguments, which is what makes them testable with a temp database
and a fake clock.
"""

from __future__ import annotations

import argparse
import sys

from relmanager import __version__
from relmanager.commands.common import CLOCK, DEMO_DB_NAME, db_path
from relmanager.store import demo, queries
from relmanager.store.db import init_db
from relmanager.store.errors import StoreError


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Relmanager")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Relmanager")
    path = db_path(args)
    try:
        init_db(path, clock=CLOCK)
    except StoreError as error:
        QMessageBox.critical(None, "Relmanager cannot open its database", str(error))
        return 1
    if args.demo and path.name == DEMO_DB_NAME and not queries.database_counts()["contact"]:
        demo.generate(400, 5000, CLOCK.now())
    window = QMainWindow()
    window.setWindowTitle("Relmanager")
    window.setCentralWidget(QLabel(f"{queries.database_counts()['contact']:,} contacts"))
    window.resize(1280, 800)
    window.show()
    return app.exec()

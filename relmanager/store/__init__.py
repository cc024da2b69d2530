"""The store: peewee models, queries and writes on SQLite (no Qt here).

Never open the live database file
---------------------------------
No Python-level ``open()`` (nor ``os.open``, ``shutil.copy*``, ``Path.read_bytes``...) of
the database file, its ``-wal`` or its ``-shm`` in a process that has a connection to it.
POSIX advisory locks belong to the process, and closing *any* descriptor of a file drops
all of the process's locks on it (sqlite.org, "How To Corrupt An SQLite Database File",
section 2.2). SQLite then no longer holds its shared lock, so the next ``relmanager``
command that closes its own connection believes it is the last one, checkpoints and
deletes the ``-wal``: every later write of the window goes into an unlinked file and is
lost, while the window shows it as saved.

So what must be known about the file is read from it once, *before* connecting, and
carried (``relmanager.store.encryption.remember``/``is_encrypted``/``key_id``, by device
and inode); anything else is asked of the connection. Code that must read or replace the
file (restore, encrypt, decrypt) runs with every connection of the process closed, and
takes sole access through SQLite first. ``tests/reliability/test_live_app.py`` enforces
the rule with an audit hook on ``open`` while it drives the real window.
"""

"""``encrypt`` and ``decrypt``: SQLCipher encryption at rest, the key in the OS keyring."""

from __future__ import annotations

import argparse

from relmanager.commands import add_command
from relmanager.commands.common import add_db_option, db_path
from relmanager.domain.wording import plural


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "encrypt")
    add_db_option(p)
    p.set_defaults(handler=cmd_encrypt)
    p = add_command(sub, "decrypt")
    add_db_option(p)
    p.set_defaults(handler=cmd_decrypt)


def cmd_encrypt(args: argparse.Namespace) -> int:
    path = db_path(args)
    from relmanager.services.encryption import encrypt_database

    counts = encrypt_database(path)
    print(f"encrypted {path} ({plural(counts.get('contact', 0), 'contact')}); the key is in the "
          "system keyring. Backups made before now are not encrypted: delete them once a "
          "new backup exists.")
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    path = db_path(args)
    from relmanager.services.encryption import decrypt_database

    counts = decrypt_database(path)
    print(f"decrypted {path} ({plural(counts.get('contact', 0), 'contact')})")
    return 0

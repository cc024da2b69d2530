"""Functions defined in relmanager/ that only tests (or the benchmarks) call: code the app
never runs is a defect (it is tested, so it looks alive, and drifts from what the app
does). Run from the repository's root: ``.venv/bin/python scripts/only_tests_call.py``;
exit status 1 when it finds one that is not in ALLOWED.

Two passes over the AST. Module-level functions: a use is an import of the name from its
module, an attribute read through an imported module (``merge.plan_merge``), or the name
inside its own module. Methods (and functions the first pass cannot resolve): a use is
the bare name anywhere under relmanager/ (an attribute, a name, a word of a string, as
Qt's slots are named), so a method is reported only when no file of the app names it.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

#: Found, and kept on purpose: the reason is the value.
ALLOWED = {
    # Domain rules the app runs as SQL (the rule stated once in the domain; the SQL copy
    # held to it by a parity test, which is the function's caller).
    "relmanager.domain.warmth.follow_up_due": "oracle of store.follow_ups.due_before",
    "relmanager.domain.warmth.due_dates": "oracle of store.denorm's due-date SQL",
    "relmanager.domain.channels.last_two_way": "oracle of store.denorm's LAST_SQL",
    # networkx's name, read by the graph's parity tests and the benchmark's note.
    "number_of_edges": "the network's size, as networkx says it (bench_graph's note)",
}

OTHERS = ("tests", "bench", "scripts")


def _module(path: Path) -> str:
    name = str(path.with_suffix("")).replace("/", ".")
    return name.removesuffix(".__init__")


def _uses(tree: ast.AST, own: str | None) -> set[tuple[str, str]]:
    """(module, name) pairs a file refers to."""
    found: set[tuple[str, str]] = set()
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level and own:
                base = ".".join([*own.split(".")[:-node.level], node.module])
            for alias in node.names:
                found.add((base, alias.name))
                aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name] = alias.name if alias.asname else \
                    alias.name.split(".")[0]
                aliases.setdefault(alias.name, alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            chain, value = [], node
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                full = aliases[value.id].split(".") + chain[::-1]
                found.update((".".join(full[:i]), full[i]) for i in range(1, len(full)))
        elif own and isinstance(node, ast.Name):
            found.add((own, node.id))
        elif own and isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add((own, node.value))
    return found


def _words(tree: ast.AST) -> set[str]:
    words: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words.add(node.id)
        elif isinstance(node, ast.Attribute):
            words.add(node.attr)
        elif isinstance(node, ast.alias):
            words.add(node.name.split(".")[-1])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words.update(re.findall(r"[A-Za-z_]\w*", node.value))
    return words


def main() -> int:
    app = {p: ast.parse(p.read_text()) for p in Path("relmanager").rglob("*.py")}
    others = {p: ast.parse(p.read_text()) for d in OTHERS for p in Path(d).rglob("*.py")}
    app_uses = set().union(*(_uses(t, _module(p)) for p, t in app.items()))
    other_uses = set().union(*(_uses(t, None) for t in others.values()))
    app_words = set().union(*(_words(t) for t in app.values()))
    other_words = set().union(*(_words(t) for t in others.values()))
    found: dict[str, str] = {}
    methods: dict[str, list[str]] = defaultdict(list)
    for path, tree in app.items():
        module = _module(path)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                key = (module, node.name)
                if key not in app_uses and key in other_uses:
                    found[f"{module}.{node.name}"] = f"{path}:{node.lineno}"
        for node in ast.walk(tree):  # methods and nested functions (not the above)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and node not in tree.body and not node.name.startswith("__"):
                methods[node.name].append(f"{path}:{node.lineno}")
    for name, where in methods.items():
        if name not in app_words and name in other_words:
            found.setdefault(name, ", ".join(where))
    left = 0
    for name, where in sorted(found.items()):
        reason = ALLOWED.get(name)
        print(f"{name} ({where}): " + (f"kept: {reason}" if reason else "ONLY TESTS CALL IT"))
        left += reason is None
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())

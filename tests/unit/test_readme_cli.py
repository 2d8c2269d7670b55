"""README's "Command line" tables say what the parser and main() do: every command, every
option, every exit code."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from app import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Command line"):text.index("\n## ", text.index("## Command line") + 5)]


def _table_rows(section: str, header: str) -> list[list[str]]:
    lines = section[section.index(header):].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([c.strip() for c in cells])
    return rows


def _leaves() -> dict[str, argparse.ArgumentParser]:
    commands = cli.subcommands(cli.build_parser())
    parents = {" ".join(name.split()[:-1]) for name in commands if " " in name}
    return {name: parser for name, parser in commands.items() if name not in parents}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions if not isinstance(action, argparse._HelpAction)
            for option in action.option_strings[-1:]}


def test_the_command_table_matches_the_parser():
    leaves = _leaves()
    rows = _table_rows(_section(), "| command | what it does |")
    documented: dict[str, set[str]] = {}
    for command_cell, _what in rows:
        usage = command_cell.strip("`").replace("\\|", "|")
        words = usage.split()
        assert words[0] == "boiduong", usage
        rest = [w for w in words[1:] if w not in ("--db", "FILE", "[--db", "FILE]")]
        name = ""
        for size in (2, 1):
            candidate = " ".join(rest[:size])
            if candidate in leaves:
                name = candidate
                break
        options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", usage))
        if name:  # --db FILE belongs to the program, written before every command
            options.discard("--db")
        documented.setdefault(name, set()).update(options)
    assert set(documented) == set(leaves), "commands in README vs parser"
    for name, parser in leaves.items():
        expected = _options(parser)
        assert documented[name] == expected, f"{name or 'boiduong'}: README {sorted(documented[name])}, " \
                                             f"parser {sorted(expected)}"


def test_the_exit_code_table_matches_main():
    rows = _table_rows(_section(), "| exit code | meaning |")
    assert {int(code) for code, _ in rows} == set(cli.EXIT_CODES)
    assert set(cli.EXIT_CODES) == {cli.EXIT_OK, cli.EXIT_ERROR, cli.EXIT_USAGE, cli.EXIT_BUG, cli.EXIT_INTERRUPTED}

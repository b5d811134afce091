"""The `annotator` command tells a command of the command line from a file to open."""

from __future__ import annotations

import argparse

from annotator import cli, entry, launcher


def test_every_command_of_the_command_line_goes_to_it():
    parser = cli._command_parser()
    commands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    assert set(commands.choices) == set(launcher.COMMANDS) == set(cli.COMMANDS)


def test_a_command_runs_the_command_line_and_a_file_the_window(monkeypatch):
    ran: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(cli, "main", lambda argv: ran.append(("cli", argv)) or 0)
    monkeypatch.setattr(entry, "window", lambda argv: ran.append(("window", argv)) or 0)
    for command in launcher.COMMANDS:
        entry.main([command, "story.txt"])
    entry.main(["story.txt"])
    entry.main([])
    expected = [("cli", [command, "story.txt"]) for command in launcher.COMMANDS]
    assert ran == [*expected, ("window", ["story.txt"]), ("window", [])]

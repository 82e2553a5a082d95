"""Every command, subcommand, option and argument of the CLI says what it is for, in one line:
`check --help` printed only `-h, --help`, and --config, --text, --limit, --rule... had no help."""

from __future__ import annotations

import argparse

from conftest import run_cli
from watcher.cli import build_parser


def _parsers(parser: argparse.ArgumentParser, name: str = "newswatch"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def _missing_help(name: str, parser: argparse.ArgumentParser) -> list[str]:
    missing = []
    if name != "newswatch" and not parser.description:
        missing.append(f"{name}: no description")
    for action in parser._actions:
        what = f"{name} {'/'.join(action.option_strings) or action.dest}"
        if not action.help or action.help == argparse.SUPPRESS or "\n" in action.help:
            missing.append(f"{what}: no one-line help")
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest: choice.help for choice in action._choices_actions}
            missing += [f"{name} {sub}: no help in the list of commands" for sub in action.choices if not listed.get(sub)]
    return missing


def test_every_command_and_option_has_one_line_of_help():
    walked = list(_parsers(build_parser()))
    assert len(walked) == 19            # newswatch, 14 commands, feeds import/export/discover, deliveries retry
    assert [m for name, parser in walked for m in _missing_help(name, parser)] == []


def test_check_help_says_what_check_does():
    done = run_cli("check", "--help", env={"COLUMNS": "100"})
    assert (done.returncode, done.stdout) == (0, (
        "usage: newswatch check [-h] [--config PATH]\n"
        "\n"
        "validate config.toml and the rule files, run the rules' examples\n"
        "\n"
        "options:\n"
        "  -h, --help     show this help message and exit\n"
        "  --config PATH  config.toml (default: $NEWSWATCH_CONFIG or ./config.toml)\n"))

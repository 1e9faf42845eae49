"""Subcommands of the ``gongkai`` command, one module each.

Each module defines ``register(subparsers)`` that adds its parser and sets ``func`` (called with
the parsed arguments, returning the exit status). Commands that need the database call
:func:`gongkai.cli.setup_django` themselves, so pure commands (deadline, fee, check) start fast.
"""

"""What ``caseboard import`` does for every kind of file: read it into a
preview and say what it holds, and refuse it when any row is wrong."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, TypeVar

import click

from caseboard.services import import_rows

P = TypeVar("P", bound=import_rows.Preview)


def read_preview(file: IO[bytes], make: Callable[[bytes], P]) -> tuple[bytes, P]:
    """The file's bytes and ``make``'s preview of them, its summary printed;
    a file that cannot be read stops the command with the reason."""
    try:
        data = import_rows.read_limited(file)
        preview = make(data)
    except import_rows.ImportFileError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{file.name}: {preview.summary()}")
    return data, preview


def refuse_if_errors(preview: import_rows.Preview) -> None:
    """Print each row's errors and exit 1 (nothing written), if there are any."""
    if preview.ok:
        return
    for row in preview.errors:
        click.echo(f"Row {row.number}: {row.message}", err=True)
    click.echo("Nothing was imported: fix these rows and run it again.", err=True)
    sys.exit(1)

"""`clinicseo users list|password|disable|enable|remove|unlock`: review-app account admin.

``users add`` lives in :mod:`clinicseo.cli`; these join its ``users`` group when this module
is imported (by the import at the end of :mod:`clinicseo.cli`).
Passwords come from a hidden prompt or from stdin, never from the command line (argv is
visible to every user of the machine and lands in shell history).
"""

from __future__ import annotations

import sys

import click

from clinicseo.cli import State, common, database, load, now, users
from clinicseo.errors import NotFound


def read_password() -> str:
    """A new password from a hidden, confirmed prompt, or the first line of stdin."""
    if sys.stdin.isatty():
        return str(click.prompt("password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


@click.command("list")
@common
def users_list(state: State) -> None:
    """The review-app accounts: role, state, and any sign-in cooldown."""
    from clinicseo import store
    from clinicseo.formats import table
    from clinicseo.review.auth import account_wait

    config = load(state)
    with database(config) as conn:
        at = now()
        rows = [
            {
                "name": u["name"],
                "role": u["role"],
                "state": "disabled" if u["disabled_at"] else "active",
                "cooldown": f"{account_wait(conn, u['name'], at)} s",
                "created": u["created_at"],
            }
            for u in store.list_users(conn)
        ]
    click.echo(table(rows, ("name", "role", "state", "cooldown", "created")))


@click.command("password")
@click.argument("name")
@common
def users_password(state: State, name: str) -> None:
    """Set an account's password (prompt or stdin); every session of it ends."""
    from clinicseo.review.auth import set_password

    password = read_password()
    config = load(state)
    with database(config) as conn:
        set_password(conn, name, password)
    click.echo(f"password of {name} changed; its sessions have ended")


def _set_disabled(state: State, name: str, disabled: bool) -> None:
    from clinicseo import store

    config = load(state)
    with database(config) as conn:
        if not store.set_user_disabled(conn, name, disabled):
            raise NotFound(f"no account named {name!r}")


@click.command("disable")
@click.argument("name")
@common
def users_disable(state: State, name: str) -> None:
    """Disable an account: it cannot sign in, and its sessions end at once."""
    _set_disabled(state, name, True)
    click.echo(f"user {name} disabled; its sessions have ended")


@click.command("enable")
@click.argument("name")
@common
def users_enable(state: State, name: str) -> None:
    """Enable a disabled account again."""
    _set_disabled(state, name, False)
    click.echo(f"user {name} enabled")


@click.command("remove")
@click.argument("name")
@common
def users_remove(state: State, name: str) -> None:
    """Delete an account (the drafts' history keeps its name)."""
    from clinicseo import store

    config = load(state)
    with database(config) as conn:
        if not store.remove_user(conn, name):
            raise NotFound(f"no account named {name!r}")
    click.echo(f"user {name} removed")


@click.command("unlock")
@click.argument("name")
@click.option("--address", help="Also forget the failed sign-ins from this client address.")
@common
def users_unlock(state: State, name: str, address: str | None) -> None:
    """End an account's sign-in cooldown (forget its failed sign-ins)."""
    from clinicseo.review.auth import unlock

    config = load(state)
    with database(config) as conn:
        unlock(conn, name, address)
    click.echo(f"user {name} unlocked" + (f" (and address {address})" if address else ""))


for _command in (
    users_list,
    users_password,
    users_disable,
    users_enable,
    users_remove,
    users_unlock,
):
    users.add_command(_command)

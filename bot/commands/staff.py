"""``checkin staff add`` and ``checkin staff list``: who may use the bot's staff commands.

Telegram user ids are stored encrypted and are not printed back.
"""

from __future__ import annotations

import argparse

from bot.config import Settings
from storage.models import ROLES
from storage.runner import run_with_store


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("staff", parents=[common], help="add, list or remove staff")
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="give a Telegram user a staff role")
    add.add_argument("--telegram-id", type=int, required=True, metavar="ID")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--org", help="organisation (required for a practitioner)")
    add.set_defaults(handler=add_command)
    listing = actions.add_parser("list", parents=[common], help="list staff")
    listing.set_defaults(handler=list_command, needs_database=True)
    remove = actions.add_parser("remove", parents=[common], help="take a staff member's role away")
    remove.add_argument("id", type=int, help="the staff id shown by 'checkin staff list'")
    remove.set_defaults(handler=remove_command, needs_database=True)


def add_command(args: argparse.Namespace, settings: Settings) -> int:
    member = run_with_store(
        settings, lambda store: store.staff.add(args.telegram_id, args.role, args.org)
    )
    where = f" of {member.organisation}" if member.organisation else ""
    print(f"Added staff member {member.id}: {member.role}{where}.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    members = run_with_store(settings, lambda store: store.staff.list())
    if not members:
        print("No staff yet. Add one with: checkin staff add --telegram-id ID --role hub")
        return 0
    print(f"{'id':>4}  {'role':<12}  {'organisation':<24}  {'active':<6}  added")
    for m in members:
        print(
            f"{m.id:>4}  {m.role:<12}  {m.organisation or '-':<24}  "
            f"{'yes' if m.active else 'no':<6}  {m.added_at:%Y-%m-%d}"
        )
    return 0


def remove_command(args: argparse.Namespace, settings: Settings) -> int:
    run_with_store(settings, lambda store: store.staff.deactivate(args.id))
    print(f"Staff member {args.id} can no longer use staff commands.")
    return 0

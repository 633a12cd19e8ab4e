"""``checkin case new|invite|close|list``: open a case and get its invite links, make
check-in and end invites, close a case with the staff-side SAC fields, list cases.

Invite links are printed once (only a hash of each token is stored); ``--qr DIR`` also
writes each link as a QR code PNG to print.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from storage.invites import invite_link
from storage.models import (
    CAPACITIES,
    CONCERN_TYPES,
    NO_END_SURVEY_REASONS,
    REP_KINDS,
    RISK_OUTCOMES,
)
from storage.runner import run_with_store
from storage.store import Store

# ``--representative`` alone (True) or ``--representative KIND``; False when absent
_REPRESENTATIVE: dict = {"nargs": "?", "const": True, "default": False, "choices": REP_KINDS,
                         "metavar": "KIND"}  # fmt: skip


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("case", parents=[common], help="open, invite, close, list")
    actions = parser.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", parents=[common], help="open a case; prints invite link(s)")
    new.add_argument("--org", required=True, help="organisation opening the case")
    new.add_argument("--team", required=True)
    new.add_argument("--ref", required=True, help="local reference (never a name or NHS number)")
    new.add_argument(
        "--representative",
        **_REPRESENTATIVE,
        help="also make a link for someone answering on the person's behalf; KIND says who "
        f"they are to the person ({', '.join(REP_KINDS)}); an advocate's marks the case "
        "'advocate involved' (SAC)",
    )
    new.add_argument(
        "--concern",
        action="append",
        choices=CONCERN_TYPES,
        default=[],
        metavar="TYPE",
        help=f"SAC concern type, repeatable: {', '.join(CONCERN_TYPES)}",
    )
    new.add_argument("--qr", type=Path, metavar="DIR", help="also write QR code PNGs here")
    new.set_defaults(handler=new_command)
    invite = actions.add_parser("invite", parents=[common], help="a check-in or end invite")
    invite.add_argument("ref")
    invite.add_argument("--org")
    invite.add_argument("--timepoint", choices=["checkin", "end"], required=True)
    invite.add_argument(
        "--representative",
        **_REPRESENTATIVE,
        help="for a representative; KIND says who they are to the person "
        f"({', '.join(REP_KINDS)}; when not said, a new phone keeps the earlier one's kind)",
    )
    invite.add_argument("--qr", type=Path, metavar="DIR")
    invite.set_defaults(handler=invite_command, needs_database=True)
    close = actions.add_parser("close", parents=[common], help="close a case (SAC fields)")
    close.add_argument("ref")
    close.add_argument("--org")
    close.add_argument("--risk-outcome", choices=RISK_OUTCOMES, help="SAC SG2e")
    close.add_argument("--capacity", choices=CAPACITIES, help="SAC SG3a: lacked capacity?")
    close.add_argument(
        "--no-end-survey-reason",
        choices=NO_END_SURVEY_REASONS,
        help="why the person will not be asked the end survey",
    )
    close.set_defaults(handler=close_command, needs_database=True)
    listing = actions.add_parser("list", parents=[common], help="list cases")
    listing.add_argument("--org")
    listing.add_argument("--state", choices=["open", "closed", "erased"])
    listing.set_defaults(handler=list_command, needs_database=True)


def _rep_kind(args: argparse.Namespace) -> str | None:
    return args.representative if isinstance(args.representative, str) else None


def _show_link(settings: Settings, who: str, token: str, qr_dir: Path | None, name: str) -> None:
    link = invite_link(settings.telegram.bot_username, token)
    print(f"{who}: {link}")
    if qr_dir is not None:
        import segno

        qr_dir.mkdir(parents=True, exist_ok=True)
        path = qr_dir / f"{name}.png"
        segno.make(link, error="m").save(str(path), scale=8)
        print(f"  QR code: {path}")


def check_reference(ref: str) -> None:
    """Refuse a reference that looks like a name or an NHS number, as ``/newcase`` does
    (references are stored in clear). The reference is not repeated in the message."""
    from bot.case_reference import MAX_REF, reference_problem
    from bot.cli import CommandError
    from bot.staff_words import staff_text

    problem = reference_problem(ref)
    if problem is not None:
        words = staff_text(problem, limit=MAX_REF).replace(", or /cancel", "")
        raise CommandError(f"--ref refused: {words} Nothing was created.")


def new_command(args: argparse.Namespace, settings: Settings) -> int:
    check_reference(args.ref)
    new = run_with_store(
        settings,
        lambda store: store.create_case(
            args.org,
            args.team,
            args.ref,
            representative=bool(args.representative),
            concern_types=tuple(args.concern),
            rep_kind=_rep_kind(args),
        ),
    )
    print(f"Opened case {new.case.local_ref} for {new.case.organisation} / {new.case.team}.")
    print(f"Each link works once, for {settings.survey.invite_valid_days} days.")
    _show_link(settings, "Person's invite", new.person_token, args.qr, f"{args.ref}-person")
    if new.representative_token:
        who = f" ({args.representative})" if _rep_kind(args) else ""
        _show_link(
            settings,
            f"Representative's invite{who}",
            new.representative_token,
            args.qr,
            f"{args.ref}-representative",
        )
    return 0


def invite_command(args: argparse.Namespace, settings: Settings) -> int:
    kind = "representative" if args.representative else "person"

    async def make(store: Store):  # noqa: ANN202
        case = await store.cases.get(args.ref, args.org)
        return await store.create_invite(case, kind, args.timepoint, rep_kind=_rep_kind(args))

    new = run_with_store(settings, make)
    label = "check-in" if args.timepoint == "checkin" else "end-of-case"
    who = f" ({args.representative})" if _rep_kind(args) else ""
    _show_link(
        settings,
        f"{kind.capitalize()}'s {label} invite{who}",
        new.token,
        args.qr,
        f"{args.ref}-{kind}-{args.timepoint}",
    )
    return 0


def close_command(args: argparse.Namespace, settings: Settings) -> int:
    async def close(store: Store):  # noqa: ANN202
        case = await store.cases.close(
            args.ref,
            organisation=args.org,
            risk_outcome=args.risk_outcome,
            capacity=args.capacity,
            no_end_survey_reason=args.no_end_survey_reason,
        )
        invite = (
            None if args.no_end_survey_reason else await store.create_invite(case, "person", "end")
        )
        return case, invite

    case, invite = run_with_store(settings, close)
    print(f"Closed case {case.local_ref}.")
    if invite is not None:
        _show_link(settings, "Person's end-of-case invite", invite.token, None, "")
    else:
        print(f"No end survey: {case.no_end_survey_reason}.")
    return 0


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    async def listing(store: Store):  # noqa: ANN202
        await store.audit.record("cli", "cases_listed", organisation=args.org, state=args.state)
        return await store.cases.list(args.org, args.state)

    cases = run_with_store(settings, listing)
    if not cases:
        print("No cases.")
        return 0
    print(f"{'reference':<16} {'organisation':<20} {'team':<14} {'state':<7} opened      closed")
    for c in cases:
        closed = f"{c.closed_at:%Y-%m-%d}" if c.closed_at else "-"
        print(
            f"{c.local_ref:<16} {c.organisation:<20} {c.team:<14} {c.state:<7} "
            f"{c.opened_at:%Y-%m-%d}  {closed}"
        )
    return 0

"""BENCHMARKS AND TESTS ONLY: load many synthetic cases fast (e.g. 200,000 for analytics).

This bypasses the survey (no invites, chat ids, consents, turns or audit entries) and
writes straight into the tables with ``executemany`` on its own connection, holding the
store's lock. Never use it for real data.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.base import OUTCOME_TEXT_LABEL, Context
from storage.clock import to_text
from storage.crypto import Keyring


@dataclass(frozen=True)
class BulkAnswer:
    timepoint: str
    measure: str
    value: str
    answered_at: datetime
    outcome_ref: str | None = None
    round: int = 1
    variant: str = "standard"
    language: str = "en"
    answered_by: str = "self"
    channel: str = "telegram"
    participant_kind: str = "person"


@dataclass(frozen=True)
class BulkCase:
    organisation: str
    team: str
    local_ref: str
    opened_at: datetime
    closed_at: datetime | None = None
    concern_types: tuple[str, ...] = ()
    sg2e_risk_outcome: str | None = None
    sg3a_capacity: str | None = None
    advocate_involved: bool | None = None
    no_end_survey_reason: str | None = None
    outcomes: tuple[tuple[str, str], ...] = ()  # (ref, source), all active
    outcome_status: str = "expressed"
    answers: tuple[BulkAnswer, ...] = ()


async def bulk_load(ctx: Context, cases: Iterable[BulkCase]) -> int:
    """Insert the cases and their answers in one transaction; returns the number of cases."""
    batch = list(cases)
    async with ctx.db.exclusive():
        return await asyncio.to_thread(_load, ctx.db.path, ctx.keyring, batch)


def _ids(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])


def _named(conn: sqlite3.Connection, table: str, sql_extra: str = "") -> dict:
    return {row[1:]: row[0] for row in conn.execute(f"SELECT id, {sql_extra} FROM {table}")}


def _load(path: Path, keyring: Keyring, cases: Sequence[BulkCase]) -> int:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB: fewer spills mid-transaction
        conn.execute("BEGIN IMMEDIATE")
        _insert_all(conn, keyring, cases)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return len(cases)


def _insert_all(conn: sqlite3.Connection, keyring: Keyring, cases: Sequence[BulkCase]) -> None:
    orgs = {name: i for i, name in conn.execute("SELECT id, name FROM organisations")}
    teams = {(o, n): i for i, o, n in conn.execute("SELECT id, organisation_id, name FROM teams")}
    next_case, next_part = _ids(conn, "cases"), _ids(conn, "participants")
    next_session, next_rev = _ids(conn, "sessions"), _ids(conn, "outcome_revisions")
    rows: dict[str, list[tuple]] = {k: [] for k in ("c", "p", "s", "a", "o", "r", "ri")}
    for case in cases:
        now = to_text(case.opened_at)
        if case.organisation not in orgs:
            orgs[case.organisation] = conn.execute(
                "INSERT INTO organisations (name, created_at) VALUES (?, ?)",
                (case.organisation, now),
            ).lastrowid
        org = orgs[case.organisation]
        if (org, case.team) not in teams:
            teams[(org, case.team)] = conn.execute(
                "INSERT INTO teams (organisation_id, name, created_at) VALUES (?, ?, ?)",
                (org, case.team, now),
            ).lastrowid
        next_case += 1
        rows["c"].append(
            (
                next_case,
                org,
                teams[(org, case.team)],
                case.local_ref,
                "closed" if case.closed_at else "open",
                now,
                None if case.closed_at is None else to_text(case.closed_at),
                json.dumps(list(case.concern_types)),
                case.sg2e_risk_outcome,
                case.sg3a_capacity,
                None if case.advocate_involved is None else int(case.advocate_involved),
                case.no_end_survey_reason,
            )
        )
        people: dict[str, int] = {}
        sessions: dict[tuple[int, str, int], int] = {}
        for answer in case.answers:
            if answer.participant_kind not in people:
                next_part += 1
                people[answer.participant_kind] = next_part
                rows["p"].append((next_part, next_case, answer.participant_kind, now, now))
            pid = people[answer.participant_kind]
            key = (pid, answer.timepoint, answer.round)
            if key not in sessions:
                next_session += 1
                sessions[key] = next_session
                rows["s"].append((next_session, *key, "completed", now, now))
            rows["a"].append(
                (
                    next_case,
                    pid,
                    sessions[key],
                    answer.timepoint,
                    answer.round,
                    answer.measure,
                    answer.measure,
                    answer.outcome_ref,
                    answer.value,
                    answer.variant,
                    answer.language,
                    answer.channel,
                    answer.answered_by,
                    answer.participant_kind,
                    to_text(answer.answered_at),
                )
            )
        if case.outcomes and people:
            pid = next(iter(people.values()))
            first_session = next(iter(sessions.values()))
            next_rev += 1
            rows["r"].append(
                (
                    next_rev,
                    next_case,
                    pid,
                    first_session,
                    "start",
                    case.outcome_status,
                    "standard",
                    "en",
                    "self",
                    now,
                )
            )
            for ref, source in case.outcomes:
                text_enc = keyring.encrypt(f"outcome {ref}".encode(), OUTCOME_TEXT_LABEL)
                rows["o"].append((next_case, pid, ref, source, text_enc, now))
                rows["ri"].append((next_rev, ref, source, "added"))
    _write(conn, rows)


def _write(conn: sqlite3.Connection, rows: dict[str, list[tuple]]) -> None:
    conn.executemany(
        "INSERT INTO cases (id, organisation_id, team_id, local_ref, state, opened_at, closed_at,"
        " concern_types, sg2e_risk_outcome, sg3a_capacity, advocate_involved,"
        " no_end_survey_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows["c"],
    )
    conn.executemany(
        "INSERT INTO participants (id, case_id, kind, joined_at, last_active_at)"
        " VALUES (?, ?, ?, ?, ?)",
        rows["p"],
    )
    conn.executemany(
        "INSERT INTO sessions (id, participant_id, timepoint, round, status, started_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows["s"],
    )
    conn.executemany(
        "INSERT INTO answers (case_id, participant_id, session_id, timepoint, round, measure,"
        " question_id, outcome_ref, value, variant, language, channel, answered_by,"
        " participant_kind, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows["a"],
    )
    conn.executemany(
        "INSERT INTO outcome_revisions (id, case_id, participant_id, session_id, timepoint,"
        " status, variant, language, answered_by, revised_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows["r"],
    )
    conn.executemany(
        "INSERT INTO outcomes (case_id, participant_id, ref, source, text_enc, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows["o"],
    )
    conn.executemany(
        "INSERT INTO outcome_revision_items (revision_id, ref, source, change) VALUES (?, ?, ?, ?)",
        rows["ri"],
    )

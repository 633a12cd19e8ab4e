"""BENCHMARKS AND TESTS ONLY: the rows of synthetic cases, with ids assigned ahead of
insertion, and their writing with one ``executemany`` per table (see ``storage.bulk``)."""

from __future__ import annotations

import json
import sqlite3

from storage.base import OUTCOME_TEXT_LABEL
from storage.bulk_cases import BulkCase
from storage.clock import to_text
from storage.crypto import Keyring


def highest_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])


class BulkRows:
    """Assigns ids itself (continuing from the highest in each table) and collects rows."""

    def __init__(self, conn: sqlite3.Connection, keyring: Keyring) -> None:
        self._conn, self._keyring = conn, keyring
        self._orgs = {name: i for i, name in conn.execute("SELECT id, name FROM organisations")}
        self._teams = {
            (o, n): i for i, o, n in conn.execute("SELECT id, organisation_id, name FROM teams")
        }
        self._last = {t: highest_id(conn, t) for t in ("cases", "participants", "sessions",
                                                 "outcome_revisions")}  # fmt: skip
        self.rows: dict[str, list[tuple]] = {k: [] for k in ("c", "p", "s", "a", "o", "r", "ri")}

    def _next(self, table: str) -> int:
        self._last[table] += 1
        return self._last[table]

    def _team(self, case: BulkCase, now: str) -> tuple[int, int]:
        if case.organisation not in self._orgs:
            self._orgs[case.organisation] = self._conn.execute(
                "INSERT INTO organisations (name, created_at) VALUES (?, ?)",
                (case.organisation, now),
            ).lastrowid
        org = self._orgs[case.organisation]
        if (org, case.team) not in self._teams:
            self._teams[(org, case.team)] = self._conn.execute(
                "INSERT INTO teams (organisation_id, name, created_at) VALUES (?, ?, ?)",
                (org, case.team, now),
            ).lastrowid
        return org, self._teams[(org, case.team)]

    def add(self, case: BulkCase) -> None:
        now = to_text(case.opened_at)
        org, team = self._team(case, now)
        case_id = self._next("cases")
        closed = None if case.closed_at is None else to_text(case.closed_at)
        advocate = None if case.advocate_involved is None else int(case.advocate_involved)
        self.rows["c"].append((
            case_id, org, team, case.local_ref, "closed" if closed else "open", now, closed,
            json.dumps(list(case.concern_types)), case.sg2e_risk_outcome, case.sg3a_capacity,
            advocate, case.no_end_survey_reason,
        ))  # fmt: skip
        people, sessions = self._answers(case, case_id, now)
        if case.outcomes and people:
            self._outcomes(case, case_id, people[0], sessions[0], now)

    def _answers(self, case: BulkCase, case_id: int, now: str) -> tuple[list[int], list[int]]:
        people: dict[str, int] = {}
        sessions: dict[tuple[int, str, int], int] = {}
        for a in case.answers:
            if a.participant_kind not in people:
                people[a.participant_kind] = self._next("participants")
                self.rows["p"].append(
                    (people[a.participant_kind], case_id, a.participant_kind, now, now)
                )
            key = (people[a.participant_kind], a.timepoint, a.round)
            if key not in sessions:
                sessions[key] = self._next("sessions")
                when = to_text(a.answered_at)
                self.rows["s"].append((sessions[key], *key, "completed", now, when, when))
            self.rows["a"].append((
                case_id, key[0], sessions[key], a.timepoint, a.round, a.measure, a.measure,
                a.outcome_ref, a.value, a.variant, a.language, a.channel, a.answered_by,
                a.participant_kind, to_text(a.answered_at),
            ))  # fmt: skip
        return list(people.values()), list(sessions.values())

    def _outcomes(self, case: BulkCase, case_id: int, person: int, session: int, now: str) -> None:
        revision = self._next("outcome_revisions")
        self.rows["r"].append((
            revision, case_id, person, session, "start", case.outcome_status, "standard", "en",
            "self", now,
        ))  # fmt: skip
        for ref, source in case.outcomes:
            text_enc = self._keyring.encrypt(f"outcome {ref}".encode(), OUTCOME_TEXT_LABEL)
            self.rows["o"].append((case_id, person, ref, source, text_enc, now))
            self.rows["ri"].append((revision, ref, source, "added"))


def write_rows(conn: sqlite3.Connection, rows: dict[str, list[tuple]]) -> None:
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
        " updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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

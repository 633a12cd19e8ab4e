-- 0008_staff_exchanges: a staff member's unfinished /newcase or /close exchange, kept so a
-- restart of the bot between two steps loses nothing. One per staff member (a new command
-- replaces it). No chat id, not even hashed: staff exchanges run only in the member's private
-- chat with the bot, whose id is their Telegram user id, already held in staff (encrypted,
-- found by keyed hash). step and seq: the step asked and the random number its buttons carry
-- (signed, bot/payloads.py), so an old button is refused. state_enc: the step's button
-- values, the answers so far and the ticked concern types, as JSON, encrypted (it can hold a
-- typed case reference that never became a case). case_id: the case a /close is for.
-- updated_at: the last step; the bot drops an exchange left longer than a day
-- (storage/staff_exchanges.py EXCHANGE_MAX_AGE) and `checkin purge` deletes such ones.
-- The row goes when the exchange ends or is cancelled, when the staff member is removed
-- (trigger below; staff rows are deactivated, not deleted), and when its case is closed,
-- erased (trigger below) or purged (cascade).
CREATE TABLE staff_exchanges (
    staff_id INTEGER PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('newcase', 'close')),
    step TEXT NOT NULL,
    seq INTEGER NOT NULL,
    case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    state_enc BLOB NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX staff_exchanges_by_case ON staff_exchanges(case_id);
CREATE INDEX staff_exchanges_by_time ON staff_exchanges(updated_at);

CREATE TRIGGER staff_exchanges_end_when_staff_removed AFTER UPDATE OF active ON staff
WHEN NEW.active = 0
BEGIN
    DELETE FROM staff_exchanges WHERE staff_id = NEW.id;
END;

CREATE TRIGGER staff_exchanges_end_when_case_not_open AFTER UPDATE OF state ON cases
WHEN NEW.state <> 'open'
BEGIN
    DELETE FROM staff_exchanges WHERE case_id = NEW.id;
END;

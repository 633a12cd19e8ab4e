-- 0001_initial: the MSP Check-in schema.
--
-- Conventions (read before writing SQL against this schema, e.g. storage/reporting.py):
--   * Times are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ': they sort as text, and SQLite's
--     date(), strftime() and julianday() read them directly.
--   * Columns named *_enc are AES-GCM ciphertext (BLOB): opaque to SQL, never aggregate them.
--   * Columns named *_hash are keyed HMAC-SHA256 lookup hashes (BLOB), for equality only.
--   * Booleans are INTEGER 0/1; NULL means "not recorded".
--   * Enumerated values are the ids from dialogs/vocabulary.py (timepoint, variant,
--     answered_by, measure ids and their scale values, 'dont_know', 'prefer_not_to_say').
--   * Erasure deletes rows (ON DELETE CASCADE from cases and participants); secure_delete is
--     on. Only audit_log keeps a trace, and it holds no personal data.

-- Store-wide facts, e.g. 'key_check' (tells at open whether the configured key is right).
CREATE TABLE store_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Partner organisations (police, housing, an NHS trust...), created on first use by name.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

-- Teams inside an organisation, created on first use.
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, name)
) STRICT;

-- Staff who may use the bot's staff commands. A practitioner belongs to one organisation;
-- hub and board members may have none. Telegram user ids are encrypted (user_enc) and found
-- by keyed hash (user_hash). Staff rows are deactivated, never deleted (alerts refer to them).
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('practitioner', 'hub', 'board')),
    organisation_id INTEGER REFERENCES organisations(id),
    user_hash BLOB NOT NULL UNIQUE,
    user_enc BLOB NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    added_at TEXT NOT NULL,
    CHECK (role <> 'practitioner' OR organisation_id IS NOT NULL)
) STRICT;

-- One safeguarding case. local_ref is the organisation's own reference (never a name or NHS
-- number), unique within the organisation. state: open -> closed; 'erased' when staff erased
-- the person's data but the case record (staff-side fields only) is kept.
-- Staff-side fields follow the Safeguarding Adults Collection (SAC):
--   concern_types: JSON array of SAC concern type ids, e.g. '["financial","neglect"]'
--   sg2e_risk_outcome: remained | reduced | removed (set at close)
--   sg3a_capacity: yes | no | not_known (did the person lack capacity)
--   advocate_involved: 0/1
--   no_end_survey_reason: why no end survey happened, when it did not.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    team_id INTEGER NOT NULL REFERENCES teams(id),
    local_ref TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'erased')),
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    concern_types TEXT NOT NULL DEFAULT '[]',
    sg2e_risk_outcome TEXT CHECK (sg2e_risk_outcome IN ('remained', 'reduced', 'removed')),
    sg3a_capacity TEXT CHECK (sg3a_capacity IN ('yes', 'no', 'not_known')),
    advocate_involved INTEGER CHECK (advocate_involved IN (0, 1)),
    no_end_survey_reason TEXT CHECK (no_end_survey_reason IN
        ('unsafe_to_contact', 'declined', 'lacks_capacity', 'no_contact', 'other')),
    UNIQUE (organisation_id, local_ref)
) STRICT;

-- Single-use, expiring invites. Only SHA-256 of the token is stored. kind: who it is for;
-- timepoint: which survey it opens. used_at/participant_id are set when it is redeemed.
CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'representative')),
    timepoint TEXT NOT NULL CHECK (timepoint IN ('start', 'checkin', 'end')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL
) STRICT;

-- Someone answering for a case: the person (kind 'person') or a representative (advocate,
-- IMCA, family, friend: rep_kind, free of personal data). chat_enc is the Telegram chat id,
-- encrypted; chat_hash finds it. Both are NULL for the console channel and bulk-loaded data.
-- variant/language/answered_by are the current preferences; current_timepoint is the survey
-- the last redeemed invite opened. contact_unsafe=1 stops reminders.
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'representative')),
    rep_kind TEXT,
    chat_hash BLOB,
    chat_enc BLOB,
    variant TEXT NOT NULL DEFAULT 'standard',
    language TEXT NOT NULL DEFAULT 'en',
    answered_by TEXT NOT NULL DEFAULT 'self'
        CHECK (answered_by IN ('self', 'self_with_help', 'representative')),
    current_timepoint TEXT NOT NULL DEFAULT 'start'
        CHECK (current_timepoint IN ('start', 'checkin', 'end')),
    contact_unsafe INTEGER NOT NULL DEFAULT 0 CHECK (contact_unsafe IN (0, 1)),
    joined_at TEXT NOT NULL,
    last_active_at TEXT NOT NULL
) STRICT;
CREATE INDEX participants_by_chat ON participants(chat_hash);
CREATE INDEX participants_by_case ON participants(case_id);

-- Consent given or declined, with the version of the consent text that was shown.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    text_version TEXT NOT NULL,
    given INTEGER NOT NULL CHECK (given IN (0, 1)),
    timepoint TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;

-- One survey run: a participant at a timepoint; 'round' counts repeats (several check-ins).
-- state_enc is the engine's SessionState JSON, encrypted (it can hold the person's words);
-- NULL until the first turn is saved. status mirrors SessionState.status.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    timepoint TEXT NOT NULL CHECK (timepoint IN ('start', 'checkin', 'end')),
    round INTEGER NOT NULL DEFAULT 1,
    state_enc BLOB,
    status TEXT NOT NULL DEFAULT 'invited',
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    UNIQUE (participant_id, timepoint, round)
) STRICT;

-- One saved turn per incoming message: the UNIQUE key makes a re-delivered message a no-op.
CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    source_message_id TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (participant_id, source_message_id)
) STRICT;

-- Answers, append-only (a trigger refuses changes except re-encryption of *_enc columns).
-- One row per answered question. value is on the measure's scale (dialogs/vocabulary.py),
-- or 'dont_know' / 'prefer_not_to_say', or 'text' / 'voice' for free-text measures (the
-- words are in text_enc). outcome_ref links outcome_achieved answers to outcomes.ref.
-- participant_kind: 'person' or 'representative'; answered_by: self | self_with_help |
-- representative. channel: 'telegram' or 'console'. rechecked: the yes/no re-check differed.
-- round is the session's round (1 for start and end; 1, 2, ... for check-ins).
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    turn_id INTEGER REFERENCES turns(id) ON DELETE CASCADE,
    timepoint TEXT NOT NULL CHECK (timepoint IN ('start', 'checkin', 'end')),
    round INTEGER NOT NULL DEFAULT 1,
    measure TEXT NOT NULL,
    question_id TEXT NOT NULL,
    outcome_ref TEXT,
    value TEXT NOT NULL,
    text_enc BLOB,
    voice_ref_enc BLOB,
    variant TEXT NOT NULL,
    language TEXT NOT NULL,
    channel TEXT NOT NULL,
    answered_by TEXT NOT NULL CHECK (answered_by IN ('self', 'self_with_help', 'representative')),
    participant_kind TEXT NOT NULL CHECK (participant_kind IN ('person', 'representative')),
    rechecked INTEGER NOT NULL DEFAULT 0 CHECK (rechecked IN (0, 1)),
    answered_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER answers_append_only BEFORE UPDATE OF
    id, case_id, participant_id, session_id, turn_id, timepoint, round, measure, question_id,
    outcome_ref, value, variant, language, channel, answered_by, participant_kind, rechecked,
    answered_at ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;

-- The case's outcomes as they stand now (one row per ref; dropped ones keep dropped_at).
-- source: 'common:<id>', 'own_words' or 'help_decide'; text_enc holds the wording.
CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    source TEXT NOT NULL,
    text_enc BLOB NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    added_at TEXT NOT NULL,
    dropped_at TEXT,
    UNIQUE (case_id, ref)
) STRICT;

-- Each time the outcome list was set or revised (history). status: expressed |
-- not_sure_yet | none (feeds SAC SG4a "asked / expressed").
CREATE TABLE outcome_revisions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    timepoint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('expressed', 'not_sure_yet', 'none')),
    variant TEXT NOT NULL,
    language TEXT NOT NULL,
    answered_by TEXT NOT NULL,
    revised_at TEXT NOT NULL
) STRICT;

-- What one revision did to each outcome: added, kept, changed (new wording) or dropped.
CREATE TABLE outcome_revision_items (
    revision_id INTEGER NOT NULL REFERENCES outcome_revisions(id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    source TEXT NOT NULL,
    text_enc BLOB,
    change TEXT NOT NULL CHECK (change IN ('added', 'kept', 'changed', 'dropped')),
    PRIMARY KEY (revision_id, ref)
) STRICT;

-- Hub alerts (danger words, "in danger now"). No words, only the case. Tracked until a hub
-- member acknowledges; last_notified_at/notify_count drive repeat notifications.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    reason TEXT NOT NULL CHECK (reason IN ('danger_words', 'in_danger_now', 'wants_support')),
    timepoint TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    acknowledged_by INTEGER REFERENCES staff(id),
    acknowledged_at TEXT,
    last_notified_at TEXT,
    notify_count INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX alerts_open ON alerts(acknowledged_at);

-- Reminders for paused or unanswered surveys (at most a few; cancelled when unsafe).
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    timepoint TEXT NOT NULL,
    due_at TEXT NOT NULL,
    sent_count INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT,
    cancelled_at TEXT
) STRICT;
CREATE INDEX reminders_due ON reminders(due_at) WHERE cancelled_at IS NULL;

-- Telegram update ids already handled (de-duplication after a restart).
CREATE TABLE processed_updates (
    update_id INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL
) STRICT;

-- Messages in a chat, so "hide this chat" can delete them. Deletable at any time.
CREATE TABLE message_log (
    id INTEGER PRIMARY KEY,
    chat_hash BLOB NOT NULL,
    chat_enc BLOB NOT NULL,
    message_id INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    UNIQUE (chat_hash, message_id)
) STRICT;

-- Voice notes' audio, encrypted. answers.voice_ref_enc holds 'voice:<id>' (encrypted).
CREATE TABLE voice_notes (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    data_enc BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- Append-only audit trail of staff reads and every change. actor: 'staff:<id>', 'cli',
-- 'system' or 'participant:<id>'. case_id has no foreign key on purpose: the entry outlives
-- the case. detail is JSON without personal data.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    case_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

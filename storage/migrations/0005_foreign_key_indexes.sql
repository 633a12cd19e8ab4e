-- 0005_foreign_key_indexes: an index on every foreign-key column that was without one.
-- Deleting a participant or a case (erasure, withdrawal, retention purge) makes SQLite look
-- up the child rows of each foreign key; without these indexes every such delete scanned
-- whole tables, so purging many cases grew with the square of the database size.
CREATE INDEX IF NOT EXISTS consents_by_participant ON consents(participant_id);
CREATE INDEX IF NOT EXISTS voice_notes_by_participant ON voice_notes(participant_id);
CREATE INDEX IF NOT EXISTS reminders_by_participant ON reminders(participant_id);
CREATE INDEX IF NOT EXISTS outcomes_by_participant ON outcomes(participant_id);
CREATE INDEX IF NOT EXISTS outcome_revisions_by_participant ON outcome_revisions(participant_id);
CREATE INDEX IF NOT EXISTS outcome_revisions_by_session ON outcome_revisions(session_id);
CREATE INDEX IF NOT EXISTS invites_case_fk ON invites(case_id);
CREATE INDEX IF NOT EXISTS invites_by_participant ON invites(participant_id);
CREATE INDEX IF NOT EXISTS alerts_by_case ON alerts(case_id);
CREATE INDEX IF NOT EXISTS alerts_by_participant ON alerts(participant_id);
CREATE INDEX IF NOT EXISTS alerts_by_staff ON alerts(acknowledged_by);
CREATE INDEX IF NOT EXISTS answers_by_session ON answers(session_id);
CREATE INDEX IF NOT EXISTS answers_by_turn ON answers(turn_id);
CREATE INDEX IF NOT EXISTS staff_by_organisation ON staff(organisation_id);
CREATE INDEX IF NOT EXISTS teams_by_organisation ON teams(organisation_id);
CREATE INDEX IF NOT EXISTS cases_by_team ON cases(team_id);

-- 0004_case_facts: one row per case holding what the reports count (written for analytics,
-- issue 5 "Speed"), so a report groups 200,000 small rows instead of scanning every answer.
--
-- ONE DEFINITION: the view case_facts_computed says what a case's facts are, from its
-- answers, sessions, outcome revisions, outcomes and invites. The table case_facts holds the
-- view's rows and is kept equal to it by the triggers below: every insert, delete or relevant
-- update of a source row recomputes that one case's row, inside the same transaction (so
-- save_turn, invite redemption, erasure, purge and any later write path keep it without
-- knowing it exists). Nothing else writes case_facts, except storage/bulk.py (benchmarks and
-- tests only): inside its own transaction it drops the triggers (every one is named
-- case_facts_*), loads, re-creates them from their stored SQL and fills its cases' rows from
-- the same view in one statement, so other connections never see the triggers missing.
--
-- Columns (text values are the vocabulary ids, as in answers.value; NULL: no such answer):
--   start_safety, start_answered_by, start_variant: the case's first start `safety` answer
--   end_safety, end_answered_by, end_variant: its last end `safety` answer
--   made_safer .. wants_more_support: the last end answer to each experience measure
--   achieved_yes / _partly / _no / _other: 0/1, whether the last end outcome_achieved answer
--     of any of the case's outcomes (refs) was yes / partly / no / anything else
--   outcomes_answered: how many outcome refs have an end outcome_achieved answer
--   outcomes_active: how many of the case's outcomes are still active
--   outcomes_expressed: NULL never asked (no outcome revision); 1 some revision had status
--     'expressed'; 0 otherwise (SAC SG4a)
--   start_done, end_done: 0/1, one of the case's start / end sessions was completed
--   invite_used: 0/1, one of the case's invites was redeemed
-- Staff-side fields (state, no_end_survey_reason, organisation, team, opened_at) stay in
-- cases and are joined at report time.

CREATE VIEW case_facts_computed AS
SELECT c.id AS case_id,
    s.value AS start_safety, s.answered_by AS start_answered_by, s.variant AS start_variant,
    e.value AS end_safety, e.answered_by AS end_answered_by, e.variant AS end_variant,
    (SELECT value FROM answers WHERE measure = 'made_safer' AND timepoint = 'end'
        AND case_id = c.id ORDER BY id DESC LIMIT 1) AS made_safer,
    (SELECT value FROM answers WHERE measure = 'how_much_safer' AND timepoint = 'end'
        AND case_id = c.id ORDER BY id DESC LIMIT 1) AS how_much_safer,
    (SELECT value FROM answers WHERE measure = 'listened_to' AND timepoint = 'end'
        AND case_id = c.id ORDER BY id DESC LIMIT 1) AS listened_to,
    (SELECT value FROM answers WHERE measure = 'involved' AND timepoint = 'end'
        AND case_id = c.id ORDER BY id DESC LIMIT 1) AS involved,
    (SELECT value FROM answers WHERE measure = 'wellbeing' AND timepoint = 'end'
        AND case_id = c.id ORDER BY id DESC LIMIT 1) AS wellbeing,
    (SELECT value FROM answers WHERE measure = 'wants_more_support' AND timepoint = 'end'
        AND case_id = c.id ORDER BY id DESC LIMIT 1) AS wants_more_support,
    -- Each outcome ref's last end outcome_achieved answer (NULL refs count as one ref).
    coalesce((SELECT max(v = 'yes') FROM (SELECT max(id), value AS v FROM answers
        WHERE measure = 'outcome_achieved' AND timepoint = 'end' AND case_id = c.id
        GROUP BY outcome_ref)), 0) AS achieved_yes,
    coalesce((SELECT max(v = 'partly') FROM (SELECT max(id), value AS v FROM answers
        WHERE measure = 'outcome_achieved' AND timepoint = 'end' AND case_id = c.id
        GROUP BY outcome_ref)), 0) AS achieved_partly,
    coalesce((SELECT max(v = 'no') FROM (SELECT max(id), value AS v FROM answers
        WHERE measure = 'outcome_achieved' AND timepoint = 'end' AND case_id = c.id
        GROUP BY outcome_ref)), 0) AS achieved_no,
    coalesce((SELECT max(v NOT IN ('yes', 'partly', 'no')) FROM (SELECT max(id), value AS v FROM answers
        WHERE measure = 'outcome_achieved' AND timepoint = 'end' AND case_id = c.id
        GROUP BY outcome_ref)), 0) AS achieved_other,
    coalesce((SELECT count(*) FROM (SELECT max(id), value AS v FROM answers
        WHERE measure = 'outcome_achieved' AND timepoint = 'end' AND case_id = c.id
        GROUP BY outcome_ref)), 0) AS outcomes_answered,
    (SELECT count(*) FROM outcomes WHERE case_id = c.id AND active = 1) AS outcomes_active,
    (SELECT max(status = 'expressed') FROM outcome_revisions WHERE case_id = c.id)
        AS outcomes_expressed,
    EXISTS (SELECT 1 FROM participants p JOIN sessions ss ON ss.participant_id = p.id
        WHERE p.case_id = c.id AND ss.timepoint = 'start' AND ss.status = 'completed')
        AS start_done,
    EXISTS (SELECT 1 FROM participants p JOIN sessions ss ON ss.participant_id = p.id
        WHERE p.case_id = c.id AND ss.timepoint = 'end' AND ss.status = 'completed')
        AS end_done,
    EXISTS (SELECT 1 FROM invites WHERE case_id = c.id AND used_at IS NOT NULL) AS invite_used
FROM cases c
LEFT JOIN answers s ON s.id = (SELECT min(id) FROM answers
    WHERE measure = 'safety' AND timepoint = 'start' AND case_id = c.id)
LEFT JOIN answers e ON e.id = (SELECT max(id) FROM answers
    WHERE measure = 'safety' AND timepoint = 'end' AND case_id = c.id);

CREATE TABLE case_facts (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    start_safety TEXT,
    start_answered_by TEXT,
    start_variant TEXT,
    end_safety TEXT,
    end_answered_by TEXT,
    end_variant TEXT,
    made_safer TEXT,
    how_much_safer TEXT,
    listened_to TEXT,
    involved TEXT,
    wellbeing TEXT,
    wants_more_support TEXT,
    achieved_yes INTEGER NOT NULL,
    achieved_partly INTEGER NOT NULL,
    achieved_no INTEGER NOT NULL,
    achieved_other INTEGER NOT NULL,
    outcomes_answered INTEGER NOT NULL,
    outcomes_active INTEGER NOT NULL,
    outcomes_expressed INTEGER,
    start_done INTEGER NOT NULL,
    end_done INTEGER NOT NULL,
    invite_used INTEGER NOT NULL
) STRICT;

-- The view's per-case subqueries look invites up by case. Same name as in 0005 (storage's
-- foreign-key indexes), which then finds it made.
CREATE INDEX IF NOT EXISTS invites_case_fk ON invites(case_id);
-- Only the old report read this wide index (0003); answers_by_measure (0002) serves the
-- view's per-case lookups, and every answer insert gets cheaper without it.
DROP INDEX answers_for_reports;

INSERT INTO case_facts SELECT * FROM case_facts_computed;

-- The triggers. A write that adds or changes a source row recomputes its case's row
-- (DELETE then INSERT: not INSERT OR REPLACE, whose policy an outer INSERT OR IGNORE would
-- override); most answers set single columns instead (below). A delete only removes the case's row: erasing or purging many cases then costs
-- one primary-key delete per row, not a recomputation; the reports compute the cases that
-- have no row from the view (storage/reporting), and the case's next write, or a change of
-- its state (an erased case is marked 'erased' last), puts the row back.

CREATE TRIGGER case_facts_case_opened AFTER INSERT ON cases
BEGIN
    DELETE FROM case_facts WHERE case_id IN (NEW.id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (NEW.id);
END;

CREATE TRIGGER case_facts_case_state AFTER UPDATE OF state ON cases
WHEN OLD.state IS NOT NEW.state
BEGIN
    DELETE FROM case_facts WHERE case_id IN (NEW.id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (NEW.id);
END;

-- An answer is appended with the highest id so far (answers are append-only; SQLite gives a
-- new row the next rowid), so it is its case's last answer to its measure, and its first
-- start safety answer only when the row has none yet: these two triggers set just the
-- columns it changes (the cheap path for every turn). A case with no row stays without one.
-- An outcome_achieved answer recomputes the row: its flags depend on every outcome's answer.
CREATE TRIGGER case_facts_start_answer AFTER INSERT ON answers
WHEN NEW.timepoint = 'start' AND NEW.measure = 'safety'
BEGIN
    UPDATE case_facts SET start_safety = NEW.value, start_answered_by = NEW.answered_by,
        start_variant = NEW.variant
    WHERE case_id = NEW.case_id AND start_safety IS NULL;
END;

CREATE TRIGGER case_facts_end_answer AFTER INSERT ON answers
WHEN NEW.timepoint = 'end' AND NEW.measure IN ('safety', 'made_safer', 'how_much_safer',
    'listened_to', 'involved', 'wellbeing', 'wants_more_support')
BEGIN
    UPDATE case_facts SET
        end_safety = CASE NEW.measure WHEN 'safety' THEN NEW.value ELSE end_safety END,
        end_answered_by = CASE NEW.measure WHEN 'safety' THEN NEW.answered_by
        ELSE end_answered_by END,
        end_variant = CASE NEW.measure WHEN 'safety' THEN NEW.variant ELSE end_variant END,
        made_safer = CASE NEW.measure WHEN 'made_safer' THEN NEW.value ELSE made_safer END,
        how_much_safer = CASE NEW.measure WHEN 'how_much_safer' THEN NEW.value ELSE how_much_safer END,
        listened_to = CASE NEW.measure WHEN 'listened_to' THEN NEW.value ELSE listened_to END,
        involved = CASE NEW.measure WHEN 'involved' THEN NEW.value ELSE involved END,
        wellbeing = CASE NEW.measure WHEN 'wellbeing' THEN NEW.value ELSE wellbeing END,
        wants_more_support = CASE NEW.measure WHEN 'wants_more_support' THEN NEW.value ELSE wants_more_support END
    WHERE case_id = NEW.case_id;
END;

CREATE TRIGGER case_facts_outcome_answer AFTER INSERT ON answers
WHEN NEW.timepoint = 'end' AND NEW.measure = 'outcome_achieved'
BEGIN
    DELETE FROM case_facts WHERE case_id IN (NEW.case_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (NEW.case_id);
END;

CREATE TRIGGER case_facts_answer_deleted AFTER DELETE ON answers
WHEN OLD.timepoint IN ('start', 'end') AND OLD.measure IN ('safety', 'outcome_achieved',
    'made_safer', 'how_much_safer', 'listened_to', 'involved', 'wellbeing', 'wants_more_support')
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id);
END;

-- Sessions reach their case through their participant (the view counts only sessions
-- whose participant still exists).

CREATE TRIGGER case_facts_session_added AFTER INSERT ON sessions
WHEN NEW.status = 'completed'
BEGIN
    DELETE FROM case_facts WHERE case_id IN (SELECT case_id FROM participants WHERE id = NEW.participant_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (SELECT case_id FROM participants WHERE id = NEW.participant_id);
END;

CREATE TRIGGER case_facts_session_changed AFTER UPDATE OF status, timepoint, participant_id ON sessions
WHEN (OLD.status = 'completed' OR NEW.status = 'completed')
    AND (OLD.status IS NOT NEW.status OR OLD.timepoint IS NOT NEW.timepoint
         OR OLD.participant_id IS NOT NEW.participant_id)
BEGIN
    DELETE FROM case_facts WHERE case_id IN (SELECT case_id FROM participants WHERE id IN (OLD.participant_id, NEW.participant_id));
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (SELECT case_id FROM participants WHERE id IN (OLD.participant_id, NEW.participant_id));
END;

CREATE TRIGGER case_facts_session_deleted AFTER DELETE ON sessions
WHEN OLD.status = 'completed'
BEGIN
    DELETE FROM case_facts WHERE case_id IN (SELECT case_id FROM participants WHERE id = OLD.participant_id);
END;

CREATE TRIGGER case_facts_participant_deleted AFTER DELETE ON participants
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id);
END;

CREATE TRIGGER case_facts_revision_added AFTER INSERT ON outcome_revisions
BEGIN
    DELETE FROM case_facts WHERE case_id IN (NEW.case_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (NEW.case_id);
END;

CREATE TRIGGER case_facts_revision_deleted AFTER DELETE ON outcome_revisions
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id);
END;

CREATE TRIGGER case_facts_outcome_added AFTER INSERT ON outcomes
BEGIN
    DELETE FROM case_facts WHERE case_id IN (NEW.case_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (NEW.case_id);
END;

CREATE TRIGGER case_facts_outcome_changed AFTER UPDATE OF active, case_id ON outcomes
WHEN OLD.active IS NOT NEW.active OR OLD.case_id IS NOT NEW.case_id
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id, NEW.case_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_facts_outcome_deleted AFTER DELETE ON outcomes
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id);
END;

CREATE TRIGGER case_facts_invite_added AFTER INSERT ON invites
WHEN NEW.used_at IS NOT NULL
BEGIN
    DELETE FROM case_facts WHERE case_id IN (NEW.case_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (NEW.case_id);
END;

CREATE TRIGGER case_facts_invite_used AFTER UPDATE OF used_at, case_id ON invites
WHEN (OLD.used_at IS NULL) IS NOT (NEW.used_at IS NULL) OR OLD.case_id IS NOT NEW.case_id
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id, NEW.case_id);
    INSERT INTO case_facts SELECT * FROM case_facts_computed WHERE case_id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_facts_invite_deleted AFTER DELETE ON invites
WHEN OLD.used_at IS NOT NULL
BEGIN
    DELETE FROM case_facts WHERE case_id IN (OLD.case_id);
END;

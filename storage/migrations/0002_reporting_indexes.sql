-- 0002_reporting_indexes: indexes for the reports (storage/reporting.py) and exports.
-- Reports group answers by measure and timepoint, join to cases, and filter cases by
-- organisation, team and the period they were opened or closed in.
CREATE INDEX answers_by_measure ON answers(measure, timepoint, case_id);
CREATE INDEX answers_by_case ON answers(case_id, timepoint);
CREATE INDEX answers_by_participant ON answers(participant_id);
CREATE INDEX cases_by_org_team ON cases(organisation_id, team_id, opened_at);
CREATE INDEX cases_by_closed ON cases(state, closed_at);
CREATE INDEX sessions_by_participant ON sessions(participant_id, timepoint, round);
CREATE INDEX outcome_revisions_by_case ON outcome_revisions(case_id, revised_at);
CREATE INDEX audit_by_case ON audit_log(case_id);

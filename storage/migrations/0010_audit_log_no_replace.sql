-- 0010_audit_log_no_replace: the audit log's two triggers (0001) refuse UPDATE and DELETE,
-- but INSERT OR REPLACE (or REPLACE) with an existing id deletes the old entry without
-- firing a DELETE trigger (SQLite fires those for REPLACE only with recursive_triggers on)
-- and writes a new one in its place: an entry could be rewritten. This refuses an insert
-- whose id is already taken, before the REPLACE happens. Inserts that leave the id to
-- SQLite (every write_audit) see NEW.id as -1 here and pass.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- 0009_invites_rep_kind: a representative's invite says who they are to the person
-- (advocate, family, friend or other; storage.terms.REP_KINDS), as staff said when they made
-- it. Whoever joins with it becomes a participant of that kind, so the answers record which
-- kind of representative gave them, and two representatives of different kinds (an advocate
-- and a family member) are two roles in the case: one joining does not detach the other.
-- NULL: not said (person invites, and invites made before this migration).
ALTER TABLE invites ADD COLUMN rep_kind TEXT
    CHECK (rep_kind IS NULL OR rep_kind IN ('advocate', 'family', 'friend', 'other'));

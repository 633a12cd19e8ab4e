-- 0007_invites_for_participant: a check-in or end invite the bot sends into a person's chat
-- works only from that chat. The link is a deep link anyone could open if it were forwarded,
-- and opening it reads the person's outcomes back to whoever opened it. NULL: not bound
-- (start invites, and links staff make with `checkin case invite` for a new phone). Bound to
-- the participant, not to a chat hash, so key rotation (which re-hashes chats) keeps it; the
-- invite goes with the participant when they are erased.
ALTER TABLE invites ADD COLUMN for_participant_id INTEGER
    REFERENCES participants(id) ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS invites_for_participant ON invites(for_participant_id);

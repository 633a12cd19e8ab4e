-- 0006_sessions_shown_seq: the number (SessionState.seq) of the last question the person was
-- actually sent. The bot commits an answer before it sends the next question; if it dies in
-- between, the person never saw that question, and words they type next (often the same
-- answer again) must not be taken as its answer. NULL: not known (older rows): trusted.
ALTER TABLE sessions ADD COLUMN shown_seq INTEGER;

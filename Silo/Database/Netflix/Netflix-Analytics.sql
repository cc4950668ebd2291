-- The append-only analytics log (see Grains/Analytics): every impression, play start and stop and QoE summary,
-- written in batches from the "netflix-events" stream. Rows are never updated; a redelivered event (same event_id)
-- is skipped by ON CONFLICT DO NOTHING.
CREATE TABLE IF NOT EXISTS netflix_analytics_events (
    event_id     uuid        PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('Impression', 'PlayStart', 'PlayStop', 'Qoe')),
    occurred_at  timestamptz NOT NULL,
    region       text        NOT NULL,
    member_id    text        NOT NULL,
    title_id     text        NOT NULL,
    artwork_id   text,                    -- impressions: the artwork variant shown
    row_name     text,                    -- impressions: the browse row
    row_position integer,                 -- impressions: position in the row, from 0
    session_id   text,                    -- plays and QoE: the playback session
    position_ms  bigint,                  -- play start: the resume point; play stop: where it stopped
    qoe          jsonb                    -- QoE: the player's summary (startupSeconds, rebufferSeconds, playedSeconds, meanBitrateKbps, ...)
);

-- Per-title counters, and "did this member start this title within the window after this impression".
CREATE INDEX IF NOT EXISTS netflix_analytics_events_title
    ON netflix_analytics_events (title_id, kind, member_id, occurred_at);

-- Trending: play starts in a region since a moment.
CREATE INDEX IF NOT EXISTS netflix_analytics_events_region
    ON netflix_analytics_events (region, kind, occurred_at);

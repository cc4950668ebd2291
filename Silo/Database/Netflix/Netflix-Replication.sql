-- Member data replicated between regions (see Silo/Replication). One row per replicated grain state,
-- versioned by a hybrid logical clock with the writing region as tiebreak: a copy is applied only
-- when its (version, origin_region) is above the row's, so a late copy never overwrites a newer one.
CREATE TABLE IF NOT EXISTS netflix_replicated_state (
    state_name        text        NOT NULL,
    grain_id          text        NOT NULL,
    version           bigint      NOT NULL,
    origin_region     text        NOT NULL,
    payload           jsonb,                  -- NULL: the state was cleared (a replicated tombstone)
    origin_written_at timestamptz NOT NULL,   -- when the writing region committed it
    applied_at        timestamptz NOT NULL DEFAULT clock_timestamp(), -- when this region stored it
    PRIMARY KEY (state_name, grain_id)
);

CREATE INDEX IF NOT EXISTS netflix_replicated_state_applied
    ON netflix_replicated_state (applied_at) WHERE origin_region IS NOT NULL;

-- Copies still owed to other regions, written in the same transaction as the local row: a write is
-- never committed here without its copies being owed, and a region that was down gets them when it returns.
CREATE TABLE IF NOT EXISTS netflix_replication_outbox (
    id                bigserial   PRIMARY KEY,
    target_region     text        NOT NULL,
    state_name        text        NOT NULL,
    grain_id          text        NOT NULL,
    version           bigint      NOT NULL,
    origin_region     text        NOT NULL,
    payload           jsonb,
    origin_written_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS netflix_replication_outbox_target ON netflix_replication_outbox (target_region, id);

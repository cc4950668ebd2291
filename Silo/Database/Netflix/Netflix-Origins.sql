-- The origin servers of this region's silos (Silo/Origin/OriginAnnouncer): other regions read it to find where to
-- copy published media from. A silo refreshes its row while it runs and removes it when it stops; a row not
-- refreshed for a while belongs to a silo that died and is ignored.
CREATE TABLE IF NOT EXISTS netflix_origin_endpoints (
    url      text        PRIMARY KEY,
    seen_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A timer's row changes once or twice in its life (fired, or cancelled), and that UPDATE is never HOT: `status` is in
-- the predicate of both pending-only indexes. With time-ordered ids (0189) a storm's round fires (and its transitions
-- cancel) neighbouring timers, ~18 to a page: on a full page each new version went to another page, dirtying and
-- logging two pages per row. Half-full pages keep the new version beside the old (decision 0190). Pages written from now on.
ALTER TABLE "timers" SET (fillfactor = 50);

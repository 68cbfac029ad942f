-- No JIT compilation for this database's statements (decision 0155). Every statement here is a short OLTP one, but
-- the planner's cost of a batch statement (jsonb_to_recordset is estimated at 100 rows, and a table without
-- statistics at its physical size) crosses jit_above_cost (100,000) as tables grow, and then EACH execution compiles
-- the plan with LLVM: 30–40 ms of backend CPU for the webhook's one-row inbound insert instead of 0.3–0.5 ms, and up
-- to ~1 s with inlining and optimisation (jit_*_above_cost 500,000). New sessions get it from the database; the
-- session running this migration (the app's first pooled connection) sets it for itself. A role that does not own
-- the database cannot ALTER it: the migration then only says so, and the app runs as before.
SET jit = off;--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'saisoku: could not ALTER DATABASE % SET jit = off (not its owner); set jit = off for the app''s role or in postgresql.conf (decision 0155)', current_database();
END
$$;

import { execFile } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * scripts/patch-deps.mjs, patch "young closures" (decision 0180). V8's parser pretenures a function literal
 * assigned straight to a property (`this.resolve = x => …`); outside TurboFan code the closure is then
 * allocated in old space, and, dead, it keeps the young query (its result, its rows) alive through every
 * scavenge until the next mark-compact. The patched driver makes those closures young.
 *
 * The first test asks V8 where the closures are (a child node with --allow-natives-syntax, TurboFan off so
 * the bytecode's allocation decides): on the unpatched driver every one of them is old and the test fails.
 * The others check that the driver behaves as before: queries, errors, transactions (commit, rollback,
 * pipelined), and a pool that reconnects after its backend is killed.
 */
const url = process.env.DATABASE_URL!;

const probe = `
import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
const young = (f) => %InYoungGeneration(f);
const out = {};
const q = sql\`select 1 as a\`;
out.queryResolve = young(q.resolve);
out.queryReject = young(q.reject);
await q;
await sql.begin(async (tx) => { out.txPrepare = young(tx.prepare); await tx\`select 1\`; });
await sql.begin('', async (tx) => { out.pipelineCommit = young(tx.pipelineCommit); await tx\`select 1\`; }, true);
await sql.end();
console.log(JSON.stringify(out));
`;

function runProbe(): Promise<Record<string, boolean>> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--allow-natives-syntax', '--no-turbofan', '--input-type=module', '-e', probe],
      { cwd: process.cwd(), env: process.env, timeout: 20_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!))),
    ),
  );
}

describe('postgres.js closures made per query and per transaction are young (patch "young closures")', () => {
  it('allocates a query\'s resolve/reject and a transaction\'s closures in the young generation', async () => {
    expect(await runProbe()).toEqual({ queryResolve: true, queryReject: true, txPrepare: true, pipelineCommit: true });
  });
});

describe('the patched driver behaves as before', () => {
  let sql: postgres.Sql;
  let admin: postgres.Sql;
  beforeAll(async () => {
    sql = postgres(url, { max: 1, onnotice: () => {} });
    admin = postgres(url, { max: 1, onnotice: () => {} });
    await sql`create temp table young_t (id int primary key, s text)`;
  });
  afterAll(async () => {
    await sql.end({ timeout: 1 });
    await admin.end({ timeout: 1 });
  });

  it('answers queries with their rows, prepared and not', async () => {
    const rows = await sql`select ${3}::int as a, 'x' as s from generate_series(1, 3)`;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ a: 3, s: 'x' });
    const unprepared = await sql.unsafe('select $1::int + 1 as b', [41], { prepare: false });
    expect(unprepared[0]!.b).toBe(42);
  });

  it('rejects a bad statement with the server\'s error, and the connection goes on', async () => {
    const e = await sql`select from nowhere_nep21`.then(() => null, (x: unknown) => x as postgres.PostgresError);
    expect(e).toBeInstanceOf(postgres.PostgresError);
    expect(e!.code).toBe('42P01');
    expect((await sql`select 1 as one`)[0]!.one).toBe(1);
  });

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    const r = await sql.begin(async (tx) => {
      await tx`insert into young_t values (1, 'a')`;
      return 'done';
    });
    expect(r).toBe('done');
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into young_t values (2, 'b')`;
        throw new Error('nep21 rollback');
      }),
    ).rejects.toThrow('nep21 rollback');
    const left = await sql`select id from young_t order by id`;
    expect(left.map((x) => x.id)).toEqual([1]);
  });

  it('runs a pipelined transaction (BEGIN with the first statement, pipelineCommit) to its commit', async () => {
    const r = await (sql.begin as unknown as (o: string, fn: (tx: postgres.TransactionSql & { pipelineCommit: () => Promise<unknown> }) => Promise<unknown>, p: boolean) => Promise<unknown>)(
      '',
      async (tx) => {
        const w = tx`insert into young_t values (3, 'c')`.execute();
        const c = tx.pipelineCommit();
        await w;
        await c;
        return 'piped';
      },
      true,
    );
    expect(r).toBe('piped');
    expect((await sql`select count(*)::int as n from young_t`)[0]!.n).toBe(2);
  });

  it('reconnects after its backend is killed', async () => {
    const pid = (await sql`select pg_backend_pid() as pid`)[0]!.pid as number;
    await admin`select pg_terminate_backend(${pid})`;
    await new Promise((r) => setTimeout(r, 200));
    const again = (await sql`select pg_backend_pid() as pid`)[0]!.pid as number;
    expect(again).not.toBe(pid);
  });
});

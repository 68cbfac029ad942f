#!/usr/bin/env node
// Applied on every install (npm "postinstall"), idempotent, loud when the driver's code moved.
//
// postgres.js 3.4.9 (porsager/postgres#1066, #1154, #1186, #1208, #1216; fix PRs #1168, #1176,
// #1209, #1215 not released). Each patch carries its own mark, so an install patched by an older
// version of this script gets the newer patches too.
// 1. nextWrite() runs from a setImmediate and dereferences `socket`, which closed() has set to null
//    when the server went away (a Postgres restart): an uncaught TypeError kills the process. The
//    guard settles the waiting queries with CONNECTION_CLOSED instead (a catchable error).
// 2. closed() and terminate() clear the write timer without forgetting it, so the next write on a
//    reconnected connection is never scheduled and the connection hangs (pool starvation after a
//    restart). They now forget the timer and the half-written chunk.
// 3. A transaction whose connection closes rejects, but (a) its queries still queued in the
//    transaction (waiting behind a describe, or a full pipeline) never settled: the "transactions
//    wait 20 s after 3 restarts" hang; (b) its callback, still running, sent its later queries and
//    its commit/rollback on whatever the pool reconnected that connection for: another transaction's
//    backend, or outside any transaction. The close error is now kept on the transaction: queued
//    queries are rejected with it, and so is every later query through the transaction's handle.
// 4. closed() kept the last query and the old backend's error (the FATAL of a terminated backend):
//    the first query on the reconnected connection was failed with that stale error. Reset.
// 6. A socket that fails with an error (ECONNRESET: a backend killed with bytes of ours unread, as a
//    restart under load does) emits 'error', then 'close' a loop turn later. error() fails what is
//    on the wire then, but a query written in between (the transaction's automatic rollback, run
//    as soon as its query rejected) stayed in `sent`: closed(hadError) fails nothing, and the stale
//    entry survived into the reconnected socket's pipeline. Its first query's reply then resolved
//    that stale rollback, and the query itself waited forever for a reply already consumed (the
//    connection stuck: "transactions still waiting 20 s after the restart"; with max 1, the whole
//    pool). closed() now fails everything still in flight whatever the close, the reconnect-while-
//    connecting branch included, so nothing in flight outlives its socket.
// 5. A new connection fetches the array types from a promise nobody awaits: when the connection
//    resets during that query (the server restarting again), the rejection was unhandled, which
//    ends the process (decision 0108). The error has already failed the waiting query; it is caught.
// See docs/decisions/0108-process-faults.md. Remove when a fixed postgres.js is released.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'node_modules/postgres');
if (!existsSync(pkg)) {
  console.error('patch-deps: node_modules/postgres not found; nothing patched');
  process.exit(0);
}

const patches = [
  {
    file: 'connection.js',
    mark: '/* saisoku-patch: null-socket guard */',
    steps: (mark) => [
      [
        /function nextWrite\(fn\) \{\n(\s+)const x = socket\.write\(chunk, fn\)/,
        (_m, ind) =>
          `function nextWrite(fn) {\n${ind}${mark}\n${ind}if (!socket) {\n${ind}  nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n${ind}  chunk = nextWriteTimer = null\n${ind}  error(Errors.connection('CONNECTION_CLOSED', options))\n${ind}  return false\n${ind}}\n${ind}const x = socket.write(chunk, fn)`,
      ],
      [/(function terminate\(\) \{[\s\S]*?)clearImmediate\(nextWriteTimer\)\n/, (_m, head) => `${head}clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n`],
      [/(async function closed\(hadError\) \{[\s\S]*?)clearImmediate\(nextWriteTimer\)\n/, (_m, head) => `${head}clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n`],
    ],
  },
  {
    file: 'connection.js',
    mark: '/* saisoku-patch: stale state after close */',
    steps: (mark) => [
      [
        /(\n(\s+)socket = null\n\n\s+if \(initial\)\n\s+return reconnect\(\)\n\n(\s+)!hadError && \(query \|\| sent\.length\) && error\(Errors\.connection\('CONNECTION_CLOSED', options, socket\)\)\n)/,
        (_m, _all, ind) =>
          `\n${ind}socket = null\n\n${ind}${mark}\n${ind}if (initial) {\n${ind}  errorResponse = results = null\n${ind}  result = new Result()\n${ind}  return reconnect()\n${ind}}\n\n${ind}!hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n${ind}query = results = errorResponse = null\n${ind}result = new Result()\n`,
      ],
    ],
  },
  {
    // After the stale-state patch (it matches the code that patch leaves).
    file: 'connection.js',
    mark: '/* saisoku-patch: pipeline cleared on close */',
    steps: (mark) => [
      [
        /\n([ \t]+)!hadError && \(query \|\| sent\.length\) && error\(Errors\.connection\('CONNECTION_CLOSED', options, socket\)\)\n/,
        (_m, ind) => `\n${ind}${mark}\n${ind}(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n`,
      ],
      [
        /(\n([ \t]+)if \(initial\) \{\n)([ \t]+)(errorResponse = results = null\n)/,
        (_m, head, _ind, ind2, tail) =>
          `${head}${ind2}if (query || sent.length) {\n${ind2}  const e = Errors.connection('CONNECTION_CLOSED', options)\n${ind2}  query && queryError(query, e)\n${ind2}  while (sent.length) queryError(sent.shift(), e)\n${ind2}  query = null\n${ind2}}\n${ind2}${tail}`,
      ],
    ],
  },
  {
    file: 'connection.js',
    mark: '/* saisoku-patch: array types fetch caught */',
    steps: (mark) => [[/return fetchArrayTypes\(\)\n/, () => `return fetchArrayTypes().catch(() => {}) ${mark}\n`]],
  },
  {
    file: 'index.js',
    mark: '/* saisoku-patch: closed transaction */',
    steps: (mark) => [
      [/(\n(\s+), prepare = null\n)/, (_m, _all, ind) => `\n${ind}, prepare = null\n${ind}, closedError = null ${mark}\n`],
      [
        /new Promise\(\(_, reject\) => connection\.onclose = reject\)/,
        () => 'new Promise((_, reject) => connection.onclose = (e) => {\n          closedError = e\n          while (queries.length) queries.shift().reject(e)\n          reject(e)\n        })',
      ],
      [
        /(\n(\s+)q\.catch\(e => uncaughtError \|\| \(uncaughtError = e\)\)\n)/,
        (_m, _all, ind) => `\n${ind}q.catch(e => uncaughtError || (uncaughtError = e))\n${ind}if (closedError)\n${ind}  return q.reject(closedError)\n`,
      ],
    ],
  },
  {
    // After the closed-transaction patch (it matches the code that patch leaves). Not a fix: a feature
    // (decision 0154). `begin(options, fn, true)`: the callback runs as soon as BEGIN is written to its
    // connection, not when BEGIN is answered, so its first statements go out in BEGIN's pipeline; and
    // the transaction's handle gets `pipelineCommit()`, which writes COMMIT at once behind the
    // statements already handed to the connection (their answers not read). A statement that failed
    // aborted the transaction, so that COMMIT is answered ROLLBACK: the transaction then rejects with
    // the statement's error, as it would have. After that COMMIT is handed over, any later query
    // through the handle is refused (the connection goes back to the pool when COMMIT is answered),
    // and no ROLLBACK is sent on failure (the transaction ends with the COMMIT's answer).
    file: 'index.js',
    mark: '/* saisoku-patch: pipelined transaction */',
    steps: (mark) => [
      [/async function begin\(options, fn\) \{\n/, () => `async function begin(options, fn, pipelined) { ${mark}\n`],
      [
        /(\n([ \t]+), closedError = null \/\* saisoku-patch: closed transaction \*\/\n)/,
        (_m, all, ind) => `${all}${ind}, began = null\n${ind}, written = null\n${ind}, beginError = null\n${ind}, committing = null\n${ind}, ended = false\n${ind}, finished = false\n`,
      ],
      [
        /\n([ \t]+)await sql\.unsafe\('begin ' \+ options\.replace\(\/\[\^a-z \]\/ig, ''\), \[\], \{ onexecute \}\)\.execute\(\)\n/,
        (_m, ind) =>
          `\n${ind}began = sql.unsafe('begin ' + options.replace(/[^a-z ]/ig, ''), [], { onexecute }).execute()\n` +
          `${ind}if (pipelined) {\n` +
          `${ind}  await Promise.race([began, new Promise(r => written = r)])\n` +
          `${ind}  began.catch(e => beginError = e)\n` +
          `${ind}  // full only because onexecute returned nothing (what keeps the pool off it): the transaction's own queries may follow\n` +
          `${ind}  connection && connection.queue === full && move(connection, reserved)\n` +
          `${ind}} else {\n` +
          `${ind}  await began\n` +
          `${ind}  began = null\n` +
          `${ind}}\n`,
      ],
      [
        /(\n([ \t]+)sql\.prepare = x => prepare = x\.replace\(\/\[\^a-z0-9\$-_\. \]\/gi\)\n)/,
        (_m, all, ind) =>
          `${all}${ind}name || !began || (sql.pipelineCommit = () => committing || (finished\n${ind}  ? Promise.reject(Errors.generic('TRANSACTION_ENDED', 'the transaction has already ended'))\n${ind}  : committing = sql\`commit\`.execute()))\n`,
      ],
      [
        /\n([ \t]+)await \(name\n(\s+)\? sql`rollback to \$\{ sql\(name\) \}`\n(\s+): sql`rollback`\n(\s+)\)\n/,
        (_m, ind, i2, i3, i4) => `\n${ind}name || (finished = true)\n${ind}committing || await (name\n${i2}? sql\`rollback to \${ sql(name) }\`\n${i3}: sql\`rollback\`\n${i4})\n`,
      ],
      [
        /\n([ \t]+)if \(!name\) \{\n(\s+)prepare\n/,
        (_m, ind, i2) =>
          `\n${ind}if (!name) {\n${i2}finished = true\n${i2}began && await began\n${i2}if (committing) {\n${i2}  if ((await committing).command !== 'COMMIT')\n${i2}    throw uncaughtError || Errors.generic('TRANSACTION_ROLLED_BACK', 'the pipelined COMMIT was answered ROLLBACK')\n${i2}  return result\n${i2}}\n${i2}prepare\n`,
      ],
      [
        /(\n([ \t]+)if \(closedError\)\n\s+return q\.reject\(closedError\)\n)/,
        (_m, all, ind) =>
          `${all}${ind}if (beginError || ended)\n${ind}  return q.reject(beginError || Errors.generic('TRANSACTION_ENDED', 'a query after the transaction\\'s pipelined COMMIT'))\n${ind}q === committing && (ended = true)\n`,
      ],
      [/(\n([ \t]+)function onexecute\(c\) \{\n[\s\S]*?\n([ \t]+)move\(c, reserved\)\n)/, (_m, all, _ind, i2) => `${all}${i2}written && written()\n`],
    ],
  },
  {
    // V8's parser pretenures a function literal assigned straight to a property (`a.b = () => …`: "so it can
    // be added as a constant function property"). Outside TurboFan-optimized code such a closure is then
    // allocated in old space. Made per query or per transaction, it dies young but sits in old space until the
    // next mark-compact, and through the old→new remembered set it keeps the young context it closes over, and
    // everything that context reaches, alive through every scavenge: the query, its result and rows (and for a
    // transaction, its queries). They are promoted (decision 0180: 1.3 KB per statement in the postgres.js loop,
    // 42 B with this patch). The closures are made in a local first, or passed through young(), so that the
    // right-hand side of the assignment is not a function literal. Behaviour unchanged.
    file: 'query.js',
    mark: '/* saisoku-patch: young closures */',
    steps: (mark) => [
      [
        /\n([ \t]+)this\.resolve = x => \(this\.active = false, resolve\(x\)\)\n[ \t]+this\.reject = x => \(this\.active = false, reject\(x\)\)\n/,
        (_m, ind) =>
          `\n${ind}${mark} // not \`this.resolve = x => …\`: V8 would allocate the closure in old space\n${ind}const onresolve = x => (this.active = false, resolve(x))\n${ind}const onreject = x => (this.active = false, reject(x))\n${ind}this.resolve = onresolve\n${ind}this.reject = onreject\n`,
      ],
    ],
  },
  {
    // The same for the closures begin() and reserve() store on a connection or a transaction's sql: made per
    // transaction, they close over the transaction's state (its queries, BEGIN/COMMIT and their results).
    file: 'index.js',
    mark: '/* saisoku-patch: young closures */',
    steps: (mark) => [
      [
        /\nfunction parseOptions\(a, b\) \{\n/,
        () => `\n${mark}\n// A function literal passed as an argument is not pretenured by V8, one assigned to a property is (see\n// scripts/patch-deps.mjs): \`x.f = young(() => …)\` keeps a per-transaction closure in the young generation.\nfunction young(f) {\n  return f\n}\n\nfunction parseOptions(a, b) {\n`,
      ],
      [
        /(new Promise\(\(_, reject\) => connection\.onclose = )\(e\) => \{\n([\s\S]*?\n[ \t]+reject\(e\)\n[ \t]+)\}\)\n/,
        (_m, head, body) => `${head}young((e) => {\n${body}}))\n`,
      ],
      [
        /sql\.prepare = (x => prepare = x\.replace\(\/\[\^a-z0-9\$-_\. \]\/gi\))\n/,
        (_m, fn) => `sql.prepare = young(${fn})\n`,
      ],
      [
        /\(sql\.pipelineCommit = \(\) => committing \|\| \(finished\n([\s\S]*?): committing = sql`commit`\.execute\(\)\)\)/,
        (_m, mid) => `(sql.pipelineCommit = young(() => committing || (finished\n${mid}: committing = sql\`commit\`.execute())))`,
      ],
      [
        /c\.reserved = \(\) => (queries|queue)\.length\n([ \t]+)\? c\.execute\(\1\.shift\(\)\)\n([ \t]+): move\(c, reserved\)\n/g,
        (_m, q, i1, i2) => `c.reserved = young(() => ${q}.length\n${i1}? c.execute(${q}.shift())\n${i2}: move(c, reserved))\n`,
      ],
      [
        /sql\.release = \(\) => \{\n([ \t]+)c\.reserved = null\n[ \t]+onopen\(c\)\n([ \t]+)\}\n/,
        (_m, i1, i2) => `sql.release = young(() => {\n${i1}c.reserved = null\n${i1}onopen(c)\n${i2}})\n`,
      ],
    ],
  },
];

for (const dir of ['src', 'cjs/src', 'cf/src']) {
  for (const p of patches) {
    const file = join(pkg, dir, p.file);
    if (!existsSync(file)) continue;
    let src = readFileSync(file, 'utf8');
    if (src.includes(p.mark)) continue;
    for (const [re, fn] of p.steps(p.mark)) {
      if (!re.test(src)) {
        console.error(`patch-deps: ${file} does not have the code this patch expects (${re}); postgres.js changed: check the upstream fix and update scripts/patch-deps.mjs`);
        process.exit(1);
      }
      src = src.replace(re, fn);
    }
    writeFileSync(file, src);
    console.log(`patch-deps: ${p.mark} → ${file.slice(root.length + 1)}`);
  }
}

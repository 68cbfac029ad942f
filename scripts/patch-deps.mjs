#!/usr/bin/env node
// Applied on every install (npm "postinstall"), idempotent, loud when the driver's code moved.
//
// postgres.js 3.4.9 (porsager/postgres#1066, #1154, #1208; fix PRs #1168, #1176, #1209 not released):
// 1. nextWrite() runs from a setImmediate and dereferences `socket`, which closed() has set to null
//    when the server went away (a Postgres restart): an uncaught TypeError kills the process. The
//    guard settles the waiting queries with CONNECTION_CLOSED instead (a catchable error).
// 2. closed() and terminate() clear the write timer without forgetting it, so the next write on a
//    reconnected connection is never scheduled and the connection hangs (pool starvation after a
//    restart). They now forget the timer and the half-written chunk.
// See docs/decisions/0108-process-faults.md. Remove when a fixed postgres.js is released.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARK = '/* saisoku-patch: null-socket guard */';
const files = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) => join(root, 'node_modules/postgres', f)).filter(existsSync);
if (!files.length) {
  console.error('patch-deps: node_modules/postgres not found; nothing patched');
  process.exit(0);
}
for (const file of files) {
  let src = readFileSync(file, 'utf8');
  if (src.includes(MARK)) continue;
  const steps = [
    [
      /function nextWrite\(fn\) \{\n(\s+)const x = socket\.write\(chunk, fn\)/,
      (_m, ind) =>
        `function nextWrite(fn) {\n${ind}${MARK}\n${ind}if (!socket) {\n${ind}  nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n${ind}  chunk = nextWriteTimer = null\n${ind}  error(Errors.connection('CONNECTION_CLOSED', options))\n${ind}  return false\n${ind}}\n${ind}const x = socket.write(chunk, fn)`,
    ],
    [/(function terminate\(\) \{[\s\S]*?)clearImmediate\(nextWriteTimer\)\n/, (_m, head) => `${head}clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n`],
    [/(async function closed\(hadError\) \{[\s\S]*?)clearImmediate\(nextWriteTimer\)\n/, (_m, head) => `${head}clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n`],
  ];
  for (const [re, fn] of steps) {
    if (!re.test(src)) {
      console.error(`patch-deps: ${file} does not have the code this patch expects (${re}); postgres.js changed: check the upstream fix and update scripts/patch-deps.mjs`);
      process.exit(1);
    }
    src = src.replace(re, fn);
  }
  writeFileSync(file, src);
  console.log(`patch-deps: patched ${file.slice(root.length + 1)}`);
}

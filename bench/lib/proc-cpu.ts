/**
 * The whole box's CPU by process, from /proc (Linux only; elsewhere `boxSnapshot` returns null): each
 * process's utime + stime, sorted into parts — the app and the baseline (by pid), the Postgres backends of
 * the app's and the baseline's databases (a backend's title names its database), Postgres's own processes
 * (postmaster, checkpointer, WAL writer, background writer, autovacuum; the postmaster's reaped children
 * too), the other Postgres backends (other people's tests on the shared server), redis-server, this bench
 * process (the load generator and the fake provider run in it) and everything else. The clock tick is
 * 10 ms, so a part is only as exact as 10 ms over the window: read per-reply figures over ≥ 1,000 replies.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_US = 10_000; // CLK_TCK = 100 on Linux

export interface BoxWho {
  appPid?: number;
  /** More processes of the app (--app-split: the worker beside the api), counted in 'app' too. */
  appPids?: readonly number[];
  appDb?: string;
  basePid?: number;
  baseDb?: string;
}

interface Proc {
  ticks: number;
  /** Reaped children's ticks (cutime + cstime): the postmaster's hold the backends that exited. */
  childTicks: number;
  part: string;
}

export interface BoxSnapshot {
  at: number;
  procs: Map<number, Proc>;
  /** /proc/stat: busy and all ticks of the whole machine (every core). */
  busy: number;
  all: number;
}

function part(pid: number, comm: string, cmd: string, who: BoxWho): string {
  if (pid === who.appPid || who.appPids?.includes(pid)) return 'app';
  if (pid === who.basePid) return 'baseline';
  if (pid === process.pid) return 'bench (load generator + fake provider)';
  if (comm === 'postgres' || cmd.startsWith('postgres:') || cmd.includes('/bin/postgres')) {
    // An autovacuum worker's title names its database too: it is the server's work, not the app's statements.
    if (/autovacuum/.test(cmd)) return 'postgres: autovacuum';
    if (who.appDb && cmd.includes(` ${who.appDb} `)) return 'postgres: app db backends';
    if (who.baseDb && cmd.includes(` ${who.baseDb} `)) return 'postgres: baseline db backends';
    if (/checkpointer|walwriter|background writer|logical replication|stats|archiver|\/bin\/postgres/.test(cmd)) return 'postgres: own processes';
    return 'postgres: other backends';
  }
  if (comm.startsWith('redis-server')) return 'redis-server';
  return 'other processes';
}

export function boxSnapshot(who: BoxWho): BoxSnapshot | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const procs = new Map<number, Proc>();
  for (const d of pids) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' '); // f[0] is field 3 (state)
      const ticks = Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
      const childTicks = Number(f[13]) + Number(f[14]); // cutime, cstime (16, 17)
      const cmd = comm === 'postgres' || comm.startsWith('postgres') ? readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') : '';
      const pid = Number(d);
      procs.set(pid, { ticks, childTicks, part: part(pid, comm, cmd, who) });
    } catch {
      // gone between readdir and read
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is what ran here (steal and idle are not).
  const all = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]!;
  return { at: Date.now(), procs, busy, all };
}

/**
 * CPU µs per part between two snapshots. A process in both counts its difference; one that started in
 * between counts all its ticks (nearly all spent in the window); one that exited is counted through its
 * parent's reaped-children ticks (the postmaster's go to 'postgres: own processes', since which database a
 * reaped backend served is unknown). `box busy` is the machine's own count (all cores, every process).
 */
export function boxDelta(a: BoxSnapshot, b: BoxSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string, ticks: number) => (out[k] = (out[k] ?? 0) + ticks * TICK_US);
  for (const [pid, p] of b.procs) {
    const q = a.procs.get(pid);
    add(p.part, p.ticks - (q?.ticks ?? 0));
    if (q && p.part === 'postgres: own processes') add(p.part, p.childTicks - q.childTicks);
  }
  add('box busy (all processes, /proc/stat)', b.busy - a.busy);
  return out;
}

/** Parts in a fixed order for tables. */
export const BOX_PARTS = [
  'app',
  'postgres: app db backends',
  'redis-server',
  'postgres: own processes',
  'postgres: autovacuum',
  'bench (load generator + fake provider)',
  'baseline',
  'postgres: baseline db backends',
  'postgres: other backends',
  'other processes',
  'box busy (all processes, /proc/stat)',
] as const;

/** utime + stime of the given processes, µs (a process that is gone counts 0): cheap enough to read around one round. */
export function pidsCpuUs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return ticks * TICK_US;
}

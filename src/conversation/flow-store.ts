import { and, desc, eq, max, sql } from 'drizzle-orm';
import { flows } from '../../db/schema';
import type { Db, DbOrTx } from '../db/client';
import { AppError } from '../shared/errors';
import { compileFlow, type FlowMachine } from './compile';
import type { FlowDefinition } from '../flow/schema';
import { validateFlow, type FlowIssue } from './validate';

export interface LoadedFlow {
  key: string;
  version: number;
  flow: FlowDefinition;
  machine: FlowMachine;
}

/**
 * Published flow versions, immutable, compiled once per process. A conversation names its
 * (key, version) and keeps it until someone migrates it on purpose (invariant 6).
 */
export class FlowStore {
  private cache = new Map<string, Promise<LoadedFlow>>();
  constructor(private readonly db: Db) {}

  /**
   * `via`: the transaction handle when called inside one. A cold cache then reads through it, never
   * through the root handle (that would ask for a second connection while the transaction holds one).
   */
  get(key: string, version: number, via?: DbOrTx): Promise<LoadedFlow> {
    const id = `${key}@${version}`;
    let p = this.cache.get(id);
    if (!p) {
      p = this.load(key, version, via ?? this.db);
      p.catch(() => this.cache.delete(id));
      this.cache.set(id, p);
    }
    return p;
  }

  private async load(key: string, version: number, via: DbOrTx): Promise<LoadedFlow> {
    const [row] = await via
      .select()
      .from(flows)
      .where(and(eq(flows.key, key), eq(flows.version, version), eq(flows.status, 'published')));
    if (!row) throw new AppError('not_found', `flow ${key} v${version} is not published`);
    const flow = row.definition as unknown as FlowDefinition;
    return { key, version, flow, machine: compileFlow(flow) };
  }

  /** The newest published version of `key`, or null. */
  async latest(key: string): Promise<LoadedFlow | null> {
    const [row] = await this.db
      .select({ version: flows.version })
      .from(flows)
      .where(and(eq(flows.key, key), eq(flows.status, 'published')))
      .orderBy(desc(flows.version))
      .limit(1);
    return row ? this.get(key, row.version) : null;
  }

  async list() {
    return this.db
      .select({ key: flows.key, version: flows.version, status: flows.status, createdBy: flows.createdBy, createdAt: flows.createdAt, publishedAt: flows.publishedAt })
      .from(flows)
      .orderBy(flows.key, desc(flows.version));
  }

  async source(key: string, version: number) {
    const [row] = await this.db.select().from(flows).where(and(eq(flows.key, key), eq(flows.version, version)));
    return row ?? null;
  }

  /**
   * Validates and publishes `source` as the next version of its key. Nothing is written when
   * it does not validate.
   */
  async publish(source: string, createdBy: string, now: Date): Promise<{ ok: true; key: string; version: number; issues: FlowIssue[] } | { ok: false; issues: FlowIssue[] }> {
    const v = validateFlow(source);
    if (!v.ok) return v;
    const key = v.flow.key;
    const version = await this.db.transaction(async (tx) => {
      // Serialise publishers of one key.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`flow:${key}`}))`);
      const [m] = await tx.select({ v: max(flows.version) }).from(flows).where(eq(flows.key, key));
      const next = (m?.v ?? 0) + 1;
      await tx.insert(flows).values({ key, version: next, status: 'published', source, definition: v.flow, createdBy, publishedAt: now });
      return next;
    });
    return { ok: true, key, version, issues: v.issues };
  }

  /** Ships the YAML files of flows/ as version 1.. when the database has no version with the same source. */
  async seed(sources: string[], now: Date): Promise<Array<{ key: string; version: number; published: boolean }>> {
    const out = [];
    for (const source of sources) {
      const v = validateFlow(source);
      if (!v.ok) throw new Error(`shipped flow does not validate: ${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      const [same] = await this.db
        .select({ version: flows.version })
        .from(flows)
        .where(and(eq(flows.key, v.flow.key), eq(flows.source, source)))
        .limit(1);
      if (same) {
        out.push({ key: v.flow.key, version: same.version, published: false });
        continue;
      }
      const r = await this.publish(source, 'system', now);
      if (r.ok) out.push({ key: r.key, version: r.version, published: true });
    }
    return out;
  }
}

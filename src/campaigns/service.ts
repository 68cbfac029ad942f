import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { auditEvents, campaignRows, campaigns, conversations, messages, outbox, suppressions, timers } from '../../db/schema';
import { createDebtBatch, invalid, prepareDebt, type CreateDebt, type CreateDebtResult, type PreparedDebt } from '../dunning/debts';
import { relay } from '../outbox/relay';
import type { Services } from '../services';
import type { SegmentPrice } from '../channels/cost';
import { flowRoute } from '../channels/routing';
import { routerOf } from '../outbox/routes';
import { previewCampaign, type CampaignPreview } from './preview';
import type { ReassignmentPolicy } from './reassigned';
import type { CampaignRowInput } from './rows';
import { yieldToEventLoop } from '../shared/yield';

const isPrepared = (r: PreparedDebt | Extract<CreateDebtResult, { status: 'invalid' }>): r is PreparedDebt => !('status' in r);

type Deps = Pick<Services, 'db' | 'queue' | 'clock' | 'flows' | 'provider' | 'log' | 'config'> & { reassignment?: ReassignmentPolicy; router?: Services['router'] };
export type Campaign = typeof campaigns.$inferSelect;
type CampaignStatus = Campaign['status'];
type Fail = { ok: false; code: 'not_found' | 'conflict' | 'forbidden' | 'unprocessable'; message: string };

/** Where a campaign may go from each status; anything else is a conflict. */
const MOVES = {
  approve: { to: 'scheduled', from: ['pending_approval'] },
  reject: { to: 'rejected', from: ['pending_approval'] },
  pause: { to: 'paused', from: ['scheduled', 'running'] },
  resume: { to: 'running', from: ['paused'] },
  cancel: { to: 'cancelled', from: ['pending_approval', 'scheduled', 'running', 'paused'] },
} satisfies Record<string, { to: CampaignStatus; from: CampaignStatus[] }>;
export type CampaignAction = keyof typeof MOVES;
const PAST: Record<CampaignAction, string> = { approve: 'approved', reject: 'rejected', pause: 'paused', resume: 'resumed', cancel: 'cancelled' };

/** Stores the batch and its preview; nothing is loaded or sent before a second person approves. */
export async function createCampaign(
  deps: Deps,
  /** `price`: one price, or the price for the route the flow's debtors go over (route-aware cost, issue #13). */
  input: { name: string; flow: string; startAt: Date; rows: CampaignRowInput[]; actor: string; price: SegmentPrice | ((route: string) => SegmentPrice) },
): Promise<{ ok: true; campaign: Campaign; preview: CampaignPreview } | Fail> {
  const loaded = await deps.flows.latest(input.flow);
  if (!loaded) return { ok: false, code: 'unprocessable', message: `unknown flow "${input.flow}"` };
  if (!input.rows.length) return { ok: false, code: 'unprocessable', message: 'the campaign has no rows' };
  const price = typeof input.price === 'function' ? input.price(flowRoute(routerOf(deps), loaded.flow.jurisdiction)) : input.price;
  const preview = await previewCampaign(deps.db, loaded.flow, input.rows, input.startAt, price);
  const campaign = await deps.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(campaigns)
      .values({ name: input.name, flowKey: loaded.key, flowVersion: loaded.version, startAt: input.startAt, createdBy: input.actor, preview: { ...preview } })
      .returning();
    for (let i = 0; i < input.rows.length; i += 1000) {
      await tx.insert(campaignRows).values(
        input.rows.slice(i, i + 1000).map((r) =>
          r.status === 'valid'
            ? { campaignId: c!.id, rowNo: r.rowNo, status: 'valid' as const, input: r.input, phone: r.phone }
            : { campaignId: c!.id, rowNo: r.rowNo, status: 'invalid' as const, field: r.field, message: r.message },
        ),
      );
    }
    await tx.insert(auditEvents).values({ actor: input.actor, type: 'campaign.created', data: { campaignId: c!.id, name: input.name, flow: `${loaded.key}@${loaded.version}`, rows: preview.rows, valid: preview.valid } });
    return c!;
  });
  return { ok: true, campaign, preview };
}

/**
 * Maker-checker and the lifecycle in one place: approve/reject need someone other than the maker;
 * every decision is an audit row written in the same transaction as the status change.
 */
export async function decideCampaign(deps: Deps, id: string, action: CampaignAction, actor: string, note?: string): Promise<{ ok: true; campaign: Campaign } | Fail> {
  const r = await deps.db.transaction(async (tx): Promise<{ ok: true; campaign: Campaign } | Fail> => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    if (!c) return { ok: false, code: 'not_found', message: 'no such campaign' };
    const { to, from }: { to: CampaignStatus; from: CampaignStatus[] } = MOVES[action];
    if (!from.includes(c.status)) return { ok: false, code: 'conflict', message: `cannot ${action} a campaign that is ${c.status}` };
    if ((action === 'approve' || action === 'reject') && c.createdBy === actor) {
      await tx.insert(auditEvents).values({ actor, type: `campaign.${action}_denied`, data: { campaignId: id, reason: 'maker_cannot_check' } });
      return { ok: false, code: 'forbidden', message: 'the person who created a campaign cannot approve or reject it' };
    }
    const now = deps.clock.now();
    const [u] = await tx
      .update(campaigns)
      .set({ status: to, updatedAt: now, ...(action === 'approve' || action === 'reject' ? { decidedBy: actor, decidedAt: now } : {}) })
      .where(eq(campaigns.id, id))
      .returning();
    if (action === 'cancel') {
      await tx.update(campaignRows).set({ status: 'cancelled' }).where(and(eq(campaignRows.campaignId, id), eq(campaignRows.status, 'valid')));
      // The schedule's next reminder (and its end-of-schedule escalation) will not fire.
      await tx
        .update(timers)
        .set({ status: 'cancelled' })
        .where(and(eq(timers.status, 'pending'), eq(timers.name, 'reminder'), inArray(timers.conversationId, tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.campaignId, id)))));
    }
    await tx.insert(auditEvents).values({ actor, type: `campaign.${PAST[action]}`, data: { campaignId: id, from: c.status, to, ...(note ? { note } : {}) } });
    return { ok: true, campaign: u! };
  });
  if (!r.ok) return r;
  if (action === 'cancel' || action === 'resume') await wakeCampaignReminders(deps, id, action);
  // Due already: start loading now, in the background (the sweep would within its interval anyway).
  if (action === 'approve' && r.campaign.startAt.getTime() <= deps.clock.now().getTime()) {
    void launchDueCampaigns(deps).catch((e) => deps.log.warn({ err: e, campaignId: id }, 'campaign launch failed; the sweep retries'));
  }
  return r;
}

/**
 * Queued reminders meet the send gate again now: after resume the gate lets them go (within hours
 * and caps); after cancel it refuses them as campaign_cancelled and audits each refusal.
 */
async function wakeCampaignReminders(deps: Deps, id: string, action: 'cancel' | 'resume') {
  const now = deps.clock.now();
  const rows = await deps.db
    .update(outbox)
    .set({ notBefore: now })
    .where(
      and(
        eq(outbox.kind, 'reminder'),
        action === 'resume' ? and(eq(outbox.status, 'held'), eq(outbox.reason, 'campaign_paused')) : inArray(outbox.status, ['pending', 'held']),
        inArray(outbox.conversationId, deps.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.campaignId, id))),
      ),
    )
    .returning({ id: outbox.id, notBefore: outbox.notBefore });
  await relay(deps, { outbox: rows, timers: [] });
}

const LAUNCH_BATCH = 100;
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Starts approved campaigns whose time has come and loads their rows in batches of 100 through the
 * debts service's batch writer (the checks of POST /api/debts per row, one transaction per batch), so
 * the flow, the gate and the outbox behave as for any debt. Safe from several processes: rows are
 * claimed; a claim a crash left behind is retried.
 */
export async function launchDueCampaigns(deps: Deps, opts: { maxRows?: number } = {}): Promise<{ launched: number }> {
  const now = deps.clock.now();
  const started = await deps.db
    .update(campaigns)
    .set({ status: 'running', launchedAt: now, updatedAt: now })
    .where(and(eq(campaigns.status, 'scheduled'), lte(campaigns.startAt, now)))
    .returning({ id: campaigns.id });
  if (started.length) await deps.db.insert(auditEvents).values(started.map((c) => ({ actor: 'system', type: 'campaign.launched', data: { campaignId: c.id } })));
  let launched = 0;
  const max = opts.maxRows ?? 5000;
  while (launched < max) {
    const stale = new Date(deps.clock.now().getTime() - STALE_CLAIM_MS);
    const claimed = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: campaignRows.id })
        .from(campaignRows)
        .innerJoin(campaigns, eq(campaigns.id, campaignRows.campaignId))
        .where(and(inArray(campaigns.status, ['running', 'paused']), or(eq(campaignRows.status, 'valid'), and(eq(campaignRows.status, 'launching'), lte(campaignRows.claimedAt, stale)))))
        .orderBy(asc(campaignRows.campaignId), asc(campaignRows.rowNo))
        .limit(LAUNCH_BATCH)
        .for('update', { of: campaignRows, skipLocked: true });
      if (!due.length) return [];
      return tx
        .update(campaignRows)
        .set({ status: 'launching', claimedAt: deps.clock.now() })
        .where(inArray(campaignRows.id, due.map((d) => d.id)))
        .returning();
    });
    if (!claimed.length) break;
    const byCampaign = new Map<string, typeof claimed>();
    for (const r of claimed) byCampaign.set(r.campaignId, [...(byCampaign.get(r.campaignId) ?? []), r]);
    for (const [campaignId, rows] of byCampaign) {
      const [c] = await deps.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
      await checkReassigned(deps, rows);
      // Each row checked as POST /api/debts would, then the good ones written together (createDebtBatch:
      // one transaction of multi-row statements; a batch that fails is retried row by row).
      const flowCache = new Map<string, ReturnType<typeof deps.flows.latest>>();
      const checked = await Promise.all(rows.map((row) => prepareDebt(deps, { ...(row.input as CreateDebt), flow: c!.flowKey }, { flowVersion: c!.flowVersion, flowCache })));
      const good = rows.flatMap((row, k) => (isPrepared(checked[k]!) ? [{ row, debt: checked[k] as PreparedDebt }] : []));
      const outcome = new Map<string, CreateDebtResult>();
      rows.forEach((row, k) => {
        const r = checked[k]!;
        if (!isPrepared(r)) outcome.set(row.id, r);
      });
      try {
        const results = await createDebtBatch(deps, good.map((g) => g.debt), { campaignId });
        good.forEach((g, k) => outcome.set(g.row.id, results[k]!));
      } catch (e) {
        deps.log.warn({ err: e, campaignId, rows: good.length }, 'campaign batch failed to load; loading its rows one by one');
        for (const g of good) {
          const r = await createDebtBatch(deps, [g.debt], { campaignId }).then(
            ([x]) => x!,
            (err: unknown) => {
              deps.log.warn({ err, campaignId, row: g.row.rowNo }, 'campaign row failed to load');
              return invalid([{ field: '(row)', code: 'not_stored', message: 'could not be stored' }]);
            },
          );
          outcome.set(g.row.id, r);
        }
      }
      // Every row's outcome in one statement (rows claimed as valid carry no field, message or ids yet).
      const updates = rows.map((row) => {
        const r = outcome.get(row.id)!;
        const ids = r.status === 'created' || r.status === 'exists' ? { debt_id: r.debtId, conversation_id: r.conversationId } : { debt_id: null, conversation_id: null };
        if (r.status === 'created') return { id: row.id, status: 'launched', field: null, message: null, ...ids };
        if (r.status === 'exists') return { id: row.id, status: 'exists', field: null, message: null, ...ids };
        if (r.status === 'differs') return { id: row.id, status: 'invalid', field: '(row)', message: `a debt with this reference exists with other data: ${r.differs.join(', ')}`, ...ids };
        return { id: row.id, status: 'invalid', field: r.field, message: r.message, ...ids };
      });
      await deps.db.execute(sql`update campaign_rows as r set status = x.status, field = x.field, message = x.message, debt_id = x.debt_id, conversation_id = x.conversation_id
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id uuid, status text, field text, message text, debt_id uuid, conversation_id uuid) where r.id = x.id`);
      launched += rows.length;
      // A turn for the HTTP server (the progress bar) between batches on the embedded PGlite.
      await yieldToEventLoop();
    }
  }
  return { launched };
}

/**
 * Before the first send to a debtor whose consent is older than the policy's age: ask whether the
 * number was reassigned since; a `yes` becomes a suppression with reason `reassigned` (audited),
 * which the send gate then refuses. A lookup that fails leaves the rows to the gate as they are.
 */
async function checkReassigned(deps: Deps, rows: Array<typeof campaignRows.$inferSelect>) {
  const policy = deps.reassignment;
  if (!policy) return;
  const cutoff = deps.clock.now().getTime() - policy.consentOlderThanDays * 86_400_000;
  const old = rows.filter((r) => r.phone && Date.parse((r.input as CreateDebt).debtor.consent.obtainedAt) < cutoff);
  if (!old.length) return;
  // "First send": numbers we have already messaged were checked before that first message.
  const messaged = new Set(
    (await deps.db
      .selectDistinct({ phone: messages.phone })
      .from(messages)
      .where(and(eq(messages.direction, 'outbound'), inArray(messages.phone, old.map((r) => r.phone!)), inArray(messages.status, ['sent', 'delivered'])))).map((m) => m.phone),
  );
  // Numbers suppressed already (found reassigned by an earlier batch or campaign, opted out) are
  // refused by the gate whatever the answer: not asked again (the FCC database charges per query).
  const suppressed = new Set(
    (await deps.db
      .select({ phone: suppressions.phone })
      .from(suppressions)
      .where(and(inArray(suppressions.phone, old.map((r) => r.phone!)), isNull(suppressions.liftedAt)))).map((s) => s.phone),
  );
  const ask = old.filter((r) => !messaged.has(r.phone!) && !suppressed.has(r.phone!));
  if (!ask.length) return;
  let answers: Awaited<ReturnType<typeof policy.port.check>>;
  try {
    answers = await policy.port.check(ask.map((r) => ({ phone: r.phone!, since: new Date((r.input as CreateDebt).debtor.consent.obtainedAt) })));
  } catch (e) {
    deps.log.warn({ err: e, source: policy.port.name }, 'reassigned-number lookup failed; rows load without it');
    return;
  }
  const hits = ask.filter((_, i) => answers[i] === 'yes');
  for (const r of hits) {
    await deps.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: suppressions.id }).from(suppressions).where(and(eq(suppressions.phone, r.phone!), isNull(suppressions.liftedAt)));
      if (existing) return;
      await tx.insert(suppressions).values({ phone: r.phone!, reason: 'reassigned' });
      await tx.insert(auditEvents).values({ actor: 'system', type: 'suppression.reassigned', data: { campaignId: r.campaignId, row: r.rowNo, source: policy.port.name } });
    });
  }
}

export interface CampaignProgress {
  status: string;
  rows: { valid: number; waiting: number; launched: number; skipped: number; invalid: number };
  messages: { queued: number; held: number; sent: number; delivered: number; failed: number; refused: number };
  /** Share of the campaign's outbound work that has reached an end (0..1). */
  done: number;
}

/** Rows and outbound messages of one campaign, counted in SQL (one row per message). */
export async function campaignProgress(deps: Pick<Services, 'db'>, id: string): Promise<CampaignProgress | null> {
  const [c] = await deps.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id));
  if (!c) return null;
  const [r] = await deps.db
    .select({
      valid: sql<number>`count(*) filter (where ${campaignRows.status} <> 'invalid')::int`,
      waiting: sql<number>`count(*) filter (where ${campaignRows.status} in ('valid','launching'))::int`,
      launched: sql<number>`count(*) filter (where ${campaignRows.status} = 'launched')::int`,
      skipped: sql<number>`count(*) filter (where ${campaignRows.status} in ('exists','cancelled'))::int`,
      invalid: sql<number>`count(*) filter (where ${campaignRows.status} = 'invalid')::int`,
    })
    .from(campaignRows)
    .where(eq(campaignRows.campaignId, id));
  const [m] = await deps.db
    .select({
      queued: sql<number>`count(*) filter (where ${outbox.status} in ('pending','sending'))::int`,
      held: sql<number>`count(*) filter (where ${outbox.status} = 'held')::int`,
      sent: sql<number>`count(*) filter (where ${outbox.status} = 'sent' and ${messages.status} not in ('delivered','failed','undelivered'))::int`,
      delivered: sql<number>`count(*) filter (where ${outbox.status} = 'sent' and ${messages.status} = 'delivered')::int`,
      failed: sql<number>`count(*) filter (where ${outbox.status} = 'failed' or (${outbox.status} = 'sent' and ${messages.status} in ('failed','undelivered')))::int`,
      refused: sql<number>`count(*) filter (where ${outbox.status} = 'refused')::int`,
    })
    .from(outbox)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .innerJoin(conversations, eq(conversations.id, outbox.conversationId))
    .where(eq(conversations.campaignId, id));
  // A launched row whose first reminder is armed but not yet written (its timer fires through the
  // drain) has no outbox row yet: it is still queued, not gone. Without it the bar read "done" while
  // first reminders were still on their way (a launch faster than the drain showed 100 % early).
  const [armed] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(
      and(
        eq(conversations.campaignId, id),
        sql`not exists (select 1 from ${outbox} o where o.conversation_id = ${conversations.id})`,
        sql`exists (select 1 from ${timers} t where t.conversation_id = ${conversations.id} and t.status = 'pending')`,
      ),
    );
  const counted = m ?? { queued: 0, held: 0, sent: 0, delivered: 0, failed: 0, refused: 0 };
  const msgs = { ...counted, queued: counted.queued + (armed?.n ?? 0) };
  const ended = msgs.sent + msgs.delivered + msgs.failed + msgs.refused;
  const total = ended + msgs.queued + msgs.held + (r?.waiting ?? 0);
  return { status: c.status, rows: r ?? { valid: 0, waiting: 0, launched: 0, skipped: 0, invalid: 0 }, messages: msgs, done: total ? ended / total : 0 };
}

export async function listCampaigns(deps: Pick<Services, 'db'>) {
  return deps.db.select().from(campaigns).orderBy(sql`${campaigns.createdAt} desc`).limit(200);
}

export async function getCampaign(deps: Pick<Services, 'db'>, id: string) {
  const [c] = await deps.db.select().from(campaigns).where(eq(campaigns.id, id));
  return c ?? null;
}

/** Audit trail of one campaign's decisions, oldest first. */
export async function campaignAudit(deps: Pick<Services, 'db'>, id: string) {
  return deps.db
    .select({ actor: auditEvents.actor, type: auditEvents.type, data: auditEvents.data, at: auditEvents.createdAt })
    .from(auditEvents)
    .where(and(sql`${auditEvents.type} like 'campaign.%'`, sql`${auditEvents.data}->>'campaignId' = ${id}`))
    .orderBy(asc(auditEvents.id));
}

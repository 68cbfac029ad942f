/**
 * Issue #12's goal, read off one bench result (decision 0191): each figure beside the baseline it is judged against,
 * and a verdict. Pure: it takes the result JSON `npm run bench` writes (or an older one; a part it lacks reads
 * "not run"), so `--render` re-reads old results with it too.
 */

export type GoalVerdict = 'met' | 'not met' | 'below the goal\'s scale' | 'not run';

export interface GoalRow {
  goal: string;
  figure: string;
  baseline: string;
  verdict: GoalVerdict;
}

/** "RSS flat from 10k to 100k conversations": the RSS at the end at most this many times the RSS at the start. */
export const RSS_FLAT_MAX_GROWTH = 1.2;
/** The goal's scales: a run below them gives its figure, not a verdict. */
export const GOAL_SCALE = { sustainRate: 1000, importRows: 100_000, stormTimers: 100_000, rssFrom: 10_000, rssTo: 100_000 } as const;

// The result JSON is the bench's own output, read loosely: an absent part is "not run".
type Result = Record<string, any>;

const notRun = (goal: string): GoalRow => ({ goal, figure: '–', baseline: '–', verdict: 'not run' });
const judge = (ok: boolean, atScale = true): GoalVerdict => (!atScale ? "below the goal's scale" : ok ? 'met' : 'not met');
const ms = (x: number | undefined) => (x === undefined || x === null ? '–' : `${Math.round(x * 10) / 10} ms`);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** The sustained form's runs (scenario "sustain": one per rate; an old `--sustain` result: its `reply`). */
function sustainedRuns(r: Result): Result[] {
  return [r.sustained ?? (r.sustain ? r.reply : [])].flat().filter(Boolean);
}

/**
 * More than 1 % of the app's storm timers not fired when the wait ended: its p99 is only a lower bound (printed "≥"),
 * so the storm goal cannot be met. `shape` is one of the result's `timers.spread` / `timers.instant`.
 */
export function stormP99IsLowerBound(shape: Result): boolean {
  return !!shape.ratios['app p99 is a lower bound'] || shape.app.pendingAtTimeout > shape.app.armed / 100;
}

/** Scenario 2's ramp step at `rate` (before decision 0191 a `--sustain` result kept its one step under `reply`). */
function stepAt(r: Result, rate: number): Result | undefined {
  if (r.sustain && !r.sustained) return undefined;
  return r.reply?.steps?.find((s: Result) => s.rate === rate);
}

/** The sustained form's step at `rate`. */
function sustainedAt(r: Result, rate: number): Result | undefined {
  return sustainedRuns(r).map((x) => x.steps?.[0]).find((s: Result | undefined) => s?.rate === rate);
}

function sustained(r: Result): GoalRow {
  const goal = '≥ 1,000 replies/s sustained (decision 0182 verdict, warm, 30 s step)';
  // The goal's rate, or (a --sustain=R run below it) the highest rate run.
  const step = sustainedAt(r, GOAL_SCALE.sustainRate) ?? sustainedRuns(r).map((x) => x.steps?.[0]).filter(Boolean).sort((a, b) => b.rate - a.rate)[0];
  if (!step?.app) return notRun(goal);
  const v = step.app.steady;
  const figure = `${v?.verdict ?? '?'} at ${step.rate}/s: ${v?.achievedPerS ?? step.app.achievedPerS}/s answered in the steady part (${v?.steadyS ?? '–'} s), p99 ${ms(v?.steady?.p99Ms)}`;
  const baseline = step.baseline ? `no-op pipeline: ${step.baseline.steady?.verdict ?? '?'}, ${step.baseline.achievedPerS}/s` : '–';
  return { goal, figure, baseline, verdict: judge(v?.verdict === 'sustained', step.rate >= GOAL_SCALE.sustainRate) };
}

/**
 * p99 at a goal rate: judged on the sustained form's 30 s step at that rate where the run has one (decision 0191: a
 * rate the service runs at, warm — as "sustained" is read), else on scenario 2's ramp step; the ramp's figure is given
 * beside the sustained one, so the start of a 5 s step after an idle second is never hidden.
 */
function replyP99(r: Result, rate: number, boundMs: number): GoalRow {
  const goal = `reply → provider p99 < ${boundMs} ms at ${rate}/s`;
  const ramp = stepAt(r, rate);
  const steady = sustainedAt(r, rate);
  const s = steady ?? ramp;
  if (!s?.app) return notRun(goal);
  const form = steady ? 'sustained form, 30 s: ' : '';
  const rampNote = steady && ramp?.app ? `; the ramp's ${ramp.app.sent / rate} s step: p99 ${ms(ramp.app.p99Ms)}` : '';
  return {
    goal,
    figure: `${form}p99 ${ms(s.app.p99Ms)} (p50 ${ms(s.app.p50Ms)}), ${s.app.answered}/${s.app.sent} answered${rampNote}`,
    baseline: s.baseline ? `no-op pipeline p99 ${ms(s.baseline.p99Ms)}` : '–',
    verdict: judge(s.app.answered === s.app.sent && s.app.p99Ms < boundMs),
  };
}

function ack(r: Result): GoalRow {
  const goal = 'webhook ack p99 ≤ 3× the floor at 200/s';
  const s = stepAt(r, 200);
  if (!s?.app?.webhookP99Ms || !s.baseline?.webhookP99Ms) return notRun(goal);
  const x = ratio(s.app.webhookP99Ms, s.baseline.webhookP99Ms);
  return { goal, figure: `app ack p99 ${ms(s.app.webhookP99Ms)} = **${x}×**`, baseline: `no-op pipeline's ack p99 ${ms(s.baseline.webhookP99Ms)}`, verdict: judge(x <= 3) };
}

function importGoal(r: Result): GoalRow {
  const goal = '100,000-row CSV imported in ≤ 60 s, first reminders queued';
  const im = r.import;
  if (!im?.app) return notRun(goal);
  return { goal, figure: `${im.rows.toLocaleString('en')} rows in **${im.app.seconds} s** (${im.app.rowsPerS} rows/s)`, baseline: `raw COPY + raw enqueue ${im.baseline.seconds} s (×${im.ratios['import / (raw COPY + raw enqueue)']})`, verdict: judge(im.app.seconds <= 60, im.rows >= GOAL_SCALE.importRows) };
}

function storm(r: Result): GoalRow {
  const goal = '100,000-timer storm (all due at once): fire lag p99 ≤ 2× raw BullMQ';
  const tm = r.timers;
  const b = tm?.instant;
  if (!b?.app || !b.raw) return notRun(goal);
  const x = b.ratios['app/raw fire lag p99'];
  const lowerBound = stormP99IsLowerBound(b);
  return { goal, figure: `app p99 ${ms(b.app.fireLag.p99Ms)} = **${lowerBound ? '≥ ' : ''}${x}×** (${tm.conversations.toLocaleString('en')} timers)`, baseline: `raw BullMQ p99 ${ms(b.raw.lag.p99Ms)}`, verdict: judge(!lowerBound && x <= 2, tm.conversations >= GOAL_SCALE.stormTimers) };
}

function rss(r: Result): GoalRow {
  const goal = `RSS flat from 10k to 100k conversations (end ≤ ${RSS_FLAT_MAX_GROWTH}× start)`;
  const at = r.timers?.rss;
  if (!at?.atFirst || !at.atAll) return notRun(goal);
  const x = ratio(at.atAll.rssMiB, at.atFirst.rssMiB);
  const g = r.reply?.growth?.rssMiB;
  return {
    goal,
    figure: `${at.atFirst.rssMiB} → ${at.atAll.rssMiB} MiB from ${at.atFirst.conversations.toLocaleString('en')} to ${at.atAll.conversations.toLocaleString('en')} (×${x})${g ? `; scenario 2's growth step ${g.atFirst} → ${g.atGrown} MiB` : ''}`,
    baseline: `heap used ${at.atFirst.heapUsedMiB} → ${at.atAll.heapUsedMiB} MiB`,
    verdict: judge(x <= RSS_FLAT_MAX_GROWTH, at.atFirst.conversations <= GOAL_SCALE.rssFrom && at.atAll.conversations >= GOAL_SCALE.rssTo),
  };
}

/** Every figure of issue #12's goal in the order the issue lists them. */
export function goalRows(r: Result): GoalRow[] {
  return [sustained(r), replyP99(r, 200, 100), replyP99(r, 500, 250), ack(r), importGoal(r), storm(r), rss(r)];
}

/** The markdown table of goalRows, with how many were met. */
export function goalTable(rows: GoalRow[]): string[] {
  const met = rows.filter((x) => x.verdict === 'met').length;
  return [
    `## Issue #12's goal in this run: ${met} of ${rows.length} met`,
    '',
    '| goal | this run | baseline (same run) | verdict |',
    '| --- | --- | --- | --- |',
    ...rows.map((x) => `| ${x.goal} | ${x.figure} | ${x.baseline} | ${x.verdict === 'met' ? '**met**' : x.verdict} |`),
    '',
  ];
}

import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { routeCost, type RouteCost, type SegmentPrice } from '../channels/cost';
import { render } from '../flow/templates';
import { SAMPLE_VARS } from './validate';
import type { Locale } from '../classify/port';

/**
 * The form view of a flow: what admins change (schedule steps, templates, policy limits), read from
 * and written back to the same YAML document the YAML view edits. A change replaces only the text of
 * the value it touches, so comments, ordering and layout survive and the diff shows just that value;
 * the result goes through the same validateFlow as any YAML edit.
 */

/** Policy limits the form offers; the rest stays in YAML. */
export const POLICY_FORM_KEYS = ['maxPromiseDays', 'installmentCounts', 'minInstallmentAmount', 'firstInstallmentWithinDays', 'unknownRepliesBeforeHandoff', 'paidConfirmationDays', 'dailyCap', 'weeklyCapPerDebt'] as const;

export const FormPatch = z.union([
  z.object({ op: z.literal('schedule'), index: z.number().int().min(0).max(99), field: z.literal('offsetDays'), value: z.number().int().min(-365).max(365) }).strict(),
  z.object({ op: z.literal('schedule'), index: z.number().int().min(0).max(99), field: z.literal('at'), value: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM') }).strict(),
  z.object({ op: z.literal('template'), name: z.string().regex(/^[a-z][a-z0-9_]*$/), variant: z.number().int().min(0).max(3).optional(), text: z.string().min(1).max(2000) }).strict(),
  z.object({ op: z.literal('policy'), key: z.enum(POLICY_FORM_KEYS), value: z.union([z.number().min(0).max(1e9), z.array(z.number().int().min(1).max(99)).min(1).max(12)]) }).strict(),
]);
export type FormPatch = z.infer<typeof FormPatch>;

export interface FlowForm {
  locale: string;
  brand: string;
  schedule: Array<{ name: string; offsetDays: number | null; at: string | null; template: string | null; escalate: boolean; channel: string }>;
  templates: Array<{ name: string; variants: string[] }>;
  policy: Record<string, number | number[] | null>;
}

type Result<T> = ({ ok: true } & T) | { ok: false; message: string };

function load(source: string): Result<{ doc: Document; raw: Record<string, unknown> }> {
  const doc = parseDocument(source);
  if (doc.errors.length) return { ok: false, message: doc.errors[0]!.message };
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!raw || typeof raw !== 'object') return { ok: false, message: 'the document is not a flow' };
  return { ok: true, doc, raw: raw as Record<string, unknown> };
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The form's fields, read from the YAML (valid or not, as far as it parses). */
export function flowForm(source: string): Result<{ form: FlowForm }> {
  const l = load(source);
  if (!l.ok) return l;
  const raw = l.raw;
  const locale = typeof raw.locale === 'string' ? raw.locale : 'ja';
  const schedule = (Array.isArray(raw.schedule) ? raw.schedule : []).map((s) => {
    const o = obj(s);
    return { name: String(o.name ?? ''), offsetDays: num(o.offsetDays), at: typeof o.at === 'string' ? o.at : null, template: typeof o.template === 'string' ? o.template : null, escalate: o.escalate === true, channel: typeof o.channel === 'string' ? o.channel : 'sms' };
  });
  const templates = Object.entries(obj(raw.templates)).flatMap(([name, byLocale]) => {
    const t = obj(byLocale)[locale];
    if (typeof t === 'string') return [{ name, variants: [t] }];
    if (Array.isArray(t)) return [{ name, variants: t.map(String) }];
    return [];
  });
  const p = obj(raw.policy);
  const policy = Object.fromEntries(POLICY_FORM_KEYS.map((k) => [k, Array.isArray(p[k]) ? (p[k] as unknown[]).map(Number) : num(p[k])]));
  return { ok: true, form: { locale, brand: String(raw.brand ?? ''), schedule, templates, policy } };
}

/** The YAML text for a value: numbers as they are, strings double-quoted (JSON escapes are YAML's), lists in flow style. */
const yamlText = (v: number | string | number[]) => (Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Sets `path` to `value`: replaces the existing value's text in place, or adds it through the document model. */
function setValue(source: string, path: Array<string | number>, value: number | string | number[]): Result<{ source: string }> {
  const l = load(source);
  if (!l.ok) return l;
  const node = l.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (node && (isScalar(node) || isSeq(node)) && node.range) {
    const [start, end] = node.range;
    return { ok: true, source: source.slice(0, start) + yamlText(value) + source.slice(end) };
  }
  const parent = l.doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent) && !isSeq(parent)) return { ok: false, message: `${path.slice(0, -1).join('.')} is not in the document` };
  l.doc.setIn(path, value);
  return { ok: true, source: l.doc.toString({ lineWidth: 0 }) };
}

/** Applies the form's changes, in order, to the YAML source. */
export function applyFormPatches(source: string, patches: FormPatch[]): Result<{ source: string }> {
  let out = source;
  for (const p of patches) {
    const l = load(out);
    if (!l.ok) return l;
    let path: Array<string | number>;
    let value: number | string | number[];
    if (p.op === 'schedule') {
      const steps = l.raw.schedule;
      if (!Array.isArray(steps) || p.index >= steps.length) return { ok: false, message: `schedule step ${p.index + 1} does not exist` };
      path = ['schedule', p.index, p.field];
      value = p.value;
    } else if (p.op === 'template') {
      const locale = typeof l.raw.locale === 'string' ? l.raw.locale : 'ja';
      const current = obj(obj(l.raw.templates)[p.name])[locale];
      if (current === undefined) return { ok: false, message: `template ${p.name} has no ${locale} text` };
      if (Array.isArray(current)) {
        if ((p.variant ?? 0) >= current.length) return { ok: false, message: `template ${p.name} has no variant ${(p.variant ?? 0) + 1}` };
        path = ['templates', p.name, locale, p.variant ?? 0];
      } else {
        if ((p.variant ?? 0) !== 0) return { ok: false, message: `template ${p.name} has one text` };
        path = ['templates', p.name, locale];
      }
      value = p.text;
    } else {
      if (p.key === 'installmentCounts' ? !Array.isArray(p.value) : Array.isArray(p.value)) return { ok: false, message: `policy ${p.key}: wrong kind of value` };
      path = ['policy', p.key];
      value = p.value;
    }
    const r = setValue(out, path, value);
    if (!r.ok) return r;
    out = r.source;
  }
  return { ok: true, source: out };
}

export interface TemplatePreview {
  rendered: string;
  length: number;
  /** Per route, the flow's own SMS route first (then RCS when it is on): parts, cost of one send, per 1,000 debtors. */
  routes: RouteCost[];
}

/**
 * One place for "what this text costs" in the editor: rendered with the lint's sample values, then
 * priced on each route by `routeCost` — the same function as `POST /api/flows/cost`.
 */
export function previewTemplate(flow: { brand: string; locale: Locale; contact: string }, text: string, prices: SegmentPrice[]): TemplatePreview {
  const rendered = render(text, SAMPLE_VARS(flow));
  return { rendered, length: [...rendered].length, routes: prices.map((p) => routeCost(rendered, p)) };
}

/** The brand, locale, contact and jurisdiction a preview needs, from a source that may not validate yet. */
export function previewContext(source: string): Result<{ flow: { brand: string; locale: Locale; contact: string; jurisdiction: 'jp' | 'us' | 'uk' } }> {
  const l = load(source);
  if (!l.ok) return l;
  const locale = l.raw.locale === 'en' ? 'en' : 'ja';
  const j = l.raw.jurisdiction;
  const jurisdiction = j === 'jp' || j === 'us' || j === 'uk' ? j : locale === 'ja' ? 'jp' : 'us';
  return { ok: true, flow: { brand: String(l.raw.brand ?? ''), locale, contact: String(l.raw.contact ?? ''), jurisdiction } };
}

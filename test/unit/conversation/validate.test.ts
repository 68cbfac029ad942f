import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateFlow } from '../../../src/conversation/validate';

const ja = readFileSync('flows/standard-ja.yaml', 'utf8');
const en = readFileSync('flows/standard-en.yaml', 'utf8');
const mutate = (src: string, f: (d: any) => void) => {
  const d = parse(src);
  f(d);
  return stringify(d);
};
const errors = (src: string) => {
  const r = validateFlow(src);
  return r.ok ? [] : r.issues.filter((i) => i.severity === 'error');
};

describe('validateFlow', () => {
  it('accepts the shipped flows and reaches every state in the dry run', () => {
    for (const src of [ja, en]) {
      const r = validateFlow(src);
      expect(r.ok, JSON.stringify(!r.ok && r.issues)).toBe(true);
      if (r.ok) expect(r.machineStates).toEqual(expect.arrayContaining(['active.dunning', 'active.promised', 'active.on_plan', 'escalated', 'opted_out', 'paid']));
    }
  });

  it('the dry run reaches states behind a handback target, a "yes" answer and a counter in the context; none of the shipped states is left unreached', () => {
    const polite = { on: { human: { target: '#flow.escalated' } } };
    const cases: Array<[string, (d: any) => void]> = [
      ['callback', (d) => {
        d.machine.states.escalated.on.handback.unshift({ guard: { type: 'handbackTo', params: { state: 'callback' } }, target: 'callback' });
        d.machine.states.callback = polite;
      }],
      ['active.callback', (d) => {
        d.machine.states.active.states.dunning.on.other = [{ guard: { type: 'answerIs', params: { answer: 'yes' } }, target: 'callback' }];
        d.machine.states.active.states.callback = polite;
      }],
      ['active.callback', (d) => {
        const t = d.machine.states.active.states.paid_claimed.on['timeout.paid_check'][0];
        t.guard.params.n = 2;
        t.target = 'callback';
        d.machine.states.active.states.callback = polite;
      }],
    ];
    for (const [state, f] of cases) {
      const r = validateFlow(mutate(en, f));
      expect(r.ok, JSON.stringify(!r.ok && r.issues)).toBe(true);
      if (r.ok) expect(r.machineStates).toContain(state);
    }
    const unreached = validateFlow(mutate(en, (d) => (d.machine.states.active.states.callback = polite)));
    expect(unreached.issues.filter((i) => /never reached/.test(i.message)).map((i) => i.message)).toEqual(['state "active.callback" is never reached from the initial state by any event the flow takes']);
    for (const src of [ja, en]) expect(validateFlow(src).issues.filter((i) => /never reached/.test(i.message))).toEqual([]);
  });

  it('reports YAML syntax errors with their line', () => {
    const r = validateFlow('key: x\nname: [unclosed\n');
    expect(r.ok).toBe(false);
    expect(r.ok ? 0 : r.issues[0]!.line).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown action (XState would skip it silently)', (d: any) => d.machine.states.active.states.dunning.entry.push('sendFax'), /unknown action "sendFax"/],
    ['bad action params', (d: any) => d.machine.states.active.states.dunning.entry.push({ type: 'startTimer', params: { days: 3 } }), /action "startTimer"/],
    ['an unknown guard', (d: any) => (d.machine.states.active.on.extend[0].guard = 'isRich'), /unknown guard "isRich"/],
    ['a missing template', (d: any) => (d.machine.states.active.on.pay.actions[1].params.template = 'nope'), /template "nope" has no ja text/],
    ['a template without the brand first', (d: any) => (d.templates.help.ja = 'お問い合わせ {contact}'), /must start with \{brand\}/],
    ['a first message without stop wording', (d: any) => (d.templates.reminder_pre_due.ja = ['【{brand}】{amount}です {link}', '【{brand}】{amount} {link}']), /how to stop/],
    ['a public shortener', (d: any) => (d.templates.payment_link.ja = '【{brand}】https://bit.ly/abc'), /shorteners/],
    ['a message over 670 characters', (d: any) => (d.templates.help.ja = '【{brand}】' + 'あ'.repeat(700)), /too long/],
    ['an unknown placeholder', (d: any) => (d.templates.help.ja = '【{brand}】{fullName}'), /unknown placeholder \{fullName\}/],
    ['a state that ignores STOP', (d: any) => (d.machine.states.active.states.dunning.on.stop = { actions: [] }), /does not honour STOP/],
    [
      'a state reached only through a timeout the flow names, which ignores STOP',
      (d: any) => {
        const a = d.machine.states.active.states;
        a.dunning.entry.push({ type: 'startTimer', params: { name: 'callback_wait', days: 1 } });
        a.dunning.on['timeout.callback_wait'] = 'callback';
        a.callback = { on: { stop: { actions: [] }, human: { target: '#flow.escalated' } } };
      },
      /state "active.callback" does not honour STOP/,
    ],
    [
      'a state reached only through a handback target the flow adds, which ignores STOP',
      (d: any) => {
        d.machine.states.escalated.on.handback.unshift({ guard: { type: 'handbackTo', params: { state: 'callback' } }, target: 'callback' });
        d.machine.states.callback = { on: { stop: { actions: [] }, human: { target: 'escalated' } } };
      },
      /state "callback" does not honour STOP/,
    ],
    [
      'a state reached only through a "yes" answer, which ignores STOP',
      (d: any) => {
        d.machine.states.active.states.dunning.on.other = [{ guard: { type: 'answerIs', params: { answer: 'yes' } }, target: 'callback' }];
        d.machine.states.active.states.callback = { on: { stop: { actions: [] }, human: { target: '#flow.escalated' } } };
      },
      /state "active.callback" does not honour STOP/,
    ],
    [
      'a state reached only on the second unconfirmed paid check (a counter in the context), which ignores STOP',
      (d: any) => {
        const t = d.machine.states.active.states.paid_claimed.on['timeout.paid_check'][0];
        t.guard.params.n = 2;
        t.target = 'callback';
        d.machine.states.active.states.callback = { on: { stop: { actions: [] }, human: { target: '#flow.escalated' } } };
      },
      /state "active.callback" does not honour STOP/,
    ],
    [
      'a state no event reaches, which ignores STOP (every declared state is checked)',
      (d: any) => (d.machine.states.active.states.callback = { on: { stop: { actions: [] }, human: { target: '#flow.escalated' } } }),
      /state "active.callback" does not honour STOP/,
    ],
    ['no way to a person', (d: any) => {
      delete d.machine.states.escalated.tags;
    }, /hand off to a person|no state is tagged escalated/],
    ['a schedule step that neither sends nor escalates', (d: any) => d.schedule.push({ name: 'x', offsetDays: 20, at: '10:00' }), /either sends a template or escalates/],
    ['quiet hours widened past the law', (d: any) => (d.policy.contactHours = { from: '07:00', to: '23:00' }), null],
  ])('rejects %s', (_n, f, re) => {
    const errs = errors(mutate(ja, f));
    if (re === null) {
      // contactHours can only narrow: the gate intersects it with the jurisdiction window; validation accepts it.
      expect(errs).toEqual([]);
      return;
    }
    expect(errs.map((e) => e.message).join('\n')).toMatch(re);
  });

  it('requires "Reply STOP" in every US text', () => {
    const errs = errors(mutate(en, (d) => (d.templates.help.en = '{brand}: call {contact}.')));
    expect(errs.map((e) => e.message).join()).toMatch(/US profile/);
  });

  it('points zod errors at their YAML line', () => {
    const src = ja.replace('maxPromiseDays: 14', 'maxPromiseDays: 400');
    const r = validateFlow(src);
    expect(r.ok).toBe(false);
    const issue = !r.ok ? r.issues.find((i) => i.path === 'policy.maxPromiseDays') : undefined;
    expect(issue?.line).toBe(src.split('\n').findIndex((l) => l.includes('maxPromiseDays: 400')) + 1);
  });
});

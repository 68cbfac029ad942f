import type { Lang } from './i18n';

/** Strings of the dead-letter page (kept apart from i18n.ts so the two can change independently). */
const en = {
  nav: 'Dead letters',
  title: 'Dead letters',
  intro:
    'Jobs that failed every attempt. Nothing wakes them again until you decide: Retry once the cause is fixed (the job runs again now), or Discard (the message is marked processed, the timer cancelled, the send failed).',
  statusFilter: 'Show',
  status: { dead: 'Waiting for a decision', retried: 'Retried', discarded: 'Discarded' } as Record<string, string>,
  kind: 'Job',
  kinds: { conversation: 'Apply a reply', timer: 'Timer', send: 'Send' } as Record<string, string>,
  subject: 'Subject',
  reason: 'Reason',
  attempts: 'Attempts',
  age: 'Age',
  resolved: 'Decided',
  actions: 'Actions',
  retry: 'Retry',
  discard: 'Discard',
  confirmDiscard: 'Discard this job? It will not run again.',
  done: { retried: 'Retried: the job runs again.', discarded: 'Discarded.' } as Record<string, string>,
  none: 'Nothing here.',
  openThread: 'open the thread',
  ago: (n: number, unit: 'm' | 'h' | 'd') => `${n} ${unit === 'm' ? (n === 1 ? 'minute' : 'minutes') : unit === 'h' ? (n === 1 ? 'hour' : 'hours') : n === 1 ? 'day' : 'days'} ago`,
  justNow: 'just now',
};

const ja: typeof en = {
  nav: 'デッドレター',
  title: 'デッドレター（失敗したジョブ）',
  intro:
    'すべての再試行に失敗したジョブです。判断するまで再実行されません。原因を直してから「再試行」（すぐに再実行）するか、「破棄」（メッセージは処理済み、タイマーは取り消し、送信は失敗として閉じます）してください。',
  statusFilter: '表示',
  status: { dead: '判断待ち', retried: '再試行済み', discarded: '破棄済み' },
  kind: 'ジョブ',
  kinds: { conversation: '返信の処理', timer: 'タイマー', send: '送信' },
  subject: '対象',
  reason: '理由',
  attempts: '試行回数',
  age: '経過',
  resolved: '判断',
  actions: '操作',
  retry: '再試行',
  discard: '破棄',
  confirmDiscard: 'このジョブを破棄しますか？ 二度と実行されません。',
  done: { retried: '再試行しました。ジョブをもう一度実行します。', discarded: '破棄しました。' },
  none: '該当するものはありません。',
  openThread: 'スレッドを開く',
  ago: (n, unit) => `${n}${unit === 'm' ? '分' : unit === 'h' ? '時間' : '日'}前`,
  justNow: 'たった今',
};

export const deadLetterText: Record<Lang, typeof en> = { en, ja };

/** "3 hours ago" / "3時間前": whole minutes, hours or days, rounded down. */
export function ageText(ms: number, lang: Lang): string {
  const t = deadLetterText[lang];
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return t.justNow;
  if (min < 60) return t.ago(min, 'm');
  if (min < 48 * 60) return t.ago(Math.floor(min / 60), 'h');
  return t.ago(Math.floor(min / 1440), 'd');
}

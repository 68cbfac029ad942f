import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

export type Lang = 'ja' | 'en';
export const LANG_COOKIE = 'saisoku_lang';

const en = {
  appName: 'saisoku',
  skip: 'Skip to content',
  navInbox: 'Inbox',
  navFlows: 'Flows',
  navSimulator: 'Debtor simulator',
  navApi: 'API',
  signOut: 'Sign out',
  signIn: 'Sign in',
  email: 'Email',
  password: 'Password',
  badLogin: 'Wrong email or password.',
  language: 'Language',
  signedInAs: 'Signed in as',
  queue: 'Escalated conversations',
  queueEmpty: 'Nobody is waiting. The bot is handling every thread.',
  reason: 'Reason',
  waiting: 'Waiting',
  amount: 'Amount',
  debtorLanguage: 'Language',
  heldBy: 'Held by',
  unclaimed: 'unclaimed',
  you: 'you',
  open: 'Open',
  claim: 'Claim',
  thread: 'Thread',
  state: 'State',
  flow: 'Flow',
  dueDate: 'Due date',
  status: 'Status',
  reply: 'Reply',
  replyLabel: 'Reply to the debtor (passes the send gate)',
  send: 'Send',
  quickActions: 'Quick actions',
  sendLink: 'Send the payment link',
  recordPromise: 'Record a promise date',
  promiseDate: 'Promise date',
  offerPlan: 'Offer an instalment plan',
  resolve: 'Resolve',
  outcome: 'Outcome',
  handback: 'Hand back to the bot',
  resumeAt: 'Resume at',
  botPaused: 'You hold this thread: the bot sends nothing until you hand it back.',
  heldByOther: 'Another collector holds this thread.',
  notClaimed: 'Claim this thread to reply; while you hold it the bot stays silent.',
  uncertainSend: 'May or may not have been sent: the worker sending it stopped and the provider could not confirm. Check before sending it again.',
  refused: 'Refused by the send gate',
  intent: 'intent',
  confidence: 'confidence',
  by: 'by',
  live: 'Live: new messages appear here without reloading.',
  flows: 'Flows',
  versions: 'Versions',
  version: 'Version',
  published: 'Published',
  createdBy: 'By',
  edit: 'Edit',
  editor: 'Flow editor',
  source: 'YAML source',
  validate: 'Validate',
  simulate: 'Simulate',
  publish: 'Publish new version',
  diff: 'Diff against the current version',
  issues: 'Validation',
  noIssues: 'No problems found.',
  line: 'line',
  script: 'Debtor script',
  scriptHelp: 'One line per event: "day 3 10:00: 25日に払います", "day 0: reminder" (just let time pass), "day 5: payment 12000".',
  start: 'Start',
  transcript: 'Transcript',
  segments: 'SMS segments',
  timers: 'Pending timers',
  publishedAs: 'Published as version',
  runningStay: 'Running conversations stay on the version they started with.',
  noDiff: 'No changes.',
  errorsBlock: 'Fix the errors before publishing.',
  forbidden: 'You do not have access to this page.',
  warning: 'warning',
  error: 'error',
};
type Dict = typeof en;

const ja: Dict = {
  appName: '催促 saisoku',
  skip: '本文へ移動',
  navInbox: '受信箱',
  navFlows: 'フロー',
  navSimulator: '債務者シミュレーター',
  navApi: 'API',
  signOut: 'ログアウト',
  signIn: 'ログイン',
  email: 'メールアドレス',
  password: 'パスワード',
  badLogin: 'メールアドレスまたはパスワードが違います。',
  language: '言語',
  signedInAs: 'ログイン中',
  queue: 'エスカレーションされた会話',
  queueEmpty: '対応待ちはありません。すべてボットが対応中です。',
  reason: '理由',
  waiting: '待ち時間',
  amount: '金額',
  debtorLanguage: '言語',
  heldBy: '担当',
  unclaimed: '未担当',
  you: 'あなた',
  open: '開く',
  claim: '担当する',
  thread: 'やり取り',
  state: '状態',
  flow: 'フロー',
  dueDate: '支払期限',
  status: 'ステータス',
  reply: '返信',
  replyLabel: '債務者への返信（送信ゲートを通ります）',
  send: '送信',
  quickActions: 'クイック操作',
  sendLink: '支払いリンクを送る',
  recordPromise: '支払約束日を記録',
  promiseDate: '約束日',
  offerPlan: '分割払いを提案',
  resolve: '解決',
  outcome: '結果',
  handback: 'ボットに戻す',
  resumeAt: '再開する位置',
  botPaused: 'あなたが担当中です。ボットに戻すまでボットは何も送信しません。',
  heldByOther: '他の担当者が対応中です。',
  notClaimed: '返信するには担当してください。担当中はボットは送信しません。',
  uncertainSend: '送信されたかどうか不明です（送信中の処理が止まり、事業者に確認できませんでした）。再送する前に確認してください。',
  refused: '送信ゲートにより拒否',
  intent: '意図',
  confidence: '確信度',
  by: '判定',
  live: 'ライブ: 新しいメッセージは再読み込みなしで表示されます。',
  flows: 'フロー',
  versions: 'バージョン',
  version: 'バージョン',
  published: '公開日時',
  createdBy: '作成者',
  edit: '編集',
  editor: 'フロー編集',
  source: 'YAMLソース',
  validate: '検証',
  simulate: 'シミュレート',
  publish: '新しいバージョンを公開',
  diff: '現在のバージョンとの差分',
  issues: '検証結果',
  noIssues: '問題はありません。',
  line: '行',
  script: '債務者のスクリプト',
  scriptHelp: '1行に1イベント: 「day 3 10:00: 25日に払います」「day 0: reminder」（時間を進めるだけ）「day 5: payment 12000」',
  start: '開始',
  transcript: '送受信の記録',
  segments: 'SMS通数',
  timers: '保留中のタイマー',
  publishedAs: '公開しました: バージョン',
  runningStay: '進行中の会話は開始時のバージョンのまま続きます。',
  noDiff: '変更はありません。',
  errorsBlock: '公開する前にエラーを直してください。',
  forbidden: 'このページへのアクセス権がありません。',
  warning: '警告',
  error: 'エラー',
};

export const dictionaries: Record<Lang, Dict> = { ja, en };
export type T = Dict;

/** A `?lang=` toggle (remembered in a cookie), else the cookie, else Accept-Language; English by default. */
export function pickLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'ja' || q === 'en') return q;
  const cookie = getCookie(c, LANG_COOKIE);
  if (cookie === 'ja' || cookie === 'en') return cookie;
  return fromAcceptLanguage(c.req.header('accept-language'));
}

export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) {
    if (r.tag.startsWith('ja')) return 'ja';
    if (r.tag.startsWith('en')) return 'en';
  }
  return 'en';
}

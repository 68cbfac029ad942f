/**
 * Every problem of a request, not the first: a person fixing a 100,000-row file wants the whole
 * list in one answer (docs/api.md "Errors"). `row` only for CSV rows (the header is row 1).
 */
export type IssueCode =
  | 'required'
  | 'too_long'
  | 'invalid'
  | 'invalid_date'
  | 'invalid_amount'
  | 'invalid_currency'
  | 'invalid_phone'
  | 'invalid_timezone'
  | 'unknown_flow'
  | 'wrong_locale'
  | 'consent_in_future'
  | 'time_barred'
  | 'too_far_ahead'
  | 'nul_character'
  | 'wrong_field_count'
  | 'duplicate'
  | 'already_loaded_differently'
  | 'not_stored';

export interface Issue {
  row?: number;
  field: string;
  code: IssueCode;
  message: string;
}

/** At most this many issues are listed in one answer; `issueCount` says how many there were. */
export const MAX_ISSUES = 1000;

/** The code a schema problem gets from its field (the schema's messages say "is required" for a missing value). */
export function schemaIssueCode(field: string, message: string): IssueCode {
  if (message === 'is required') return 'required';
  if (/^must be at most \d+ characters$/.test(message)) return 'too_long';
  const leaf = field.slice(field.lastIndexOf('.') + 1);
  if (leaf === 'dueDate' || leaf === 'obtainedAt' || leaf === 'due_date' || leaf === 'consent_obtained_at' || leaf === 'startAt') return 'invalid_date';
  if (leaf === 'amount') return 'invalid_amount';
  if (leaf === 'currency') return 'invalid_currency';
  if (leaf === 'phone') return 'invalid_phone';
  if (leaf === 'timezone') return 'invalid_timezone';
  return 'invalid';
}

/** A schema library's issues (zod's shape) → ours, the field as a dotted path. */
export function schemaIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, fieldName: (path: string) => string = (p) => p): Issue[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    const field = fieldName(path) || 'body';
    return { field, code: schemaIssueCode(path, i.message), message: i.message };
  });
}

/** Collects issues up to MAX_ISSUES, counting the rest. */
export class IssueList {
  readonly listed: Issue[] = [];
  count = 0;
  add(...issues: Issue[]): void {
    for (const i of issues) {
      this.count++;
      if (this.listed.length < MAX_ISSUES) this.listed.push(i);
    }
  }
  get empty(): boolean {
    return this.count === 0;
  }
  /** The 422's `details`: the first issue's field (as before), the list, and the count when it was cut. */
  details(): { field: string; issues: Issue[]; issueCount: number; truncated?: true } {
    return { field: this.listed[0]?.field ?? '', issues: this.listed, issueCount: this.count, ...(this.count > this.listed.length ? { truncated: true as const } : {}) };
  }
}

/** "field: message", or with a row "row 7, field: message"; more than one → "(and N more; see details.issues)". */
export function issuesMessage(issues: Issue[], count = issues.length): string {
  const first = issues[0];
  if (!first) return 'invalid input';
  const head = `${first.row !== undefined ? `row ${first.row}, ` : ''}${first.field}: ${first.message}`;
  return count > 1 ? `${head} (and ${count - 1} more problem${count > 2 ? 's' : ''}; see details.issues)` : head;
}

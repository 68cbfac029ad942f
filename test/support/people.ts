import type { Harness } from './harness';

export interface Person {
  id: string;
  email: string;
  password: string;
  cookie: string;
  csrfToken: string;
}

/** Creates a user with the admin token and signs them in; returns the cookie and CSRF token. */
export async function signUp(h: Harness, role: 'admin' | 'collector', name: string = role): Promise<Person> {
  const email = `${name}-${crypto.randomUUID().slice(0, 6)}@example.test`;
  const password = 'correct horse battery';
  const created = await h.api('POST', '/api/users', { email, name, role, password });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.json)}`);
  const res = await h.app.request('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login: ${res.status}`);
  const cookie = /saisoku_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { id: created.json.id, email, password, cookie, csrfToken };
}

/** A request as that person's browser would send it (cookie, and the CSRF header unless told not to). */
export async function asPerson(h: Harness, p: Person, method: string, path: string, body?: unknown, o: { csrf?: boolean } = {}) {
  const headers: Record<string, string> = { cookie: p.cookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (o.csrf !== false) headers['x-csrf-token'] = p.csrfToken;
  const res = await h.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* HTML */
  }
  return { status: res.status, json, text, headers: res.headers };
}

import { z } from 'zod';

/** `loader` may only load debts (POST /api/debts, /api/debts/import): for CRM integrations. */
export const Role = z.enum(['admin', 'collector', 'loader']);
export type Role = z.infer<typeof Role>;

/** Who is asking: set as the Hono variable `actor` on every authenticated request. */
export interface Actor {
  /** A user's id; `token:<id>` for an API token without a user; `bootstrap` for ADMIN_API_TOKEN. */
  id: string;
  role: Role;
  name: string;
  via: 'session' | 'token' | 'bootstrap';
}

/** The string audit rows and message authors carry for this actor. */
export const auditActor = (a: Actor): string => (a.via === 'bootstrap' || a.id.startsWith('token:') ? a.id : `user:${a.id}`);

export const canEditFlows = (a: Actor): boolean => a.role === 'admin';
export const canManageUsers = (a: Actor): boolean => a.role === 'admin';

/**
 * Who may read a thread. Admins: all. Collectors: the queue (escalated and unclaimed), the threads
 * they hold, and — for the record, read-only — threads they handled (claimed) before and nobody else
 * holds now; a thread another collector holds is denied, as are threads they never touched.
 */
export function canReadConversation(a: Actor, conv: { status: string; heldBy: string | null; handled?: boolean }): boolean {
  if (a.role === 'admin') return true;
  if (conv.heldBy) return heldByActor(conv.heldBy, a);
  return conv.status === 'escalated' || conv.handled === true;
}

/** heldBy may carry the bare id or a prefixed one (`user:<id>`, `collector:<id>`). */
export function heldByActor(heldBy: string, a: Actor): boolean {
  return heldBy === a.id || heldBy.endsWith(`:${a.id}`);
}

import type { z } from 'zod';
import { jobs, type JobData, type JobHandler, type JobName } from './port';

/**
 * The job declarations seen through mapped types over JobName, so that a lookup by a generic
 * `name: N` stays tied to N: `jobSchemas[name].parse(x)` is `JobData<N>`, `slots[name]` holds a
 * `JobHandler<N>`. The adapters and the dead letters use these instead of casts.
 */
export const jobSchemas: { [N in JobName]: z.ZodType<JobData<N>> } = jobs;

/** The data of job `name`, checked by its zod declaration. */
export function parseJob<N extends JobName>(name: N, data: unknown): JobData<N> {
  return jobSchemas[name].parse(data);
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}

/**
 * A registered handler that takes its job's data back through the job's zod declaration. (A map
 * typed per job cannot be written through a generic key without a cast; a parse costs microseconds.)
 */
export function checkedHandler<N extends JobName>(name: N, handler: JobHandler<N>): (data: unknown) => Promise<void> {
  return (data) => handler(parseJob(name, data));
}

/**
 * The row each job is about (what the sweep would wake again, what a dead letter names) and the
 * data of the job that wakes it. A new job declared in port.ts must say it here (the type requires it).
 */
export const jobSubjects: { [N in JobName]: { of(data: JobData<N>): string; data(subjectId: string): JobData<N> } } = {
  conversation: { of: (d) => d.conversationId, data: (conversationId) => ({ conversationId }) },
  timer: { of: (d) => d.timerId, data: (timerId) => ({ timerId }) },
  send: { of: (d) => d.outboxId, data: (outboxId) => ({ outboxId }) },
  // A drain names no row (its work is whatever is ready in Postgres); it is never dead-lettered.
  drain: { of: () => 'drain', data: () => ({}) },
  deliver: { of: () => 'deliver', data: () => ({}) },
};

/** The subject of a job whose data came back from a queue (unknown); null when it does not parse. */
export function subjectOfJob<N extends JobName>(name: N, data: unknown): string | null {
  const parsed = jobSchemas[name].safeParse(data);
  return parsed.success ? jobSubjects[name].of(parsed.data) : null;
}

/** The job that wakes `subjectId` again (a retried dead letter). */
export function jobFor<N extends JobName>(name: N, subjectId: string): JobData<N> {
  return jobSubjects[name].data(subjectId);
}

import type { Logger } from 'pino';

/**
 * The process's policy for faults it did not expect (docs/decisions/0108-process-faults.md):
 * - SIGTERM / SIGINT: stop taking work, then close within `timeoutMs`; past it, exit 1 anyway.
 *   A second signal exits at once.
 * - An uncaught exception or unhandled rejection: log it as fatal with its context, then the same
 *   bounded shutdown, exit 1, and let the supervisor start a clean process. Nothing is lost by dying:
 *   Postgres holds every accepted message, and the sweep re-enqueues what was in flight.
 * Never half alive: either the process serves with all its parts, or it exits.
 */
export interface ProcessLike {
  on(event: 'SIGTERM' | 'SIGINT' | 'uncaughtException' | 'unhandledRejection', fn: (arg?: unknown) => void): unknown;
  exit(code: number): never | void;
}

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
}

/** Runs `steps` in order, all within `timeoutMs` in total; true when every step finished in time. */
export async function boundedShutdown(steps: ShutdownStep[], timeoutMs: number, log: Logger): Promise<boolean> {
  // Elapsed time of this process (monotonic), not the business clock: a shutdown deadline.
  const deadline = performance.now() + timeoutMs;
  let clean = true;
  for (const step of steps) {
    const left = deadline - performance.now();
    if (left <= 0) {
      log.error({ step: step.name }, 'shutdown deadline passed; giving up on the remaining steps');
      return false;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const done = await Promise.race([
        Promise.resolve()
          .then(step.run)
          .then(() => true),
        new Promise<false>((r) => (timer = setTimeout(() => r(false), left))),
      ]);
      if (!done) {
        log.error({ step: step.name, timeoutMs }, 'shutdown step did not finish in time');
        return false;
      }
    } catch (e) {
      clean = false;
      log.warn({ err: e, step: step.name }, 'shutdown step failed');
    } finally {
      clearTimeout(timer);
    }
  }
  return clean;
}

export function installProcessPolicy(proc: ProcessLike, o: { log: Logger; steps: () => ShutdownStep[]; timeoutMs: number }) {
  let stopping: Promise<void> | null = null;
  const stop = (code: number, reason: string) => {
    if (stopping) return stopping;
    o.log.info({ reason, timeoutMs: o.timeoutMs }, 'shutting down');
    // The timer is the backstop: even a step that blocks the event loop's promises ends here.
    const force = setTimeout(() => {
      o.log.error({ reason }, 'shutdown did not finish in time; exiting');
      proc.exit(code || 1);
    }, o.timeoutMs + 1_000);
    force.unref?.();
    stopping = boundedShutdown(o.steps(), o.timeoutMs, o.log).then((clean) => {
      clearTimeout(force);
      proc.exit(code !== 0 ? code : clean ? 0 : 1);
    });
    return stopping;
  };
  const onSignal = (signal: 'SIGTERM' | 'SIGINT') => () => {
    if (stopping) {
      o.log.warn({ signal }, 'second signal: exiting now');
      proc.exit(1);
      return;
    }
    void stop(0, signal);
  };
  proc.on('SIGTERM', onSignal('SIGTERM'));
  proc.on('SIGINT', onSignal('SIGINT'));
  proc.on('uncaughtException', (e) => {
    o.log.fatal({ err: e }, 'uncaught exception: shutting down (the supervisor restarts the process; the sweep re-enqueues work in flight)');
    void stop(1, 'uncaughtException');
  });
  proc.on('unhandledRejection', (e) => {
    o.log.fatal({ err: e }, 'unhandled rejection: shutting down (the supervisor restarts the process; the sweep re-enqueues work in flight)');
    void stop(1, 'unhandledRejection');
  });
  return { stop: (reason: string) => stop(0, reason) };
}

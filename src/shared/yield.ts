/**
 * One turn of the event loop for everything else. A long loop of queries on the embedded PGlite
 * resolves each query as a microtask, so without this the HTTP server (health checks, webhooks,
 * a progress bar) waits for the whole loop.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

import { Hono } from 'hono';
import type { AppEnv } from '../app';
import { authenticate } from '../auth';
import { authRoutes } from '../routes/auth';
import { userRoutes } from '../routes/users';

/** Mounted before the /api auth middleware: sign-in, sign-out, the OpenAPI document, `/`. */
export function publicUiRoutes() {
  return new Hono<AppEnv>().route('/', authRoutes()).get('/', (c) => c.redirect('/ui/inbox', 303));
}

/** Mounted after it: people and tokens API, flow editing API, and the web UI under /ui. */
export function peopleAndUiRoutes() {
  return new Hono<AppEnv>()
    .route('/api', userRoutes())
    .use('/ui/*', authenticate({ unauthenticated: 'redirect' }))
    .get('/ui', (c) => c.redirect('/ui/inbox', 303));
}

import { z } from 'zod';
import { NewApiToken, NewUser } from '../auth/service';
import { DraftBody } from '../conversation/drafts';
import { CreateCampaign } from '../campaigns/rows';
import { CSV_CHARSETS } from '../dunning/csv';
import { CreateDebt } from '../dunning/debts';
import { IMPORT_COLUMNS } from '../dunning/import';
import { HandbackBody, ReplyBody, ResolveBody } from '../dunning/collector';
import { LoginBody } from './routes/auth';
import { DiffBody, FlowSource, SimulateBody } from './routes/flows';
import { CostBody } from './routes/flow-cost';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const errors = { '401': { $ref: '#/components/responses/Error' }, '403': { $ref: '#/components/responses/Error' }, '422': { $ref: '#/components/responses/Error' } };
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const post = (summary: string, body: string | null, res = 'OK', extra: Record<string, unknown> = {}) => ({
  post: { summary, ...(body ? { requestBody: { required: true, ...json(body) } } : {}), responses: { '200': ok(res), ...errors }, ...extra },
});

/** OpenAPI 3.1: request bodies from the zod schemas (z.toJSONSchema), paths written by hand. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'saisoku API', version: '0.1.0', description: 'Two-way SMS dunning: debts, conversations, collector actions, flows, people. Bearer token (ADMIN_API_TOKEN or an API token) or a session cookie plus x-csrf-token.' },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'saisoku_session', description: 'State-changing requests also need the x-csrf-token header (from POST /login or GET /api/me).' },
      },
      responses: {
        Error: {
          description: 'One error body for every failure; 409 from collector actions carries `reason`.',
          content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', required: ['code', 'message', 'requestId'], properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' }, reason: { type: 'string' }, details: { type: 'object', description: 'on a validation 422: field (the first), issues [{row?, field, code, message}] (every problem, at most 1,000), issueCount, truncated' } } } } } } },
        },
      },
      schemas: {
        CreateDebt: schema(CreateDebt),
        Login: schema(LoginBody),
        NewUser: schema(NewUser),
        NewApiToken: schema(NewApiToken),
        Reply: schema(ReplyBody),
        Resolve: schema(ResolveBody),
        Handback: schema(HandbackBody),
        Draft: schema(DraftBody),
        FlowSource: schema(FlowSource),
        Simulate: schema(SimulateBody),
        FlowCost: schema(CostBody),
        Diff: schema(DiffBody),
        CreateCampaign: schema(CreateCampaign),
        Decision: { type: 'object', properties: { note: { type: 'string', maxLength: 500 } } },
      },
    },
    paths: {
      '/login': { post: { summary: 'Sign in (JSON or form); sets the session cookie, returns the CSRF token', security: [], requestBody: { required: true, ...json('Login') }, responses: { '200': ok('actor and csrfToken'), '401': { $ref: '#/components/responses/Error' } } } },
      '/logout': { post: { summary: 'Sign out (needs x-csrf-token)', responses: { '303': { description: 'to /login' } } } },
      '/api/me': { get: { summary: 'Who am I (and my CSRF token for a cookie session)', responses: { '200': ok('actor') } } },
      '/api/users': { get: { summary: 'List users (admin)', responses: { '200': ok('users, never password hashes'), ...errors } }, ...post('Create a user (admin)', 'NewUser', 'the user') },
      '/api/tokens': { get: { summary: 'List API tokens (admin); never the token or its hash', responses: { '200': ok('tokens'), ...errors } }, ...post('Create an API token with a role (admin); the token is shown once', 'NewApiToken') },
      '/api/tokens/{id}': { delete: { summary: 'Revoke an API token (admin)', parameters: idParam, responses: { '200': ok('id, revokedAt'), ...errors } } },
      '/api/users/{id}': { delete: { summary: 'Disable a user (admin): sessions end, their tokens are revoked', parameters: idParam, responses: { '200': ok('id, disabledAt, sessionsEnded, tokensRevoked'), ...errors } } },
      '/api/debts': post('Start dunning one debt', 'CreateDebt'),
      '/api/debts/import': {
        post: {
          summary: 'Import a CSV of debts (admin, loader): streamed, validated per row, written in batches; per-row report. UTF-8 or Shift_JIS/CP932 (detected, or named)',
          parameters: [
            { name: 'charset', in: 'query', schema: { type: 'string', enum: [...CSV_CHARSETS, 'cp932', 'windows-31j', 'sjis'] }, description: 'Overrides the content type’s charset and detection' },
            { name: 'atomic', in: 'query', schema: { type: 'string', enum: ['true', 'false', '1', '0'] }, description: 'true: the whole file or nothing — any problem is one 422 listing every problem by row (details.issues), nothing written; answered whole' },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', description: `Header: ${IMPORT_COLUMNS.join(',')}` } } } },
          responses: { '200': ok('rows [{row, status, …}] streamed batch by batch as they commit, then summary {rows, created, exists, invalid}, charset, stopped (when the file could not be read to its end)'), ...errors },
        },
      },
      '/api/campaigns': {
        get: { summary: 'Campaigns, newest first (admin)', responses: { '200': ok('items'), ...errors } },
        post: {
          summary: 'Upload a campaign (admin): stored with its preview, waits for another admin’s approval; nothing is loaded or sent',
          parameters: ['name', 'flow', 'startAt'].map((name) => ({ name, in: 'query', schema: { type: 'string' }, description: 'With a text/csv body (the columns of /api/debts/import)' })),
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateCampaign' } }, 'text/csv': { schema: { type: 'string' } } } },
          responses: { '201': ok('campaign, preview (rows valid/invalid, invalidRows [{row, field, message, issues}] — the first problem and every one of each bad row, suppressed, firstSend send/hold/refuse, cost)'), ...errors },
        },
      },
      '/api/campaigns/{id}': { get: { summary: 'One campaign with its progress and audit trail (admin)', parameters: idParam, responses: { '200': ok('campaign, progress, audit'), ...errors } } },
      '/api/campaigns/{id}/progress': { get: { summary: 'Rows and outbound messages counted in SQL (admin)', parameters: idParam, responses: { '200': ok('status, rows, messages, done'), ...errors } } },
      '/api/campaigns/{id}/results': { get: { summary: 'Funnel per flow version and A/B variant, daily series, A/B z-test (admin)', parameters: idParam, responses: { '200': ok('results'), ...errors } } },
      '/api/campaigns/{id}/results.csv': { get: { summary: 'The results as CSV (admin)', parameters: idParam, responses: { '200': { description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors } } },
      ...Object.fromEntries(
        (
          [
            ['approve', 'Approve (maker-checker: not the creator; 403 and audited otherwise)'],
            ['reject', 'Reject (not the creator)'],
            ['pause', 'Pause: queued reminders are held by the send gate'],
            ['resume', 'Resume: held reminders are queued again'],
            ['cancel', 'Cancel: reminders not sent are refused by the gate, pending reminder timers cancelled'],
          ] as const
        ).map(([action, summary]) => [
          `/api/campaigns/{id}/${action}`,
          { post: { summary: `${summary} (admin; 409 from the wrong status)`, parameters: idParam, requestBody: { required: false, ...json('Decision') }, responses: { '200': ok('campaign'), '404': { $ref: '#/components/responses/Error' }, '409': { $ref: '#/components/responses/Error' }, ...errors } } },
        ]),
      ),
      '/api/conversations': { get: { summary: 'The queue (status=escalated) and other lists', parameters: [{ name: 'status', in: 'query', schema: { type: 'string' } }, { name: 'heldBy', in: 'query', schema: { type: 'string' } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }], responses: { '200': ok('items, nextCursor'), ...errors } } },
      '/api/conversations/{id}': { get: { summary: 'One thread with the bot reasoning per message', parameters: idParam, responses: { '200': ok('conversation'), ...errors } } },
      '/api/conversations/{id}/claim': post('Claim an escalated thread', null, 'held', { parameters: idParam }),
      '/api/conversations/{id}/reply': post('Reply through the send gate (409 with reason when refused)', 'Reply', 'queued', { parameters: idParam }),
      '/api/conversations/{id}/drafts': post('Quick action: a draft from an approved template (payment link, plan offer, promise — which is recorded)', 'Draft', 'body', { parameters: idParam }),
      '/api/conversations/{id}/resolve': post('Resolve with an outcome', 'Resolve', 'resolved', { parameters: idParam }),
      '/api/conversations/{id}/handback': post('Hand back to the bot at a chosen state', 'Handback', 'handed back', { parameters: idParam }),
      '/api/flows': { get: { summary: 'Flows and their versions (admin)', responses: { '200': ok('flows'), ...errors } }, ...post('Publish a new version (admin); 422 with issues when invalid', 'FlowSource', 'key, version') },
      '/api/flows/{key}/versions/{version}': { get: { summary: 'One version’s YAML source (admin)', parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string' } }, { name: 'version', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': ok('source'), ...errors } } },
      '/api/flows/validate': post('Validate and lint YAML; issues carry line numbers (admin)', 'FlowSource', 'ok, issues'),
      '/api/flows/simulate': post('Run a debtor script on a simulated clock (admin)', 'Simulate', 'transcript, timers, states, totalSegments'),
      '/api/flows/diff': post('Line diff against the latest published version (admin)', 'Diff', 'hunks'),
      '/api/flows/cost': post('Segments and cost per template and route, and for the schedule per N debtors (default 1,000) (admin)', 'FlowCost', 'routes, templates, schedule'),
    },
  };
}

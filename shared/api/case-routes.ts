// The negotiation API: the lifecycle actions on a case (each naming the version it read), offer edits, the history,
// the caller's queue, exports and the savings report. Mounted on the review router, behind its auth layer.
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { ActionNotAllowed, InvalidCaseInput, SupervisorApprovalRequired } from '../cases/case-errors.ts';
import { InvalidCursor, NotFound, VersionConflict } from '../cases/case-repository.ts';
import type { CaseActor, CaseService } from '../cases/case-service.ts';
import { caseSummary, caseView } from '../cases/case-view.ts';
import { InvalidTransition } from '../cases/lifecycle.ts';
import { isEmailAddress } from '../cases/offer-mailer.ts';
import { IsoDate } from '../model/bill.ts';
import { CaseStatus, type StoredCase } from '../model/case.ts';
import { casesCsv, casesJson } from '../reports/case-export.ts';
import { savingsReport, savingsReportCsv, SavingsGrouping } from '../reports/savings-report.ts';
import { principalOf, type PrincipalEnv } from './principal.ts';

export interface CaseRoutesDeps {
  service: CaseService;
  now?: () => Date;
}

const Reason = z.string().trim().max(2000).nullish();
const Cents = z.number().int();
const Signature = z.object({ name: z.string().trim().min(1).max(120), title: z.string().trim().max(120).nullish(), signedOn: IsoDate.nullish() });
const LineOffers = z.array(z.object({ lineNumber: z.number().int().positive(), offerCents: Cents.nonnegative() })).min(1).max(10_000);

/** An offer edit: new amounts for some lines, or a total spread over the lines. */
const OfferEditBody = z.union([
  z.object({ lines: LineOffers, reason: Reason, expectedVersion: z.unknown().optional() }).strict(),
  z.object({ totalOfferCents: Cents.nonnegative(), reason: Reason, expectedVersion: z.unknown().optional() }).strict(),
]);

const Bodies = {
  plain: z.object({ reason: Reason }),
  review: z.object({ reason: z.string().trim().min(1, 'say why the case needs review').max(2000) }),
  send: z.object({ reason: Reason, to: z.string().trim().refine(isEmailAddress, 'not an email address').nullish() }),
  counter: z.object({
    reason: Reason,
    amountCents: Cents.positive(),
    receivedOn: IsoDate.nullish(),
    note: z.string().max(2000).nullish(),
    attachmentKey: z.string().max(1024).nullish(),
    signatory: z.object({ name: z.string().trim().min(1).max(120), title: z.string().trim().max(120).nullish() }).nullish(),
  }),
  revise: z.object({ reason: Reason, lines: LineOffers.optional(), totalOfferCents: Cents.nonnegative().optional() }).refine(
    (b) => !(b.lines && b.totalOfferCents !== undefined),
    'give lines or totalOfferCents, not both',
  ),
  accept: z.object({ reason: Reason, signature: Signature, counterpartySignature: Signature.nullish() }),
  assign: z.object({ reason: Reason, assignee: z.string().trim().min(1).max(200).nullable() }),
  nsa: z.object({ reason: Reason, nsa: z.boolean().optional(), openNegotiationStart: IsoDate.nullish() }),
};

const QueueQuery = z.object({
  status: CaseStatus.optional(),
  tin: z.string().regex(/^\d{9}$/, 'a TIN is nine digits').optional(),
  scope: z.enum(['mine', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(4096).optional(),
});

const ExportQuery = z.object({
  status: CaseStatus.optional(),
  tin: z.string().regex(/^\d{9}$/, 'a TIN is nine digits').optional(),
});

const ReportQuery = ExportQuery.extend({
  groupBy: SavingsGrouping.default('tpa'),
  format: z.enum(['json', 'csv']).default('json'),
});

type ActionBody = { reason?: string | null };

export function createCaseRoutes(deps: CaseRoutesDeps): Hono<PrincipalEnv> {
  const app = new Hono<PrincipalEnv>();
  const { service } = deps;
  const now = deps.now ?? (() => new Date());

  /** Registers POST /api/cases/:id/<action>: caller, version and body checked, then the service action. */
  function action<S extends z.ZodType>(name: string, schema: S, run: (id: string, version: number, actor: CaseActor, body: z.infer<S>) => Promise<StoredCase>) {
    app.post(`/api/cases/:id/${name}`, (c) => mutate(c, schema, run));
  }

  async function mutate<S extends z.ZodType>(
    c: Context<PrincipalEnv>,
    schema: S,
    run: (id: string, version: number, actor: CaseActor, body: z.infer<S>) => Promise<StoredCase>,
  ): Promise<Response> {
    const actor = actorOf(c);
    if (!actor) return c.json({ error: 'unauthenticated', message: 'sign in first' }, 401);
    const raw = await readJson(c);
    if (raw === INVALID_JSON) return c.json({ error: 'invalid request', message: 'the body must be a JSON object' }, 400);
    const version = expectedVersionOf(c, raw);
    if (version === null) {
      return c.json(
        { error: 'version required', message: 'send the version of the case you read: "expectedVersion" in the body or an If-Match header' },
        428,
      );
    }
    if (version === 'invalid') return c.json({ error: 'invalid request', message: 'expectedVersion must be a whole number >= 1' }, 400);
    const { expectedVersion: _drop, ...rest } = raw;
    const parsed = schema.safeParse(rest);
    if (!parsed.success) return c.json({ error: 'invalid request', issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) }, 400);
    try {
      const record = await run(c.req.param('id')!, version, actor, parsed.data);
      c.header('ETag', `"${record.version}"`);
      return c.json(caseView(record));
    } catch (error) {
      return answerError(c, error);
    }
  }

  action('approve', Bodies.plain, (id, v, a, b: ActionBody) => service.approve(id, v, a, b));
  action('send', Bodies.send, (id, v, a, b) => service.send(id, v, a, b));
  action('counter', Bodies.counter, (id, v, a, b) => service.counter(id, v, a, b));
  action('revise', Bodies.revise, (id, v, a, b) =>
    service.revise(id, v, a, {
      reason: b.reason,
      edit: b.lines ? { lines: b.lines } : b.totalOfferCents !== undefined ? { totalOfferCents: b.totalOfferCents } : null,
    }),
  );
  action('accept', Bodies.accept, (id, v, a, b) => service.accept(id, v, a, b));
  action('settle', Bodies.plain, (id, v, a, b: ActionBody) => service.settle(id, v, a, b));
  action('reject', Bodies.plain, (id, v, a, b: ActionBody) => service.reject(id, v, a, b));
  action('withdraw', Bodies.plain, (id, v, a, b: ActionBody) => service.withdraw(id, v, a, b));
  action('close', Bodies.plain, (id, v, a, b: ActionBody) => service.close(id, v, a, b));
  action('reopen', Bodies.plain, (id, v, a, b: ActionBody) => service.reopen(id, v, a, b));
  action('review', Bodies.review, (id, v, a, b) => service.review(id, v, a, b));
  action('resume', Bodies.plain, (id, v, a, b: ActionBody) => service.resume(id, v, a, b));
  action('assign', Bodies.assign, (id, v, a, b) => service.assign(id, v, a, b));
  action('nsa', Bodies.nsa, (id, v, a, b) => service.markNsa(id, v, a, b));

  app.patch('/api/cases/:id/offer', (c) =>
    mutate(c, OfferEditBody, (id, v, a, b) => {
      const { reason, ...edit } = b as z.infer<typeof OfferEditBody>;
      return service.editOffer(id, v, a, 'lines' in edit ? { lines: edit.lines } : { totalOfferCents: edit.totalOfferCents }, { reason });
    }),
  );

  // The auth layer records this read in the case's history (its route policy says recordsRead).
  app.get('/api/cases/:id/history', async (c) => {
    const actor = actorOf(c);
    if (!actor) return c.json({ error: 'unauthenticated', message: 'sign in first' }, 401);
    try {
      const id = c.req.param('id');
      return c.json({ caseId: id, events: await service.history(id, actor, { log: false }) });
    } catch (error) {
      return answerError(c, error);
    }
  });

  app.get('/api/queue', async (c) => {
    const actor = actorOf(c);
    if (!actor) return c.json({ error: 'unauthenticated', message: 'sign in first' }, 401);
    const query = QueueQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: 'invalid query', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    try {
      const page = await service.queue(actor, query.data);
      return c.json({ cases: page.cases.map(caseSummary), cursor: page.cursor });
    } catch (error) {
      return answerError(c, error);
    }
  });

  app.get('/api/exports/cases.csv', (c) =>
    exportCases(c, (cases) =>
      c.body(casesCsv(cases), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="parley-cases-${today(now)}.csv"`,
      }),
    ),
  );

  app.get('/api/exports/cases.json', (c) =>
    exportCases(c, (cases) => {
      c.header('content-disposition', `attachment; filename="parley-cases-${today(now)}.json"`);
      return c.json(casesJson(cases, now()));
    }),
  );

  // Savings by TPA, provider or month; ?format=csv for a spreadsheet.
  app.get('/api/reports/savings', async (c) => {
    const actor = actorOf(c);
    if (!actor) return c.json({ error: 'unauthenticated', message: 'sign in first' }, 401);
    const query = ReportQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: 'invalid query', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    try {
      const cases = await service.allCases(actor, { status: query.data.status, tin: query.data.tin, view: 'savings-report' });
      const report = savingsReport(cases, query.data.groupBy, now());
      if (query.data.format === 'csv') {
        return c.body(savingsReportCsv(report), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="parley-savings-by-${query.data.groupBy}-${today(now)}.csv"`,
        });
      }
      return c.json(report);
    } catch (error) {
      return answerError(c, error);
    }
  });

  async function exportCases(c: Context<PrincipalEnv>, respond: (cases: StoredCase[]) => Response | Promise<Response>): Promise<Response> {
    const actor = actorOf(c);
    if (!actor) return c.json({ error: 'unauthenticated', message: 'sign in first' }, 401);
    const query = ExportQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: 'invalid query', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    try {
      return await respond(await service.allCases(actor, { ...query.data, view: 'export' }));
    } catch (error) {
      return answerError(c, error);
    }
  }

  return app;
}

function actorOf(c: Context): CaseActor | null {
  const principal = principalOf(c);
  if (!principal) return null;
  return { id: principal.id, role: principal.role, providerTin: principal.providerTin ?? null };
}

const INVALID_JSON = Symbol('invalid json');

async function readJson(c: Context): Promise<Record<string, unknown> | typeof INVALID_JSON> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : INVALID_JSON;
  } catch {
    return INVALID_JSON;
  }
}

/** The version the caller read: `expectedVersion` in the body, else If-Match (`"3"`, `W/"3"` or `3`). */
function expectedVersionOf(c: Context, body: Record<string, unknown>): number | null | 'invalid' {
  const fromBody = body.expectedVersion;
  const header = c.req.header('if-match');
  const raw = fromBody !== undefined ? fromBody : header !== undefined ? header.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1') : undefined;
  if (raw === undefined || raw === null || raw === '') return null;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : 'invalid';
}

/** Refusals become answers that say what happened; anything else is a server error for the router's handler. */
function answerError(c: Context, error: unknown): Response {
  if (error instanceof VersionConflict) {
    return c.json({ error: error.name, message: error.message, currentVersion: error.actualVersion }, error.actualVersion === null ? 404 : 409);
  }
  if (error instanceof InvalidTransition) return c.json({ error: error.name, message: error.message, status: error.from, action: error.action }, 409);
  if (error instanceof InvalidCaseInput) return c.json({ error: error.name, message: error.message, field: error.field }, 422);
  if (error instanceof SupervisorApprovalRequired || error instanceof ActionNotAllowed) return c.json({ error: error.name, message: error.message }, 403);
  if (error instanceof NotFound) return c.json({ error: error.name, message: error.message }, 404);
  if (error instanceof InvalidCursor) return c.json({ error: error.name, message: error.message }, 400);
  throw error;
}

function today(now: () => Date): string {
  return now().toISOString().slice(0, 10);
}

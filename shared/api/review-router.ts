// The review API: one Hono router, served by the local Node server and by the Lambda behind API Gateway.
import { Hono } from 'hono';
import * as z from 'zod';
import type { CaseRepository } from '../cases/case-repository.ts';
import { caseView } from '../cases/case-view.ts';
import { CaseStatus } from '../model/case.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { createUploadRoutes, type UploadRouteDeps } from './upload-routes.ts';
import { createCaseRoutes, type CaseRoutesDeps } from './case-routes.ts';
import { installAuth } from './auth/auth-middleware.ts';
import { createConsoleRoutes, type ConsoleOptions } from '../web/console-routes.ts';

export interface ReviewApiDeps {
  cases: CaseRepository;
  objects: ObjectStore;
  /** Provider uploads (POST /api/uploads, GET /api/submissions/:id); absent, those routes are not served. */
  uploads?: UploadRouteDeps;
  /** Sign-in, sessions and the console pages; without it only a principal set by an enclosing app gets in. */
  console?: ConsoleOptions;
  /** The negotiation API (case actions, history, queue, exports, savings report); absent, those routes are not served. */
  negotiation?: CaseRoutesDeps;
}

const ListQuery = z.object({
  status: CaseStatus.optional(),
  tin: z.string().regex(/^\d{9}$/, 'a TIN is nine digits').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
});

export function createReviewRouter(deps: ReviewApiDeps): Hono {
  const app = new Hono();
  installAuth(app, { cases: deps.cases, ...deps.console });

  app.get('/api/health', (c) => c.json({ ok: true }));

  app.get('/api/cases', async (c) => {
    const query = ListQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: 'invalid query', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 400);
    const page = await deps.cases.listCases({ status: query.data.status, providerTin: query.data.tin, limit: query.data.limit, cursor: query.data.cursor });
    return c.json({ cases: page.cases.map((record) => caseView(record)), cursor: page.cursor });
  });

  app.get('/api/cases/:id', async (c) => {
    const record = await deps.cases.getCase(c.req.param('id'));
    if (!record) return c.json({ error: `case ${c.req.param('id')} not found` }, 404);
    const events = await deps.cases.listEvents(record.id);
    return c.json({ ...caseView(record), history: events });
  });

  // The current letter; ?version=N an earlier offer version, ?settlement=1 the settlement agreement.
  app.get('/api/cases/:id/letter', async (c) => {
    const record = await deps.cases.getCase(c.req.param('id'));
    const { version, settlement } = c.req.query();
    const letter = settlement
      ? (record?.negotiation.settlementLetter ?? null)
      : version
        ? (record?.negotiation.offers.find((o) => String(o.version) === version)?.letter ?? (record?.letter && String(record.letter.version) === version ? record.letter : null))
        : (record?.letter ?? null);
    if (!record || !letter) return c.json({ error: `case ${c.req.param('id')} has no ${settlement ? 'settlement agreement' : version ? `letter version ${version}` : 'letter'}` }, 404);
    const pdf = await deps.objects.get({ bucket: letter.bucket, key: letter.key });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${record.id}-${settlement ? 'settlement' : `offer-v${letter.version}`}.pdf"`,
    });
  });

  app.get('/api/documents', async (c) => {
    const documents = await deps.cases.listDocuments();
    return c.json({ documents });
  });

  // What Parley answered an 837 with: its 999 acknowledgment and the repriced 837 (X12 text, as a download).
  for (const [path, artifact, suffix] of [
    ['/api/documents/:id/999', 'acknowledgment999', '999.x12'],
    ['/api/documents/:id/repriced-837', 'repriced837', 'repriced.837'],
  ] as const) {
    app.get(path, async (c) => {
      const document = await deps.cases.getDocument(c.req.param('id'));
      const key = document?.artifacts[artifact];
      if (!document || !key) return c.json({ error: `document ${c.req.param('id')} has no ${suffix}` }, 404);
      const body = await deps.objects.get({ bucket: document.source.bucket, key });
      return c.body(body as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/edi-x12',
        'content-disposition': `attachment; filename="${document.id}-${suffix}"`,
      });
    });
  }

  if (deps.uploads) app.route('/', createUploadRoutes(deps.uploads));
  if (deps.negotiation) app.route('/', createCaseRoutes(deps.negotiation));
  app.route('/', createConsoleRoutes(deps));

  app.onError((error, c) => c.json({ error: error.name, message: error.message }, 500));
  return app;
}

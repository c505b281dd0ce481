// The console and the portal, mounted on the review router: sign-in and accounts, static assets, the pages.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AuthStore } from '../api/auth/auth-store.ts';
import type { AuthEnv } from '../api/auth/auth-middleware.ts';
import { createAuthRoutes } from '../api/auth/auth-routes.ts';
import type { CognitoSettings } from '../api/auth/cognito-claims.ts';
import { cognitoLogoutUrl, createCognitoSignInRoutes, type CognitoSignInSettings } from '../api/auth/cognito-sign-in.ts';
import { createDocumentPages, renderPdfPage, type DocumentPages, type SourceDocument } from '../api/document-pages.ts';
import { openPdf } from '../extract/documents/pdf.ts';
import type { LetterRef, StoredCase } from '../model/case.ts';
import type { ReviewApiDeps } from '../api/review-router.ts';
import { DEFAULT_SUPERVISOR_LIMIT_CENTS } from '../cases/case-settings.ts';
import { DOCUMENTS_BUCKET } from '../storage/definitions.ts';
import { safeFileName } from '../intake/upload/safe-file-name.ts';
import { loadCaseData } from './case-data.ts';
import { messagePage } from './layout.ts';
import { casePage } from './pages/case-page.ts';
import { queuePage } from './pages/queue-page.ts';
import { loadQueue, queueFiltersFrom } from './queue-data.ts';
import type { Outbox } from './outbox.ts';
import { DEFAULT_UPLOAD_POLICY } from '../intake/upload/upload-policy.ts';
import { lastSentOffer, offeredCases, submissionStatus } from './portal-data.ts';
import { portalCasePage, portalHome, submissionPage } from './pages/portal-pages.ts';
import { dashboardPage } from './pages/dashboard-page.ts';
import { savingsReport } from '../reports/savings-report.ts';
import { caseSnapshot } from './case-snapshot.ts';
import { outboxMessagePage, outboxPage } from './pages/outbox-page.ts';
import { serveAsset } from './static-assets.ts';
import { viewerOf } from './viewer.ts';

export interface ConsoleOptions {
  /** Local accounts and sessions (DynamoDB); absent on AWS. */
  store?: AuthStore;
  /** Each user's upload submissions, for the portal (default: the store; on AWS a DynamoAuthStore serves just this). */
  submissionIndex?: Pick<AuthStore, 'recordSubmission' | 'listSubmissions'>;
  /** AWS: read the principal from the JWT authorizer's claims with these settings (false: never). */
  cognito?: CognitoSettings | false;
  /** AWS: sign in through the Cognito hosted UI (serves /auth/login and /auth/callback). */
  cognitoSignIn?: CognitoSignInSettings;
  secureCookies?: boolean;
  /** Origins allowed to send changes besides the request's own (the CloudFront domain on AWS). */
  allowedOrigins?: string[];
  /** Where presigned upload URLs point, for the Content-Security-Policy. */
  uploadOrigins?: string[];
  /** Serve /assets/* from this folder (locally: web/assets); on AWS CloudFront serves them. */
  assetsDir?: string;
  /** The documents bucket: source documents' page images are cached there, counteroffer attachments kept there. */
  documentsBucket?: string;
  /** Locally: the sent mail the outbox page reads (a folder of .eml files); absent on AWS (SES sends). */
  outbox?: Outbox;
  /** Offers above this total need a supervisor (config/cases.json); shown on the case page. */
  supervisorLimitCents?: number;
  now?: () => Date;
}

/** Largest counteroffer attachment accepted from the console. */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

const ATTACHMENT_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'message/rfc822', 'text/plain']);

export function createConsoleRoutes(deps: ReviewApiDeps): Hono<AuthEnv> {
  const options = deps.console ?? {};
  const now = options.now ?? (() => new Date());
  const today = () => now().toISOString().slice(0, 10);
  const bucket = options.documentsBucket ?? DOCUMENTS_BUCKET.name;
  const pages: DocumentPages = createDocumentPages({ objects: deps.objects, cacheBucket: bucket });
  const store = options.store;
  const names = async (ids: string[]) => {
    const found = new Map<string, string>();
    if (!store) return found;
    await Promise.all(
      ids
        .filter((id) => /^U[0-9A-Z]{16}$/.test(id))
        .map(async (id) => {
          const user = await store.getUser(id);
          if (user) found.set(id, `${user.name} (${user.role})`);
        }),
    );
    return found;
  };

  const app = new Hono<AuthEnv>();
  app.route(
    '/',
    createAuthRoutes({
      store,
      now,
      secureCookies: options.secureCookies,
      signOutRedirect: options.cognitoSignIn ? cognitoLogoutUrl(options.cognitoSignIn) : undefined,
    }),
  );
  if (options.cognitoSignIn) app.route('/', createCognitoSignInRoutes(options.cognitoSignIn));
  if (options.assetsDir) {
    const directory = options.assetsDir;
    app.get('/assets/:file', (c) => serveAsset(c, directory, c.req.param('file')));
  }

  app.get('/queue', async (c) => {
    const filters = queueFiltersFrom(c.req.query());
    const result = await loadQueue(deps.cases, filters, today(), now);
    return c.html(queuePage(viewerOf(c)!, filters, result, today()));
  });

  app.get('/cases/:id', async (c) => {
    const record = await deps.cases.getCase(c.req.param('id'));
    if (!record) return notFound(c, `Case ${c.req.param('id')} does not exist.`);
    const data = await loadCaseData({ cases: deps.cases, objects: deps.objects, pages, names }, record);
    return c.html(casePage(viewerOf(c)!, data, { today: today(), supervisorLimitCents: options.supervisorLimitCents ?? DEFAULT_SUPERVISOR_LIMIT_CENTS }));
  });

  app.get('/cases/:id/pages/:page', async (c) => {
    const record = await deps.cases.getCase(c.req.param('id'));
    const pageNumber = Number(c.req.param('page'));
    if (!record || !Number.isInteger(pageNumber)) return c.text('not found', 404);
    const document = await deps.cases.getDocument(record.documentId);
    const image = await pages.page({ documentId: record.documentId, source: record.source, kind: document?.kind ?? null }, pageNumber);
    if (!image) return c.text('not found', 404);
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': image.contentType, 'cache-control': 'private, max-age=3600' });
  });

  app.get('/cases/:id/settlement', async (c) => {
    const record = await deps.cases.getCase(c.req.param('id'));
    const letter = record?.negotiation.settlementLetter;
    if (!record || !letter) return notFound(c, 'This case has no settlement agreement.');
    const pdf = await deps.objects.get({ bucket: letter.bucket, key: letter.key });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${record.id}-settlement.pdf"` });
  });

  // A counteroffer's letter or email, kept beside the case (not under intake/: it is not a bill to process).
  app.post('/cases/:id/attachments', async (c) => {
    const id = c.req.param('id');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ATTACHMENT_TYPES.has(type)) return c.json({ error: 'unsupported type', message: `attach a PDF, an image, an email or a text file, not ${type || 'an unnamed type'}` }, 415);
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_ATTACHMENT_BYTES) return c.json({ error: 'too large', message: `the limit is ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` }, 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength === 0) return c.json({ error: 'empty', message: 'the file is empty' }, 400);
    if (body.byteLength > MAX_ATTACHMENT_BYTES) return c.json({ error: 'too large', message: `the limit is ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` }, 413);
    let name = 'attachment';
    try {
      name = safeFileName(decodeURIComponent(c.req.header('x-file-name') ?? 'attachment'));
    } catch {
      name = 'attachment';
    }
    const key = `work/attachments/${id}/${randomUUID().slice(0, 8)}-${name}`;
    await deps.objects.put({ bucket, key, body, contentType: type, metadata: { 'case-id': id, 'uploaded-by': c.get('principal')!.id } });
    return c.json({ key, fileName: name }, 201);
  });

  app.get('/cases/:id/attachments/:file', async (c) => {
    const id = c.req.param('id');
    const file = c.req.param('file');
    const record = await deps.cases.getCase(id);
    const key = record?.negotiation.counters.map((k) => k.attachmentKey).find((k) => k !== null && k.split('/').pop() === file);
    if (!key || !key.startsWith(`work/attachments/${id}/`)) return c.text('not found', 404);
    const bytes = await deps.objects.get({ bucket, key });
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${file.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  });

  const submissionIndex = options.submissionIndex ?? store;

  app.get('/dashboard', async (c) => {
    const snapshot = await caseSnapshot(deps.cases, now);
    const at = snapshot.takenAt;
    const all = snapshot.cases;
    return c.html(
      dashboardPage(viewerOf(c)!, { byMonth: savingsReport(all, 'month', at), byTpa: savingsReport(all, 'tpa', at), byProvider: savingsReport(all, 'provider', at), asOf: at.toISOString(), truncated: snapshot.truncated }),
    );
  });

  app.get('/portal', async (c) => {
    const principal = c.get('principal')!;
    const entries = submissionIndex ? await submissionIndex.listSubmissions(principal.id, 20) : [];
    const uploads = deps.uploads;
    const submissions = uploads
      ? (await Promise.all(entries.map((e) => submissionStatus({ submissions: uploads.submissions, cases: deps.cases }, principal.id, e, now())))).filter((s) => s !== null)
      : [];
    const cases = principal.providerTin ? await offeredCases(deps.cases, principal.providerTin) : [];
    const maxBytes = uploads?.policy?.maxBytes ?? DEFAULT_UPLOAD_POLICY.maxBytes;
    return c.html(portalHome(viewerOf(c)!, submissions, cases, today(), maxBytes));
  });

  app.get('/portal/submissions/:submission', async (c) => {
    const principal = c.get('principal')!;
    const status = deps.uploads
      ? await submissionStatus({ submissions: deps.uploads.submissions, cases: deps.cases }, principal.id, { submissionId: c.req.param('submission'), createdAt: '' }, now())
      : null;
    if (!status) return c.html(messagePage('Not found', 'No such submission.', viewerOf(c), { href: '/portal', label: 'Back' }), 404);
    return c.html(submissionPage(viewerOf(c)!, status));
  });

  /** The letter a provider reads: the settlement agreement once there is one, else the last offer sent. */
  const providerLetter = (record: StoredCase) => record.negotiation.settlementLetter ?? lastSentOffer(record)?.letter ?? null;
  const letterDocument = (record: StoredCase, letter: LetterRef): SourceDocument => ({
    documentId: `letter-${record.id}-${letter.key.split('/').pop()!.replace(/\.pdf$/, '')}`,
    source: { bucket: letter.bucket, key: letter.key },
    kind: 'pdf',
  });

  // The route policy has already checked that the case is this provider's and that an offer was sent.
  app.get('/portal/cases/:id', async (c) => {
    const record = c.get('scopedCase')!;
    const letter = providerLetter(record);
    const letterPages = letter ? await pages.pageCount(letterDocument(record, letter)).catch(() => 0) : 0;
    return c.html(portalCasePage(viewerOf(c)!, record, today(), letterPages));
  });

  // Letter pages as images: every browser shows them, with or without a PDF viewer.
  app.get('/portal/cases/:id/letter/pages/:page', async (c) => {
    const record = c.get('scopedCase')!;
    const letter = providerLetter(record);
    const image = letter ? await pages.page(letterDocument(record, letter), Number(c.req.param('page'))) : null;
    if (!image) return c.text('not found', 404);
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': image.contentType, 'cache-control': 'private, max-age=3600' });
  });

  app.get('/portal/cases/:id/letter', async (c) => {
    const record = c.get('scopedCase')!;
    const letter = providerLetter(record);
    if (!letter) return c.text('not found', 404);
    const pdf = await deps.objects.get({ bucket: letter.bucket, key: letter.key });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${record.id}-${record.negotiation.settlementLetter ? 'settlement' : `offer-v${letter.version}`}.pdf"`,
    });
  });

  app.get('/outbox', async (c) => {
    const outbox = options.outbox ?? null;
    const entries = outbox ? await outbox.list() : [];
    const subjects = new Map<string, { subject: string; to: string }>();
    if (outbox) {
      for (const entry of entries.slice(0, 200)) {
        const read = await outbox.read(entry.file);
        if (read) subjects.set(entry.file, { subject: read.message.subject, to: read.message.to });
      }
    }
    return c.html(outboxPage(viewerOf(c)!, entries, subjects, outbox?.location ?? null));
  });

  // Rendered PDF pages of outbox attachments, kept for the few messages looked at last (the files never change).
  const outboxPages = new Map<string, { count: number; pages: Map<number, Uint8Array>; bytes: Uint8Array }>();
  const outboxPdf = async (file: string, index: number) => {
    const key = `${file}#${index}`;
    const known = outboxPages.get(key);
    if (known) return known;
    const read = options.outbox ? await options.outbox.read(file) : null;
    const attachment = read?.attachment(index);
    if (!attachment || attachment.contentType !== 'application/pdf') return null;
    const opened = await openPdf(new Uint8Array(attachment.content)).catch(() => null);
    const count = opened?.numPages ?? 0;
    await opened?.close();
    const entry = { count, pages: new Map<number, Uint8Array>(), bytes: new Uint8Array(attachment.content) };
    outboxPages.set(key, entry);
    if (outboxPages.size > 20) outboxPages.delete(outboxPages.keys().next().value!);
    return entry;
  };

  app.get('/outbox/:message', async (c) => {
    const read = options.outbox ? await options.outbox.read(c.req.param('message')) : null;
    if (!read) return notFound(c, 'No such message in the outbox.');
    const pdf = read.message.attachments.find((a) => a.contentType === 'application/pdf');
    const rendered = pdf ? await outboxPdf(read.message.file, pdf.index) : null;
    return c.html(outboxMessagePage(viewerOf(c)!, read.message, rendered?.count ?? 0));
  });

  app.get('/outbox/:message/:attachment/pages/:page', async (c) => {
    const entry = await outboxPdf(c.req.param('message'), Number(c.req.param('attachment')));
    const pageNumber = Number(c.req.param('page'));
    if (!entry || !Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > entry.count) return c.text('not found', 404);
    let png = entry.pages.get(pageNumber) ?? null;
    if (!png) {
      png = await renderPdfPage(entry.bytes, pageNumber, 1275);
      if (!png) return c.text('not found', 404);
      entry.pages.set(pageNumber, png);
    }
    return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=3600' });
  });

  app.get('/outbox/:message/:attachment', async (c) => {
    const read = options.outbox ? await options.outbox.read(c.req.param('message')) : null;
    const attachment = read?.attachment(Number(c.req.param('attachment')));
    if (!attachment) return c.text('not found', 404);
    const inline = attachment.contentType === 'application/pdf';
    return c.body(new Uint8Array(attachment.content), 200, {
      'content-type': inline ? 'application/pdf' : 'application/octet-stream',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${attachment.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  });

  return app;
}

function notFound(c: Context<AuthEnv>, message: string) {
  return c.html(messagePage('Not found', message, viewerOf(c), { href: '/queue', label: 'Back to the queue' }), 404);
}

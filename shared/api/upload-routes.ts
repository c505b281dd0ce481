// Provider uploads: POST /api/uploads issues a presigned PUT for one file; GET /api/submissions/:id tells what became of them.
import { Hono } from 'hono';
import type { CaseRepository } from '../cases/case-repository.ts';
import { uploadKey } from '../intake/intake-keys.ts';
import { safeFileName } from '../intake/upload/safe-file-name.ts';
import type { SubmissionStore } from '../intake/upload/submission-store.ts';
import { DEFAULT_UPLOAD_POLICY, isSubmissionId, newSubmissionId, submitterSegment, UploadRequest, type UploadPolicy } from '../intake/upload/upload-policy.ts';
import type { UploadSigner } from '../intake/upload/upload-signer.ts';
import { FINAL_DOCUMENT_STATUSES, type DocumentRecord } from '../model/document.ts';
import { principalOf, type Principal, type PrincipalEnv } from './principal.ts';

export interface UploadRouteDeps {
  signer: UploadSigner;
  submissions: SubmissionStore;
  cases: Pick<CaseRepository, 'listDocumentsBySubmission'>;
  /** The documents bucket. */
  bucket: string;
  policy?: Partial<UploadPolicy>;
  now?: () => Date;
  newSubmissionId?: () => string;
}

const unauthenticated = { error: 'unauthenticated', message: 'sign in to upload or to follow a submission' } as const;

export function createUploadRoutes(deps: UploadRouteDeps): Hono<PrincipalEnv> {
  const policy: UploadPolicy = { ...DEFAULT_UPLOAD_POLICY, ...deps.policy };
  const now = deps.now ?? (() => new Date());
  const app = new Hono<PrincipalEnv>();

  app.post('/api/uploads', async (c) => {
    const principal = principalOf(c);
    if (!principal) return c.json(unauthenticated, 401);
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) return c.json({ error: 'invalid request', message: 'the body must be JSON: { fileName, contentType, sizeBytes }' }, 400);
    const parsed = UploadRequest.safeParse(body);
    if (!parsed.success) {
      return c.json({ error: 'invalid request', issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) }, 400);
    }
    const request = parsed.data;
    if (request.sizeBytes > policy.maxBytes) {
      return c.json({ error: 'file too large', message: `the file is ${request.sizeBytes} bytes; the limit is ${policy.maxBytes} bytes` }, 413);
    }

    const issuedAt = now();
    const submissionId = request.submissionId ?? (deps.newSubmissionId ?? newSubmissionId)();
    if (request.submissionId) {
      const existing = await deps.submissions.get(request.submissionId);
      // Someone else's submission answers exactly like one that does not exist.
      if (existing?.owner !== principal.id) return c.json(notFound(request.submissionId), 404);
    } else {
      const opened = await deps.submissions.open({ id: submissionId, channel: 'upload', owner: principal.id, createdAt: issuedAt.toISOString() });
      if (opened === 'taken') return c.json({ error: 'conflict', message: 'could not open a new submission; try again' }, 409);
    }

    const existing = await deps.submissions.get(submissionId);
    const fileName = uniqueName(safeFileName(request.fileName), new Set(existing?.expected.map((e) => e.fileName)));
    const key = uploadKey(submitterSegment(principal.id), submissionId, fileName);
    const expiresAt = new Date(issuedAt.getTime() + policy.expiresInSeconds * 1000).toISOString();
    const added = await deps.submissions.addExpectedUpload(
      submissionId,
      principal.id,
      { fileName, key, contentType: request.contentType, sizeBytes: request.sizeBytes, expiresAt },
      policy.maxFilesPerSubmission,
    );
    if (added === 'full') {
      return c.json({ error: 'submission full', message: `a submission holds at most ${policy.maxFilesPerSubmission} files; start a new one` }, 409);
    }
    const presigned = await deps.signer.presignPut({
      bucket: deps.bucket,
      key,
      contentType: request.contentType,
      sizeBytes: request.sizeBytes,
      expiresInSeconds: policy.expiresInSeconds,
    });
    return c.json({ submissionId, fileName, key, uploadUrl: presigned.url, method: 'PUT', headers: presigned.headers, expiresAt, maxBytes: policy.maxBytes }, 201);
  });

  app.get('/api/submissions/:id', async (c) => {
    const principal = principalOf(c);
    if (!principal) return c.json(unauthenticated, 401);
    const id = c.req.param('id');
    const submission = isSubmissionId(id) || principal.role !== 'provider' ? await deps.submissions.get(id) : null;
    if (principal.role === 'provider' && submission?.owner !== principal.id) return c.json(notFound(id), 404);

    const documents = (await deps.cases.listDocumentsBySubmission(id)).filter((d) => mayRead(principal, d));
    if (!submission && documents.length === 0) return c.json(notFound(id), 404);

    const landed = new Set(documents.map((d) => d.source.key));
    const at = now().toISOString();
    const awaiting = (submission?.expected ?? [])
      .filter((e) => !landed.has(e.key))
      .map((e) => ({
        fileName: e.fileName,
        status: e.expiresAt > at ? ('AWAITING_UPLOAD' as const) : ('NOT_RECEIVED' as const),
        reason: e.expiresAt > at ? `upload before ${e.expiresAt}` : `nothing arrived before the upload URL expired at ${e.expiresAt}`,
      }));
    const finished = documents.every((d) => FINAL_DOCUMENT_STATUSES.includes(d.status)) && awaiting.every((a) => a.status !== 'AWAITING_UPLOAD');
    return c.json({
      submissionId: id,
      channel: submission?.channel ?? null,
      createdAt: submission?.createdAt ?? null,
      finished,
      review: submission?.review ?? [],
      documents: documents.map((d) => ({
        documentId: d.id,
        fileName: d.fileName,
        kind: d.kind,
        status: d.status,
        reasons: d.reasons,
        caseIds: d.caseIds,
        receivedAt: d.receivedAt,
        updatedAt: d.updatedAt,
      })),
      awaiting,
      refused: submission?.refused ?? [],
    });
  });

  return app;
}

/** A provider reads only what they uploaded; the plan's staff read every submission. */
function mayRead(principal: Principal, document: DocumentRecord): boolean {
  if (principal.role !== 'provider') return true;
  return document.source.key.startsWith(uploadKey(submitterSegment(principal.id), document.submissionId ?? '', ''));
}

function notFound(id: string) {
  return { error: 'not found', message: `submission ${id} not found` };
}

/** Two files of the same name in one submission get distinct keys: "bill.pdf", "bill-2.pdf". */
function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}${extension}`)) return `${stem}-${n}${extension}`;
}

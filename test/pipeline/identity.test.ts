import { describe, expect, it } from 'vitest';
import { caseIdFor, documentIdFor, executionNameFor } from '#shared/pipeline/identity.ts';

const source = { bucket: 'parley-documents', key: 'intake/upload/cli/abc/bill.837', versionId: null, etag: '"9a0364b9e99bb480dd25e1f0284c8555"' };

describe('identity of documents, cases and runs', () => {
  it('gives the same object the same document id, whether its ETag is quoted (API) or not (event)', () => {
    expect(documentIdFor(source)).toBe(documentIdFor({ ...source, etag: '9a0364b9e99bb480dd25e1f0284c8555' }));
  });

  it('gives other content under the same key another id', () => {
    expect(documentIdFor(source)).not.toBe(documentIdFor({ ...source, etag: '"00000000000000000000000000000000"' }));
  });

  it('uses the version id, not the ETag, when the bucket is versioned', () => {
    const v1 = { ...source, versionId: 'v1' };
    expect(documentIdFor(v1)).toBe(documentIdFor({ ...v1, etag: null }));
    expect(documentIdFor(v1)).not.toBe(documentIdFor({ ...source, versionId: 'v2' }));
  });

  it('names one case per claim position', () => {
    expect(caseIdFor('ABC', 0)).toBe('ABC-1');
    expect(caseIdFor('ABC', 11)).toBe('ABC-12');
  });

  it('derives execution names that Step Functions accepts', () => {
    expect(executionNameFor(source)).toMatch(/^[A-Za-z0-9._-]{1,80}$/);
  });
});

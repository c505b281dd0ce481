// Intake: email messages split per second, memory while a near-limit message streams through, presigning rate,
// and how fast a ZIP bomb is refused. Runs against s3rver and DynamoDB Local, as the tests do.
import { createReadStream, mkdtempSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageObjects } from '#shared/intake/email/message-objects.ts';
import { processEmailObject } from '#shared/intake/email/process-email.ts';
import { S3UploadSigner } from '#shared/intake/upload/upload-signer.s3.ts';
import { sesMessage, startEmailTestbed, tinyPdf, tinyPng } from '../test/intake/email/support.ts';
import { makeZip } from '../test/intake/email/zip-writer.ts';
import type { BenchSection } from './bench-section.ts';

const MESSAGES = Number(process.env.INTAKE_BENCH_MESSAGES ?? 40);
const x12 = 'ISA*00*          *00*          *ZZ*A              *ZZ*B              *250101*1200*^*00501*000000001*0*P*:~GS*HC*A*B*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~';

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export default async function intakeBench(): Promise<BenchSection> {
  const bed = await startEmailTestbed();
  const from = 'Claims <claims@keystone-benefits.example>';
  try {
    // 1. Throughput: messages with three attachments each, one after another.
    const raws = await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        sesMessage({
          from,
          subject: 'claims',
          messageId: `<bench-${i}-${Date.now()}@keystone-benefits.example>`,
          text: 'attached',
          attachments: [
            { filename: 'bill.pdf', content: tinyPdf(`b${i}`) },
            { filename: 'scan.png', content: tinyPng(50_000) },
            { filename: 'claims.837', content: x12, contentType: 'text/plain' },
          ],
        }),
      ),
    );
    const refs = [];
    for (const raw of raws) refs.push(await bed.putRaw(raw));
    let started = performance.now();
    for (const ref of refs) await processEmailObject(ref, bed.deps());
    const perMessageMs = (performance.now() - started) / MESSAGES;

    // 2. Memory: a 36 MB message of twelve 2.3 MB attachments, heap and buffers sampled while it streams.
    const big = await sesMessage({
      from,
      subject: 'big',
      messageId: `<bench-big-${Date.now()}@keystone-benefits.example>`,
      text: 'many scans',
      attachments: Array.from({ length: 12 }, (_, i) => ({ filename: `scan-${i}.pdf`, content: Buffer.concat([tinyPdf(`s${i}`), Buffer.alloc(2_300_000, i)]) })),
    });
    // Read from a file and written nowhere, so only what the intake itself holds is measured (s3rver runs in this
    // process and would buffer the puts). Live memory is sampled after a full GC each time.
    const file = join(mkdtempSync(join(tmpdir(), 'parley-intake-bench-')), 'message.eml');
    writeFileSync(file, big);
    let written = 0;
    const fromFile: MessageObjects = {
      size: async () => statSync(file).size,
      head: async (_l, bytes) => {
        const fd = openSync(file, 'r');
        const buffer = Buffer.alloc(Math.min(bytes, statSync(file).size));
        readSync(fd, buffer, 0, buffer.length, 0);
        closeSync(fd);
        return buffer;
      },
      open: async () => createReadStream(file, { highWaterMark: 64 * 1024 }),
      exists: async () => false,
      put: async (input) => ((written += input.body.length), { bucket: input.bucket, key: input.key, versionId: null, etag: null }),
      list: async function* () {},
    };
    const gc = (globalThis as { gc?: () => void }).gc;
    const live = () => {
      gc?.();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    live();
    const before = live();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, live())), 100);
    started = performance.now();
    const bigResult = await processEmailObject({ bucket: 'parley-documents', key: 'intake/email/bench-big', versionId: null, etag: 'big' }, bed.deps({ objects: fromFile }));
    const bigMs = performance.now() - started;
    clearInterval(sampler);
    // Live memory moves a little for reasons of its own (client caches, lazily freed buffers): measure from the
    // lower of the readings before and after.
    const floor = Math.min(before, live());

    // 3. Presigning (CPU only, no network).
    const signer = new S3UploadSigner({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    const signs = 2000;
    started = performance.now();
    for (let i = 0; i < signs; i++) {
      await signer.presignPut({ bucket: 'b', key: `intake/upload/u/S/f${i}.pdf`, contentType: 'application/pdf', sizeBytes: 1000 + i, expiresInSeconds: 300 });
    }
    const perSignUs = ((performance.now() - started) / signs) * 1000;

    // 4. A ZIP bomb: 200 MB of zeros in a ~200 KB archive.
    const bomb = makeZip([{ name: 'bill.pdf', data: Buffer.alloc(200 * 2 ** 20) }]);
    const bombRaw = await sesMessage({ from, subject: 'zip', messageId: `<bench-bomb-${Date.now()}@keystone-benefits.example>`, text: 'x', attachments: [{ filename: 'bills.zip', content: bomb }] });
    const bombRef = await bed.putRaw(bombRaw);
    started = performance.now();
    const bombResult = await processEmailObject(bombRef, bed.deps());
    const bombMs = performance.now() - started;

    return {
      title: 'Intake (email and uploads)',
      lines: [
        '| measure | value |',
        '|---|---|',
        `| email messages split, 3 attachments each (PDF, PNG, 837), one at a time | ${perMessageMs.toFixed(0)} ms per message (${(1000 / perMessageMs).toFixed(1)} messages/s, ${MESSAGES} messages) |`,
        `| ${mb(big.length)} MB message of 12 attachments (${mb(written)} MB of documents), read from a file | ${bigMs.toFixed(0)} ms, ${bigResult.documents.length} documents |`,
        `| live memory while it streamed (heap + buffers after GC, peak above baseline) | ${mb(peak - floor)} MB for a ${mb(big.length)} MB message${gc ? '' : ' (run with --expose-gc for a live figure)'} |`,
        `| presigned PUT URL | ${perSignUs.toFixed(0)} µs each |`,
        `| ZIP bomb (${mb(bomb.length * 1)} MB archive declaring 200 MB) refused | ${bombMs.toFixed(0)} ms, outcome ${bombResult.outcome} |`,
        '',
        `Machine: ${availableParallelism()} cores (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. s3rver and DynamoDB Local on loopback; acknowledgments to a local outbox.`,
      ],
    };
  } finally {
    await bed.stop();
  }
}

// `parley reprocess <documentId...> | --all`: puts failed or stuck documents back on the pipeline, safely.
import { parseArgs } from 'node:util';
import { executionNameFor } from '#shared/pipeline/identity.ts';
import { needsReprocessing, prepareReprocess } from '#shared/pipeline/reprocess.ts';
import { examine } from '../../runtime/doctor.ts';
import { startLocalRuntime } from '../../runtime/runtime.ts';
import { waitForDocuments } from '../../runtime/submit.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { fileLogger, RUNTIME_OPTIONS, runtimeChoices } from '../runtime-options.ts';

export async function reprocessCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...RUNTIME_OPTIONS, all: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0 && !values.all) throw new UsageError('name the documents to reprocess, or pass --all (see `parley doctor`)');
  const choices = runtimeChoices(values);
  const log = fileLogger(choices.dataDir);
  const runtime = await startLocalRuntime({ ...choices, fresh: false, logger: log.logger });
  try {
    const report = values.all ? await examine(runtime) : null;
    const ids = report ? [...report.failed, ...report.stuck].filter(needsReprocessing).map((d) => d.id) : positionals;
    if (ids.length === 0) {
      out.stdout('Nothing to reprocess.\n');
      return 0;
    }
    const actor = `cli:${process.env.USER ?? 'local'}`;
    for (const id of ids) {
      const input = await prepareReprocess(id, runtime.services, actor);
      // A new run name: the earlier run of this object ended (failed) or died, and names are never reused.
      await runtime.runner.start(`${executionNameFor(input.source)}-r${Date.now().toString(36)}`, input);
    }
    const documents = await waitForDocuments(runtime, ids);
    for (const [i, document] of documents.entries()) {
      out.stdout(`${ids[i]}: ${document?.status ?? 'not found'}${document?.reasons.length ? ` (${document.reasons.join('; ')})` : ''}\n`);
    }
    return documents.every((d) => d?.status === 'OFFER_DRAFTED') ? 0 : documents.every((d) => d && d.status !== 'FAILED') ? 2 : 1;
  } finally {
    await runtime.stop();
    await log.close();
  }
}

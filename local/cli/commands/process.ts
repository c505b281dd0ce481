// `parley process <paths...> [--json]`: run files through the pipeline on the embedded runtime, print, exit.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../../runtime/runtime.ts';
import { expandPaths } from '../../runtime/submit.ts';
import { batchExitCode, runBatch } from '../batch.ts';
import { batchJson, batchText } from '../batch-report.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { fileLogger, RUNTIME_OPTIONS, runtimeChoices } from '../runtime-options.ts';

export async function processCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...RUNTIME_OPTIONS, json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) throw new UsageError('parley process needs at least one file or folder');
  const missing = positionals.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  const choices = runtimeChoices(values);
  const files = expandPaths(positionals);
  if (files.length === 0) throw new UsageError(`no files found in ${positionals.join(', ')}`);

  const log = fileLogger(choices.dataDir);
  const runtime = await startLocalRuntime({ ...choices, logger: log.logger });
  try {
    const result = await runBatch(runtime, files, out, { lettersDir: choices.lettersDir });
    out.stdout(values.json ? `${JSON.stringify(batchJson(result), null, 2)}\n` : batchText(result));
    return batchExitCode(result);
  } finally {
    await runtime.stop();
    await log.close();
  }
}

// `parley doctor`: lists documents that failed or are stuck, unfinished runs and lost intake objects.
import { parseArgs } from 'node:util';
import { examine, isHealthy, type DoctorReport } from '../../runtime/doctor.ts';
import { startLocalRuntime } from '../../runtime/runtime.ts';
import type { CliOutput } from '../output.ts';
import { fileLogger, runtimeChoices } from '../runtime-options.ts';
import { textTable } from '../text-table.ts';

export async function doctorCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string', default: '.parley' }, json: { type: 'boolean', default: false } } });
  const choices = runtimeChoices(values);
  const log = fileLogger(choices.dataDir);
  const runtime = await startLocalRuntime({ ...choices, fresh: false, logger: log.logger, processing: false });
  try {
    const report = await examine(runtime);
    out.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
    return isHealthy(report) ? 0 : 1;
  } finally {
    await runtime.stop();
    await log.close();
  }
}

function describe(report: DoctorReport): string {
  if (isHealthy(report)) return 'All documents reached a final state; no unfinished runs; no lost intake objects.\n';
  let text = '';
  const documents = [...report.failed, ...report.stuck];
  if (documents.length > 0) {
    text += textTable(documents, [
      { header: 'Document', value: (d) => d.id },
      { header: 'File', value: (d) => d.fileName, maxWidth: 40 },
      { header: 'Status', value: (d) => d.status },
      { header: 'Since', value: (d) => d.updatedAt },
      { header: 'Why', value: (d) => d.reasons.join('; ') || '(in progress when the run stopped)', maxWidth: 80 },
    ]);
    text += `\nRun \`parley reprocess ${documents.map((d) => d.id).join(' ')}\` (or \`parley reprocess --all\`) to resume them.\n`;
  }
  if (report.unfinishedRuns.length > 0) {
    text += `\n${report.unfinishedRuns.length} run(s) were started and not finished; \`parley start\` resumes them:\n`;
    text += report.unfinishedRuns.map((r) => `  ${r.name} (${r.input.fileName ?? r.input.source.key}, started ${r.startedAt})\n`).join('');
  }
  if (report.orphanObjects.length > 0) {
    text += `\n${report.orphanObjects.length} intake object(s) never became a document; \`parley start\` picks them up:\n`;
    text += report.orphanObjects.map((key) => `  ${key}\n`).join('');
  }
  return text;
}

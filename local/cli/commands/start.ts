// `parley start [paths...]` (npm start): the embedded runtime, the bundled samples (or the given files), then serve.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { startLocalRuntime } from '../../runtime/runtime.ts';
import { localCaseService } from '../../runtime/case-service.ts';
import { startDeadlineSweeper } from '../../runtime/deadline-sweeper.ts';
import { expandPaths } from '../../runtime/submit.ts';
import { SAMPLES_DIR } from '../../runtime/project-paths.ts';
import { serveLocally } from '../../server/serve.ts';
import { administratorSignIn, localConsoleOptions } from '../../server/local-console.ts';
import { runBatch } from '../batch.ts';
import { batchText } from '../batch-report.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { fileLogger, RUNTIME_OPTIONS, runtimeChoices } from '../runtime-options.ts';

export async function startCommand(argv: string[], out: CliOutput, stopSignal: Promise<string> = waitForSignal()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...RUNTIME_OPTIONS, port: { type: 'string', default: '4510' }, 'smtp-port': { type: 'string' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
  const smtp = smtpChoice(values['smtp-port']);
  const missing = positionals.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  const choices = runtimeChoices(values);
  const files = expandPaths(positionals.length > 0 ? positionals : [SAMPLES_DIR]);

  const log = fileLogger(choices.dataDir);
  out.stderr(`Starting Parley (data in ${choices.dataDir}) ...\n`);
  const runtime = await startLocalRuntime({ ...choices, logger: log.logger, smtp });
  // Deadlines are swept at start and every minute while serving (on AWS: a scheduled function).
  const caseService = localCaseService(runtime);
  const sweeper = startDeadlineSweeper({ sweep: (today) => caseService.sweepDeadlines(today), now: runtime.services.now, logger: log.logger });
  try {
    const consoleOptions = localConsoleOptions({ db: runtime.db, dataDir: runtime.dataDir, uploadsEndpoint: runtime.endpoints.uploads });
    const server = await serveLocally(createReviewRouter({ cases: runtime.cases, objects: runtime.objects, uploads: runtime.uploads, console: consoleOptions, negotiation: { service: caseService } }), port);
    const signIn = await administratorSignIn(consoleOptions.store, server.url);
    out.stderr(
      `  DynamoDB Local ${runtime.endpoints.dynamodb}, S3 (s3rver) ${runtime.endpoints.s3}` +
        (runtime.resumed > 0 ? `, resumed ${runtime.resumed} unfinished run(s)` : '') +
        '\n',
    );
    if (runtime.email.smtp) {
      out.stderr(
        `  Mail intake ${runtime.email.smtp.url} (send to ${runtime.email.intakeAddress}; acknowledgments in ${runtime.email.outbox})` +
          (runtime.email.smtp.fellBack ? ` - port ${DEFAULT_SMTP_PORT} was taken` : '') +
          '\n',
      );
    }
    try {
      out.stderr(`Submitting ${files.length} file(s) to intake/ ...\n`);
      const stoppedEarly = await Promise.race([
        runBatch(runtime, files, out, { lettersDir: choices.lettersDir }).then((result) => {
          out.stdout(batchText(result));
          out.stdout(`\nLetters are in ${choices.lettersDir}\n`);
          out.stdout(`Parley is serving at ${server.url}  (the console and the review API; sign in with the link below)\n`);
          if (runtime.email.smtp) out.stdout(`Mail intake at ${runtime.email.smtp.url}: send claims to ${runtime.email.intakeAddress}\n`);
          out.stdout(`\nConsole: ${server.url}/  Administrator sign-in link (${signIn.created ? 'new account; ' : ''}one use, until ${signIn.expiresAt}):\n  ${signIn.url}\n`);
          out.stdout('Press Ctrl-C to stop.\n');
          return null;
        }),
        stopSignal,
      ]);
      const signal = stoppedEarly ?? (await stopSignal);
      out.stderr(`\n${signal}: stopping ...\n`);
    } finally {
      await server.close();
    }
  } finally {
    await sweeper.stop();
    await runtime.stop();
    await log.close();
  }
  return 0;
}

const DEFAULT_SMTP_PORT = 2525;

/** --smtp-port N (0 = any free port); without it 2525, or any free port when 2525 is taken. */
function smtpChoice(value: string | undefined): { port: number; fallbackToFreePort: boolean } {
  if (value === undefined) return { port: DEFAULT_SMTP_PORT, fallbackToFreePort: true };
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--smtp-port must be a port number (0 picks a free one), got "${value}"`);
  return { port, fallbackToFreePort: false };
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => resolve(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

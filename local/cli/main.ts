// The `parley` command line: dispatches to one module per command.
import { UsageError, processOutput, type CliOutput } from './output.ts';

const USAGE = `Usage: parley <command> [options]

Commands:
  start [paths...]        Start the embedded runtime (DynamoDB Local, S3, runner, API), process the bundled
                          samples (or the given files/folders), print a summary, then serve until Ctrl-C.
                          Options: --data DIR (default .parley), --fresh, --port N (default 4510, 0 = any),
                          --letters DIR, --concurrency N
  process <paths...>      Process files and exit: 0 when every document became offers, 2 when some were refused
                          or need review, 1 when some failed. Options: --json, --data DIR, --fresh, --letters DIR
  price CODE[-MOD]        What Medicare pays for a service: --zip ZIP | --locality CARRIER-LOCALITY, --pos NN,
                          --date YYYY-MM-DD, --units N, --json
  doctor                  List documents that failed or are stuck, unfinished runs and lost intake objects
                          (exit 1 when there is something to do). Options: --data DIR, --json
  reprocess <ids...>      Put failed or stuck documents back on the pipeline (--all: everything doctor lists)
  help                    This text
`;

type Command = (argv: string[], out: CliOutput) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).startCommand,
  process: async () => (await import('./commands/process.ts')).processCommand,
  price: async () => (await import('./commands/price.ts')).priceCommand,
  doctor: async () => (await import('./commands/doctor.ts')).doctorCommand,
  reprocess: async () => (await import('./commands/reprocess.ts')).reprocessCommand,
};

export async function main(argv: string[], out: CliOutput = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out.stdout(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    out.stderr(`parley: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(rest, out);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      out.stderr(`parley ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    out.stderr(`parley ${name}: ${(error as Error).name}: ${(error as Error).message}\n`);
    return 1;
  }
}

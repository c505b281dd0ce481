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

Working cases (on the data folder; while \`parley start\` runs, use its API instead). Every case command takes
--data DIR, --as NAME (default cli:<user>), --role negotiator|supervisor|provider, --tin TIN (a provider's),
--expect-version N (default: the version stored now), --reason TEXT, --json, --letters DIR:
  list [--status S] [--mine] [--all] [--tin TIN]   The queue ordered by deadline (--all: ended cases too)
  show CASE               Lines, pricing explanations, flags, offers, counters, deadlines and the history
  approve CASE            Approve the drafted offer (above the supervisor limit: --role supervisor)
  send CASE [--to EMAIL]  Send the offer (or revision): deadlines start; --to emails it into <data>/outbox/
  counter CASE AMOUNT     Record the provider's counteroffer (--received-on, --note, --signatory NAME)
  offer CASE --total AMOUNT | --line N=AMOUNT ...   Edit the offer (spread over the lines by benchmark)
  revise CASE [--total AMOUNT | --line N=AMOUNT ...]  A new offer version answering a counter
  accept CASE --name NAME [--title T] [--date D]   Agreement: writes the settlement agreement PDF
  settle | close | reject | withdraw | resume CASE, review CASE --reason R, reopen CASE (supervisor)
  assign CASE [USER | --none]   nsa CASE [--start DATE] [--off]
  export [--format csv|json] [--out FILE] [--status S] [--tin TIN]
  report [--by tpa|provider|month] [--format text|csv|json]   Savings: billed, offered, agreed, savings %, acceptance
  user add EMAIL --name NAME --role ROLE [--tin TIN]
                          Create a local console account (negotiator, supervisor, provider with the TIN it acts
                          for, admin) and print its one-time sign-in link; "user link EMAIL" issues a new one
  help                    This text
`;

type Command = (argv: string[], out: CliOutput) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).startCommand,
  process: async () => (await import('./commands/process.ts')).processCommand,
  price: async () => (await import('./commands/price.ts')).priceCommand,
  doctor: async () => (await import('./commands/doctor.ts')).doctorCommand,
  user: async () => (await import('./commands/user.ts')).userCommand,
  reprocess: async () => (await import('./commands/reprocess.ts')).reprocessCommand,
  list: async () => (await import('./commands/cases.ts')).listCommand,
  show: async () => (await import('./commands/cases.ts')).showCommand,
  export: async () => (await import('./commands/case-exports.ts')).exportCommand,
  report: async () => (await import('./commands/case-exports.ts')).reportCommand,
  ...Object.fromEntries(
    ['approve', 'send', 'counter', 'offer', 'revise', 'accept', 'settle', 'reject', 'withdraw', 'close', 'reopen', 'review', 'resume', 'assign', 'nsa'].map(
      (action) => [action, async () => (await import('./commands/cases.ts')).caseActionCommand(action)],
    ),
  ),
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

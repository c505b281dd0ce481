// `parley user add EMAIL --name NAME --role ROLE [--tin TIN]` and `parley user link EMAIL`: local console accounts,
// each answered with a one-time sign-in link for the next (or running) `parley start` on --url.
import { parseArgs } from 'node:util';
import { DynamoAuthStore } from '#shared/api/auth/auth-store.dynamo.ts';
import { signInUrl } from '#shared/api/auth/auth-routes.ts';
import { createLocalUser, issueSignInLink, SIGN_IN_LINK_MINUTES } from '#shared/api/auth/local-accounts.ts';
import { Role } from '#shared/api/principal.ts';
import { PARLEY_TABLE } from '#shared/storage/definitions.ts';
import { startLocalRuntime } from '../../runtime/runtime.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { fileLogger, runtimeChoices } from '../runtime-options.ts';

const USAGE = 'parley user add EMAIL --name NAME --role negotiator|supervisor|provider|admin [--tin TIN] | parley user link EMAIL';

export async function userCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: '.parley' },
      name: { type: 'string' },
      role: { type: 'string' },
      tin: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:4510' },
    },
  });
  const [action, email] = positionals;
  if ((action !== 'add' && action !== 'link') || !email) throw new UsageError(USAGE);
  if (action === 'add' && (!values.name || !values.role)) throw new UsageError(`user add needs --name and --role (${USAGE})`);
  const role = action === 'add' ? Role.safeParse(values.role) : null;
  if (role && !role.success) throw new UsageError(`--role must be one of ${Role.options.join(', ')}, got "${values.role}"`);

  const choices = runtimeChoices(values);
  const log = fileLogger(choices.dataDir);
  const runtime = await startLocalRuntime({ ...choices, fresh: false, logger: log.logger, processing: false });
  try {
    const store = new DynamoAuthStore(runtime.db, PARLEY_TABLE.name);
    const now = new Date();
    const actor = `cli:${process.env.USER ?? 'local'}`;
    const user =
      action === 'add'
        ? await createLocalUser(store, { email, name: values.name!, role: role!.data!, providerTin: values.tin ?? null }, actor, now)
        : await store.findUserByEmail(email);
    if (!user) {
      out.stderr(`no local user with the email ${email}\n`);
      return 1;
    }
    const link = await issueSignInLink(store, user.id, actor, now);
    out.stdout(
      `${action === 'add' ? 'Created' : 'Found'} ${user.role} ${user.email}${user.providerTin ? ` (TIN ${user.providerTin})` : ''}.\n` +
        `One-time sign-in link (valid ${SIGN_IN_LINK_MINUTES} minutes, until ${link.expiresAt}; needs parley start serving on ${values.url}):\n` +
        `  ${signInUrl(values.url, link.token)}\n`,
    );
    return 0;
  } finally {
    await runtime.stop();
    await log.close();
  }
}

// `parley list|show|approve|send|counter|revise|offer|accept|settle|reject|withdraw|close|reopen|review|resume|assign|nsa`:
// work a case on the local data folder, as --as NAME in --role negotiator|supervisor|provider.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CaseActor } from '#shared/cases/case-service.ts';
import { caseView } from '#shared/cases/case-view.ts';
import type { OfferEdit } from '#shared/cases/offer-edit.ts';
import { CaseStatus, type StoredCase } from '#shared/model/case.ts';
import { formatCents, parseDollarsToCents } from '#shared/model/money.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { CASE_OPTIONS, withCaseSession, type CaseSession } from './case-session.ts';
import { caseText, queueText } from './case-text.ts';

type Command = (argv: string[], out: CliOutput) => Promise<number>;

export async function listCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...CASE_OPTIONS, status: { type: 'string' }, mine: { type: 'boolean', default: false }, all: { type: 'boolean', default: false }, limit: { type: 'string', default: '500' } },
  });
  const status = values.status === undefined ? undefined : parseStatus(values.status);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number >= 1, got "${values.limit}"`);
  return withCaseSession('list', values, out, async (session) => {
    const actor = session.actorFor();
    const cases: StoredCase[] = [];
    let cursor: string | undefined;
    do {
      const page = values.all
        ? await session.runtime.cases.listCases({ status, providerTin: values.tin, assignee: values.mine ? actor.id : undefined, limit: Math.min(limit, 200), cursor })
        : await session.service.queue(actor, { status, tin: values.tin, scope: values.mine ? 'mine' : 'all', limit: Math.min(limit, 200), cursor });
      cases.push(...page.cases);
      cursor = page.cursor ?? undefined;
    } while (cursor && cases.length < limit);
    const shown = cases.slice(0, limit);
    out.stdout(values.json ? `${JSON.stringify({ cases: shown.map((c) => caseView(c)) }, null, 2)}\n` : queueText(shown));
    return 0;
  });
}

export async function showCommand(argv: string[], out: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: CASE_OPTIONS });
  const id = oneCaseId('show', positionals);
  return withCaseSession('show', values, out, async (session) => {
    const stored = await session.runtime.cases.getCase(id);
    const actor = session.actorFor(stored);
    const record = await session.service.getCase(id, actor, { view: 'cli show' });
    const events = await session.service.history(id, actor, { log: false });
    const letters = await session.copyLetters(record);
    out.stdout(values.json ? `${JSON.stringify({ ...caseView(record), history: events, letterPaths: letters }, null, 2)}\n` : caseText(record, events, letters));
    return 0;
  });
}

interface ActionSpec {
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Positionals after the case id. */
  extra?: number;
  run(session: CaseSession, id: string, version: number, actor: CaseActor, values: Record<string, unknown>, extra: string[]): Promise<StoredCase>;
}

const reasonOf = (values: Record<string, unknown>) => (values.reason as string | undefined) ?? null;

const ACTIONS: Record<string, ActionSpec> = {
  approve: { usage: 'approve CASE [--reason TEXT]', run: (s, id, v, a, o) => s.service.approve(id, v, a, { reason: reasonOf(o) }) },
  send: {
    usage: 'send CASE [--to EMAIL] (the letter goes to <data>/outbox/ as an .eml when --to is given)',
    options: { to: { type: 'string' } },
    run: (s, id, v, a, o) => s.service.send(id, v, a, { to: (o.to as string | undefined) ?? null, reason: reasonOf(o) }),
  },
  counter: {
    usage: 'counter CASE AMOUNT [--received-on DATE] [--note TEXT] [--attachment KEY] [--signatory NAME] [--signatory-title TITLE]',
    extra: 1,
    options: { 'received-on': { type: 'string' }, note: { type: 'string' }, attachment: { type: 'string' }, signatory: { type: 'string' }, 'signatory-title': { type: 'string' } },
    run: (s, id, v, a, o, [amount]) =>
      s.service.counter(id, v, a, {
        amountCents: dollarsArg('AMOUNT', amount!),
        receivedOn: (o['received-on'] as string | undefined) ?? null,
        note: (o.note as string | undefined) ?? null,
        attachmentKey: (o.attachment as string | undefined) ?? null,
        signatory: o.signatory ? { name: o.signatory as string, title: (o['signatory-title'] as string | undefined) ?? null } : null,
        reason: reasonOf(o),
      }),
  },
  revise: {
    usage: 'revise CASE [--total AMOUNT | --line N=AMOUNT ...] (no amounts: issue the current offer again)',
    options: { total: { type: 'string' }, line: { type: 'string', multiple: true } },
    run: (s, id, v, a, o) => s.service.revise(id, v, a, { edit: offerEditOf(o, false), reason: reasonOf(o) }),
  },
  offer: {
    usage: 'offer CASE --total AMOUNT | --line N=AMOUNT ... (edit the offer; after it was sent, this revises it)',
    options: { total: { type: 'string' }, line: { type: 'string', multiple: true } },
    run: (s, id, v, a, o) => s.service.editOffer(id, v, a, offerEditOf(o, true)!, { reason: reasonOf(o) }),
  },
  accept: {
    usage: 'accept CASE --name NAME [--title TITLE] [--date DATE] [--counterparty-name NAME --counterparty-title TITLE]',
    options: {
      name: { type: 'string' },
      title: { type: 'string' },
      date: { type: 'string' },
      'counterparty-name': { type: 'string' },
      'counterparty-title': { type: 'string' },
    },
    run: (s, id, v, a, o) => {
      if (!o.name) throw new UsageError('accept needs --name: the typed name that stands for the signature');
      return s.service.accept(id, v, a, {
        signature: { name: o.name as string, title: (o.title as string | undefined) ?? null, signedOn: (o.date as string | undefined) ?? null },
        counterpartySignature: o['counterparty-name']
          ? { name: o['counterparty-name'] as string, title: (o['counterparty-title'] as string | undefined) ?? null }
          : null,
        reason: reasonOf(o),
      });
    },
  },
  settle: { usage: 'settle CASE', run: (s, id, v, a, o) => s.service.settle(id, v, a, { reason: reasonOf(o) }) },
  reject: { usage: 'reject CASE [--reason TEXT]', run: (s, id, v, a, o) => s.service.reject(id, v, a, { reason: reasonOf(o) }) },
  withdraw: { usage: 'withdraw CASE [--reason TEXT]', run: (s, id, v, a, o) => s.service.withdraw(id, v, a, { reason: reasonOf(o) }) },
  close: { usage: 'close CASE [--reason TEXT]', run: (s, id, v, a, o) => s.service.close(id, v, a, { reason: reasonOf(o) }) },
  reopen: { usage: 'reopen CASE --reason TEXT (supervisors)', run: (s, id, v, a, o) => s.service.reopen(id, v, a, { reason: reasonOf(o) }) },
  review: {
    usage: 'review CASE --reason TEXT',
    run: (s, id, v, a, o) => {
      if (!o.reason) throw new UsageError('review needs --reason: say what a person must look at');
      return s.service.review(id, v, a, { reason: o.reason as string });
    },
  },
  resume: { usage: 'resume CASE', run: (s, id, v, a, o) => s.service.resume(id, v, a, { reason: reasonOf(o) }) },
  assign: {
    usage: 'assign CASE [USER] [--none] (default: yourself, the --as name)',
    options: { none: { type: 'boolean', default: false } },
    extra: -1,
    run: (s, id, v, a, o, [user]) => s.service.assign(id, v, a, { assignee: o.none ? null : (user ?? a.id), reason: reasonOf(o) }),
  },
  nsa: {
    usage: 'nsa CASE [--start DATE] [--off] (mark a No Surprises Act claim; --start: the day open negotiation began)',
    options: { start: { type: 'string' }, off: { type: 'boolean', default: false } },
    run: (s, id, v, a, o) => s.service.markNsa(id, v, a, { nsa: !o.off, openNegotiationStart: (o.start as string | undefined) ?? null, reason: reasonOf(o) }),
  },
};

export const CASE_ACTION_NAMES = Object.keys(ACTIONS);

export function caseActionCommand(name: string): Command {
  const spec = ACTIONS[name];
  if (!spec) throw new Error(`no case action ${name}`);
  return async (argv, out) => {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...CASE_OPTIONS, ...spec.options } });
    const values = parsed.values as Record<string, unknown> & Parameters<typeof withCaseSession>[1];
    const positionals = parsed.positionals;
    const [id, ...extra] = positionals;
    const wanted = spec.extra ?? 0;
    if (!id || (wanted >= 0 && extra.length !== wanted) || (wanted < 0 && extra.length > 1)) throw new UsageError(`usage: parley ${spec.usage}`);
    return withCaseSession(name, values, out, async (session) => {
      const stored = await session.runtime.cases.getCase(id);
      const version = await session.versionOf(id);
      const actor = session.actorFor(stored);
      const record = await spec.run(session, id, version, actor, values, extra);
      const letters = await session.copyLetters(record);
      if (values.json) {
        out.stdout(`${JSON.stringify({ ...caseView(record), letterPaths: letters }, null, 2)}\n`);
        return 0;
      }
      out.stdout(`${record.id}: ${stored?.status ?? '?'} -> ${record.status} (version ${record.version}) by ${actor.id} as ${actor.role}\n`);
      out.stdout(actionDetails(name, record, letters, session.runtime.dataDir));
      return 0;
    });
  };
}

function actionDetails(name: string, record: StoredCase, letters: string[], dataDir: string): string {
  const n = record.negotiation;
  const lines: string[] = [];
  const offer = n.offers.at(-1);
  if (['approve', 'send', 'revise', 'offer'].includes(name) && offer) {
    lines.push(`  offer v${offer.version}: ${formatCents(offer.totalOfferCents)}${offer.sentOn ? `, sent ${offer.sentOn}, open through ${offer.expiresOn}` : ''}`);
    if (name === 'send' && offer.sentTo) lines.push(`  emailed to ${offer.sentTo}: the message is in ${dataDir}/outbox/`);
    const letter = letters.find((p) => p.endsWith(`-offer-v${offer.version}.pdf`));
    if (letter) lines.push(`  letter: ${letter}`);
  }
  if (name === 'counter') {
    const c = n.counters.at(-1);
    if (c) lines.push(`  counteroffer ${formatCents(c.amountCents)} received ${c.receivedOn}`);
  }
  if (name === 'accept') {
    lines.push(`  agreed ${formatCents(n.agreedCents ?? 0)}; signed by ${n.acceptance?.name} on ${n.acceptance?.signedOn}`);
    const agreement = letters.find((p) => p.endsWith('-settlement.pdf'));
    if (agreement) lines.push(`  settlement agreement: ${agreement}`);
  }
  if (record.nextDeadline) lines.push(`  next deadline: ${record.nextDeadline.kind} ${record.nextDeadline.date}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function oneCaseId(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`usage: parley ${command} CASE`);
  return positionals[0]!;
}

function parseStatus(value: string): CaseStatus {
  const parsed = CaseStatus.safeParse(value.toUpperCase());
  if (!parsed.success) throw new UsageError(`--status must be one of ${CaseStatus.options.join(', ')}, got "${value}"`);
  return parsed.data;
}

function dollarsArg(name: string, value: string): number {
  const cents = parseDollarsToCents(value);
  if (cents === null || cents < 0) throw new UsageError(`${name} must be an amount in dollars such as 550 or 1,234.50, got "${value}"`);
  return cents;
}

function offerEditOf(values: Record<string, unknown>, required: boolean): OfferEdit | null {
  const total = values.total as string | undefined;
  const lines = (values.line as string[] | undefined) ?? [];
  if (total !== undefined && lines.length > 0) throw new UsageError('give --total or --line, not both');
  if (total !== undefined) return { totalOfferCents: dollarsArg('--total', total) };
  if (lines.length > 0) {
    return {
      lines: lines.map((spec) => {
        const match = /^(\d+)=(.+)$/.exec(spec);
        if (!match) throw new UsageError(`--line must be N=AMOUNT (e.g. --line 2=175.00), got "${spec}"`);
        return { lineNumber: Number(match[1]), offerCents: dollarsArg(`--line ${match[1]}`, match[2]!) };
      }),
    };
  }
  if (required) throw new UsageError('give the new offer: --total AMOUNT or --line N=AMOUNT (repeatable)');
  return null;
}

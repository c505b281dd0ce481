// What every case command shares: open the local data without processing anything, who acts (--as, --role), the
// version guard, copying letters out, and turning the service's refusals into plain messages.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ActionNotAllowed, InvalidCaseInput, SupervisorApprovalRequired } from '#shared/cases/case-errors.ts';
import { InvalidCursor, NotFound, VersionConflict } from '#shared/cases/case-repository.ts';
import { billingTin, type CaseActor, type CaseService } from '#shared/cases/case-service.ts';
import { InvalidTransition } from '#shared/cases/lifecycle.ts';
import type { StoredCase } from '#shared/model/case.ts';
import { localCaseService } from '../../runtime/case-service.ts';
import { DataFolderInUse } from '../../runtime/data-lock.ts';
import { startLocalRuntime, type LocalRuntime } from '../../runtime/runtime.ts';
import { UsageError, type CliOutput } from '../output.ts';
import { fileLogger } from '../runtime-options.ts';

export const CASE_OPTIONS = {
  data: { type: 'string', default: '.parley' },
  letters: { type: 'string' },
  as: { type: 'string' },
  role: { type: 'string', default: 'negotiator' },
  tin: { type: 'string' },
  'expect-version': { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface CaseOptionValues {
  data?: string;
  letters?: string;
  as?: string;
  role?: string;
  tin?: string;
  'expect-version'?: string;
  reason?: string;
  json?: boolean;
}

export interface CaseSession {
  runtime: LocalRuntime;
  service: CaseService;
  lettersDir: string;
  /** The actor for a case: a provider acts for the case's billing TIN unless --tin names one. */
  actorFor(record?: StoredCase | null): CaseActor;
  /** --expect-version, else the version stored now (this process holds the data folder: nobody else writes). */
  versionOf(caseId: string): Promise<number>;
  /** Copies the case's letters (every offer version, the settlement agreement) into the letters folder. */
  copyLetters(record: StoredCase): Promise<string[]>;
}

const ROLES = ['negotiator', 'supervisor', 'provider'] as const;

export async function withCaseSession(command: string, values: CaseOptionValues, out: CliOutput, work: (session: CaseSession) => Promise<number>): Promise<number> {
  const role = values.role ?? 'negotiator';
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
  if (values.tin !== undefined && !/^\d{9}$/.test(values.tin)) throw new UsageError(`--tin must be nine digits, got "${values.tin}"`);
  const expected = values['expect-version'];
  if (expected !== undefined && !/^[1-9]\d*$/.test(expected)) throw new UsageError(`--expect-version must be a whole number >= 1, got "${expected}"`);
  const dataDir = resolve(values.data ?? '.parley');
  if (!existsSync(dataDir)) {
    out.stderr(`parley ${command}: there is no Parley data in ${dataDir}; run \`parley start\` or \`parley process <files>\` first (or name the folder with --data DIR)\n`);
    return 1;
  }
  const lettersDir = resolve(values.letters ?? join(dataDir, 'letters'));
  const id = values.as?.trim() || `cli:${userInfo().username}`;
  const log = fileLogger(dataDir);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({ dataDir, logger: log.logger, processing: false });
  } catch (error) {
    await log.close();
    if (error instanceof DataFolderInUse) {
      out.stderr(
        `parley ${command}: another Parley (pid ${error.pid}) is running on ${dataDir} and holds its data.\n` +
          `  While it runs, work the case through its API instead, e.g.\n` +
          `    POST http://127.0.0.1:4510/api/cases/<id>/approve  with {"expectedVersion": N}  (the port \`parley start\` printed; sign in first)\n` +
          `  or stop it (Ctrl-C) and run this command again.\n`,
      );
      return 1;
    }
    throw error;
  }
  const service = localCaseService(runtime);
  const session: CaseSession = {
    runtime,
    service,
    lettersDir,
    actorFor(record) {
      if (role !== 'provider') return { id, role: role as CaseActor['role'] };
      return { id, role: 'provider', providerTin: values.tin ?? (record ? billingTin(record) : null) };
    },
    async versionOf(caseId) {
      if (expected !== undefined) return Number(expected);
      const record = await runtime.cases.getCase(caseId);
      if (!record) throw new NotFound('case', caseId);
      return record.version;
    },
    async copyLetters(record) {
      const refs = [
        ...record.negotiation.offers.flatMap((o) => (o.letter ? [{ ref: o.letter, name: `${record.id}-offer-v${o.version}.pdf` }] : [])),
        ...(record.letter && !record.negotiation.offers.some((o) => o.letter?.key === record.letter!.key)
          ? [{ ref: record.letter, name: `${record.id}-offer-v${record.letter.version}.pdf` }]
          : []),
        ...(record.negotiation.settlementLetter ? [{ ref: record.negotiation.settlementLetter, name: `${record.id}-settlement.pdf` }] : []),
      ];
      if (refs.length === 0) return [];
      mkdirSync(lettersDir, { recursive: true });
      const paths: string[] = [];
      for (const { ref, name } of refs) {
        const path = join(lettersDir, name);
        writeFileSync(path, await runtime.objects.get({ bucket: ref.bucket, key: ref.key }));
        paths.push(path);
      }
      return paths;
    },
  };
  try {
    return await work(session);
  } catch (error) {
    const message = refusal(error);
    if (message === null) throw error;
    out.stderr(`parley ${command}: ${message}\n`);
    return 1;
  } finally {
    await runtime.stop();
    await log.close();
  }
}

/** The service's refusals, said plainly; null for anything else (a real failure). */
function refusal(error: unknown): string | null {
  if (error instanceof VersionConflict) return `${error.message} (show the case again, then retry with --expect-version ${error.actualVersion ?? '?'})`;
  if (
    error instanceof InvalidTransition ||
    error instanceof InvalidCaseInput ||
    error instanceof SupervisorApprovalRequired ||
    error instanceof ActionNotAllowed ||
    error instanceof NotFound ||
    error instanceof InvalidCursor
  ) {
    return error.message;
  }
  return null;
}

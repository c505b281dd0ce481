// The allow-list: exact domains and addresses per TPA, validated when loaded.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidSendersConfig, loadTpaSenders, parseTpaSenders, senderTpa } from '#shared/intake/email/tpa-senders.ts';
import { CONFIG_DIR } from '#local/runtime/project-paths.ts';
import { SENDERS } from './support.ts';

describe('the TPA allow-list', () => {
  it('matches a listed domain exactly, case-insensitively', () => {
    expect(senderTpa(SENDERS, 'Claims@Keystone-Benefits.EXAMPLE')?.id).toBe('keystone-benefits');
  });

  it('does not match a subdomain or a look-alike', () => {
    expect(senderTpa(SENDERS, 'x@mail.keystone-benefits.example')).toBeNull();
    expect(senderTpa(SENDERS, 'x@keystone-benefits.example.evil.example')).toBeNull();
    expect(senderTpa(SENDERS, 'keystone-benefits.example@evil.example')).toBeNull();
  });

  it('matches a single listed address at a domain that is not listed', () => {
    expect(senderTpa(SENDERS, 'repricing@partner-mail.example')?.id).toBe('lone-star-tpa');
    expect(senderTpa(SENDERS, 'someone-else@partner-mail.example')).toBeNull();
  });

  it('refuses a config with a malformed domain, or one entry listed for two TPAs', () => {
    const base = { version: 1, intakeAddress: 'claims@intake.parley.example', acknowledgmentFrom: 'no-reply@intake.parley.example' };
    expect(() => parseTpaSenders({ ...base, tpas: [{ id: 'a', name: 'A', domains: ['not a domain'] }] })).toThrow(InvalidSendersConfig);
    expect(() =>
      parseTpaSenders({ ...base, tpas: [{ id: 'a', name: 'A', domains: ['x.example'] }, { id: 'b', name: 'B', domains: ['X.example'] }] }),
    ).toThrow(/x\.example is listed for both a and b/);
  });

  it('the shipped config/tpa-senders.json is valid', () => {
    const config = loadTpaSenders(join(CONFIG_DIR, 'tpa-senders.json'));
    expect(config.tpas.length).toBeGreaterThan(0);
    expect(config.intakeAddress).toMatch(/@/);
  });
});

// `parley price`: the JSON contract, the text formula, and bad arguments named with exit code 2.
import { describe, expect, it } from 'vitest';
import { priceCommand } from '../../local/cli/commands/price.ts';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await priceCommand(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

describe('parley price', () => {
  it('--json prints the contract fields first, then the rest', async () => {
    const r = await run('99213', '--zip', '10001', '--pos', '11', '--date', '2025-04-02', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).slice(0, 7)).toEqual(['code', 'modifiers', 'year', 'locality', 'facility', 'benchmarkCents', 'formula']);
    expect(json).toMatchObject({
      code: '99213',
      modifiers: [],
      year: 2025,
      locality: { carrier: '13202', locality: '01' },
      facility: false,
      benchmarkCents: 10106,
      formula: { workRvu: 1.3, peGpci: 1.166, conversionFactor: 32.3465 },
    });
  });

  it('reads modifiers from CODE-MOD and a carrier-locality', async () => {
    const json = JSON.parse((await run('71046-26', '--locality', '13202-01', '--json')).stdout);
    expect(json.modifiers).toEqual(['26']);
    expect(json.formula.component).toBe('26');
    // (0.22 x 1.065 + 0.08 x 1.166 + 0.01 x 1.656) x 32.3465 = 11.1339
    expect(json.benchmarkCents).toBe(1113);
  });

  it('text mode prints the formula parts and the amount in dollars', async () => {
    const r = await run('99213', '--pos', '22');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Work RVU\s+1\.30/);
    expect(r.stdout).toMatch(/PE RVU\s+0\.57/);
    expect(r.stdout).toMatch(/Conversion factor\s+32\.3465/);
    expect(r.stdout).toMatch(/Benchmark\s+\$63\.72/);
  });

  it('exits 1 and says why when Medicare has no amount', async () => {
    const r = await run('A0425');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/status X/);
  });

  it.each([
    [[], /CODE is missing/],
    [['9921'], /CODE "9921"/],
    [['99213-2'], /modifier "2"/],
    [['99213', '--zip', '1000'], /--zip "1000"/],
    [['99213', '--zip', '10001', '--locality', '13202-01'], /--zip and --locality/],
    [['99213', '--locality', '1320201'], /--locality "1320201"/],
    [['99213', '--pos', 'office'], /--pos "office"/],
    [['99213', '--date', '2025-02-30'], /--date "2025-02-30"/],
    [['99213', '--units', '0'], /--units "0"/],
    [['99213', '--frobnicate'], /--frobnicate/],
  ])('bad arguments %j exit 2 naming the argument', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

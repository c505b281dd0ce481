// The pricing core bundled by esbuild into one file (as for a Lambda), with data/ copied next to it, still finds and
// prices from its tables; and `dataDir` / PARLEY_DATA_DIR point it elsewhere.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('pricing in an esbuild bundle', () => {
  it('loads data/cms copied beside the bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bundle-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { loadPricingTables, priceService } from ${JSON.stringify(join(repo, 'shared/pricing/index.ts'))};
       export function price(code: string) { return priceService({ code, zip: '10001', placeOfService: '11' }, loadPricingTables()).benchmarkCents; }`,
    );
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: join(dir, 'out', 'handler.mjs'), logLevel: 'silent' });
    cpSync(join(repo, 'data', 'cms'), join(dir, 'out', 'data', 'cms'), { recursive: true });
    const saved = process.env.PARLEY_DATA_DIR;
    delete process.env.PARLEY_DATA_DIR;
    try {
      const mod = (await import(pathToFileURL(join(dir, 'out', 'handler.mjs')).href)) as { price(code: string): number | null };
      expect(mod.price('99213')).toBe(10106);
    } finally {
      if (saved !== undefined) process.env.PARLEY_DATA_DIR = saved;
    }
  });

  it('accepts an explicit dataDir (the data/ folder or data/cms itself)', async () => {
    const { loadPricingTables, resolvePricingDataDir } = await import('../../shared/pricing/tables.ts');
    expect(resolvePricingDataDir(join(repo, 'data'))).toBe(join(repo, 'data', 'cms'));
    expect(resolvePricingDataDir(join(repo, 'data', 'cms'))).toBe(join(repo, 'data', 'cms'));
    expect(loadPricingTables({ dataDir: join(repo, 'data') })).toBe(loadPricingTables({ dataDir: join(repo, 'data', 'cms') }));
    expect(() => resolvePricingDataDir(tmpdir())).toThrow(/PricingTablesNotFound|no derived CMS tables/);
  });
});

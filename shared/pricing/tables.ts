// The one module that reads the derived CMS tables from disk: data/cms next to the source tree, or next to an esbuild
// bundle (data/ copied beside it), or wherever `dataDir` / PARLEY_DATA_DIR point. Cached per directory.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PricingTables } from './pricing-tables.ts';
import type { Manifest, TableName } from './table-format.ts';

export { PricingTables } from './pricing-tables.ts';

export class PricingTablesNotFound extends Error {
  override readonly name = 'PricingTablesNotFound';
  constructor(readonly tried: readonly string[]) {
    super(`no derived CMS tables (manifest.json) in: ${tried.join(', ')}; run npm run import:cms or set PARLEY_DATA_DIR`);
  }
}

const loaded = new Map<string, PricingTables>();

/** Resolves the folder holding manifest.json: `dir` itself or `dir/cms`. */
function manifestDir(dir: string): string | null {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  if (existsSync(join(dir, 'cms', 'manifest.json'))) return join(dir, 'cms');
  return null;
}

export function resolvePricingDataDir(dataDir?: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = dataDir
    ? [resolve(dataDir)]
    : [
        ...(process.env.PARLEY_DATA_DIR ? [resolve(process.env.PARLEY_DATA_DIR)] : []),
        join(here, '..', '..', 'data'), // source tree: shared/pricing -> data
        join(here, 'data'), // bundle: data/ copied next to the bundled file
        join(here, '..', 'data'),
      ];
  for (const candidate of candidates) {
    const found = manifestDir(candidate);
    if (found) return found;
  }
  throw new PricingTablesNotFound(candidates);
}

/** The pricing tables (synchronous; each table is parsed on first use and kept for the life of the process). */
export function loadPricingTables(options: { dataDir?: string } = {}): PricingTables {
  const dir = resolvePricingDataDir(options.dataDir);
  const cached = loaded.get(dir);
  if (cached) return cached;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const tables = new PricingTables({
    manifest,
    description: dir,
    read(year: number, table: TableName): unknown {
      const entry = manifest.years[String(year)]?.[table];
      if (!entry) return null;
      return JSON.parse(readFileSync(join(dir, String(year), entry.file), 'utf8'));
    },
  });
  loaded.set(dir, tables);
  return tables;
}

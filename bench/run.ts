// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and writes bench/RESULTS.md.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection } from './bench-section.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(benchDir, 'RESULTS.md');
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Sections are kept per title, so running one benchmark updates its section and leaves the others. */
function readSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(resultsPath)) return sections;
  const text = readFileSync(resultsPath, 'utf8');
  for (const part of text.split(/^## /m).slice(1)) {
    const title = part.slice(0, part.indexOf('\n')).trim();
    sections.set(title, `## ${part.trimEnd()}\n`);
  }
  return sections;
}

const sections = readSections();
for (const file of files) {
  process.stderr.write(`bench: ${file} ...\n`);
  const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { default: () => Promise<BenchSection> };
  const started = Date.now();
  const section = await module.default();
  const body = [`## ${section.title}`, '', `Run ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; took ${((Date.now() - started) / 1000).toFixed(1)} s.`, '', ...section.lines, ''];
  sections.set(section.title, body.join('\n'));
  process.stdout.write(`${body.join('\n')}\n`);
}

const header = '# Benchmark results\n\nWritten by `npm run bench` (`npm run bench -- <name>` runs one). Ratios are measured against a peer in the same run; absolute figures depend on the machine named in each section.\n\n';
writeFileSync(resultsPath, header + [...sections.values()].join('\n'));
process.stderr.write(`bench: wrote ${resultsPath}\n`);

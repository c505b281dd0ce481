// Serves the console's static files (web/assets) where no CDN does: the local server. On AWS CloudFront serves them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'hono';

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

export async function serveAsset(c: Context, directory: string, file: string): Promise<Response> {
  const extension = /^[a-z0-9-]+\.([a-z0-9]+)$/.exec(file)?.[1];
  const type = extension ? TYPES[extension] : undefined;
  if (!type) return c.text('not found', 404);
  try {
    const bytes = await readFile(join(directory, file));
    return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'cache-control': 'no-cache' });
  } catch {
    return c.text('not found', 404);
  }
}

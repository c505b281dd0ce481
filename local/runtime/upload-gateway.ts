// The local end of presigned uploads: checks each PUT's SigV4 signature as S3 would (s3rver does not check V4
// signatures at all), then passes it to s3rver. Only presigned PUTs under the allowed prefixes get through.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkPresignedRequest } from '#shared/intake/upload/presigned-put-check.ts';

export interface UploadGatewayOptions {
  /** s3rver's endpoint, e.g. http://127.0.0.1:4569 */
  target: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Decoded path prefixes a PUT may write to, e.g. "/parley-documents/intake/upload/". */
  allowedPrefixes: string[];
  port?: number;
  now?: () => Date;
}

export interface UploadGateway {
  endpoint: string;
  stop(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT',
  'access-control-allow-headers': 'content-type',
  'access-control-expose-headers': 'etag',
  'access-control-max-age': '600',
};

export function startUploadGateway(options: UploadGatewayOptions): Promise<UploadGateway> {
  const target = new URL(options.target);
  const now = options.now ?? (() => new Date());
  const server = createServer((req, res) => {
    handle(req, res).catch(() => refuse(res, 500, 'InternalError', 'the upload could not be stored'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    // A refused upload's body is drained, so the client reads the answer instead of a reset connection.
    const refuseDraining = (status: number, code: string, message: string) => {
      req.resume();
      refuse(res, status, code, message);
    };
    if (req.method !== 'PUT') return refuseDraining(405, 'MethodNotAllowed', 'only presigned PUT uploads are accepted here');
    const check = checkPresignedRequest(
      { method: req.method, url: req.url ?? '/', headers: req.headers },
      (id) => (id === options.credentials.accessKeyId ? options.credentials.secretAccessKey : undefined),
      now(),
    );
    if (!check.ok) return refuseDraining(403, check.code, check.message);
    if (!options.allowedPrefixes.some((prefix) => check.path.startsWith(prefix)) || check.path.includes('/../')) {
      return refuseDraining(403, 'AccessDenied', 'uploads may only go to the intake upload prefix');
    }
    const forwarded = httpRequest({
      host: target.hostname,
      port: target.port,
      method: 'PUT',
      path: req.url,
      headers: { ...req.headers, host: target.host },
    });
    forwarded.on('response', (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, { ...upstream.headers, ...CORS });
      upstream.pipe(res);
    });
    forwarded.on('error', () => refuse(res, 502, 'BadGateway', 'the object store did not answer'));
    req.pipe(forwarded);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', ...CORS });
  res.end(xml);
}

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

// The logging port: structured fields only. Never pass names, member IDs, dates of birth or addresses.
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** JSON lines to any sink (a file locally, stdout on Lambda). */
export function jsonLogger(write: (line: string) => void, base: LogFields = {}): Logger {
  const log = (level: string) => (message: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...base, ...fields })}\n`);
  return { info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
}

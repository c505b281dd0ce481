// Where CLI commands write: injectable so tests can capture it.
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (a progress bar is drawn), false for plain lines. */
  isTty: boolean;
}

export const processOutput: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

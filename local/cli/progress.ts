// Batch progress: a bar redrawn in place on a terminal, plain lines otherwise (logs, CI).
import type { CliOutput } from './output.ts';

export interface Progress {
  update(finished: number, total: number): void;
  done(): void;
}

export function createProgress(out: CliOutput, label: string): Progress {
  let last = -1;
  return {
    update(finished, total) {
      if (finished === last) return;
      last = finished;
      if (out.isTty) {
        const width = 30;
        const filled = total === 0 ? width : Math.round((finished / total) * width);
        out.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${total}`);
      } else {
        out.stderr(`${label}: ${finished}/${total} finished\n`);
      }
    },
    done() {
      if (out.isTty && last >= 0) out.stderr('\n');
    },
  };
}

// The contract every benchmark module under bench/ follows: `export default async function (): Promise<BenchSection>`.
export interface BenchSection {
  /** Heading in bench/RESULTS.md. */
  title: string;
  /** Markdown lines (a table, notes) written under the heading. */
  lines: string[];
}

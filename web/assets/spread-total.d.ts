// Types of spread-total.js for the TypeScript that imports it (the server's offer edit).
export function spreadTotal(total: number, lines: readonly { lineNumber: number; weight: number; cap: number }[]): Map<number, number>;

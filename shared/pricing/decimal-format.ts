// Prints the scaled integers the tables hold as the decimals CMS published (130 at scale 2 -> "1.30").

export function scaledToString(value: number, scale: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const div = 10 ** scale;
  const whole = Math.floor(abs / div);
  if (scale === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(abs % div).padStart(scale, '0')}`;
}

/** The scaled integer as a plain number for JSON (130, 2 -> 1.3). */
export function scaledToNumber(value: number, scale: number): number {
  return Number(scaledToString(value, scale));
}

export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  // Thousands separators by hand: toLocaleString goes through ICU and costs microseconds per call.
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const part = abs % 100;
  return `${sign}$${whole}.${part < 10 ? '0' : ''}${part}`;
}

/** Rounds value / divisor half away from zero; both integers, so the result is exact. */
export function divRound(value: number, divisor: number): number {
  const q = Math.floor((Math.abs(value) * 2 + divisor) / (2 * divisor));
  return value < 0 ? -q : q;
}

import { afterAll, describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { createPaddleRecogniser } from '#shared/extract/documents/ocr/paddle.ts';
import type { Raster } from '#shared/extract/documents/ocr/engine.ts';

const recogniser = await createPaddleRecogniser();
afterAll(() => recogniser.close());

/** Print as a fax gives it: black on white, thresholded, optionally with a dark streak running down through it. */
function printed(text: string, streakAt?: number): Raster {
  const canvas = createCanvas(16 * text.length + 24, 34);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.font = '22px sans-serif';
  ctx.fillText(text, 12, 25);
  if (streakAt !== undefined) ctx.fillRect(streakAt, 0, 2, canvas.height);
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = new Uint8Array(canvas.width * canvas.height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4]! < 140 ? 0 : 255;
  return { width: canvas.width, height: canvas.height, channels: 1, data };
}

describe('the PP-OCR line recogniser', () => {
  it('reads a procedure code, and reads through a fax streak running down one of its characters', async () => {
    const [clean, streaked] = await recogniser.readLines([printed('D6792'), printed('D6792', 40)], ['code']);
    expect(clean!.text).toBe('D6792');
    expect(streaked!.text).toBe('D6792');
    expect(clean!.confidence).toBeGreaterThan(0.8);
  });

  it('gives each character where it sits, left to right within the image', async () => {
    const [read] = await recogniser.readLines([printed('07   13   26')], ['date']);
    expect(read!.text.replace(/ /g, '')).toBe('071326');
    const centres = read!.symbols.filter((s) => s.text !== ' ').map((s) => (s.x0 + s.x1) / 2);
    // The 1 of "13" where the canvas drew it, within a frame or two of the model's output.
    const ctx = createCanvas(1, 1).getContext('2d');
    ctx.font = '22px sans-serif';
    const drawnAt = (12 + ctx.measureText('07   ').width + ctx.measureText('1').width / 2) / (16 * 11 + 24);
    expect(Math.abs(centres[2]! - drawnAt)).toBeLessThan(0.05);
    expect(centres).toEqual([...centres].sort((a, b) => a - b));
    expect(Math.min(...centres)).toBeGreaterThan(0);
    expect(Math.max(...centres)).toBeLessThan(1);
  });

  it('answers only with the characters of the alphabet asked for', async () => {
    const [digitsOnly] = await recogniser.readLines([printed('D6792')], ['digits']);
    expect(digitsOnly!.text).toMatch(/^[0-9 ]*$/);
    const [empty] = await recogniser.readLines([printed('')], ['alnum']);
    expect(empty).toMatchObject({ text: '', confidence: 0, symbols: [] });
  });

  it('reads a line the same whatever other lines are read with it', async () => {
    const line = printed('L5640', 37);
    const [alone] = await recogniser.readLines([line], ['code']);
    const [together] = await recogniser.readLines([line, printed('L5640 KX 59'), printed('A4'), printed('L56401', 37), printed('L5641', 37)], ['code']);
    expect({ ...together, likelihood: null }).toEqual({ ...alone, likelihood: null });
  });

  it('weighs other readings of a line: the text read is likelier than a neighbour one character off', async () => {
    const [read] = await recogniser.readLines([printed('L5640', 37)], ['code']);
    const likelihood = read!.likelihood!;
    expect(Number.isFinite(likelihood('L5640'))).toBe(true);
    expect(likelihood('L5640')).toBeGreaterThan(likelihood('L5641') + Math.log(10));
    expect(likelihood('L5640')).toBeGreaterThan(likelihood('L564'));
    // A character outside the alphabet read is no reading at all.
    expect(likelihood('l5640')).toBe(-Infinity);
  });

  it('reads lines of very different widths asked for together, each as its own', async () => {
    const reads = await recogniser.readLines([printed('1234.56'), printed('AE'), printed('99213 25 59')], ['alnum', 'money']);
    expect(reads.map((r) => r.text)).toEqual(['1234.56', 'AE', '99213 25 59']);
  });
});

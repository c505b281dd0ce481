import { describe, expect, it } from 'vitest';
import type { Raster } from '#shared/extract/documents/ocr/engine.ts';
import { estimateSkew, flattenBackground, formLineMasks, ruledLines } from '#shared/extract/documents/ocr/raster.ts';
import { findCellPrint, packCellPrint } from '#shared/extract/documents/ocr/cell-print.ts';
import { project, rectify, type Homography } from '#shared/extract/documents/ocr/rectify.ts';
import { closeUp, illegible, vote } from '#shared/extract/documents/ocr/form-cells.ts';
import type { CellRead, CellRequest } from '#shared/extract/documents/cells.ts';
import type { RuledLine } from '#shared/extract/documents/ocr/raster.ts';
import { CMS1500_GRID } from '#shared/extract/documents/cms1500/grid.ts';
import { registerGrid } from '#shared/extract/documents/ocr/register.ts';
import { prepareScan, registerForm, type PreparedScan } from '#shared/extract/documents/ocr/scan.ts';

const grey = (width: number, height: number, paper = 255): Raster => ({ width, height, channels: 1, data: new Uint8Array(width * height).fill(paper) });
const fill = (r: Raster, x0: number, y0: number, x1: number, y1: number, v = 0): void => {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) r.data[y * r.width + x] = v;
};

describe('cell print: what in a cell window is the value', () => {
  it('keeps a character, drops the rule beside it, the rule above it and specks', () => {
    const strip = grey(300, 80);
    fill(strip, 40, 35, 52, 55); // a character, 21 px tall
    fill(strip, 100, 0, 101, 79); // the cell border, full height
    fill(strip, 0, 4, 299, 5); // the rule above the row
    fill(strip, 200, 40, 200, 40); // a speck
    const print = findCellPrint(strip, [{ from: 4, to: 97, centre: 45 }, { from: 104, to: 296, centre: 45 }], 20);
    expect(print.cells[0]).toMatchObject({ left: 40, right: 52, top: 35, bottom: 55 });
    expect(print.cells[1]).toBeNull();
  });

  it('keeps a stroke that crosses a streak, and takes the value line nearest its place over a label above it', () => {
    const strip = grey(200, 90);
    fill(strip, 60, 0, 62, 89); // a fax streak through the cell
    fill(strip, 50, 50, 75, 52); // a bar crossing it...
    fill(strip, 50, 40, 53, 65); // ...joined to an upright: one character
    fill(strip, 20, 8, 35, 18); // a smaller label high in the window
    const print = findCellPrint(strip, [{ from: 2, to: 198, centre: 55 }], 20);
    const cell = print.cells[0]!;
    expect(cell.top).toBe(40);
    expect(cell.left).toBe(50);
    expect(cell.right).toBe(75);
    // The crossing pixels of the streak survive as part of the character.
    expect(print.labels[51 * 200 + 61]).toBeGreaterThan(0);
    expect(print.labels[20 * 200 + 61]).toBe(0);
  });
});

describe('cell print: fax streaks through and beside characters', () => {
  it("keeps a character's stroke that lies on a grey streak (darker where both are), and clears the streak around it", () => {
    const strip = grey(200, 90);
    fill(strip, 60, 0, 62, 89, 110); // a grey fax streak, full height
    fill(strip, 55, 40, 67, 42, 40); // a character's top bar across it...
    fill(strip, 59, 40, 63, 62, 40); // ...and its stem, lying on the streak (the pixels are darker than the streak)
    const print = findCellPrint(strip, [{ from: 2, to: 198, centre: 50 }], 20);
    const cell = print.cells[0]!;
    expect(cell).toMatchObject({ top: 40, bottom: 62 });
    // The stem under the streak is print; the streak above and below the character is not, and is drawn as paper.
    expect(cell.components.has(print.labels[55 * 200 + 61]!)).toBe(true);
    expect(print.labels[20 * 200 + 61]).toBe(0);
    expect(print.cleared[20 * 200 + 61]).toBe(1);
  });

  it('does not join an upright beside a streak to the character on its far side', () => {
    const strip = grey(200, 90);
    fill(strip, 60, 0, 61, 89, 90); // a streak, as dark as the print
    fill(strip, 55, 40, 58, 62, 90); // a 1's stem just left of it
    fill(strip, 63, 40, 74, 42, 90); // a 5's top bar just right of it...
    fill(strip, 63, 40, 65, 62, 90); // ...and its upright
    const print = findCellPrint(strip, [{ from: 2, to: 198, centre: 50 }], 20);
    const cell = print.cells[0]!;
    const one = print.labels[50 * 200 + 56]!, five = print.labels[50 * 200 + 64]!;
    expect(one).toBeGreaterThan(0);
    expect(five).toBeGreaterThan(0);
    expect(one).not.toBe(five);
    expect(cell.components.has(one) && cell.components.has(five)).toBe(true);
    // Where the streak ran between them there is paper on every row of the characters.
    for (let y = 40; y <= 62; y++) expect(print.labels[y * 200 + 60]).toBe(0);
  });

  it('clears a streak between two characters whose ragged edges face it all the way down (no stroke is that tall)', () => {
    const strip = grey(200, 90);
    fill(strip, 60, 0, 61, 89, 90); // a streak
    fill(strip, 45, 40, 55, 62, 90); // a character left of it...
    fill(strip, 66, 40, 76, 62, 90); // ...and one right of it
    // Their thresholded edges reach the streak in short staggered pieces, two rows at a time.
    for (let y = 40; y <= 62; y += 4) {
      fill(strip, 56, y, 57, Math.min(62, y + 1), 90);
      fill(strip, 59, y, 59, Math.min(62, y + 1), 90);
      fill(strip, 56, y + 2, 58, Math.min(62, y + 3), 90);
      fill(strip, 62, y, 62, Math.min(62, y + 1), 90);
      fill(strip, 64, y, 65, Math.min(62, y + 1), 90);
      fill(strip, 63, y + 2, 65, Math.min(62, y + 3), 90);
    }
    const print = findCellPrint(strip, [{ from: 2, to: 198, centre: 50 }], 20);
    expect(print.labels[50 * 200 + 50]).not.toBe(print.labels[50 * 200 + 70]);
    for (let y = 40; y <= 62; y++) expect(print.labels[y * 200 + 60]).toBe(0);
  });

  it("leaves out a separator's dash standing apart from the value and a taller line number at its end, not a lone 1", () => {
    const strip = grey(300, 90);
    fill(strip, 10, 20, 24, 62); // the form's line number in the margin: taller than the value's characters
    fill(strip, 50, 40, 62, 60); // two characters of the value
    fill(strip, 66, 40, 78, 60);
    fill(strip, 100, 30, 102, 55); // a dash of a dotted separator, thin and apart
    const print = findCellPrint(strip, [{ from: 4, to: 150, centre: 50 }, { from: 160, to: 296, centre: 50 }], 20);
    const cell = print.cells[0]!;
    expect(cell).toMatchObject({ left: 50, right: 78 });
    const lone = grey(300, 90);
    fill(lone, 50, 40, 62, 60); // a character in the cell before
    fill(lone, 200, 40, 202, 60); // a 1 alone in its cell
    expect(findCellPrint(lone, [{ from: 4, to: 150, centre: 50 }, { from: 160, to: 296, centre: 50 }], 20).cells[1]).toMatchObject({ left: 200, right: 202 });
  });
});

describe('packing print for the engine', () => {
  it('moves nearly touching characters apart when asked (a doubled digit the engine would read as one)', () => {
    const strip = grey(200, 80);
    fill(strip, 40, 30, 51, 50); // two glyphs a pixel apart
    fill(strip, 53, 30, 64, 50);
    const print = findCellPrint(strip, [{ from: 2, to: 198, centre: 40 }], 20);
    const columns = (image: Raster): number[] => {
      const inked: number[] = [];
      for (let x = 0; x < image.width; x++) {
        let dark = false;
        for (let y = 0; y < image.height; y++) if (image.data[y * image.width + x]! < 128) dark = true;
        if (dark) inked.push(x);
      }
      return inked;
    };
    // The widest run of paper columns between the two glyphs.
    const gap = (image: Raster): number => {
      const inked = columns(image);
      return Math.max(...inked.slice(1).map((x, k) => x - inked[k]! - 1));
    };
    const plain = packCellPrint(strip, print, { gap: 20, pad: 8, binary: true, scale: 1 })!;
    const spread = packCellPrint(strip, print, { gap: 20, pad: 8, binary: true, scale: 1, spread: 4 })!;
    expect(gap(plain.image)).toBe(1);
    expect(gap(spread.image)).toBe(5);
    expect(spread.pieces[0]!.width).toBe(plain.pieces[0]!.width + 4);
  });

  it('takes the spaces that moving characters apart adds out of one-word values only', () => {
    const cell = (kind: CellRequest['kind']): CellRequest => ({ key: 'c', rect: { x: 0, y: 0, w: 1, h: 1 }, kind, box: '24' });
    expect(closeUp(cell('money'), '368 .64')).toBe('368.64');
    expect(closeUp(cell('code'), 'AD4 29')).toBe('AD429');
    expect(closeUp(cell('code'), '99213 25')).toBe('99213 25');
    expect(closeUp(cell('text'), 'MIAMI FL')).toBe('MIAMI FL');
  });
});

describe('cell print: hyphens and dotted rules', () => {
  it('keeps a hyphen between characters of a value, and drops the dashes of a dotted rule above it', () => {
    const strip = grey(300, 80);
    fill(strip, 40, 35, 52, 55); // a character
    fill(strip, 58, 44, 66, 46); // a hyphen at mid-height
    fill(strip, 72, 35, 84, 55); // a character
    for (let x = 10; x < 290; x += 14) fill(strip, x, 22, x + 7, 23); // a dotted rule above the value
    const print = findCellPrint(strip, [{ from: 4, to: 296, centre: 45 }], 20);
    const cell = print.cells[0]!;
    expect(cell.top).toBe(35);
    expect(print.labels[45 * 300 + 62]).toBeGreaterThan(0);
    expect(cell.components.has(print.labels[45 * 300 + 62]!)).toBe(true);
    expect(cell.components.has(print.labels[22 * 300 + 12]!)).toBe(false);
  });
});

describe('registering a page on the form', () => {
  it('is not fooled by a fit two rows off when most thin rules are lost and short marks line up with it', () => {
    const width = 1700, height = 2200;
    const s = height / 792, o = 20; // the page: template point y is at s * y + o pixels
    const line = (at: number, x0: number, x1: number): RuledLine => ({ at, from: x0 * s, to: x1 * s });
    // Only the form's heavy rules survived the fax: the top and bottom of the form and a few full-width rules.
    const kept = CMS1500_GRID.horizontal.filter(([y, x0, x1]) => x1 - x0 > 500 && [95.8, 216.5, 336.4, 384.1, 527.2, 599.2, 671.2, 756.9].includes(y));
    const horizontal = kept.map(([y, x0, x1]) => line(s * y + o, x0, x1));
    // Short marks (underlines, box edges) that happen to sit where short rules of the form would be, two rows down.
    const shifted = o - 48 * s;
    for (const [y, x0, x1] of CMS1500_GRID.horizontal.filter(([, x0, x1]) => x1 - x0 < 250)) horizontal.push(line(s * y + shifted, x0, x1));
    const vertical = CMS1500_GRID.vertical.map(([x, y0, y1]): RuledLine => ({ at: x * s, from: s * y0 + o, to: s * y1 + o }));
    const fit = registerGrid(horizontal, vertical, width, height, CMS1500_GRID)!;
    expect(Math.abs(fit.frame.f * height + fit.frame.e * height * 95.8 - (s * 95.8 + o))).toBeLessThan(6);
  });
});

describe("a shaded red form's rules", () => {
  it('are found past the pale pink shading of a row, blurred smooth, which is no rule as thick as a row', () => {
    const width = 400, height = 300;
    const data = new Uint8Array(width * height * 3).fill(255);
    const paint = (y0: number, y1: number, rgb: [number, number, number]): void => {
      for (let y = y0; y < y1; y++) for (let x = 20; x < 380; x++) data.set(rgb, (y * width + x) * 3);
    };
    paint(100, 140, [255, 226, 228]); // a shaded row, redness about 27
    paint(60, 63, [235, 60, 60]); // a rule
    paint(200, 203, [240, 70, 75]); // another
    const lines = (shaded: boolean): number[] =>
      ruledLines(formLineMasks({ width, height, channels: 3, data }, true, 7, shaded).horizontal, width, height, 'horizontal', 30).map((l) => Math.round(l.at));
    expect(lines(true)).toEqual([61, 201]);
    // Without it, the shaded row is taken for rules.
    expect(lines(false).some((at) => at > 100 && at < 140)).toBe(true);
  });
});

describe('fax streaks are no rules', () => {
  it('drops a line running the whole page height, keeping a border that stops short of the edges', async () => {
    const page = grey(850, 1100);
    fill(page, 300, 0, 302, 1099, 60); // a streak, top to bottom
    fill(page, 40, 120, 42, 1040, 60); // the form's border: most of the page, not all of it
    for (const y of [120, 400, 700, 1040]) fill(page, 40, y, 800, y + 1, 60); // a few horizontal rules
    const scan = await prepareScan(page, 1);
    expect(scan.vertical.some((l) => Math.abs(l.at - 41) < 3)).toBe(true);
    expect(scan.vertical.some((l) => Math.abs(l.at - 301) < 3)).toBe(false);
  });
});

describe('rectifying a page with few rules', () => {
  it('rectifies a grey page (a fax) from a third of its rules found exactly, but not a colour page', () => {
    const width = 1700, height = 2200, s = height / 792, o = 20, ox = 15;
    const blank = (channels: 1 | 3): Raster => ({ width, height, channels, data: new Uint8Array(width * height * channels).fill(255) });
    // Every fourth horizontal rule, and only its first half; all vertical rules: about a third of the form by length.
    const horizontal: RuledLine[] = CMS1500_GRID.horizontal
      .filter((_, i) => i % 4 === 0 || i === CMS1500_GRID.horizontal.length - 1)
      .map(([y, x0, x1]) => ({ at: s * y + o, from: s * x0 + ox, to: s * (x0 + (x1 - x0) * 0.5) + ox }));
    const vertical: RuledLine[] = CMS1500_GRID.vertical.map(([x, y0, y1]) => ({ at: s * x + ox, from: s * y0 + o, to: s * y1 + o }));
    const scan = (colour: boolean): PreparedScan => ({ page: 1, image: blank(colour ? 3 : 1), data: blank(1), colour, skewDegrees: 0, horizontal, vertical, streaks: 0 });
    const bands: [number, number][] = [[90, 470], [500, 675], [660, 765]];
    const grey = registerForm(scan(false), CMS1500_GRID, bands)!;
    expect(grey.rectified?.coverage).toBeGreaterThan(0.33);
    expect(grey.rectified?.coverage).toBeLessThan(0.4);
    expect(registerForm(scan(true), CMS1500_GRID, bands)!.rectified).toBeUndefined();
  });
});

describe('page geometry', () => {
  it('evens out a page lit from one side, leaving print dark', () => {
    const page: Raster = { width: 400, height: 300, channels: 3, data: new Uint8Array(400 * 300 * 3) };
    for (let y = 0; y < 300; y++)
      for (let x = 0; x < 400; x++) {
        const light = 250 - (x / 400) * 110;
        const ink = x >= 200 && x < 203 && y >= 100 && y < 130;
        page.data.fill(ink ? 20 : light, (y * 400 + x) * 3, (y * 400 + x) * 3 + 3);
      }
    const flat = flattenBackground(page);
    const at = (x: number, y: number): number => flat.data[(y * 400 + x) * 3]!;
    // From 250 down to 140 across the page before; within about a tenth of white after.
    expect(at(10, 10)).toBeGreaterThan(225);
    expect(at(390, 290)).toBeGreaterThan(225);
    expect(at(201, 115)).toBeLessThan(60);
  });

  it('measures a small skew from the form lines, and the slope of a slanted line', () => {
    const width = 1000, height = 800;
    const mask = new Uint8Array(width * height);
    const slope = Math.tan((0.8 * Math.PI) / 180);
    for (const y0 of [100, 250, 400, 550, 700])
      for (let x = 50; x < 950; x++) {
        const y = Math.round(y0 + slope * x);
        mask[y * width + x] = 1;
        mask[(y + 1) * width + x] = 1;
      }
    // estimateSkew reports the page turned clockwise as positive degrees.
    expect(Math.abs(estimateSkew(mask, width, height) - 0.8)).toBeLessThanOrEqual(0.1);
    const lines = ruledLines(mask, width, height, 'horizontal', 30);
    expect(lines.length).toBe(5);
    for (const l of lines) expect(l.slope).toBeCloseTo(slope, 3);
  });

  it('fits the perspective of a photographed form from its ruled lines, starting from a rough guess', () => {
    const truth: Homography = [2.6, 0.05, 90, -0.03, 2.75, 60, 0.00004, -0.00003];
    const toLine = (a: { u: number; v: number }, b: { u: number; v: number }, dir: 'h' | 'v'): RuledLine => {
      const [along0, along1, at0, at1] = dir === 'h' ? [a.u, b.u, a.v, b.v] : [a.v, b.v, a.u, b.u];
      const slope = (at1 - at0) / (along1 - along0);
      const mid = (along0 + along1) / 2;
      return { at: at0 + slope * (mid - along0), from: Math.min(along0, along1), to: Math.max(along0, along1), slope, mid };
    };
    const horizontal = CMS1500_GRID.horizontal.map(([y, x0, x1]) => toLine(project(truth, x0, y), project(truth, x1, y), 'h'));
    const vertical = CMS1500_GRID.vertical.map(([x, y0, y1]) => toLine(project(truth, x, y0), project(truth, x, y1), 'v'));
    // A rough guess: the affine part only, off by several pixels across the page.
    const guess = (x: number, y: number) => ({ u: 2.6 * x + 0.05 * y + 96, v: -0.03 * x + 2.75 * y + 55 });
    const fit = rectify(horizontal, vertical, CMS1500_GRID, guess, 24)!;
    expect(fit.coverage).toBeGreaterThan(0.95);
    for (const [x, y] of [[19.4, 95.8], [589.3, 756.9], [300, 600]] as const) {
      const want = project(truth, x, y);
      const got = project(fit.homography, x, y);
      expect(Math.hypot(got.u - want.u, got.v - want.v)).toBeLessThan(0.5);
    }
  });
});

describe('reads of one cell voting', () => {
  const cell: CellRequest = { key: 'c', rect: { x: 0, y: 0, w: 10, h: 10 }, kind: 'code', box: '24D', accept: (t) => ['99213', '99214'].includes(t) };
  const read = (text: string, confidence: number): Map<string, CellRead> =>
    new Map([['c', { text, confidence, bbox: { left: 0, top: 0, width: 0, height: 0 }, engine: 'ocr', page: 1 }]]);

  it('takes the possible value over a misread, sure when two reads agree', () => {
    const v = vote(cell, [read('9921B', 0.95), read('99213', 0.7), read('99213', 0.6)])!;
    expect(v.text).toBe('99213');
    expect(v.confidence).toBeGreaterThanOrEqual(0.9);
    expect(v.agreed).toBe(2);
    // What the other reads gave stays with the value, for checks that can choose among them (the total's arithmetic).
    expect(v.rivals).toEqual(['9921B']);
    expect(vote(cell, [read('99213', 0.95), read('99213', 0.9)])!.rivals).toBeUndefined();
  });

  it('leaves two different possible values in doubt rather than picking one', () => {
    const v = vote(cell, [read('99213', 0.95), read('99214', 0.9)])!;
    expect(v.confidence).toBeLessThanOrEqual(0.5);
  });

  it('does not trust a value nothing else checks (a date, a ZIP) on one read, however sure it claims to be', () => {
    const date: CellRequest = { ...cell, twice: true, accept: (t) => /^\d{2}$/.test(t) };
    expect(vote(date, [read('16', 0.96), read('1G', 0.9)])!.confidence).toBeLessThan(0.8);
    expect(vote(date, [read('16', 0.96), read('16', 0.9)])!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('when no read is a possible value, takes one the reader can repair over an earlier one it cannot, unsure', () => {
    const repairable: CellRequest = { ...cell, repairable: (t) => t === 'AD429' };
    const v = vote(repairable, [read('AG', 0.45), read('AD429', 0.87)])!;
    expect(v.text).toBe('AD429');
    expect(v.confidence).toBeLessThanOrEqual(0.5);
    expect(vote(cell, [read('AG', 0.45), read('AD429', 0.87)])!.text).toBe('AG');
  });

  it('keeps what agreeing reads say even when it is no known value, and never trusts a lone misread', () => {
    expect(vote(cell, [read('90782', 0.9), read('90782', 0.85)])).toMatchObject({ text: '90782', agreed: 2 });
    expect(vote(cell, [read('9O782', 0.9), read('90782', 0.85)])!.confidence).toBeLessThanOrEqual(0.5);
    // Two reads of what is printed outweigh one read that happens to be a known code.
    expect(vote(cell, [read('90782', 0.9), read('99213', 0.7), read('90782', 0.85)])).toMatchObject({ text: '90782', agreed: 2 });
  });

  it("takes the most reads agreeing on a value's shape over fewer, or over pieces of one (a modifier's OX over X)", () => {
    const modifier: CellRequest = { ...cell, kind: 'modifier', accept: (t) => t === 'QX', shaped: (t) => /^[A-Z0-9]{2}$/.test(t) };
    expect(vote(modifier, [read('X', 0.13), read('X', 0.12), read('OX', 0.5), read('OX', 0.46), read('OX', 0.63)])).toMatchObject({ text: 'OX', agreed: 3 });
    expect(vote(modifier, [read('K', 0.81), read('K', 0.68), read('K', 0), read('KO', 0.3), read('KO', 0.2)])).toMatchObject({ text: 'KO', agreed: 2 });
    // A possible value read once beats pieces read more often.
    const k4: CellRequest = { ...modifier, accept: (t) => ['K4', 'KA'].includes(t) };
    expect(vote(k4, [read('K', 0.81), read('K', 0.68), read('K4', 0.83), read('KA', 0.29), read('K', 0), read('8', 0.2), read('K', 0)])!.text).toBe('K4');
  });

  it('takes a sure read holding what unsure agreeing reads hold and one digit more, in doubt (18 beside two unsure 8s)', () => {
    const units: CellRequest = { ...cell, kind: 'digits', accept: (t) => /^\d{1,4}$/.test(t) };
    const v = vote(units, [read('8', 0.29), read('18', 1), read('8', 0.14)])!;
    expect(v.text).toBe('18');
    expect(v.confidence).toBeLessThanOrEqual(0.5);
    // Agreeing reads that were sure stand.
    expect(vote(units, [read('8', 0.95), read('18', 1), read('8', 0.9)])!.text).toBe('8');
  });

  it('takes a year read once over one digit of it read more often', () => {
    const year: CellRequest = { ...cell, kind: 'digits', accept: (t) => /^(\d{2}|\d{4})$/.test(t), shaped: (t) => /^(\d{2}|\d{4})$/.test(t) };
    expect(vote(year, [read('5', 0.83), read('25', 1), read('5', 0.98), read('2', 0.54)])!.text).toBe('25');
  });

  it('leaves a possible value in doubt when something else was read more often (the streak-lost 2345 beside 21345)', () => {
    const code: CellRequest = { ...cell, accept: (t) => t === '21345', shaped: (t) => /^[A-Z0-9]{5}$/.test(t) };
    const v = vote(code, [read('2345', 0.98), read('2345', 0.99), read('2345', 0.98), read('21345', 0.88), read('21345', 0.67)])!;
    expect(v.text).toBe('21345');
    expect(v.confidence).toBeLessThanOrEqual(0.5);
  });

  it('takes no agreement from reads that only weighed the candidates of a misread', () => {
    const weighed = (text: string) => new Map([['c', { text, confidence: 0.5, bbox: { left: 0, top: 0, width: 0, height: 0 }, engine: 'ocr' as const, page: 1, weighed: true }]]);
    expect(vote(cell, [weighed('99213'), weighed('99213')])!.confidence).toBeLessThanOrEqual(0.5);
    expect(vote(cell, [weighed('99213'), read('99213', 0.8), read('99213', 0.7)])!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('stops reading a cell whose every read is no possible value and unsure (a watermark or stamp across it)', () => {
    expect(illegible(cell, [read('ARAE', 0.01), read('AA EA', 0), read('MERA F', 0.02), read('1..1', 0.16)])).toBe(true);
    // Not before four reads, not when one read was sure of what it saw, and never when a read is a possible value.
    expect(illegible(cell, [read('ARAE', 0.01), read('AA EA', 0), read('MERA F', 0.02)])).toBe(false);
    expect(illegible(cell, [read('ARAE', 0.01), read('AA EA', 0), read('MERA F', 0.02), read('9921', 0.9)])).toBe(false);
    expect(illegible(cell, [read('ARAE', 0.01), read('AA EA', 0), read('MERA F', 0.02), read('99213', 0.1)])).toBe(false);
  });

  it('does not let reads that agree on a value without its shape (a code that lost a character) outweigh a possible value', () => {
    const code: CellRequest = { ...cell, shaped: (t) => /^[A-Z0-9]{5}$/.test(t) };
    expect(vote(code, [read('9921', 0.9), read('9921', 0.85), read('99213', 0.8)])!.text).toBe('99213');
    expect(vote(cell, [read('9921', 0.9), read('9921', 0.85), read('99213', 0.8)])!.text).toBe('9921');
  });
});

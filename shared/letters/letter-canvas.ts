// The page machinery shared by the offer letter and the settlement agreement: US Letter pages, a letterhead,
// text that flows top to bottom with explicit page breaks, and a footer with "Page X of Y" written once all pages exist.
import PDFDocument from 'pdfkit';
import { instantOf } from './letter-dates.ts';
import type { Letterhead } from './offer-letter-input.ts';
import { printable } from './plain-text.ts';

export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;
export const MARGIN_LEFT = 60;
export const MARGIN_RIGHT = 60;
export const MARGIN_TOP = 54;
/** Body text stops here; the footer lives below. */
export const BODY_BOTTOM = PAGE_HEIGHT - 66;
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

export const COLORS = {
  ink: '#1b1f24',
  muted: '#5a6370',
  accent: '#1f3a5f',
  rule: '#c5ced8',
  shade: '#f1f4f7',
  headerText: '#ffffff',
} as const;

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
const FONT_NAMES: Record<FontStyle, string> = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
};

export interface TextStyle {
  font?: FontStyle;
  size?: number;
  color?: string;
  x?: number;
  width?: number;
  align?: 'left' | 'right' | 'center' | 'justify';
  /** Extra space after the text, in points. */
  after?: number;
  lineGap?: number;
}

export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  /** ISO date: the PDF's creation and modification date, so identical input gives identical bytes. */
  date: string;
}

export class LetterCanvas {
  readonly doc: PDFKit.PDFDocument;
  /** The top of the next thing to draw on the current page. */
  y = MARGIN_TOP;
  /** Called after every page break, to draw a running header; it moves `y` below what it draws. */
  onNewPage: (() => void) | null = null;
  private readonly output: Promise<Uint8Array>;

  constructor(meta: DocumentMeta) {
    const at = instantOf(meta.date);
    this.doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: MARGIN_TOP, bottom: PAGE_HEIGHT - BODY_BOTTOM, left: MARGIN_LEFT, right: MARGIN_RIGHT },
      bufferPages: true,
      lang: 'en-US',
      displayTitle: true,
      info: {
        Title: printable(meta.title),
        Subject: printable(meta.subject),
        Author: printable(meta.author),
        Creator: 'Parley',
        Producer: 'Parley (PDFKit)',
        CreationDate: at,
        ModDate: at,
      },
    });
    const chunks: Buffer[] = [];
    this.output = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      this.doc.on('error', reject);
    });
  }

  setFont(style: FontStyle, size: number): this {
    this.doc.font(FONT_NAMES[style]).fontSize(size);
    return this;
  }

  heightOf(text: string, style: TextStyle = {}): number {
    this.setFont(style.font ?? 'regular', style.size ?? 10);
    return this.doc.heightOfString(text, { width: style.width ?? CONTENT_WIDTH, lineGap: style.lineGap ?? 1.5 });
  }

  widthOf(text: string, font: FontStyle, size: number): number {
    this.setFont(font, size);
    return this.doc.widthOfString(text);
  }

  /** Cuts `text` with an ellipsis until it fits `width` on one line. */
  fit(text: string, width: number, font: FontStyle, size: number): string {
    if (this.widthOf(text, font, size) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.widthOf(`${text.slice(0, mid).trimEnd()}…`, font, size) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }

  /** Greedy word wrap into at most `maxLines` lines; the last kept line ends with an ellipsis when text was cut. */
  wrap(text: string, width: number, font: FontStyle, size: number, maxLines: number): string[] {
    const lines: string[] = [];
    let current = '';
    const words = text.split(' ').filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const candidate = current ? `${current} ${word}` : word;
      if (this.widthOf(candidate, font, size) <= width || current === '') {
        current = candidate;
        continue;
      }
      lines.push(current);
      current = word;
      if (lines.length === maxLines) {
        const last = `${lines.pop()!} ${words.slice(i).join(' ')}`;
        lines.push(this.fit(last, width, font, size));
        return lines;
      }
    }
    if (current) lines.push(current);
    return lines.map((l) => this.fit(l, width, font, size));
  }

  /** Starts a new page when `height` more points would not fit on this one. */
  ensureSpace(height: number): void {
    if (this.y + height > BODY_BOTTOM) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN_TOP;
    this.onNewPage?.();
  }

  /** Draws a block of text at `y` (wrapping within `width`) and moves `y` below it. */
  text(text: string, style: TextStyle = {}): void {
    const width = style.width ?? CONTENT_WIDTH;
    const height = this.heightOf(text, style);
    this.ensureSpace(height);
    this.setFont(style.font ?? 'regular', style.size ?? 10);
    this.doc.fillColor(style.color ?? COLORS.ink).text(text, style.x ?? MARGIN_LEFT, this.y, {
      width,
      align: style.align ?? 'left',
      lineGap: style.lineGap ?? 1.5,
    });
    this.y += height + (style.after ?? 0);
  }

  /** One line of text at an explicit position that never wraps and never moves `y`. */
  label(text: string, x: number, y: number, style: TextStyle & { width: number }): void {
    const font = style.font ?? 'regular';
    const size = style.size ?? 10;
    const fitted = this.fit(text, style.width, font, size);
    this.setFont(font, size);
    this.doc.fillColor(style.color ?? COLORS.ink).text(fitted, x, y, {
      width: style.width,
      align: style.align ?? 'left',
      lineBreak: false,
    });
  }

  rule(y: number, color: string = COLORS.rule, weight = 0.75, x1 = MARGIN_LEFT, x2 = PAGE_WIDTH - MARGIN_RIGHT): void {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(weight).strokeColor(color).stroke().restore();
  }

  box(x: number, y: number, width: number, height: number, fill: string | null, stroke: string | null = null): void {
    this.doc.save().rect(x, y, width, height);
    if (fill && stroke) this.doc.lineWidth(0.75).fillAndStroke(fill, stroke);
    else if (fill) this.doc.fill(fill);
    else if (stroke) this.doc.lineWidth(0.75).stroke(stroke);
    this.doc.restore();
  }

  /** A section heading kept on the same page as at least `keepWith` points of what follows. */
  heading(text: string, keepWith = 40): void {
    this.ensureSpace(22 + keepWith);
    this.y += 6;
    this.label(text.toUpperCase(), MARGIN_LEFT, this.y, { font: 'bold', size: 9.5, color: COLORS.accent, width: CONTENT_WIDTH });
    this.y += 13;
    this.rule(this.y, COLORS.accent, 0.75);
    this.y += 7;
  }

  /** The first page's letterhead: logo, organization, address and contact lines, then a rule. */
  letterhead(head: Letterhead): void {
    let textX = MARGIN_LEFT;
    const top = this.y;
    if (head.logoPng) {
      this.doc.image(Buffer.from(head.logoPng), MARGIN_LEFT, top, { fit: [54, 54] });
      textX += 66;
    }
    const contactWidth = 170;
    const leftWidth = CONTENT_WIDTH - contactWidth - 12 - (textX - MARGIN_LEFT);
    // A long organization name steps the type down before anything is cut.
    const name = printable(head.organizationName, 80);
    let nameSize = 16;
    while (nameSize > 11 && this.widthOf(name, 'bold', nameSize) > leftWidth) nameSize -= 0.5;
    this.label(name, textX, top + 2 + (16 - nameSize) / 2, { font: 'bold', size: nameSize, color: COLORS.accent, width: leftWidth });
    let lineY = top + 23;
    for (const line of head.addressLines) {
      this.label(printable(line, 80), textX, lineY, { size: 8.5, color: COLORS.muted, width: leftWidth });
      lineY += 11;
    }
    const contact = [head.phone && `Tel. ${head.phone}`, head.email, head.website].filter((v): v is string => !!v);
    let contactY = top + 4;
    const contactX = MARGIN_LEFT + CONTENT_WIDTH - contactWidth;
    for (const line of contact) {
      this.label(printable(line, 80), contactX, contactY, { size: 8.5, color: COLORS.muted, width: contactWidth, align: 'right' });
      contactY += 11;
    }
    this.y = Math.max(lineY, contactY, head.logoPng ? top + 54 : 0) + 8;
    this.rule(this.y, COLORS.accent, 2);
    this.y += 18;
  }

  /** Writes the footer on every page (left text, "Page X of Y" on the right), then ends the document. */
  async finish(footerLeft: string): Promise<Uint8Array> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      // Writing below the bottom margin would make PDFKit open a new page: lift the margin while drawing the footer.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = PAGE_HEIGHT - 46;
      this.rule(y - 6, COLORS.rule, 0.5);
      this.label(footerLeft, MARGIN_LEFT, y, { size: 7.5, color: COLORS.muted, width: CONTENT_WIDTH - 80 });
      this.label(`Page ${i + 1} of ${range.count}`, PAGE_WIDTH - MARGIN_RIGHT - 80, y, {
        size: 7.5,
        color: COLORS.muted,
        width: 80,
        align: 'right',
      });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.output;
  }
}

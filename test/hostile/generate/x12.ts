// 837P files generated segment by segment: one well-formed claim whose every extracted text field can be replaced,
// and the edits that break it (separators, envelopes, hierarchy, numbers, dates, sizes).

export type Segment = string[];

export interface ClaimFields {
  billingName: string;
  billingNpi: string;
  billingTin: string;
  billingStreet: string;
  billingCity: string;
  billingState: string;
  billingZip: string;
  subscriberLast: string;
  subscriberFirst: string;
  memberId: string;
  payerName: string;
  payerId: string;
  claimNumber: string;
  totalCharge: string;
  placeOfService: string;
  lines: { code: string; modifiers?: string[]; charge: string; units: string; date: string }[];
}

/** A clean professional claim in Manhattan: priced and offered by Parley without review. */
export const CLEAN_CLAIM: ClaimFields = {
  billingName: 'CHELSEA ORTHOPEDIC ASSOCIATES PC',
  billingNpi: '1245319599',
  billingTin: '134567890',
  billingStreet: '214 WEST 29TH STREET',
  billingCity: 'NEW YORK',
  billingState: 'NY',
  billingZip: '100010001',
  subscriberLast: 'RIVERA',
  subscriberFirst: 'MARISOL',
  memberId: 'XQH889102341',
  payerName: 'EXAMPLE EMPLOYER HEALTH PLAN',
  payerId: 'EEHP01',
  claimNumber: 'CHO-2025-00417',
  totalCharge: '830.00',
  placeOfService: '11',
  lines: [
    { code: '99204', charge: '450.00', units: '1', date: '20250312' },
    { code: '20610', modifiers: ['RT'], charge: '380.00', units: '1', date: '20250312' },
  ],
};

/** The segments of the claim's transaction set body (from BHT to the last line), for the given fields. */
export function claimBody(fields: Partial<ClaimFields> = {}): Segment[] {
  const f = { ...CLEAN_CLAIM, ...fields };
  return [
    ['BHT', '0019', '00', 'HOSTILE0001', '20250402', '0930', 'CH'],
    ['NM1', '41', '2', 'HUDSON MEDICAL BILLING LLC', '', '', '', '', '46', 'HMB0001'],
    ['PER', 'IC', 'BILLING OFFICE', 'TE', '2125550142'],
    ['NM1', '40', '2', 'PARLEY REPRICING', '', '', '', '', '46', 'PARLEYREPRICE'],
    ['HL', '1', '', '20', '1'],
    ['PRV', 'BI', 'PXC', '207X00000X'],
    ['NM1', '85', '2', f.billingName, '', '', '', '', 'XX', f.billingNpi],
    ['N3', f.billingStreet],
    ['N4', f.billingCity, f.billingState, f.billingZip],
    ['REF', 'EI', f.billingTin],
    ['HL', '2', '1', '22', '0'],
    ['SBR', 'P', '18', 'GRP55512', '', '', '', '', '', 'CI'],
    ['NM1', 'IL', '1', f.subscriberLast, f.subscriberFirst, '', '', '', 'MI', f.memberId],
    ['NM1', 'PR', '2', f.payerName, '', '', '', '', 'PI', f.payerId],
    ['CLM', f.claimNumber, f.totalCharge, '', '', `${f.placeOfService}:B:1`, 'Y', 'A', 'Y', 'Y'],
    ['HI', 'ABK:M1711'],
    ...f.lines.flatMap((line, i) => [
      ['LX', String(i + 1)],
      ['SV1', ['HC', line.code, ...(line.modifiers ?? [])].join(':'), line.charge, 'UN', line.units, '', '', '1'],
      ['DTP', '472', 'D8', line.date],
    ]),
  ];
}

export interface EnvelopeOptions {
  controlNumber?: string;
  groupControl?: string;
  /** SE01 as written; the true count when absent. */
  seCount?: string;
  se02?: string;
  ge02?: string;
  iea02?: string;
}

/** ISA ... IEA around transaction set bodies (one ST/SE each). */
export function interchange(bodies: Segment[][], options: EnvelopeOptions = {}): Segment[] {
  const isa13 = options.controlNumber ?? '000000777';
  const gs06 = options.groupControl ?? '777';
  const out: Segment[] = [
    ['ISA', '00', '          ', '00', '          ', 'ZZ', 'HOSTILETEST    ', 'ZZ', 'PARLEYREPRICE  ', '250402', '0930', '^', '00501', isa13, '0', 'P', ':'],
    ['GS', 'HC', 'HOSTILETEST', 'PARLEYREPRICE', '20250402', '0930', gs06, 'X', '005010X222A1'],
  ];
  bodies.forEach((body, i) => {
    const st = String(i + 1).padStart(4, '0');
    out.push(['ST', '837', st, '005010X222A1'], ...body, ['SE', options.seCount ?? String(body.length + 2), options.se02 ?? st]);
  });
  out.push(['GE', String(bodies.length), options.ge02 ?? gs06], ['IEA', '1', options.iea02 ?? isa13]);
  return out;
}

export interface Separators {
  element: string;
  component: string;
  segment: string;
  repetition: string;
}

const STANDARD: Separators = { element: '*', component: ':', segment: '~', repetition: '^' };

/** Writes segments with the given separators (ISA16 and ISA11 follow them), one segment a line. */
export function x12Text(segments: Segment[], separators: Partial<Separators> = {}, lineBreak = '\n'): string {
  const s = { ...STANDARD, ...separators };
  return segments
    .map((segment) => {
      const elements = segment[0] === 'ISA' ? segment.map((e, i) => (i === 16 ? s.component : i === 11 ? s.repetition : e)) : segment;
      const text = elements.join(s.element);
      return segment[0] === 'ISA' ? text : text.replace(/:/g, s.component);
    })
    .map((text) => `${text}${s.segment}${lineBreak}`)
    .join('');
}

/** A whole 837 holding one clean claim, with its fields replaced as given. */
export const claimFile = (fields: Partial<ClaimFields> = {}, envelope: EnvelopeOptions = {}): string => x12Text(interchange([claimBody(fields)], envelope));

/** Edits the body: replaces every segment whose id (and first element, when given) matches. */
export function replaceSegments(body: Segment[], id: string, replace: (segment: Segment) => Segment | Segment[] | null): Segment[] {
  return body.flatMap((segment) => {
    if (segment[0] !== id) return [segment];
    const replaced = replace(segment);
    if (replaced === null) return [];
    return Array.isArray(replaced[0]) ? (replaced as Segment[]) : [replaced as Segment];
  });
}

/**
 * A transaction set of `segments` segments after its header: HL levels, names and references, but not one CLM.
 * Written straight to a string (a million segments is about 20 MB).
 */
export function segmentsWithoutClaims(segments: number): string {
  const head = x12Text(interchange([[]])).split('\n');
  const [isa, gs, st] = head;
  const parts: string[] = [isa!, gs!, st!];
  const filler = ['REF*EI*134567890~', 'N3*214 WEST 29TH STREET~', 'PER*IC*BILLING OFFICE*TE*2125550142~', 'NM1*41*2*HUDSON MEDICAL BILLING LLC*****46*HMB0001~'];
  parts.push('BHT*0019*00*HOSTILE0001*20250402*0930*CH~', 'HL*1**20*1~');
  for (let i = 3; i < segments; i++) parts.push(filler[i % filler.length]!);
  // ST, BHT, HL and the fillers are `segments` segments; SE makes one more.
  parts.push(`SE*${segments + 1}*0001~`, 'GE*1*777~', 'IEA*1*000000777~');
  return parts.join('\n');
}

/** `depth` HL levels, each the child of the one before, under one billing provider: a hierarchy that never ends. */
export function deepHierarchyBody(depth: number): Segment[] {
  const body = claimBody();
  const hlAt = body.findIndex((s) => s[0] === 'HL' && s[1] === '2');
  const chain: Segment[] = [];
  for (let i = 0; i < depth; i++) chain.push(['HL', String(i + 2), String(i + 1), '22', '1'], ['SBR', 'P', '18', 'GRP55512', '', '', '', '', '', 'CI']);
  const clm = body.slice(hlAt + 1);
  const last = depth + 2;
  return [...body.slice(0, hlAt), ...chain, ['HL', String(last), String(last - 1), '22', '0'], ...clm];
}

/** A clean claim file with `count` segments between its SE and GE: each outside any transaction set, each a problem. */
export function strayInsideInterchange(count: number): string {
  const clean = claimFile();
  const at = clean.indexOf('GE*');
  return `${clean.slice(0, at)}${Array.from({ length: count }, (_, i) => `REF*EI*${i}~\n`).join('')}${clean.slice(at)}`;
}

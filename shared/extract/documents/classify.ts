// Tells a CMS-1500 from a UB-04, an itemized statement or anything else by the words printed on the page.
import type { PageWords } from './words.ts';

export type PageClass = 'cms1500' | 'ub04' | 'itemized-statement' | 'other';

const CMS1500_MARKS = [
  /HEALTH\s*INSURANCE\s*CLAIM\s*FORM/,
  /\bNUCC\b/,
  /\bPICA\b/,
  /INSURED'?S\s*I\.?\s*D\.?\s*NUMBER/,
  /PATIENT'?S\s*NAME/,
  /FEDERAL\s*TAX\s*I\.?\s*D/,
  /BILLING\s*PROVIDER\s*INFO/,
  /SERVICE\s*FACILITY\s*LOCATION/,
  /DIAGNOSIS\s*OR\s*NATURE/,
  /OMB-?0938-?1197/,
  /PHYSICIAN\s*OR\s*SUPPLIER/,
  /\bCARRIER\b/,
  /ACCEPT\s*ASSIGNMENT/,
  /TOTAL\s*CHARGE/,
  /AMOUNT\s*PAID/,
  /RENDERING/,
];

const UB04_MARKS = [
  /\bUB-?04\b/,
  /\bNUBC\b/,
  /TYPE\s*OF\s*BILL/,
  /STATEMENT\s*COVERS\s*PERIOD/,
  /PAT\.?\s*CNTL/,
  /FED\.?\s*TAX\s*NO/,
  /REV\.?\s*CD/,
  /HCPCS\s*\/\s*RATE/,
  /SERV\.?\s*UNITS/,
  /NON-?COVERED\s*CHARGES/,
  /ATTENDING/,
  /ADMISSION/,
  /CONDITION\s*CODES/,
  /OCCURRENCE/,
  /VALUE\s*CODES/,
  /PRIN\.?\s*PROC/,
];

const STATEMENT_MARKS = [
  /ITEMI[ZS]ED/,
  /\bSTATEMENT\b/,
  /\bDESCRIPTION\b/,
  /\bQTY\b|\bQUANTITY\b|\bUNITS\b/,
  /\bAMOUNT\b|\bCHARGES?\b/,
  /\bBALANCE\b/,
  /\bTOTAL\b/,
  /\bREV(ENUE)?\.?\s*(CODE|CD)\b/,
  /\bCPT\b|\bHCPCS\b|\bPROC(EDURE)?\s*CODE\b/,
  /DATE\s*OF\s*SERVICE|SERVICE\s*DATE|\bDOS\b/,
  /\bPATIENT\b/,
  /\bACCOUNT\b/,
];

/** Field names of the widely used fillable CMS-1500 (NUCC 02/12) PDF. */
const CMS1500_FIELD_NAMES = ['sv1_mm_from', 'cpt1', 'ch1', 't_charge', 'pt_name', 'insurance_id', 'tax_id', 'pt_account'];

export interface Classification {
  kind: PageClass;
  scores: Record<Exclude<PageClass, 'other'>, number>;
}

const score = (text: string, marks: RegExp[]): number => marks.filter((m) => m.test(text)).length;

export function classifyPage(page: PageWords): Classification {
  const text = page.words
    .map((w) => w.text)
    .join(' ')
    .toUpperCase();
  const fieldHits = CMS1500_FIELD_NAMES.filter((f) => page.fields?.[f] !== undefined).length;
  const scores = {
    cms1500: score(text, CMS1500_MARKS) + (fieldHits >= 3 ? 6 : 0),
    ub04: score(text, UB04_MARKS),
    'itemized-statement': score(text, STATEMENT_MARKS),
  };
  let kind: PageClass = 'other';
  if (scores.cms1500 >= 4 && scores.cms1500 >= scores.ub04) kind = 'cms1500';
  else if (scores.ub04 >= 4) kind = 'ub04';
  else if (scores['itemized-statement'] >= 4) kind = 'itemized-statement';
  return { kind, scores };
}

/** Words of a medical bill's printed form that other papers rarely carry together (no dates, totals, amounts). */
const BILL_WORDS = new Set([
  'PATIENT', 'INSURED', 'INSURANCE', 'PHYSICIAN', 'SUPPLIER', 'DIAGNOSIS', 'PROVIDER', 'BILLING', 'CLAIM', 'MEDICARE',
  'MEDICAID', 'TRICARE', 'CHAMPVA', 'PROCEDURES', 'MODIFIER', 'FACILITY', 'RENDERING', 'REFERRING', 'HOSPITALIZATION',
  'POINTER', 'NPI', 'HCPCS', 'CPT', 'REVENUE', 'ADMISSION', 'ATTENDING', 'PAYER',
]);

/** The distinct medical-bill words read on a page: a page that has several is a bill, however badly it reads. */
export function billWords(page: PageWords): string[] {
  const words = page.words.flatMap((w) => w.text.toUpperCase().replace(/[^A-Z]+/g, ' ').split(' '));
  return [...new Set(words.filter((w) => BILL_WORDS.has(w)))];
}

// Which 837 loop an NM1 opens, by entity identifier code, claim type and version (5010 and 4010 letter the loops differently).
import type { ClaimType } from '../../model/bill.ts';
import type { Provider } from '../../model/bill.ts';

type LoopTable = Readonly<Record<string, string>>;

const CLAIM_PROVIDERS: Record<'5010' | '4010', Record<ClaimType, LoopTable>> = {
  '5010': {
    professional: { DN: '2310A', P3: '2310A', '82': '2310B', '77': '2310C', DQ: '2310D', PW: '2310E', '45': '2310F' },
    institutional: { '71': '2310A', '72': '2310B', ZZ: '2310C', '82': '2310D', '77': '2310E', DN: '2310F' },
  },
  '4010': {
    professional: {
      DN: '2310A',
      P3: '2310A',
      '82': '2310B',
      QB: '2310C',
      '77': '2310D',
      FA: '2310D',
      LI: '2310D',
      TL: '2310D',
      DQ: '2310E',
    },
    institutional: { '71': '2310A', '72': '2310B', '73': '2310C', DN: '2310D', FA: '2310E', '77': '2310E' },
  },
};

const OTHER_PAYER_NAMES: Record<ClaimType, LoopTable> = {
  professional: { IL: '2330A', PR: '2330B', DN: '2330C', P3: '2330C', '82': '2330D', '77': '2330E', DQ: '2330F', '85': '2330G' },
  institutional: {
    IL: '2330A',
    PR: '2330B',
    '71': '2330C',
    '72': '2330D',
    ZZ: '2330E',
    '73': '2330E',
    '77': '2330F',
    '82': '2330G',
    DN: '2330H',
    '85': '2330I',
  },
};

const LINE_PROVIDERS: Record<ClaimType, LoopTable> = {
  professional: {
    '82': '2420A',
    QB: '2420B',
    '77': '2420C',
    FA: '2420C',
    DQ: '2420D',
    DK: '2420E',
    DN: '2420F',
    P3: '2420F',
    PW: '2420G',
    '45': '2420H',
  },
  institutional: { '72': '2420A', ZZ: '2420B', '73': '2420B', '82': '2420C', DN: '2420D' },
};

const HIERARCHY_NAMES: LoopTable = {
  '85': '2010AA',
  '87': '2010AB',
  PE: '2010AC',
  IL: '2010BA',
  PR: '2010BB',
  QD: '2010BC',
  AO: '2010BD',
  QC: '2010CA',
};

export function claimProviderLoop(entity: string, claimType: ClaimType, version: '5010' | '4010'): string {
  return CLAIM_PROVIDERS[version][claimType][entity] ?? '2310';
}

export function otherPayerLoop(entity: string, claimType: ClaimType): string {
  return OTHER_PAYER_NAMES[claimType][entity] ?? '2330';
}

export function lineProviderLoop(entity: string, claimType: ClaimType): string {
  return LINE_PROVIDERS[claimType][entity] ?? '2420';
}

export function hierarchyNameLoop(entity: string, level: string): string {
  const known = HIERARCHY_NAMES[entity];
  if (known) return known;
  return level === '20' ? '2010A' : level === '22' ? '2010B' : level === '23' ? '2010C' : '2010';
}

/** The Bill provider role an entity code stands for at claim level (2310), if Parley keeps it. */
export function claimProviderRole(entity: string): Provider['role'] | null {
  switch (entity) {
    case '82':
      return 'rendering';
    case '71':
      return 'attending';
    case '72':
      return 'operating';
    case 'DN':
    case 'P3':
      return 'referring';
    case '77':
    case 'FA':
    case 'LI':
    case 'TL':
      return 'service-facility';
    default:
      return null;
  }
}

/** Names of transaction sets that are not claims, for refusal messages. */
export const TRANSACTION_SET_NAMES: Readonly<Record<string, string>> = {
  '835': 'health care claim payment/advice, a remittance',
  '270': 'eligibility inquiry',
  '271': 'eligibility response',
  '276': 'claim status request',
  '277': 'claim status response',
  '278': 'services review (prior authorization)',
  '834': 'benefit enrollment',
  '820': 'premium payment',
  '999': 'implementation acknowledgment',
  '997': 'functional acknowledgment',
  '824': 'application advice',
  '837': 'health care claim',
};

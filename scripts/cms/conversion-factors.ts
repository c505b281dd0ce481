// Conversion factors per year: read from the files where CMS prints them, else from the final rules (cited).
import { decodeText } from './delimited-text.ts';
import { derivePprrvu } from './pprrvu.ts';
import { parseScaled } from './decimal.ts';
import type { SourceRoot } from './source-files.ts';
import type { ConversionFactorsFile } from '../../shared/pricing/table-format.ts';

export function deriveConversionFactors(src: SourceRoot): ConversionFactorsFile[] {
  // 2025: the MPFS CF is the PPRRVU's CONV FACTOR column; the national anesthesia CF is printed in ANES2025's header.
  const rvuFile = src.find('pfs2025', /^PPRRVU2025_\w+\.csv$/i);
  const rvu = src.read('pfs2025', rvuFile);
  const mpfs2025 = derivePprrvu(decodeText(rvu.bytes, 'windows-1252'), rvu.source, 2025).cf;
  const anesFile = src.find('pfs2025', /^ANES2025\.csv$/i);
  const anes = src.read('pfs2025', anesFile);
  const anesHeader = /National Anes CF of ([\d.]+)/i.exec(decodeText(anes.bytes, 'windows-1252'));
  if (!anesHeader) throw new Error(`${anesFile}: no "National Anes CF of" header`);
  return [
    {
      meta: {
        table: 'conversion-factors',
        year: 2025,
        release: 'CY2025 PFS final rule (RVU25D)',
        released: null,
        sources: [rvu.source, anes.source],
        notes: ['MPFS CF from the PPRRVU CONV FACTOR column; anesthesia CF from the ANES2025 header.'],
      },
      mpfs: mpfs2025,
      mpfsQualifyingApm: null,
      anesthesia: parseScaled(anesHeader[1]!, 4, anesFile),
      opps: null,
    },
    {
      meta: {
        table: 'conversion-factors',
        year: 2026,
        release: 'CY2026 PFS and OPPS final rules',
        released: null,
        sources: [],
        notes: [
          'Not printed in any file on hand: CY2026 PFS final rule CFs 33.4009 (non-qualifying APM) and 33.5675 (qualifying APM), anesthesia 20.4976; CY2026 OPPS final rule CF 91.415.',
        ],
      },
      mpfs: 334009,
      mpfsQualifyingApm: 335675,
      anesthesia: 204976,
      opps: 91415,
    },
  ];
}

// Same-day reductions across a claim's MPFS lines (RVU file, multiple procedure indicator): surgery ranked by fee
// (indicator 2: 100%, 50%, 50%...; indicator 1: 100%, 50%, 25%...), endoscopies in one family (3: each further
// endoscopy pays its fee minus the base procedure's), diagnostic imaging (4: TC 50%, PC 5% after the first),
// cardiovascular (6: TC 25%) and ophthalmology (7: TC 20%) tests, and always-therapy PE (5: 50% after the first).
import type { MpfsLineFacts } from './service-price.ts';
import { divRound } from './decimal-format.ts';

export interface ProcedureLine {
  /** Position in the caller's list. */
  index: number;
  /** Same day, same provider, same role: lines that reduce each other share a group. */
  group: string;
  units: number;
  facts: MpfsLineFacts;
}

export interface Reduction {
  index: number;
  /** The line's benchmark after the reductions. */
  benchmarkCents: number;
  /** What happened, for the line's formula and explanation. */
  note: string;
  /** Per unit: percentage paid or the component reduced. */
  detail: string[];
}

interface Instance {
  line: ProcedureLine;
  fee: number;
}

function expand(lines: ProcedureLine[], fee: (l: ProcedureLine) => number | null): Instance[] {
  const out: Instance[] = [];
  for (const line of lines) {
    const f = fee(line);
    if (f === null) continue;
    const whole = Math.max(1, Math.floor(line.units));
    for (let u = 0; u < whole; u++) out.push({ line, fee: f });
  }
  return out.sort((a, b) => b.fee - a.fee || a.line.index - b.line.index);
}

/** Applies the reductions; lines not reduced are left out of the result. */
export function multipleProcedureReductions(lines: readonly ProcedureLine[]): Reduction[] {
  const byGroup = new Map<string, ProcedureLine[]>();
  for (const l of lines) {
    const list = byGroup.get(l.group) ?? [];
    list.push(l);
    byGroup.set(l.group, list);
  }
  // Per line: cents removed and notes.
  const cut = new Map<number, { cents: number; detail: string[] }>();
  const take = (line: ProcedureLine, cents: number, detail: string) => {
    if (cents <= 0) return;
    const c = cut.get(line.index) ?? { cents: 0, detail: [] };
    c.cents += cents;
    c.detail.push(detail);
    cut.set(line.index, c);
  };

  for (const group of byGroup.values()) {
    surgery(group, take);
    componentReduction(group, '4', 'TC', 50, take);
    componentReduction(group, '4', 'PC', 5, take);
    componentReduction(group, '6', 'TC', 25, take);
    componentReduction(group, '7', 'TC', 20, take);
    therapy(group, take);
  }
  const out: Reduction[] = [];
  for (const line of lines) {
    const c = cut.get(line.index);
    if (!c) continue;
    const full = Math.round(line.facts.unitCents * line.units);
    out.push({ index: line.index, benchmarkCents: Math.max(0, full - c.cents), note: c.detail.join('; '), detail: c.detail });
  }
  return out;
}

type Take = (line: ProcedureLine, cents: number, detail: string) => void;

function surgery(group: ProcedureLine[], take: Take): void {
  const surgical = group.filter((l) => l.facts.mult === '1' || l.facts.mult === '2' || l.facts.mult === '3');
  // Endoscopy families first: within a family the highest pays in full, each other pays its fee minus the base's.
  const units: { key: string; fee: number; lines: ProcedureLine[]; mult: string }[] = [];
  const families = new Map<string, Instance[]>();
  for (const inst of expand(surgical, (l) => l.facts.unitCents)) {
    if (inst.line.facts.mult === '3' && inst.line.facts.endoBase) {
      const list = families.get(inst.line.facts.endoBase) ?? [];
      list.push(inst);
      families.set(inst.line.facts.endoBase, list);
    } else units.push({ key: `u${units.length}`, fee: inst.fee, lines: [inst.line], mult: inst.line.facts.mult });
  }
  for (const [base, members] of families) {
    let value = 0;
    members.forEach((m, i) => {
      if (i === 0) value += m.fee;
      else {
        const baseFee = m.line.facts.endoBaseUnitCents ?? 0;
        const pay = Math.max(0, m.fee - baseFee);
        value += pay;
        take(m.line, m.fee - pay, `endoscopy family ${base}: fee minus base procedure`);
      }
    });
    units.push({ key: `f${base}`, fee: value, lines: members.map((m) => m.line), mult: '3' });
  }
  if (units.length < 2) return;
  units.sort((a, b) => b.fee - a.fee);
  units.forEach((u, rank) => {
    if (rank === 0) return;
    const pct = u.mult === '1' && rank >= 2 ? 25 : 50;
    const reduced = divRound(u.fee * pct, 100);
    const share = u.fee - reduced;
    if (u.lines.length === 1) take(u.lines[0]!, share, `multiple procedure rank ${rank + 1}: ${pct}%`);
    else {
      // An endoscopy family ranked below another procedure: spread the cut over its members by their value.
      let left = share;
      u.lines.forEach((l, i) => {
        const part = i === u.lines.length - 1 ? left : divRound(share * l.facts.unitCents, Math.max(1, u.lines.reduce((s, x) => s + x.facts.unitCents, 0)));
        left -= part;
        take(l, part, `multiple procedure rank ${rank + 1} (endoscopy family): ${pct}%`);
      });
    }
  });
}

function componentReduction(group: ProcedureLine[], indicator: string, part: 'TC' | 'PC', pct: number, take: Take): void {
  const fee = (l: ProcedureLine) => (part === 'TC' ? l.facts.unitTcCents : l.facts.unitPcCents);
  const ranked = expand(
    group.filter((l) => l.facts.mult === indicator),
    fee,
  );
  ranked.forEach((inst, rank) => {
    if (rank === 0) return;
    take(inst.line, inst.fee - divRound(inst.fee * (100 - pct), 100), `${part} reduced ${pct}% (indicator ${indicator}, rank ${rank + 1})`);
  });
}

function therapy(group: ProcedureLine[], take: Take): void {
  const ranked = expand(
    group.filter((l) => l.facts.mult === '5'),
    (l) => l.facts.unitPeCents,
  );
  ranked.forEach((inst, rank) => {
    if (rank === 0) return;
    take(inst.line, inst.fee - divRound(inst.fee * 50, 100), `therapy PE reduced 50% (unit rank ${rank + 1})`);
  });
}

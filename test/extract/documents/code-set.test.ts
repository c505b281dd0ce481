import { describe, expect, it } from 'vitest';
import { isKnownCode, isKnownModifier, isKnownModifierFor, knownCodesOneEditFrom, repairCode } from '#shared/extract/documents/code-set.ts';

describe('the code sets an OCR read is checked against', () => {
  it('knows CPT, HCPCS Level II and modifier codes, but no code descriptions', () => {
    expect(isKnownCode('99213')).toBe(true);
    expect(isKnownCode('S5000')).toBe(true);
    expect(isKnownCode('59S00')).toBe(false);
    expect(isKnownModifier('25')).toBe(true);
  });

  it('repairs a read only when one known code is a confusable character away', () => {
    expect(repairCode('55001')).toMatchObject({ status: 'corrected', value: 'S5001' });
    // S9500 and 50500 are both one confusable character from 59500: flagged, not guessed.
    expect(repairCode('59500')).toMatchObject({ status: 'unknown', candidates: expect.arrayContaining(['S9500', '50500']) });
  });

  it('lists the known codes one character changed, left out or added away from a read', () => {
    // A streak hid L5826's L: both it and the CPT code 15826 are one added character away.
    expect(knownCodesOneEditFrom('5826')).toEqual(expect.arrayContaining(['L5826', '15826']));
    expect(knownCodesOneEditFrom('992134')).toContain('99213');
    expect(knownCodesOneEditFrom('99213')).not.toContain('99213');
    expect(knownCodesOneEditFrom('99213').every(isKnownCode)).toBe(true);
  });

  it('takes an ambulance origin/destination pair as a modifier of an ambulance code only', () => {
    expect(isKnownModifierFor('RH', 'A0427')).toBe(true);
    expect(isKnownModifierFor('SX', 'A0425')).toBe(true);
    expect(isKnownModifierFor('RH', '99213')).toBe(false);
    expect(isKnownModifierFor('RZ', 'A0427')).toBe(false);
    expect(isKnownModifierFor('25', '99213')).toBe(true);
  });
});

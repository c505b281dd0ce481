// The alphabet each kind of form cell is read with. Looser than the values (digits cells read with letters too):
// tesseract's LSTM guesses wildly when its whitelist leaves out the character it sees, and the readers' checks repair
// a letter read for a digit (O for 0) better than a guess.
import type { CellKind } from '../cells.ts';
import type { OcrAlphabet } from './engine.ts';

export const CELL_ALPHABET: Record<CellKind, OcrAlphabet> = {
  digits: 'alnum', money: 'money', code: 'alnum', modifier: 'alnum', pointer: 'alnum', date: 'date', text: 'any', alnum: 'alnum',
};

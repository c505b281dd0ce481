// File names from strangers made safe to show and to put at the end of an object key: no path, no control characters.

export const MAX_FILE_NAME_LENGTH = 100;

/**
 * Keeps the last path component, drops control and bidi-override characters, folds everything outside
 * [A-Za-z0-9._-] to "_", never starts with a dot, and keeps the extension when it has to shorten the name.
 */
export function safeFileName(name: string, maxLength = MAX_FILE_NAME_LENGTH): string {
  const lastComponent = name.split(/[\\/]/).filter((part) => part !== '').pop() ?? '';
  const cleaned = lastComponent
    .normalize('NFKC')
    // C0/C1 controls, DEL, bidi overrides and isolates, zero-width characters
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '')
    .replace(/_+/g, '_');
  const bounded = shorten(cleaned, maxLength);
  if (bounded === '') return 'file';
  // Windows device names (with any extension) cannot be files there: "aux.pdf" saved or unzipped on a PC fails.
  return WINDOWS_DEVICE.test(bounded) ? shorten(`file_${bounded}`, maxLength) : bounded;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

function shorten(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, maxLength - extension.length).replace(/[._-]+$/, '') + extension;
}

/**
 * A path inside a message or an archive, for showing to people: "packet.zip/claims/bill.pdf". Components that
 * climb or point nowhere ("..", ".", empty) are dropped, control characters removed, the length bounded.
 */
export function safeDisplayPath(path: string, maxLength = 200): string {
  const shown = path
    .split(/[\\/]/)
    .map((part) => part.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim())
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('/');
  if (shown === '') return 'file';
  return shown.length <= maxLength ? shown : `...${shown.slice(shown.length - maxLength + 3)}`;
}

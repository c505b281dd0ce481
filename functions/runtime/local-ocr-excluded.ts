// Bundled in place of `sharp` and `tesseract.js` in the Extract function (an esbuild alias in infra/bundling.ts):
// on AWS, Textract reads images, so the local OCR engine never runs there, and its native modules are not in the
// Lambda package. The documents module imports them at load time; this keeps that import from failing.
export class LocalOcrNotInLambda extends Error {
  override readonly name = 'LocalOcrNotInLambda';
  constructor() {
    super('the local OCR engine (tesseract.js, sharp) is not part of the Lambda package; Textract reads images on AWS');
  }
}

function unavailable(): never {
  throw new LocalOcrNotInLambda();
}

export default unavailable;
export const createWorker = unavailable;
export const OEM = {};
export const PSM = {};

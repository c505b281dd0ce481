// Bundled in place of native modules (sharp, @napi-rs/canvas, onnxruntime-node) and tesseract.js by an esbuild alias (infra/bundling.ts):
// their prebuilt binaries are per platform, and the Lambda package is built offline on any machine for arm64 Linux.
// Shared modules import them at load time; with this in their place the load succeeds and only a call fails, by name.
// On AWS, Textract reads images, so the local OCR engine never runs; PDF page images are the feature this costs.
export class NativeModuleNotInLambda extends Error {
  override readonly name = 'NativeModuleNotInLambda';
  constructor() {
    super('this feature needs a native module (sharp, @napi-rs/canvas, onnxruntime-node or tesseract.js) that the Lambda package does not carry');
  }
}

function unavailable(): never {
  throw new NativeModuleNotInLambda();
}

export default unavailable;
export const createWorker = unavailable;
export const createCanvas = unavailable;
export const OEM = {};
export const PSM = {};
export const InferenceSession = { create: unavailable };
export const Tensor = unavailable;

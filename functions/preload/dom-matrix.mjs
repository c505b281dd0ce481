// Preloaded into the Extract function (NODE_OPTIONS=--import): pdfjs-dist's legacy build creates a DOMMatrix when it
// loads, and takes it from @napi-rs/canvas, a native module the Lambda package does not carry (Parley reads PDF text
// there, never renders). A 2D DOMMatrix (a-f) is all text extraction touches.
if (!globalThis.DOMMatrix) {
  class DOMMatrix {
    constructor(init) {
      const [a, b, c, d, e, f] = Array.isArray(init) || ArrayBuffer.isView(init) ? init : init ? [init.a, init.b, init.c, init.d, init.e, init.f] : [1, 0, 0, 1, 0, 0];
      Object.assign(this, { a, b, c, d, e, f });
    }
    get is2D() {
      return true;
    }
    get isIdentity() {
      return this.a === 1 && this.b === 0 && this.c === 0 && this.d === 1 && this.e === 0 && this.f === 0;
    }
    multiplySelf(o) {
      const m = o instanceof DOMMatrix ? o : new DOMMatrix(o);
      const { a, b, c, d, e, f } = this;
      this.a = a * m.a + c * m.b;
      this.b = b * m.a + d * m.b;
      this.c = a * m.c + c * m.d;
      this.d = b * m.c + d * m.d;
      this.e = a * m.e + c * m.f + e;
      this.f = b * m.e + d * m.f + f;
      return this;
    }
    preMultiplySelf(o) {
      const m = new DOMMatrix(o instanceof DOMMatrix ? o : new DOMMatrix(o));
      const result = m.multiplySelf(this);
      Object.assign(this, { a: result.a, b: result.b, c: result.c, d: result.d, e: result.e, f: result.f });
      return this;
    }
    invertSelf() {
      const { a, b, c, d, e, f } = this;
      const det = a * d - b * c;
      if (!det) {
        Object.assign(this, { a: NaN, b: NaN, c: NaN, d: NaN, e: NaN, f: NaN });
        return this;
      }
      Object.assign(this, { a: d / det, b: -b / det, c: -c / det, d: a / det, e: (c * f - d * e) / det, f: (b * e - a * f) / det });
      return this;
    }
    translate(tx = 0, ty = 0) {
      return new DOMMatrix(this).multiplySelf([1, 0, 0, 1, tx, ty]);
    }
    scale(sx = 1, sy = sx) {
      return new DOMMatrix(this).multiplySelf([sx, 0, 0, sy, 0, 0]);
    }
    multiply(o) {
      return new DOMMatrix(this).multiplySelf(o);
    }
    inverse() {
      return new DOMMatrix(this).invertSelf();
    }
    transformPoint(p = {}) {
      const x = p.x ?? 0;
      const y = p.y ?? 0;
      return { x: this.a * x + this.c * y + this.e, y: this.b * x + this.d * y + this.f, z: 0, w: 1 };
    }
  }
  globalThis.DOMMatrix = DOMMatrix;
}

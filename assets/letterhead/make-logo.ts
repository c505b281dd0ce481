// Draws the demo letterhead logo (assets/letterhead/parley-logo.png): a navy tile with a geometric "P.", underlined. Shapes only, no font, so the PNG is the same on every machine.
// Run: node bin/run-ts.mjs assets/letterhead/make-logo.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';

const size = 240;
const canvas = createCanvas(size, size);
const g = canvas.getContext('2d');

g.fillStyle = '#1f3a5f';
g.beginPath();
g.roundRect(0, 0, size, size, 36);
g.fill();

// The "P": a stem and a bowl.
g.fillStyle = '#ffffff';
g.fillRect(64, 48, 30, 144);
g.beginPath();
g.arc(112, 98, 50, -Math.PI / 2, Math.PI / 2);
g.lineTo(94, 148);
g.lineTo(94, 118);
g.lineTo(112, 118);
g.arc(112, 98, 20, Math.PI / 2, -Math.PI / 2, true);
g.lineTo(94, 78);
g.lineTo(94, 48);
g.closePath();
g.fill();

// A light-blue full stop and a rule: "P." over a baseline.
g.fillStyle = '#8fb3d9';
g.beginPath();
g.arc(176, 176, 16, 0, Math.PI * 2);
g.fill();
g.fillRect(64, 204, 128, 8);

const out = fileURLToPath(new URL('./parley-logo.png', import.meta.url));
writeFileSync(out, await canvas.encode('png'));
console.log(`wrote ${out}`);

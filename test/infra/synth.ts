// Synthesizes the Parley stack the way `cdk synth` does (cdk.json's context and feature flags), with bundling off.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ParleyStack } from '#infra/parley-stack.ts';
import { settingsFromContext } from '#infra/settings.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

export interface SynthesizedParley {
  app: App;
  stack: ParleyStack;
  template: Template;
}

export function synthParley(context: Record<string, unknown> = {}): SynthesizedParley {
  const app = new App({ context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
  const stack = new ParleyStack(app, 'Parley', { settings: settingsFromContext(app.node) });
  return { app, stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;

/** The logical id of the one resource of `type` whose construct path ends with `pathSuffix`. */
export function logicalIdAt(template: Template, type: string, pathSuffix: string): string {
  const found = Object.entries(template.findResources(type) as Resources).filter(([, r]) =>
    String(r.Metadata?.['aws:cdk:path'] ?? '').endsWith(pathSuffix),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} at */${pathSuffix}, found ${found.length}`);
  return found[0]![0];
}

export function resourceAt(template: Template, type: string, pathSuffix: string) {
  const id = logicalIdAt(template, type, pathSuffix);
  return (template.toJSON() as { Resources: Resources }).Resources[id]!;
}

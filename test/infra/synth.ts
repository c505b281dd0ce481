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

export function resourceAt(template: Template, type: string, pathSuffix: string): { Type: string; Properties: Record<string, any>; [attribute: string]: any } {
  const id = logicalIdAt(template, type, pathSuffix);
  return (template.toJSON() as { Resources: Record<string, any> }).Resources[id];
}

type Json = Record<string, any>;

/** The state machine's Amazon States Language, with CloudFormation references rendered as "<ref>". */
export function stateMachineDefinition(template: Template): Json {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as Json[];
  const definition = machine!.Properties.DefinitionString;
  const text = typeof definition === 'string' ? definition : (definition['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : '<ref>')).join('');
  return JSON.parse(text);
}

/** Every IAM statement attached to the execution role of the function at `pathSuffix` (e.g. "Pipeline/ClassifyFunction/Function"). */
export function statementsOf(template: Template, functionPath: string): Json[] {
  const fn = resourceAt(template, 'AWS::Lambda::Function', `${functionPath}/Resource`) as Json;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Json[];
  return policies
    .filter((p) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}

export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A resource or ARN expression flattened to text, references as their logical ids (for "which bucket/prefix" checks). */
export function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(arnText).join('');
  if (value && typeof value === 'object') {
    const v = value as Json;
    if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(arnText).join(v['Fn::Join'][0]);
    if (v['Fn::GetAtt']) return `{${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}}`;
    if (v.Ref) return `{${v.Ref}}`;
  }
  return JSON.stringify(value);
}

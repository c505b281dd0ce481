// The AwsSolutions and HIPAA.Security rule packs find nothing that is not acknowledged with a specific reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ParleyStack } from '#infra/parley-stack.ts';
import { settingsFromContext } from '#infra/settings.ts';
import { asList, statementsOf } from './synth.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Violation {
  rule: string;
  path: string;
}

/** Synthesizes with both packs; returns the findings left unacknowledged (synth throws when there are any). */
function checkedSynth(change: (stack: ParleyStack) => void = () => {}): { stack: ParleyStack; violations: Violation[]; threw: boolean } {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-nag-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
  const stack = new ParleyStack(app, 'Parley', { settings: settingsFromContext(app.node) });
  change(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  let threw = false;
  try {
    app.synth();
  } catch {
    threw = true;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  const violations = report.pluginReports.flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath }))));
  return { stack, violations, threw };
}

function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      // Recorded as { "<pack>::<rule id>": reason }.
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id: id.slice(id.indexOf('::') + 2), reason })),
  );
}

const clean = checkedSynth();

describe('cdk-nag', () => {
  it('leaves no finding of AwsSolutions or HIPAA.Security unacknowledged', () => {
    expect(clean.violations).toEqual([]);
    expect(clean.threw).toBe(false);
  });

  it('gives every acknowledgment a specific reason', () => {
    const acks = acknowledgments(clean.stack);
    expect(acks.length).toBeGreaterThan(50);
    for (const a of acks) {
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(60);
      expect(a.id).toMatch(/^(AwsSolutions|HIPAA\.Security)-[A-Za-z0-9]+(\[.+\])?$/);
    }
  });

  it('acknowledges no finding on the data stores themselves except replication (and SSE-S3 where S3 logging requires it)', () => {
    const storageAcks = acknowledgments(clean.stack.storage).map((a) => `${a.path.replace('Parley/Storage/', '')} ${a.id}`);
    expect(storageAcks.sort()).toEqual([
      'AccessLogs HIPAA.Security-S3BucketReplicationEnabled',
      'AccessLogs HIPAA.Security-S3DefaultEncryptionKMS',
      'Documents HIPAA.Security-S3BucketReplicationEnabled',
      'Letters HIPAA.Security-S3BucketReplicationEnabled',
    ]);
  });

  it('grants on Resource "*" only the actions the acknowledgments name (X-Ray, Textract)', () => {
    const template = Template.fromStack(clean.stack);
    const paths = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((r: any) => String(r.Metadata?.['aws:cdk:path'] ?? ''))
      .filter((p) => p.endsWith('/Function/Resource'))
      .map((p) => p.replace(/^Parley\//, '').replace(/\/Resource$/, ''));
    expect(paths.length).toBeGreaterThan(8);
    const allowed = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection'];
    for (const path of paths) {
      const starred = statementsOf(template, path).filter((s) => asList(s.Resource).includes('*'));
      for (const statement of starred) expect(allowed, path).toEqual(expect.arrayContaining(asList<string>(statement.Action)));
    }
  });

  it('fails the synth on a new, unacknowledged finding', () => {
    const broken = checkedSynth((stack) => {
      new Queue(stack, 'UnencryptedQueue', {});
    });
    expect(broken.threw).toBe(true);
    expect(broken.violations.map((v) => v.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
    expect(broken.violations.every((v) => v.path.includes('UnencryptedQueue'))).toBe(true);
  });
});

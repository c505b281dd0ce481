// The whole deployment: one stack composing one construct per concern.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ParleySettings } from './settings.ts';
import { Storage } from './storage.ts';

export interface ParleyStackProps extends StackProps {
  settings: ParleySettings;
}

export class ParleyStack extends Stack {
  readonly storage: Storage;

  constructor(scope: Construct, id: string, props: ParleyStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.storage = new Storage(this, 'Storage', { noncurrentVersionDays: settings.noncurrentVersionDays });
  }
}

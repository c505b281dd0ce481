// The CDK app: `npx cdk synth` (cdk.json runs this file through tsx). Env-agnostic; settings come from context.
import { App } from 'aws-cdk-lib';
import { ParleyStack } from './parley-stack.ts';
import { settingsFromContext } from './settings.ts';

const app = new App();
new ParleyStack(app, 'Parley', {
  settings: settingsFromContext(app.node),
  description: 'Parley: out-of-network medical bill intake, pricing, negotiation cases and offer letters',
});
app.synth();

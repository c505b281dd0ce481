// The CDK app: `npx cdk synth` (cdk.json runs this file through tsx). Env-agnostic; settings come from context.
// The cdk-nag AwsSolutions and HIPAA.Security packs run on every synth: an unacknowledged finding fails it.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { ParleyStack } from './parley-stack.ts';
import { settingsFromContext } from './settings.ts';

const app = new App();
new ParleyStack(app, 'Parley', {
  settings: settingsFromContext(app.node),
  description: 'Parley: out-of-network medical bill intake, pricing, negotiation cases and offer letters',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
app.synth();

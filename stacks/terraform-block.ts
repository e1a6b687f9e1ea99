// The `terraform` block every stack shares: where its state lives and which Terraform it needs.
import { LocalBackend, TerraformStack } from 'cdktf';
import { stateFilePath } from './state-backend';

/** Import blocks (constructs/import-existing.ts) need Terraform 1.5; Terraform enforces this at init. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.5.0';

export function configureTerraformBlock(stack: TerraformStack, stackName: string): void {
  new LocalBackend(stack, { path: stateFilePath(stackName) });
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
}

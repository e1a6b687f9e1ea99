/**
 * State lives beside the project, not inside cdktf.out (which every synth replaces). The path is
 * relative to the stack's working directory cdktf.out/stacks/<stack>, so the synthesized JSON
 * carries no machine-specific absolute path. Production teams swap in a remote backend here.
 */
export function stateFilePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

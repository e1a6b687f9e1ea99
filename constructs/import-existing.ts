// Adopting an object that already exists on the server through a Terraform `import` block.
//
// Why not cdktf's `TerraformResource.importFrom`: it attaches a check to every imported resource
// that runs `terraform version` in a child process at each synth. That was most of the time of a
// synth (about 70 ms per imported resource here) and made a synth fail on a machine without a
// terraform binary. The version that import blocks need is declared once instead, in the
// `terraform.required_version` of every stack (stacks/terraform-block.ts), which Terraform itself
// enforces where the import runs.
import { TerraformElement, TerraformResource } from 'cdktf';

class ImportBlock extends TerraformElement {
  constructor(
    private readonly target: TerraformResource,
    private readonly importId: string,
  ) {
    super(target, 'import');
  }

  override toTerraform(): Record<string, unknown> {
    return { import: [{ id: this.importId, to: `${this.target.terraformResourceType}.${this.target.friendlyUniqueId}` }] };
  }

  // The same record cdktf keeps of its own imports in the stack's metadata.
  override toMetadata(): Record<string, unknown> {
    return { imports: { [this.target.terraformResourceType]: [this.target.friendlyUniqueId] } };
  }
}

/** Declares that `resource` adopts the existing server object with import id `importId`. */
export function importExisting(resource: TerraformResource, importId: string): void {
  new ImportBlock(resource, importId);
}

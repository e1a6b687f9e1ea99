// Every synthesized resource against the schema Terraform itself prints after init
// (`terraform providers schema -json`): no attribute or block the provider does not know, none it
// only computes, none it marks deprecated, and every required one present.

interface SchemaAttribute {
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
}

interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock; readonly min_items?: number }>>;
  readonly deprecated?: boolean;
}

/** The part of `terraform providers schema -json` this check reads. */
export interface ProvidersSchema {
  readonly provider_schemas: Readonly<Record<string, { readonly provider?: { readonly block: SchemaBlock }; readonly resource_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>> }>>;
}

/** Resource meta-arguments and cdktf's metadata: Terraform's, not the provider's. */
const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkBlock(where: string, body: Json, block: SchemaBlock, ignore: ReadonlySet<string>, problems: string[]): void {
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [name, value] of Object.entries(body)) {
    if (ignore.has(name) || value === null || value === undefined) continue;
    const attribute = attributes[name];
    const nested = blocks[name];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required) problems.push(`${where}.${name}: computed by the provider, not an argument`);
      if (attribute.deprecated) problems.push(`${where}.${name}: deprecated by the provider`);
    } else if (nested) {
      if (nested.block.deprecated) problems.push(`${where}.${name}: deprecated block`);
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        if (!isObject(item)) problems.push(`${where}.${name}[${i}]: a block must be an object, found ${JSON.stringify(item)}`);
        else checkBlock(`${where}.${name}[${i}]`, item, nested.block, new Set(), problems);
      });
    } else {
      problems.push(`${where}.${name}: not an attribute or block of this resource`);
    }
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && (body[name] === undefined || body[name] === null)) problems.push(`${where}.${name}: required, but not set`);
  }
  for (const [name, nested] of Object.entries(blocks)) {
    const value = body[name];
    const count = value === undefined || value === null ? 0 : Array.isArray(value) ? value.length : 1;
    if ((nested.min_items ?? 0) > count) problems.push(`${where}.${name}: at least ${nested.min_items} block(s) required, found ${count}`);
  }
}

/** The provider schema of `local` (e.g. `vault`) as named in `required_providers` (`hashicorp/vault`). */
function providerSchemaFor(schema: ProvidersSchema, source: string) {
  const full = source.includes('/') && source.split('/').length === 2 ? `registry.terraform.io/${source}` : source;
  return schema.provider_schemas[full];
}

/** Problems of one synthesized stack (`cdk.tf.json` content), each naming the resource address and attribute. */
export function checkStackAgainstSchema(stack: Json, schema: ProvidersSchema): string[] {
  const problems: string[] = [];
  const terraform = isObject(stack.terraform) ? stack.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  const resourceTypes = new Map<string, SchemaBlock>();
  for (const [local, spec] of Object.entries(required)) {
    const source = isObject(spec) ? String(spec.source ?? '') : String(spec);
    const providerSchema = providerSchemaFor(schema, source);
    if (!providerSchema) {
      problems.push(`terraform.required_providers.${local}: ${source} is not in the schema Terraform printed`);
      continue;
    }
    for (const [type, r] of Object.entries(providerSchema.resource_schemas ?? {})) resourceTypes.set(type, r.block);
    const providers = isObject(stack.provider) ? stack.provider : {};
    const configs = providers[local];
    for (const [i, config] of (Array.isArray(configs) ? configs : configs ? [configs] : []).entries()) {
      if (isObject(config) && providerSchema.provider) checkBlock(`provider.${local}[${i}]`, config, providerSchema.provider.block, new Set(['alias']), problems);
    }
  }
  const resources = isObject(stack.resource) ? stack.resource : {};
  for (const [type, byName] of Object.entries(resources)) {
    const block = resourceTypes.get(type);
    if (!block) {
      problems.push(`resource.${type}: no provider in required_providers has this resource type`);
      continue;
    }
    for (const [name, body] of Object.entries(isObject(byName) ? byName : {})) {
      if (isObject(body)) checkBlock(`${type}.${name}`, body, block, META_ARGUMENTS, problems);
    }
  }
  return problems;
}

// Reads a cdktf-synthesized Terraform JSON config (`cdk.tf.json`) for the apply fixture:
// validates its top-level blocks, resolves `${type.name.attr}` references and orders resources
// topologically (references + depends_on), the way terraform builds its graph. Anything it does
// not understand is an error: the fixture must never silently skip part of the configuration.
import { referencesIn } from '../../../terraform-json/references';
import { isJsonObject } from '../../../terraform-json/json-object';

/** One `resource.<type>.<name>` block, with meta-arguments split from provider attributes. */
export interface TfResource {
  /** `vault_mount.kv` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Provider attributes and blocks as written in the JSON (references unresolved). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Addresses from `depends_on`. */
  readonly dependsOn: readonly string[];
  /** Addresses referenced from attribute strings. */
  readonly references: readonly string[];
  /** Import id from a top-level `import` block targeting this address. */
  readonly importId?: string;
}

export interface TfConfig {
  /** Resources in an order where every dependency comes first (ties broken by address). */
  readonly resources: readonly TfResource[];
  /** The `provider.vault[0]` block (connection settings the fixture does not use; see docs/e2e.md). */
  readonly provider: Readonly<Record<string, unknown>>;
}

export class UnsupportedConfigError extends Error {
  constructor(message: string) {
    super(`apply fixture: ${message}`);
    this.name = 'UnsupportedConfigError';
  }
}

/** The provider the fixture mirrors. Another version may make other API calls: refuse it. */
export const MIRRORED_PROVIDER = { source: 'hashicorp/vault', version: '5.6.0' } as const;

// Provider block settings the fixture understands and deliberately ignores (it is handed a
// client for the server under test) or mirrors (skip_child_token, token_name, max_lease_ttl_seconds).
const KNOWN_PROVIDER_SETTINGS = new Set([
  'address', 'token', 'ca_cert_file', 'ca_cert_dir', 'skip_tls_verify', 'tls_server_name',
  'add_address_to_env', 'skip_child_token', 'token_name', 'max_lease_ttl_seconds', 'skip_get_vault_version',
]);
// Resource meta-arguments the fixture understands. `lifecycle` only with the keys below.
const KNOWN_LIFECYCLE = new Set(['prevent_destroy', 'create_before_destroy']);

/** Parses and validates a synthesized stack; throws on anything the fixture does not know. */
export function parseTfConfig(
  json: unknown, knownTypes: ReadonlySet<string>, checkAttributes: (r: TfResource) => string[] = () => [],
): TfConfig {
  if (!isJsonObject(json)) throw new UnsupportedConfigError('the config is not a JSON object');
  const problems: string[] = [];
  for (const key of Object.keys(json)) {
    if (!['//', 'terraform', 'provider', 'resource', 'import', 'output'].includes(key)) {
      // data, output, variable, locals, module, moved, removed, check: none is mirrored.
      const v = json[key];
      const empty = isJsonObject(v) ? Object.keys(v).length === 0 : Array.isArray(v) && v.length === 0;
      if (!empty) problems.push(`top-level block "${key}" is not supported`);
    }
  }

  // terraform { required_providers, backend }: the backend only says where state lives (the
  // fixture keeps no state file); required_providers must be exactly the provider it mirrors.
  const terraform = json.terraform ?? {};
  if (!isJsonObject(terraform)) problems.push('"terraform" is not an object');
  else {
    for (const k of Object.keys(terraform)) {
      if (!['required_providers', 'backend', 'required_version'].includes(k)) problems.push(`terraform.${k} is not supported`);
    }
    const rp = isJsonObject(terraform.required_providers) ? terraform.required_providers : {};
    for (const [name, spec] of Object.entries(rp)) {
      if (name !== 'vault') problems.push(`required provider "${name}" is not mirrored (only vault)`);
      else if (!isJsonObject(spec) || spec.source !== MIRRORED_PROVIDER.source || spec.version !== MIRRORED_PROVIDER.version) {
        problems.push(`required provider vault is ${JSON.stringify(spec)}; the fixture mirrors ${MIRRORED_PROVIDER.source} ${MIRRORED_PROVIDER.version} only`);
      }
    }
  }

  let provider: Record<string, unknown> = {};
  const providers = json.provider ?? {};
  if (!isJsonObject(providers)) problems.push('"provider" is not an object');
  else {
    for (const [name, blocks] of Object.entries(providers)) {
      if (name !== 'vault') { problems.push(`provider "${name}" is not supported`); continue; }
      if (!Array.isArray(blocks) || blocks.length !== 1 || !isJsonObject(blocks[0])) {
        problems.push('exactly one provider "vault" block (no aliases) is supported');
        continue;
      }
      provider = blocks[0];
      for (const k of Object.keys(provider)) if (!KNOWN_PROVIDER_SETTINGS.has(k)) problems.push(`provider.vault.${k} is not supported`);
    }
  }

  const imports = new Map<string, string>();
  const importBlocks = json.import ?? [];
  if (!Array.isArray(importBlocks)) problems.push('"import" is not a list');
  else {
    for (const block of importBlocks) {
      if (!isJsonObject(block) || typeof block.to !== 'string' || typeof block.id !== 'string' || Object.keys(block).some((k) => !['to', 'id'].includes(k))) {
        problems.push(`import block ${JSON.stringify(block)} is not {to, id} with literal strings`);
        continue;
      }
      imports.set(block.to, block.id);
    }
  }

  // output: no API call; the fixture only checks each is {value, description?, sensitive?} and
  // that the references in its value name declared resources (checked below with the others).
  const outputRefs = new Set<string>();
  const outputs = json.output ?? {};
  if (!isJsonObject(outputs)) problems.push('"output" is not an object');
  else {
    for (const [name, o] of Object.entries(outputs)) {
      if (!isJsonObject(o) || !('value' in o) || Object.keys(o).some((k) => !['value', 'description', 'sensitive'].includes(k))) {
        problems.push(`output "${name}" has settings the fixture does not know`);
        continue;
      }
      try {
        referencesIn(o.value, `output.${name}`, outputRefs);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }

  const resources: TfResource[] = [];
  const byType = json.resource ?? {};
  if (!isJsonObject(byType)) problems.push('"resource" is not an object');
  else {
    for (const [type, instances] of Object.entries(byType)) {
      if (!knownTypes.has(type)) { problems.push(`resource type "${type}" is not supported`); continue; }
      if (!isJsonObject(instances)) { problems.push(`resource.${type} is not an object`); continue; }
      for (const [name, body] of Object.entries(instances)) {
        const address = `${type}.${name}`;
        if (!isJsonObject(body)) { problems.push(`${address} is not an object`); continue; }
        const attributes: Record<string, unknown> = {};
        let dependsOn: string[] = [];
        for (const [k, v] of Object.entries(body)) {
          if (k === '//') continue; // cdktf metadata (construct path, unique id)
          if (k === 'depends_on') {
            // Terraform JSON takes a bare "type.name" here and rejects "${type.name}" ("A single
            // static variable reference is required"); so does the fixture.
            if (!Array.isArray(v) || v.some((d) => typeof d !== 'string')) problems.push(`${address}.depends_on is not a list of addresses`);
            else dependsOn = v as string[];
            for (const d of dependsOn) {
              if (!/^[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+$/.test(d)) problems.push(`${address}.depends_on entry "${d}" is not a bare resource address (terraform: "A single static variable reference is required")`);
            }
          } else if (k === 'lifecycle') {
            // prevent_destroy / create_before_destroy only matter for destroy and replace, which
            // the fixture never does (it refuses any change that would force a replacement).
            if (!isJsonObject(v) || Object.keys(v).some((lk) => !KNOWN_LIFECYCLE.has(lk))) problems.push(`${address}.lifecycle ${JSON.stringify(v)} has settings the fixture does not mirror`);
          } else if (['count', 'for_each', 'provider', 'provisioner', 'connection'].includes(k)) {
            problems.push(`${address}.${k} (meta-argument) is not supported`);
          } else {
            attributes[k] = v;
          }
        }
        let references: Set<string>;
        try {
          references = referencesIn(attributes, address);
        } catch (e) {
          problems.push((e as Error).message);
          continue;
        }
        const resource: TfResource = { address, type, name, attributes, dependsOn, references: [...references], importId: imports.get(address) };
        problems.push(...checkAttributes(resource));
        resources.push(resource);
      }
    }
  }
  const addresses = new Set(resources.map((r) => r.address));
  for (const ref of outputRefs) if (!addresses.has(ref)) problems.push(`an output refers to ${ref}, which is not declared`);
  for (const to of imports.keys()) if (!addresses.has(to)) problems.push(`import targets ${to}, which is not declared`);
  for (const r of resources) {
    for (const d of [...r.dependsOn, ...r.references]) if (!addresses.has(d)) problems.push(`${r.address} depends on ${d}, which is not declared`);
  }
  if (problems.length > 0) throw new UnsupportedConfigError(`the config has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  return { resources: topologicalOrder(resources), provider };
}

/** Kahn's algorithm over references + depends_on; deterministic (sorted); fails on cycles. */
function topologicalOrder(resources: TfResource[]): TfResource[] {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const pending = new Map(resources.map((r) => [r.address, new Set([...r.dependsOn, ...r.references])]));
  const ordered: TfResource[] = [];
  while (pending.size > 0) {
    const ready = [...pending.entries()].filter(([, deps]) => deps.size === 0).map(([a]) => a).sort();
    if (ready.length === 0) throw new UnsupportedConfigError(`dependency cycle among ${[...pending.keys()].sort().join(', ')}`);
    for (const a of ready) {
      ordered.push(byAddress.get(a)!);
      pending.delete(a);
      for (const deps of pending.values()) deps.delete(a);
    }
  }
  return ordered;
}

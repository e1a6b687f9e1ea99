// Everything derived from the service registry that more than one tool needs: the role names, the
// services that read secrets, the bootstrap role, and the secret catalog with its KV paths.
import { SecretEntry } from '../secrets-catalog/secret-entry';
import { SERVICES } from './registry';
import { ServiceDefinition } from './service-definition';

/** Every AppRole role name, in registry order. */
export function roleNames(services: readonly ServiceDefinition[] = SERVICES): string[] {
  return services.map((s) => s.roleName);
}

/** The registry entry of a role name, if any. */
export function serviceOfRole(roleName: string, services: readonly ServiceDefinition[] = SERVICES): ServiceDefinition | undefined {
  return services.find((s) => s.roleName === roleName);
}

/** The registry entry of a service id or role name; a clear error for anything else. */
export function serviceNamed(name: string, services: readonly ServiceDefinition[] = SERVICES): ServiceDefinition {
  const found = services.find((s) => s.id === name || s.roleName === name);
  if (!found) throw new Error(`unknown service ${JSON.stringify(name)}; expected one of ${services.map((s) => s.id).join(', ')} (or its role name)`);
  return found;
}

/** The services that are workloads (not operators). */
export function workloadServices(services: readonly ServiceDefinition[] = SERVICES): ServiceDefinition[] {
  return services.filter((s) => s.policy.kind === 'service');
}

/** The role the bootstrap ceremony creates so Terraform can authenticate without root (exactly one). */
export function bootstrapService(services: readonly ServiceDefinition[] = SERVICES): ServiceDefinition {
  const found = services.filter((s) => s.bootstrap);
  if (found.length !== 1) throw new Error(`the service registry marks ${found.length} roles as bootstrap (${found.map((s) => s.id).join(', ')}); exactly one is needed`);
  return found[0];
}

/** Every secret of every service, at its KV path, in registry order. */
export function secretCatalog(services: readonly ServiceDefinition[] = SERVICES): SecretEntry[] {
  return services.flatMap((s) => s.secrets.map(({ name, ...spec }) => ({ ...spec, path: `${s.kvSubtree}/${name}`, owner: s.id })));
}

/** The committed catalog. */
export const SECRET_CATALOG: readonly SecretEntry[] = secretCatalog();

/** The catalog entries one service owns. */
export function secretsOf(serviceId: string, services: readonly ServiceDefinition[] = SERVICES): SecretEntry[] {
  return secretCatalog(services).filter((e) => e.owner === serviceId);
}

// A real plan for one stack, given with `--plan <stack>=<file>`: the `terraform show -json` of a
// planfile (`terraform plan -out=<planfile>`). The review takes from it what Terraform will do to
// each resource (its `resource_changes[].change.actions`) instead of predicting it.
import * as fs from 'node:fs';
import { isJsonObject } from '../terraform-json/json-object';
import { ReviewInputError } from './stack-loader';

/** What the plan does to one managed resource address. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** e.g. `["no-op"]`, `["update"]`, `["delete","create"]`, `["create","delete"]`, `["delete"]`, `["create"]`. */
  readonly actions: readonly string[];
  /** The attributes Terraform names as forcing the replacement (first step of each `replace_paths` entry). */
  readonly replacedBecauseOf: readonly string[];
  /** The prior attribute values (to identify a resource the configuration no longer declares). Never printed. */
  readonly before?: Readonly<Record<string, unknown>>;
}

export interface StackPlan {
  readonly stack: string;
  readonly file: string;
  /** Managed resources by address. */
  readonly changes: ReadonlyMap<string, PlannedChange>;
}

const ACTIONS = new Set(['no-op', 'create', 'read', 'update', 'delete']);

/** `<stack>=<file>` of one `--plan` option. */
export function parsePlanOption(value: string): { stack: string; file: string } {
  const i = value.indexOf('=');
  if (i <= 0 || i === value.length - 1) {
    throw new ReviewInputError(`--plan ${JSON.stringify(value)}: expected <stack>=<file>, e.g. prod-config=plan.json (the output of \`terraform show -json <planfile>\`)`);
  }
  return { stack: value.slice(0, i), file: value.slice(i + 1) };
}

/** Reads and checks one plan file; every problem names the option, the file and what was expected. */
export function loadPlan(stack: string, file: string): StackPlan {
  const where = `--plan ${stack}=${file}`;
  if (!fs.existsSync(file)) throw new ReviewInputError(`${where}: file does not exist (expected the output of \`terraform show -json <planfile>\`)`);
  if (fs.statSync(file).isDirectory()) throw new ReviewInputError(`${where}: is a directory (expected the output of \`terraform show -json <planfile>\`)`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReviewInputError(`${where}: not valid JSON (${(e as Error).message}); expected the output of \`terraform show -json <planfile>\``);
  }
  if (!isJsonObject(json) || typeof json.format_version !== 'string') {
    throw new ReviewInputError(`${where}: not a Terraform plan in JSON (no "format_version"); expected the output of \`terraform show -json <planfile>\``);
  }
  if (!('planned_values' in json) && !('resource_changes' in json)) {
    throw new ReviewInputError(`${where}: a state, not a plan (no "planned_values" or "resource_changes"); run \`terraform plan -out=<planfile>\` and pass \`terraform show -json <planfile>\``);
  }
  const raw = json.resource_changes ?? [];
  if (!Array.isArray(raw)) throw new ReviewInputError(`${where}: "resource_changes" is not a list`);
  const changes = new Map<string, PlannedChange>();
  raw.forEach((rc, i) => {
    const at = `${where}: resource_changes[${i}]`;
    if (!isJsonObject(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string' || !isJsonObject(rc.change) || !Array.isArray(rc.change.actions)) {
      throw new ReviewInputError(`${at}: expected an object with "address", "type" and "change.actions"`);
    }
    if (rc.mode === 'data') return;
    const actions = rc.change.actions.map(String);
    const unknown = actions.filter((a) => !ACTIONS.has(a));
    if (actions.length === 0 || unknown.length) throw new ReviewInputError(`${at} (${rc.address}): unknown action(s) ${JSON.stringify(unknown.length ? unknown : actions)}; expected no-op, create, read, update, delete`);
    const paths = Array.isArray(rc.change.replace_paths) ? rc.change.replace_paths : [];
    const replacedBecauseOf = [...new Set(paths.map((p) => (Array.isArray(p) && typeof p[0] === 'string' ? p[0] : undefined)).filter((p): p is string => p !== undefined))];
    const before = isJsonObject(rc.change.before) ? rc.change.before : undefined;
    changes.set(rc.address, { address: rc.address, type: rc.type, actions, replacedBecauseOf, before });
  });
  return { stack, file, changes };
}

/** Terraform destroys the object at the address (alone or as part of a replacement). */
export function destroys(p: PlannedChange): boolean {
  return p.actions.includes('delete');
}

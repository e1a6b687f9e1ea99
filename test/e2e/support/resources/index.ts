// Every resource type the apply fixture mirrors. A type missing here makes the fixture fail.
import { approleAuthBackendRoleHandler } from './approle-auth-backend-role';
import { auditHandler } from './audit';
import { authBackendHandler } from './auth-backend';
import { kvSecretBackendV2Handler } from './kv-secret-backend-v2';
import { mountHandler } from './mount';
import { policyHandler } from './policy';
import { raftAutopilotHandler } from './raft-autopilot';
import { transitSecretBackendKeyHandler } from './transit-secret-backend-key';
import type { ResourceHandler } from './types';

export const HANDLERS: ReadonlyMap<string, ResourceHandler> = new Map(
  [mountHandler, kvSecretBackendV2Handler, transitSecretBackendKeyHandler, authBackendHandler, approleAuthBackendRoleHandler, policyHandler, auditHandler, raftAutopilotHandler]
    .map((h) => [h.type, h]),
);

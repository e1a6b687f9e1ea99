// THE SERVICE REGISTRY: one entry per HoodCloud service (and the operators' role). Adding a service
// means adding its entry here and its policy file under policies/; the roles, policies, settings
// variables, catalog, review probes, CLI and e2e matrix all derive from this list.
import { adminPolicy } from '../policies/admin';
import { authServerPolicy } from '../policies/auth-server';
import { controlPlanePolicy } from '../policies/control-plane';
import { paymentServicePolicy } from '../policies/payment-service';
import { databaseSecret } from '../secrets-catalog/secret-entry';
import { defineService, ServiceDefinition } from './service-definition';

export const SERVICES: readonly ServiceDefinition[] = [
  defineService({
    id: 'control-plane',
    description: 'api-server and orchestrator',
    policy: controlPlanePolicy,
    intent: { readsOwnSecrets: true, masterKeyOperations: ['encrypt', 'decrypt', 'datakey', 'rewrap'], operator: false },
    secrets: [
      databaseSecret('control-plane'),
      {
        name: 'api-keys',
        description: 'API keys the api-server and orchestrator use for internal calls',
        fields: [{ name: 'internal_api_key', kind: 'random-string', generatedInProduction: true, description: 'shared key for service-to-service calls' }],
      },
      {
        name: 'sealed-box',
        description: 'X25519 keypair for sealed-box encryption of customer-provided credentials',
        fields: [
          { name: 'private_key', kind: 'x25519-private-key', description: 'base64 X25519 private key' },
          { name: 'public_key', kind: 'x25519-public-key', description: 'base64 X25519 public key derived from private_key' },
        ],
      },
      {
        name: 'orchestrator',
        description: 'Environment the orchestrator passes to terraform and to cloud providers',
        fields: [
          { name: 'terraform_env_vars', kind: 'json-object-of-strings', description: 'JSON object of env vars for terraform runs' },
          { name: 'provider_env_vars', kind: 'json-object-of-strings', description: 'JSON object of env vars for provider API clients' },
        ],
      },
      {
        name: 'incident-notification',
        description: 'Where incident notifications are sent (optional)',
        required: false,
        fields: [
          { name: 'webhook_url', kind: 'string', description: 'incoming webhook URL' },
          { name: 'channel', kind: 'string', required: false, description: 'channel name' },
        ],
      },
    ],
  }),
  defineService({
    id: 'auth-server',
    description: 'the auth server (issues RS256 JWTs)',
    policy: authServerPolicy,
    intent: { readsOwnSecrets: true, masterKeyOperations: [], operator: false },
    secrets: [
      databaseSecret('auth-server'),
      {
        name: 'jwt',
        description: 'RS256 keypair the auth server signs JWTs with',
        fields: [
          { name: 'private_key_pem', kind: 'rsa-private-key-pem', description: 'PKCS#8 PEM RSA private key (4096 bits by default)' },
          { name: 'public_key_pem', kind: 'rsa-public-key-pem', description: 'SPKI PEM public key matching private_key_pem' },
          // The rotation grace period: `secrets rotate` moves the replaced public key here so tokens
          // signed before the rotation still verify until they expire (secrets-catalog/previous-key.ts).
          {
            name: 'previous_public_key_pem',
            kind: 'previous-rsa-public-key-pem',
            required: false,
            description: 'SPKI PEM public key the last rotation replaced; verify tokens with it too until previous_public_key_expires_at',
          },
          { name: 'previous_public_key_expires_at', kind: 'previous-key-expiry', required: false, description: 'RFC 3339 UTC time after which previous_public_key_pem verifies nothing' },
        ],
      },
    ],
  }),
  defineService({
    id: 'payment-service',
    description: 'the payment service',
    policy: paymentServicePolicy,
    intent: { readsOwnSecrets: true, masterKeyOperations: [], operator: false },
    // The payment service reads its Vault address from VAULT_ADDRESS.
    vaultEnv: { address: 'VAULT_ADDRESS' },
    secrets: [
      databaseSecret('payment-service'),
      {
        name: 'nats',
        description: 'NATS account signing seed the payment service issues user JWTs with',
        fields: [{ name: 'account_signing_seed', kind: 'nats-account-seed', description: 'NKEYS account seed (starts with SA)' }],
      },
      {
        name: 'provider',
        description: 'Payment provider API credentials',
        fields: [
          { name: 'api_key', kind: 'random-string', description: 'payment provider secret API key' },
          { name: 'webhook_secret', kind: 'random-string', description: 'secret that signs provider webhooks' },
        ],
      },
    ],
  }),
  defineService({
    id: 'admin',
    description: 'operators and Terraform',
    policy: adminPolicy,
    intent: { readsOwnSecrets: false, masterKeyOperations: [], operator: true },
    bootstrap: true,
  }),
];

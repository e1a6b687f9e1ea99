// The policy of hoodcloud-admin, the AppRole Terraform and this CLI authenticate as once the root
// token is revoked. Bootstrap writes it so Terraform can run; Terraform then owns it (the prod-config
// stack declares the same policy and rewrites it on apply).
// Kept here until the lead's policies/ module exports the admin policy; then this file imports it.

export const ADMIN_ROLE = 'hoodcloud-admin';
export const ADMIN_POLICY = 'hoodcloud-admin';

export const ADMIN_POLICY_HCL = `# hoodcloud-admin: manages mounts, auth, policies, roles, audit and the transit key; seeds secrets
path "auth/approle/role" {
  capabilities = ["list"]
}

path "auth/approle/role/*" {
  capabilities = ["create", "delete", "list", "read", "update"]
}

path "auth/token/create" {
  capabilities = ["update"]
}

path "secret/config" {
  capabilities = ["read", "update"]
}

path "secret/data/hoodcloud/*" {
  capabilities = ["create", "read", "update"]
}

path "secret/metadata/hoodcloud/*" {
  capabilities = ["list", "read"]
}

path "sys/audit" {
  capabilities = ["read", "sudo"]
}

path "sys/audit/*" {
  capabilities = ["create", "delete", "read", "sudo", "update"]
}

path "sys/auth" {
  capabilities = ["read"]
}

path "sys/auth/*" {
  capabilities = ["create", "delete", "read", "sudo", "update"]
}

path "sys/mounts" {
  capabilities = ["read"]
}

path "sys/mounts/*" {
  capabilities = ["create", "delete", "read", "update"]
}

path "sys/policies/acl" {
  capabilities = ["list"]
}

path "sys/policies/acl/*" {
  capabilities = ["create", "delete", "read", "update"]
}

path "transit/keys" {
  capabilities = ["list"]
}

path "transit/keys/*" {
  capabilities = ["create", "read", "update"]
}
`;

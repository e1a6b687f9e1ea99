// The checks `ops doctor` runs, in table order. Listener checks run first and need no token; the
// others run once the server is unsealed and doctor has logged in. A new check is one more entry.
import { auditDeviceCheck } from './audit-device';
import { auditLogCheck } from './audit-log';
import { DoctorCheck } from './check';
import { clusterCheck } from './cluster-state';
import { roleBindingsCheck } from './role-bindings';
import { sealStateCheck } from './seal-state';
import { serviceCredentialsCheck } from './service-credentials';
import { serviceSecretsCheck } from './service-secrets';
import { tlsCertificateCheck } from './tls-certificate';
import { tokenTtlsCheck } from './token-ttls';

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  tlsCertificateCheck,
  sealStateCheck,
  roleBindingsCheck,
  tokenTtlsCheck,
  serviceCredentialsCheck,
  serviceSecretsCheck,
  auditDeviceCheck,
  auditLogCheck,
  clusterCheck,
];

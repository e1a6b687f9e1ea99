import { DriftFinding } from '../../../cli/drift/compare';
import { renderDriftReport } from '../../../cli/drift/drift-report';

const COUNTS = { policy: 4, role: 4, 'auth method': 1, mount: 2, 'mount tune': 3, 'kv settings': 1, 'transit key': 1, 'audit device': 1 };

describe('the drift report', () => {
  test('GIVEN no findings WHEN rendered THEN one line says the server matches and what was compared', () => {
    expect(renderDriftReport([], COUNTS, 'https://10.0.0.5:8200', 'cdk.tf.json')).toBe(
      'no drift: https://10.0.0.5:8200 matches cdk.tf.json (compared 4 policies, 4 roles, 1 auth method, 2 mounts, 1 kv settings, 1 transit key, 1 audit device, their tune settings, and every object the server lists)',
    );
  });

  test('GIVEN findings WHEN rendered THEN one table with the five columns and a summary counting differences and objects', () => {
    const findings: DriftFinding[] = [
      { kind: 'role', name: 'svc', what: 'token_policies', declared: 'svc', live: 'svc, admin' },
      { kind: 'role', name: 'svc', what: 'token_ttl', declared: '3600 (1h)', live: '7200 (2h)' },
      { kind: 'policy', name: 'escalate', what: 'exists', declared: '(not declared)', live: 'exists' },
    ];
    expect(renderDriftReport(findings, COUNTS, 'https://a', 'f.json').split('\n')).toEqual([
      'KIND    NAME      WHAT            DECLARED        LIVE',
      '------  --------  --------------  --------------  ----------',
      'role    svc       token_policies  svc             svc, admin',
      'role    svc       token_ttl       3600 (1h)       7200 (2h)',
      'policy  escalate  exists          (not declared)  exists',
      '',
      '3 difference(s) in 2 object(s) between https://a and f.json',
    ]);
  });
});

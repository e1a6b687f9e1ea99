// The runner without a server: exit codes, the one table, and what happens when nothing answers
// (listener checks report it, token checks are skipped and named). Against a real server:
// test/e2e/doctor.test.ts.
import { CheckRow, DoctorCheck, DoctorOptions } from '../../../cli/doctor/check';
import { DOCTOR_CHECKS } from '../../../cli/doctor/checks';
import { exitCodeOf, renderDoctorTable, runDoctor } from '../../../cli/doctor/run-doctor';
import { CliIo } from '../../../cli/io';
import { MintedTokens } from '../../../cli/minted-tokens';
import { freePort } from '../../support/free-port';

const r = (status: CheckRow['status']): CheckRow => ({ check: 'c', subject: 's', status, detail: 'd', ...(status === 'ok' ? {} : { fix: 'f' }) });
const OPTIONS: DoctorOptions = {
  certWarnBeforeSeconds: 30 * 86400, credentialsWarnBeforeSeconds: 48 * 3600, credentialsDirs: [],
  declaredAudit: { path: 'file', type: 'file', options: { file_path: '/vault/logs/audit.log' }, source: 'stacks/layout.ts', complete: false },
};

function captureIo(): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { env: {}, out: (t) => outText.push(t), err: (t) => errText.push(t), stdin: process.stdin, sleep: async () => undefined, outText, errText };
}

describe('doctor: the runner', () => {
  test('GIVEN rows WHEN the exit code is taken THEN 1 on any FAIL, 3 on warnings only, 0 when all ok', () => {
    expect(exitCodeOf([r('ok'), r('warn'), r('FAIL')])).toBe(1);
    expect(exitCodeOf([r('ok'), r('warn')])).toBe(3);
    expect(exitCodeOf([r('ok')])).toBe(0);
    expect(exitCodeOf([])).toBe(0);
  });

  test('GIVEN rows WHEN rendered THEN one table with CHECK, SUBJECT, STATUS, DETAIL, FIX', () => {
    const table = renderDoctorTable([r('ok'), r('FAIL')]).split('\n');
    expect(table[0]).toMatch(/^CHECK\s+SUBJECT\s+STATUS\s+DETAIL\s+FIX$/);
    expect(table.slice(2)).toEqual(['c      s        ok      d', 'c      s        FAIL    d       f']);
  });

  test('GIVEN an address where nothing listens WHEN doctor runs THEN TLS and seal fail, every token check is skipped and named, exit 1', async () => {
    const io = captureIo();
    const port = await freePort();
    const result = await runDoctor({ address: `https://127.0.0.1:${port}`, auth: { kind: 'token', token: 't', source: '--token-file' } }, io, OPTIONS, { minted: new MintedTokens() });
    expect(result.exitCode).toBe(1);
    expect(result.rows.map((x) => [x.check, x.status])).toEqual([['tls', 'FAIL'], ['seal', 'FAIL']]);
    expect(result.rows[0].detail).toContain(`cannot connect: cannot connect to the Vault server at 127.0.0.1:${port} (connection refused: nothing listens there)`);
    expect(result.skipped).toHaveLength(DOCTOR_CHECKS.filter((c) => c.needs === 'token').length);
    expect(io.errText.join('\n')).toContain('not checked: AppRole roles and their CIDR bindings (the server is not unsealed);');
    expect(io.outText).toHaveLength(1);
  });

  test('GIVEN one more check module WHEN passed to the runner THEN its rows join the same table and exit code', async () => {
    const cluster: DoctorCheck = { id: 'raft-autopilot', title: 'raft autopilot', needs: 'listener', run: () => [{ check: 'raft-autopilot', subject: 'cluster', status: 'warn', detail: '2 of 3 voters healthy', fix: 'replace the failed node' }] };
    const throwing: DoctorCheck = { id: 'broken', title: 'broken', needs: 'listener', run: () => { throw new Error('boom'); } };
    const io = captureIo();
    const result = await runDoctor({ address: `http://127.0.0.1:${await freePort()}`, auth: { kind: 'none' } }, io, OPTIONS, { checks: [cluster, throwing], minted: new MintedTokens() });
    expect(result.rows.map((x) => `${x.check} ${x.status} ${x.detail}`)).toEqual(['raft-autopilot warn 2 of 3 voters healthy', 'broken FAIL the check could not run: boom']);
    expect(result.exitCode).toBe(1);
  });
});

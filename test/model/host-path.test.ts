import { hostPathProblem } from '../../model/host-path';

describe('host paths a container may mount', () => {
  test.each(['/etc/hoodcloud/vault/tls/tls.crt', '/srv/tls/vault.key', '/tmp/x/tls.crt'])('GIVEN %j WHEN checked THEN it is fine', (p) => {
    expect(hostPathProblem(p)).toBeUndefined();
  });

  test.each([
    ['/', 'root of the host filesystem'],
    ['tls/key.pem', 'not an absolute path'],
    ['/etc/../etc/tls.crt', 'not normalized'],
    ['/etc//tls.crt', 'not normalized'],
    ['/etc/tls/', 'not normalized'],
    ['/var/run/docker.sock', 'under /var/run'],
    ['/run/secrets/x', 'under /run'],
    ['/proc/self/environ', 'under /proc'],
    ['/sys/kernel', 'under /sys'],
    ['/dev/sda', 'under /dev'],
    ['/etc/tls.crt:/vault/x', 'holds ":"'],
    ['/etc/tls\n.crt', 'control character'],
  ])('GIVEN %j WHEN checked THEN the problem says %j', (p, why) => {
    expect(hostPathProblem(p)).toContain(why);
  });

  test('GIVEN a path that only starts like a forbidden tree WHEN checked THEN it is fine (near miss)', () => {
    expect(hostPathProblem('/running/tls.crt')).toBeUndefined();
    expect(hostPathProblem('/devices/tls.crt')).toBeUndefined();
  });
});

import { dockerHostProblem } from '../../model/docker-host';

describe('Docker daemon address', () => {
  test.each(['unix:///var/run/docker.sock', 'tcp://10.0.0.5:2376', 'ssh://ops@10.0.0.5', 'ssh://ops@vault-2.internal:2222'])('GIVEN %j WHEN checked THEN it is accepted', (host) => {
    expect(dockerHostProblem(host)).toBeUndefined();
  });

  test.each([
    ['10.0.0.5:2376', 'is not a URL'],
    ['http://10.0.0.5:2375', 'uses http:'],
    ['ssh://ops:secret@10.0.0.5', 'carries a password'],
    ['tcp://10.0.0.5:2376?tls=1', 'has a query or fragment'],
    ['unix://', 'names no socket or host'],
  ])('GIVEN %j WHEN checked THEN it is refused: %s', (host, why) => {
    expect(dockerHostProblem(host)).toContain(why);
  });
});

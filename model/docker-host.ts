// The Docker daemon a container is deployed to, as the docker provider's `host` takes it:
// `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376` or `ssh://ops@10.0.0.5[:22]`. Credentials
// never go here: TLS material comes from the provider's cert_path, SSH keys from the agent.

export function dockerHostProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; expected unix:///var/run/docker.sock, tcp://<ip>:2376 or ssh://<user>@<host>';
  }
  if (!['unix:', 'tcp:', 'ssh:'].includes(url.protocol)) return `uses ${url.protocol}; expected unix://, tcp:// or ssh://`;
  if (url.password) return 'carries a password; SSH authenticates with the agent\'s keys, TCP with the provider\'s certificates';
  if (url.search || url.hash) return 'has a query or fragment; expected scheme, host and port only';
  if (url.protocol === 'unix:' ? url.pathname === '' || url.pathname === '/' : url.hostname === '') return 'names no socket or host';
  return undefined;
}

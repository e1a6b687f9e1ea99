// Container image references by the distribution reference grammar
// (github.com/distribution/reference): [registry[:port]/]path[:tag][@digest]. A reference is
// pinned when it carries a digest, or a tag naming a full release (major.minor.patch); `latest` (any
// case), a bare major (`:1`) or major.minor (`:1.21`) float to whatever is pushed next.

export interface ImageReference {
  /** `registry.example.com:5000`; undefined for Docker Hub's default. */
  readonly registry?: string;
  /** `hashicorp/vault` */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` */
  readonly digest?: string;
}

export type ImageReferenceParse = { readonly image: ImageReference; readonly problem?: undefined } | { readonly image?: undefined; readonly problem: string };

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const FULL_RELEASE = /^v?\d+\.\d+\.\d+(?:[-+.][\w.-]+)?$/;

export function parseImageReference(text: string): ImageReferenceParse {
  if (text !== text.trim() || text === '') return { problem: 'is empty or has surrounding spaces; expected e.g. hashicorp/vault:1.21.4' };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { problem: `has digest "${digest}"; expected sha256: and 64 lower-case hex digits` };
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { problem: `has tag "${tag}"; a tag is 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"` };
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  // The first component is a registry when it has a "." or ":" or is localhost (the grammar's rule).
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    registry = parts.shift();
    const [host, port, ...extra] = registry!.split(':');
    if (extra.length > 0 || !host.split('.').every((c) => DOMAIN_COMPONENT.test(c)) || (port !== undefined && !/^\d{1,5}$/.test(port))) {
      return { problem: `has registry "${registry}"; expected a host name with an optional port, e.g. registry.example.com:5000` };
    }
  }
  if (parts.length === 0 || !parts.every((p) => COMPONENT.test(p))) return { problem: `has repository "${parts.join('/')}"; expected lower-case path components such as hashicorp/vault` };
  return { image: { registry, repository: parts.join('/'), tag, digest } };
}

/** Why a parsed reference is not pinned, or undefined when it is. */
export function unpinnedBecause(image: ImageReference): string | undefined {
  if (image.digest) return undefined;
  if (!image.tag) return 'has no tag or digest, so it means :latest';
  if (image.tag.toLowerCase() === 'latest') return `has the floating tag "${image.tag}"`;
  if (!FULL_RELEASE.test(image.tag)) return `has tag "${image.tag}", which is not a full release (major.minor.patch) and moves with every release`;
  return undefined;
}

import { checkAdminBinding } from '../../../cli/bootstrap/admin-binding';

const role = (body: Record<string, unknown>) => ({ backend: 'approle', roleName: 'hoodcloud-admin', body });
const SERVER = 'https://127.0.0.1:8200';

describe('the admin role binding, checked against this host before sys/init', () => {
  test('GIVEN a bare address as the server stores it WHEN this host is that address THEN it is one host (/32) and admitted', () => {
    expect(checkAdminBinding(role({ secret_id_bound_cidrs: ['127.0.0.1'], token_bound_cidrs: ['127.0.0.1'] }), '127.0.0.1', SERVER)).toEqual(['127.0.0.1']);
  });

  test('GIVEN a bare address WHEN this host is its neighbour THEN it is refused: a bare address is not a network', () => {
    expect(() => checkAdminBinding(role({ secret_id_bound_cidrs: ['127.0.0.1'] }), '127.0.0.2', SERVER)).toThrow(
      `--config-json: the hoodcloud-admin role's secret_id_bound_cidrs (127.0.0.1) does not admit 127.0.0.2, the address this host connects to ${SERVER} from: the admin login check (step 9) would fail after the server is initialized. Run bootstrap from a host inside the binding, or add 127.0.0.2 to HOODCLOUD_ADMIN_CIDRS and synth again`,
    );
  });

  test('GIVEN a network with host bits WHEN checked THEN it is refused as the one CIDR parser refuses it', () => {
    expect(() => checkAdminBinding(role({ secret_id_bound_cidrs: ['10.0.0.0/8', '127.0.0.1/8'] }), '127.0.0.1', SERVER)).toThrow(
      'the hoodcloud-admin role\'s secret_id_bound_cidrs[1] = "127.0.0.1/8" is not a CIDR block: it has host bits set',
    );
  });

  test('GIVEN a secret ID binding that admits this host WHEN the token binding does not THEN the token binding is named', () => {
    expect(() => checkAdminBinding(role({ secret_id_bound_cidrs: ['10.0.9.0/28', '127.0.0.0/8'], token_bound_cidrs: ['10.0.9.0/28'] }), '127.0.0.1', SERVER)).toThrow(
      "the hoodcloud-admin role's token_bound_cidrs (10.0.9.0/28) does not admit 127.0.0.1",
    );
  });

  test('GIVEN an IPv6 network WHEN this host connects over IPv6 THEN it is admitted', () => {
    expect(checkAdminBinding(role({ secret_id_bound_cidrs: ['2001:db8::/64'] }), '2001:db8::5', 'https://[2001:db8::1]:8200')).toEqual(['2001:db8::/64']);
  });
});

import { synthToTemp, SynthOutput } from '../support/synth';

describe('synthesized stacks', () => {
  let out: SynthOutput;
  beforeAll(() => { out = synthToTemp(); });
  afterAll(() => out.cleanup());

  test('GIVEN the committed environments WHEN synthesized THEN a server and a config stack exist per environment, in deploy order', () => {
    expect(out.stacks).toEqual(['dev-server', 'dev-config', 'e2e-server', 'e2e-config', 'prod-server', 'prod-config']);
  });

  test.each(['dev-server', 'dev-config', 'e2e-server', 'e2e-config', 'prod-server', 'prod-config'])(
    'GIVEN the committed environments WHEN %s is synthesized THEN its Terraform JSON matches the reviewed snapshot',
    (name) => {
      expect(out.stack(name)).toMatchSnapshot();
    },
  );
});

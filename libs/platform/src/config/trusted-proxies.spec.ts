import { loadServiceEnvironment } from './service-config';
import { trustedProxies } from './trusted-proxies';

describe('IAM_TRUSTED_PROXIES', () => {
  const load = (IAM_TRUSTED_PROXIES: string) =>
    loadServiceEnvironment({ IAM_MODE: 'standalone', IAM_TRUSTED_PROXIES });

  it('takes addresses and CIDR blocks of either family, comma-separated', () => {
    const config = load('10.0.0.0/8, 127.0.0.1,::1,fd00::/8');
    expect(trustedProxies(config.IAM_TRUSTED_PROXIES)).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
    ]);
    expect(trustedProxies(undefined)).toEqual([]);
    // Empty is unset (the Kubernetes ConfigMap lists every variable).
    expect(trustedProxies(load('').IAM_TRUSTED_PROXIES)).toEqual([]);
  });

  it.each(['999.1.1.1', '10.0.0.0/33', '::1/129', 'proxy.internal', '10.0.0.0/8/1', ',', '10.0.0.1/x'])(
    'refuses %p, naming the setting',
    (value) => {
      expect(() => load(value)).toThrow(/IAM_TRUSTED_PROXIES must be a comma-separated list/);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { lockPath, lockTarget } from '../../src/cli/apply-lock.js';

describe('the apply lock is keyed on where calls go, however it is spelt', () => {
  it.each([
    ['http://127.0.0.1:4566', 'http://127.0.0.1:4566/'],
    ['http://127.0.0.1:4566', 'HTTP://127.0.0.1:4566//'],
    ['http://LOCALHOST/', 'http://localhost:80'],
    ['https://gw.example.com/prefix', 'https://GW.example.com:443/prefix/'],
    // Loopback spelt as a name, an address, another 127/8 address, a number or IPv6: one machine.
    ['http://127.0.0.1:4566', 'http://localhost:4566'],
    ['http://127.0.0.1:4566', 'http://localhost.:4566/'],
    ['http://127.0.0.1:4566', 'http://[::1]:4566'],
    ['http://127.0.0.1:4566', 'http://2130706433:4566'],
    ['http://127.0.0.1:4566', 'http://127.0.1.1:4566'],
  ])('%s and %s share one lock', (a, b) => {
    expect(lockPath({ specSet: 'shop', region: 'us-east-1', endpoint: a })).toBe(lockPath({ specSet: 'shop', region: 'us-east-1', endpoint: b }));
  });

  it('different ports, paths, regions and spec sets do not', () => {
    const base = { specSet: 'shop', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' };
    const others = [{ ...base, endpoint: 'http://127.0.0.1:4567' }, { ...base, endpoint: 'http://127.0.0.1:4566/other' }, { ...base, region: 'eu-west-1' }, { ...base, specSet: 'orders' }];
    for (const o of others) expect(lockPath(o)).not.toBe(lockPath(base));
    expect(lockPath({ ...base, endpoint: 'http://localhost:4567' })).not.toBe(lockPath(base));
    expect(lockPath({ ...base, endpoint: 'https://127.0.0.1:4566' })).not.toBe(lockPath(base));
  });

  it('AWS itself is keyed on partition, region and (when known) account', () => {
    expect(lockTarget({ region: 'us-east-1', account: '123456789012' })).toBe('aws|aws|us-east-1|123456789012');
    expect(lockTarget({ region: 'us-east-1' })).toBe('aws|aws|us-east-1');
    expect(lockTarget({ region: 'cn-north-1' })).toBe('aws|aws-cn|cn-north-1');
    expect(lockTarget({ region: 'us-gov-west-1' })).toBe('aws|aws-us-gov|us-gov-west-1');
  });

  it("AWS's own endpoint given as a URL is AWS itself, keyed on the URL's region", () => {
    const aws = lockTarget({ region: 'eu-west-1', account: '123456789012' });
    expect(lockTarget({ region: 'eu-west-1', account: '123456789012', endpoint: 'https://apigateway.eu-west-1.amazonaws.com' })).toBe(aws);
    expect(lockTarget({ region: 'eu-west-1', account: '123456789012', endpoint: 'https://APIGATEWAY.eu-west-1.amazonaws.com:443/' })).toBe(aws);
    expect(lockTarget({ region: 'cn-north-1', endpoint: 'https://apigateway.cn-north-1.amazonaws.com.cn' })).toBe('aws|aws-cn|cn-north-1');
    expect(lockTarget({ region: 'eu-west-1', endpoint: 'https://apigateway.eu-west-1.amazonaws.com/proxy' })).not.toMatch(/^aws\|/);
  });
});

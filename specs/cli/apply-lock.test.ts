import { describe, expect, it } from 'vitest';
import { lockPath, lockTarget } from '../../src/cli/apply-lock.js';

describe('the apply lock is keyed on where calls go, however it is spelt', () => {
  it.each([
    ['http://127.0.0.1:4566', 'http://127.0.0.1:4566/'],
    ['http://127.0.0.1:4566', 'HTTP://127.0.0.1:4566//'],
    ['http://LOCALHOST/', 'http://localhost:80'],
    ['https://gw.example.com/prefix', 'https://GW.example.com:443/prefix/'],
  ])('%s and %s share one lock', (a, b) => {
    expect(lockPath({ specSet: 'shop', region: 'us-east-1', endpoint: a })).toBe(lockPath({ specSet: 'shop', region: 'us-east-1', endpoint: b }));
  });

  it('different ports, paths, regions and spec sets do not', () => {
    const base = { specSet: 'shop', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' };
    const others = [{ ...base, endpoint: 'http://127.0.0.1:4567' }, { ...base, endpoint: 'http://127.0.0.1:4566/other' }, { ...base, region: 'eu-west-1' }, { ...base, specSet: 'orders' }];
    for (const o of others) expect(lockPath(o)).not.toBe(lockPath(base));
  });

  it('AWS itself is keyed on partition, region and (when known) account', () => {
    expect(lockTarget({ region: 'us-east-1', account: '123456789012' })).toBe('aws|aws|us-east-1|123456789012');
    expect(lockTarget({ region: 'us-east-1' })).toBe('aws|aws|us-east-1');
    expect(lockTarget({ region: 'cn-north-1' })).toBe('aws|aws-cn|cn-north-1');
    expect(lockTarget({ region: 'us-gov-west-1' })).toBe('aws|aws-us-gov|us-gov-west-1');
  });
});

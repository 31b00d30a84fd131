import { describe, expect, it } from 'vitest';
import { copyWith, lazyField } from '../../src/reconcile/lazy-field.js';

describe('lazyField: a plan field worked out only when read', () => {
  it('computes once, on the first read, and reads as plain data after', () => {
    let runs = 0;
    const plan = lazyField({ a: 1, liveFingerprint: '', z: 2 }, 'liveFingerprint', () => `sha256:${++runs}`);
    expect(runs).toBe(0);
    expect(plan.liveFingerprint).toBe('sha256:1');
    expect(plan.liveFingerprint).toBe('sha256:1');
    expect(runs).toBe(1);
    expect(Object.getOwnPropertyDescriptor(plan, 'liveFingerprint')).toMatchObject({ value: 'sha256:1', enumerable: true, writable: true });
  });

  it('JSON, spreads and equality see the value, in the field\'s place', () => {
    const plan = lazyField({ a: 1, liveFingerprint: '', z: 2 }, 'liveFingerprint', () => 'sha256:x');
    expect(JSON.stringify(plan)).toBe('{"a":1,"liveFingerprint":"sha256:x","z":2}');
    expect({ ...lazyField({ f: '' }, 'f', () => 'v') }).toStrictEqual({ f: 'v' });
    expect(lazyField({ f: '' }, 'f', () => 'v')).toEqual({ f: 'v' });
  });

  it('a value written first wins, and the computation never runs', () => {
    let runs = 0;
    const plan = lazyField({ f: '' }, 'f', () => String(++runs));
    plan.f = 'given';
    expect(plan.f).toBe('given');
    expect(runs).toBe(0);
  });

  it('copyWith keeps it lazy (a spread would compute it) and shares the one computation', () => {
    let runs = 0;
    const plan = lazyField({ f: '', target: { region: 'a' } }, 'f', () => `v${++runs}`);
    const copy = copyWith(plan, { target: { region: 'b' } });
    expect(runs).toBe(0);
    expect(copy.target).toStrictEqual({ region: 'b' });
    expect(plan.target).toStrictEqual({ region: 'a' });
    expect(copy.f).toBe('v1');
    expect(plan.f).toBe('v1');
    expect(runs).toBe(1);
    expect(Object.keys(copy)).toStrictEqual(['f', 'target']);
  });
});

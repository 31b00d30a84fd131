import { describe, expect, it } from 'vitest';
import { escapePointer } from '../../src/reconcile/keys.js';
import { mapEntries, patchValue, scalar, setInPath, setInValue } from '../../src/reconcile/patch.js';

describe('v1 PATCH operation builders', () => {
  it.each([
    ['application/json', 'application~1json'],
    ['a~b/c', 'a~0b~1c'],
    ['method.request.querystring.q', 'method.request.querystring.q'],
  ])('escapes %s as %s in a path', (raw, escaped) => {
    expect(escapePointer(raw)).toBe(escaped);
  });

  it('sends every value as a string, JSON documents stringified, placeholders untouched', () => {
    expect([patchValue(true), patchValue(29000), patchValue('x'), patchValue({ a: 1 }), patchValue({ $ref: 'k', id: 'i' })])
      .toStrictEqual(['true', '29000', 'x', '{"a":1}', { $ref: 'k', id: 'i' }]);
  });

  it('writes map entries with the key in the path: remove dropped, add new, replace changed, add a passthrough', () => {
    // GIVEN templates where one is dropped, one changed, one new and one turned into a passthrough
    const from = { 'text/plain': 'a', 'application/json': 'x', 'application/xml': 'y' };
    const to = { 'application/json': 'z', 'text/html': 'h', 'application/xml': null };
    // THEN
    expect(mapEntries('/requestTemplates', from, to)).toStrictEqual([
      { op: 'remove', path: '/requestTemplates/text~1plain' },
      { op: 'replace', path: '/requestTemplates/application~1json', value: 'z' },
      { op: 'add', path: '/requestTemplates/application~1xml' },
      { op: 'add', path: '/requestTemplates/text~1html', value: 'h' },
    ]);
  });

  it('writes set members in the path or in the value, adds first', () => {
    expect(setInPath('/binaryMediaTypes', ['image/png'], ['image/jpeg'])).toStrictEqual([
      { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
      { op: 'remove', path: '/binaryMediaTypes/image~1png' },
    ]);
    expect(setInValue('/providerARNs', ['arn:a'], ['arn:b'])).toStrictEqual([
      { op: 'add', path: '/providerARNs', value: 'arn:b' },
      { op: 'remove', path: '/providerARNs', value: 'arn:a' },
    ]);
  });

  it('clears a replace-only field the way AWS takes it', () => {
    expect(scalar('/description', 'a', undefined, 'remove')).toStrictEqual([{ op: 'remove', path: '/description' }]);
    expect(scalar('/operationName', 'a', undefined, 'empty')).toStrictEqual([{ op: 'replace', path: '/operationName', value: '' }]);
    expect(scalar('/minimumCompressionSize', 1024, undefined)).toStrictEqual([{ op: 'replace', path: '/minimumCompressionSize' }]);
    expect(scalar('/timeoutInMillis', 29000, 29000)).toStrictEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { errorsOf, fixOf, ROOT } from './helpers.js';

/**
 * validate's rules for documentation parts and versions: every location AWS would refuse, a part
 * for something the spec lacks, two parts for one location, and a stage naming a version the spec
 * lacks, each at file:line:column with how to fix it.
 */
const head = `restApis:
  shop:
    models: { Pet: { schema: { type: object } } }
    resources:
      /pets/{petId}:
        GET: { integration: { type: MOCK } }
    stages:
      prod: { documentationVersion: "1.0" }
    documentation:
      versions: { "1.0": { description: First } }
      parts:
`;
const files = (parts: string) => ({ 'apigw-sync.yaml': ROOT, 'api.yaml': `${head}${parts}` });
const check = (parts: string) => errorsOf(files(parts));

describe('documentation parts', () => {
  it('valid parts of every kind of location: parent paths count, defaults may be written or left out', () => {
    expect(check(`        - { location: { type: API }, properties: { info: { description: Pets } } }
        - { location: { type: RESOURCE, path: /pets }, properties: { description: All pets } }
        - { location: { type: METHOD, path: "/pets/{petId}", method: GET }, properties: { summary: One pet } }
        - { location: { type: PATH_PARAMETER, path: "/pets/{petId}", name: petId }, properties: { description: Id } }
        - { location: { type: RESPONSE, statusCode: "404" }, properties: '{"description": "Not found"}' }
        - { location: { type: RESPONSE_HEADER, method: "*", statusCode: "200", name: X-Next }, properties: {} }
        - { location: { type: MODEL, name: Pet }, properties: { title: Pet } }
`)).toStrictEqual([]);
  });

  it('a field the location type does not take, and a missing name', () => {
    expect(check(`        - { location: { type: API, path: /pets }, properties: {} }
        - { location: { type: QUERY_PARAMETER, path: "/pets/{petId}" }, properties: {} }
`)).toStrictEqual([
      'api.yaml:12:36 spec/invalid-documentation-location Documentation part 1 (API) of REST API shop has path, which an API location does not take (AWS refuses it).',
      'api.yaml:13:23 spec/invalid-documentation-location Documentation part 2 (QUERY_PARAMETER) of REST API shop has no name; a QUERY_PARAMETER location needs the name of the query parameter it documents.',
    ]);
    expect(fixOf(files('        - { location: { type: QUERY_PARAMETER }, properties: {} }\n'))).toBe('add name: under location, e.g. name: page.');
  });

  it('a path, method, model or authorizer the spec lacks', () => {
    expect(check(`        - { location: { type: RESOURCE, path: /petz }, properties: {} }
        - { location: { type: METHOD, path: "/pets/{petId}", method: DELETE }, properties: {} }
        - { location: { type: MODEL, name: Dog }, properties: {} }
        - { location: { type: AUTHORIZER, name: cognito }, properties: {} }
`)).toStrictEqual([
      'api.yaml:12:47 spec/unresolved-reference Documentation part 1 (RESOURCE) of REST API shop documents the path /petz, which is not a resource of the spec. Did you mean "/pets"?',
      'api.yaml:13:70 spec/unresolved-reference Documentation part 2 (METHOD) of REST API shop documents DELETE /pets/{petId}, a method the spec does not define.',
      'api.yaml:14:44 spec/unresolved-reference Documentation part 3 (MODEL) of REST API shop documents the model "Dog", which is not defined.',
      'api.yaml:15:49 spec/unresolved-reference Documentation part 4 (AUTHORIZER) of REST API shop documents the authorizer "cognito", which is not defined.',
    ]);
  });

  it('two parts for one location, one of them written with the defaults', () => {
    expect(check(`        - { location: { type: METHOD, path: "/pets/{petId}" }, properties: {} }
        - { location: { type: METHOD, path: "/pets/{petId}", method: "*" }, properties: { summary: x } }
`)).toStrictEqual([
      'api.yaml:13:23 spec/duplicate-documentation-part Documentation part 2 (METHOD) of REST API shop has the same location as part 1 (METHOD path=/pets/{petId} method=*); AWS keeps one part per location.',
    ]);
  });

  it('properties that are not a JSON object', () => {
    expect(check(`        - { location: { type: API }, properties: "not json" }\n`)).toStrictEqual([
      'api.yaml:12:50 spec/invalid-value The properties of documentation part 1 (API) of REST API shop are not a JSON object.',
    ]);
  });
});

describe('documentation versions', () => {
  it('a stage naming a version the spec lacks', () => {
    const errors = errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': head.replace('documentationVersion: "1.0"', 'documentationVersion: "1.1"') + '        - { location: { type: API }, properties: {} }\n' });
    expect(errors).toStrictEqual([
      'api.yaml:8:37 spec/unresolved-reference Stage prod of REST API shop publishes the documentation version "1.1", which is not defined. Did you mean "1.0"?',
    ]);
  });
});

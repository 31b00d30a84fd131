import { XMLParser } from 'fast-xml-parser';
import { AwsError } from '../aws-error.js';

/**
 * Route 53 speaks REST-XML: request bodies are XML documents in the 2013-04-01 namespace, and so
 * are answers and errors. Parsing uses fast-xml-parser (a well-kept parser: entities, CDATA and
 * namespaces are its business, not ours); answers are built with `el`, which escapes every text.
 */
export const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** Elements that are lists in route53.service-2.json: always arrays, even with one member. */
const LIST_MEMBERS = new Set(['Change', 'ResourceRecord', 'NameServer', 'VPC', 'Message']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LIST_MEMBERS.has(name),
});

/** The request document's root element, as plain objects and strings. */
export function parseRequest(raw: Buffer, root: string): Record<string, any> {
  const text = raw.toString('utf8');
  let doc: Record<string, any>;
  try {
    doc = parser.parse(text, true) as Record<string, any>;
  } catch (err) {
    throw new AwsError('MalformedXML', 400, `The XML you provided was not well-formed or did not validate against our published schema: ${(err as Error).message}`);
  }
  const body = doc[root];
  if (body === undefined || typeof body !== 'object') {
    throw new AwsError('InvalidInput', 400, `Invalid XML ; expected the root element ${root}`);
  }
  return body as Record<string, any>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<name>children</name>`; undefined children are left out, arrays become repeated elements. */
export type XmlValue = string | number | boolean | XmlNode | undefined;
export interface XmlNode {
  name: string;
  children: XmlValue[];
}

export function el(name: string, ...children: (XmlValue | XmlValue[])[]): XmlNode {
  return { name, children: children.flat() };
}

export function render(node: XmlNode): string {
  const inner = node.children
    .filter((c) => c !== undefined)
    .map((c) => (typeof c === 'object' ? render(c as XmlNode) : escape(String(c))))
    .join('');
  return `<${node.name}>${inner}</${node.name}>`;
}

/** A response document: the XML declaration and the root element in Route 53's namespace. */
export function document(node: XmlNode): string {
  const xml = render(node);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.replace(`<${node.name}>`, `<${node.name} xmlns="${XMLNS}">`)}`;
}

/** Route 53's error document (the `ErrorResponse` of the REST-XML protocol). */
export function errorDocument(code: string, message: string, requestId: string, status: number): string {
  return document(el('ErrorResponse', el('Error', el('Type', status >= 500 ? 'Receiver' : 'Sender'), el('Code', code), el('Message', message)), el('RequestId', requestId)));
}

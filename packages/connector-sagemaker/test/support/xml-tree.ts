/** XML documents as element trees, for checking REST-XML bodies element by element. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One XML element: its name, attributes, child elements in order, and its own text. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: Node): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text' || name.startsWith('?')) return undefined;
  const content = (node[name] ?? []) as Node[];
  const children = content.map(toElement).filter((child): child is XmlElement => child !== undefined);
  const text = content.map((child) => (typeof child['#text'] === 'string' ? child['#text'] : '')).join('');
  return { name, attributes: node[':@'] ?? {}, children, text };
}

/** The root element of `text`; throws naming the fault when it is not one well-formed XML document. */
export function parseXmlDocument(text: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(text) as Node[]).map(toElement).filter((root) => root !== undefined);
  if (roots.length !== 1) throw new Error(`an XML document has one root element, not ${roots.length}`);
  return roots[0] as XmlElement;
}

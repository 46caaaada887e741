/**
 * A REST-XML body against a model shape: each child element is a body member under its serialized name
 * (`locationName`, else the member's), lists are wrapped (`<Member><member>…`) or `flattened` (the element
 * repeated), required members are there, no element the model lacks, and each text is of its shape's type.
 */
import { type ServiceModel, type ShapeRef, shapeOf } from './aws-models.js';
import { sizeRule } from './constraint-rules.js';
import { scalarRule } from './scalar-rules.js';
import type { XmlElement } from './xml-tree.js';

/** The element name a member travels under in an XML body. */
function elementName(model: ServiceModel, member: string, ref: ShapeRef): string {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'list' && shape.flattened)
    return ref.locationName ?? shape.member?.locationName ?? member;
  return ref.locationName ?? member;
}

/** Every way `element` breaks shape `ref.shape` of `model`, as `path: rule` lines. */
export function xmlIssues(model: ServiceModel, ref: ShapeRef, element: XmlElement, path: string): string[] {
  const name = ref.shape;
  const shape = shapeOf(model, name);
  if (shape.type === 'structure') return structureIssues(model, name, element, path);
  if (shape.type === 'list') {
    const itemName = shape.member?.locationName ?? 'member';
    const size = sizeRule(name, shape, element.children.length);
    const items = element.children.flatMap((child, index) =>
      child.name === itemName
        ? xmlIssues(model, shape.member as ShapeRef, child, `${path}[${index}]`)
        : [`${path}[${index}]: a wrapped list ${name} holds <${itemName}> elements, not <${child.name}>`],
    );
    return size ? [`${path}: ${size}`, ...items] : items;
  }
  if (shape.type === 'map') return [`${path}: XML maps (${name}) are not checked by this checker`];
  if (element.children.length > 0)
    return [`${path}: <${element.name}> of simple shape ${name} must hold text, not elements`];
  const rule = scalarRule(name, shape, element.text, 'xml', ref.timestampFormat);
  return rule ? [`${path}: ${rule}`] : [];
}

function structureIssues(model: ServiceModel, name: string, element: XmlElement, path: string): string[] {
  const shape = shapeOf(model, name);
  const body = Object.entries(shape.members ?? {}).filter(([, ref]) => ref.location === undefined);
  const byElement = new Map(body.map(([member, ref]) => [elementName(model, member, ref), { member, ref }]));
  const issues: string[] = [];
  const seen = new Map<string, XmlElement[]>();
  for (const child of element.children) seen.set(child.name, [...(seen.get(child.name) ?? []), child]);
  for (const [tag, elements] of seen) {
    const found = byElement.get(tag);
    if (!found) {
      issues.push(`${path}: ${name} has no member serialized as <${tag}>`);
      continue;
    }
    const memberPath = `${path}.${found.member}`;
    const target = shapeOf(model, found.ref.shape);
    if (target.type === 'list' && target.flattened) {
      const size = sizeRule(found.ref.shape, target, elements.length);
      if (size) issues.push(`${memberPath}: ${size}`);
      elements.forEach((item, index) => {
        issues.push(...xmlIssues(model, target.member as ShapeRef, item, `${memberPath}[${index}]`));
      });
    } else if (elements.length > 1) {
      issues.push(
        `${memberPath}: <${tag}> appears ${elements.length} times; ${name}.${found.member} is one value`,
      );
    } else {
      issues.push(...xmlIssues(model, found.ref, elements[0] as XmlElement, memberPath));
    }
  }
  for (const member of shape.required ?? []) {
    const ref = shape.members?.[member];
    if (ref && ref.location === undefined && !seen.has(elementName(model, member, ref)))
      issues.push(`${path}.${member}: is required by ${name} (element <${elementName(model, member, ref)}>)`);
  }
  return issues;
}

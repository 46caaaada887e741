/**
 * A strict well-formedness check for the XML the JUnit reporter writes: one root, balanced tags, quoted
 * attributes, only the five predefined entities, no raw `<` or `&` in text or attributes.
 */
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const stack: string[] = [];
  let roots = 0;
  let position = 0;
  for (const match of body.matchAll(token)) {
    if (match.index !== position)
      throw new Error(`Malformed XML at ${position}: ${body.slice(position, position + 40)}`);
    position = match.index + match[0].length;
    const [, closing, name, attributes = '', selfClosing, text] = match;
    const checkEntities = (value: string) => {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(value)) throw new Error(`Bad entity in ${value.slice(0, 40)}`);
    };
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') throw new Error('Text outside the root');
      checkEntities(text);
      continue;
    }
    checkEntities(attributes);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`Unbalanced </${name}>`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name as string);
    }
  }
  if (position !== body.length)
    throw new Error(`Malformed XML at ${position}: ${body.slice(position, position + 40)}`);
  if (stack.length > 0 || roots !== 1) throw new Error(`Unclosed ${stack.join(', ')} or ${roots} roots`);
}

import type { KubeObject } from './objects.js';
import { KubeStatusError } from './status.js';

/** Which requests of a label selector (`a=b,c!=d,e,!f`) an object's labels meet. */
export function matchesLabelSelector(selector: string | null, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .every((term) => {
      const notEqual = /^([^!=]+)!=(.*)$/.exec(term);
      if (notEqual) return labels[notEqual[1] as string] !== notEqual[2];
      const equal = /^([^!=]+)==?(.*)$/.exec(term);
      if (equal) return labels[equal[1] as string] === equal[2];
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

export function matchesFieldSelector(selector: string | null, pod: KubeObject): boolean {
  if (!selector) return true;
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'spec.nodeName': (pod.spec as { nodeName?: string }).nodeName ?? '',
    'status.phase': (pod.status as { phase?: string }).phase,
  };
  return selector.split(',').every((term) => {
    const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!match) throw new KubeStatusError(400, `invalid field selector: ${term}`);
    const field = match[1] as string;
    if (!(field in fields)) throw new KubeStatusError(400, `field label not supported: ${field}`);
    return match[2] === '!=' ? fields[field] !== match[3] : fields[field] === match[3];
  });
}

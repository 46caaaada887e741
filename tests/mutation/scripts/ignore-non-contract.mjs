/**
 * A Stryker ignorer: mutants of what the contract does not promise are left out of the score. Those are log
 * calls, and the wording of error messages (the clauses check an error's type, never its prose; the secrets
 * clauses check what a message must not hold, which no mutant of a literal can add).
 */
const ERROR_HELPERS = new Set(['refuse', 'fail', 'invalidResponse', 'fromIssues']);

function calleeName(node) {
  const callee = node.callee;
  if (callee?.type === 'Identifier') return callee.name;
  if (callee?.type === 'MemberExpression' && callee.property?.type === 'Identifier')
    return callee.property.name;
  return undefined;
}

function isLogCall(node) {
  const callee = node.callee;
  return (
    node.type === 'CallExpression' &&
    callee?.type === 'MemberExpression' &&
    callee.object?.type === 'MemberExpression' &&
    callee.object.property?.type === 'Identifier' &&
    callee.object.property.name === 'logger'
  );
}

function buildsAnError(node) {
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return false;
  const name = calleeName(node);
  return name !== undefined && (/Error$/.test(name) || ERROR_HELPERS.has(name));
}

/** The first argument of an error constructor or helper when it is the message (a string or template). */
function isMessageOfError(path) {
  const node = path.node;
  if (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral') return false;
  const parent = path.parentPath?.node;
  return parent !== undefined && buildsAnError(parent) && parent.arguments?.includes(node);
}

export const strykerPlugins = [
  {
    kind: 'Ignore',
    name: 'non-contract',
    value: {
      shouldIgnore(path) {
        if (path.isExpressionStatement?.() && isLogCall(path.node.expression)) return 'a log call';
        if (isMessageOfError(path)) return "an error's message or field text";
        return undefined;
      },
    },
  },
];

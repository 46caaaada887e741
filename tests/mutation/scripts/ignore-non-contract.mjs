/**
 * A Stryker ignorer: mutants of what the contract does not promise are left out of the score. Those are log
 * calls, and what an error says rather than what it is: the arguments of an error's constructor or of a helper
 * that builds or throws one (message, field name, rule, code, issues). The clauses check an error's type,
 * never its prose; the secrets clauses check what an error must not hold, which no mutant of a literal adds.
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
  return name !== undefined && (/Error$/.test(name) || /^assert/.test(name) || ERROR_HELPERS.has(name));
}

/** An argument of an error constructor or error helper: what the error says, not what it is. */
function isArgumentOfError(path) {
  const node = path.node;
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
        if (isArgumentOfError(path)) return 'what an error says (message, field, rule, code)';
        return undefined;
      },
    },
  },
];

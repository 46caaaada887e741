/**
 * A Stryker ignorer: mutants of what the contract does not promise are left out of the score. Those are log
 * calls (and an `if` whose only effect is a log call), and what an error says rather than what it is: the arguments of an error's constructor or of a helper
 * that builds or throws one (message, field name, rule, code, issues). The clauses check an error's type,
 * never its prose; the secrets clauses check what an error must not hold, which no mutant of a literal adds.
 */
const ERROR_HELPERS = new Set(['refuse', 'fail', 'invalidResponse', 'fromIssues', 'forField']);

function calleeName(node) {
  const callee = node.callee;
  if (callee?.type === 'Identifier') return callee.name;
  if (callee?.type === 'MemberExpression' && callee.property?.type === 'Identifier')
    return callee.property.name;
  return undefined;
}

/** `logger`, `#logger`, or a call of either (`this.#logger()`): the object a log call is made on. */
function isLogger(node) {
  const named = (member) =>
    member?.type === 'MemberExpression' &&
    ((member.property?.type === 'Identifier' && member.property.name === 'logger') ||
      (member.property?.type === 'PrivateName' && member.property.id?.name === 'logger'));
  return named(node) || (node?.type === 'CallExpression' && named(node.callee));
}

function isLogCall(node) {
  return (
    node?.type === 'CallExpression' &&
    node.callee?.type === 'MemberExpression' &&
    isLogger(node.callee.object)
  );
}

/** A log call as a statement, or an `if` whose only effect is one (`if (cancelled) logger.info(...)`). */
function isLogStatement(node) {
  if (node?.type === 'ExpressionStatement') return isLogCall(node.expression);
  if (node?.type === 'BlockStatement') return node.body.length > 0 && node.body.every(isLogStatement);
  if (node?.type === 'IfStatement') return !node.alternate && isLogStatement(node.consequent);
  return false;
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
        if (isLogStatement(path.node)) return 'a log call';
        if (isArgumentOfError(path)) return 'what an error says (message, field, rule, code)';
        return undefined;
      },
    },
  },
];

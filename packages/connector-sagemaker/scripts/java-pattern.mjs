// AWS's models write `pattern` constraints as Java regular expressions (java.util.regex), which the services
// match against the WHOLE value: SageMaker refuses `my_job` for the pattern `^[a-zA-Z0-9](-*[a-zA-Z0-9])*`,
// which has no `$` (aws/sagemaker-python-sdk issue 384). This turns one into the source of a JavaScript
// `RegExp` with the `u` flag that accepts the same values, or says why it cannot.
//
// What carries over unchanged: literals, classes, groups, look-ahead and look-behind, quantifiers, `\d` `\w`
// `\b` (ASCII in both), and `\p{..}` for the Unicode general categories, which mean the same in both. What
// Java writes differently: an escaped character that needs none (`\_`, `\-` outside a class) is the character
// itself; `\s` is Java's six ASCII spaces (` \t\n\x0B\f\r`), where JavaScript's also takes Unicode ones, so
// it is written out, and `\S` (any character but those six: Java accepts a no-break space) becomes a negated
// class; inside a larger class `\S` has no JavaScript form and is refused. What has no JavaScript
// equivalent is refused by name: possessive quantifiers, atomic groups, inline flags, class unions and
// intersections, `\Q…\E`, `\A` `\z` `\Z` `\G` `\h` `\R`, and `\p{..}` of POSIX or `java…` classes (JavaScript
// would read `\p{Alpha}` as Unicode's Alphabetic, not Java's ASCII letters).

/** The Unicode general categories, which `\p{..}` names alike in Java and JavaScript. */
const GENERAL_CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co Cn'.split(
    ' ',
  ),
);
/** Java's `\s`: the six ASCII spaces, as they go inside a JavaScript class. */
const JAVA_SPACES = ' \\t\\n\\x0B\\f\\r';
/** The characters JavaScript lets `\` escape in a `u` pattern (plus `-`, but only inside a class). */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');

/**
 * The JavaScript source, anchored to match the whole value, of the Java `pattern`:
 * `{ source }`, or `{ unsupported }` naming the construct JavaScript cannot express alike.
 */
export function javaPatternToJs(pattern) {
  let out = '';
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const quantifierBefore = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return { unsupported: 'a trailing backslash' };
      i++;
      if (next === 'p' || next === 'P') {
        const braced = /^\{(\w+)\}/.exec(pattern.slice(i + 1));
        const name = braced ? braced[1] : pattern[i + 1];
        if (!name || !GENERAL_CATEGORIES.has(name))
          return { unsupported: `\\${next}{${name ?? ''}} (not a Unicode general category)` };
        out += `\\${next}{${name}}`;
        i += braced ? braced[0].length : 1;
      } else if (next === 's') {
        out += inClass ? JAVA_SPACES : `[${JAVA_SPACES}]`;
      } else if (next === 'S') {
        if (inClass)
          return { unsupported: "\\S inside a class (Java's ASCII-only \\S has no JavaScript form there)" };
        out += `[^${JAVA_SPACES}]`;
      } else if ('dDwWtnrf'.includes(next) || (!inClass && 'bB'.includes(next))) {
        out += `\\${next}`;
      } else if (next === 'x' && /^[0-9a-fA-F]{2}/.test(pattern.slice(i + 1))) {
        out += `\\x${pattern.slice(i + 1, i + 3)}`;
        i += 2;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}/.test(pattern.slice(i + 1))) {
        out += `\\u${pattern.slice(i + 1, i + 5)}`;
        i += 4;
      } else if (/[0-9A-Za-z]/.test(next)) {
        return { unsupported: `the escape \\${next}` };
      } else if (SYNTAX.has(next) || (inClass && next === '-')) {
        out += `\\${next}`;
      } else {
        out += next;
      }
      continue;
    }
    if (inClass) {
      if (c === '[') return { unsupported: 'a class inside a class (union)' };
      if (c === '&' && pattern[i + 1] === '&') return { unsupported: 'a class intersection (&&)' };
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (pattern.startsWith('[\\s\\S]', i) || pattern.startsWith('[\\S\\s]', i)) {
      // Any character at all, in both.
      out += '[\\s\\S]';
      i += 5;
      continue;
    }
    if (pattern.startsWith('[\\S]', i)) {
      // The common `[\S]`: a class of `\S` alone is `\S`.
      out += `[^${JAVA_SPACES}]`;
      i += 3;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in Java; JavaScript needs it escaped.
      const negated = pattern[i + 1] === '^';
      if (negated) {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const group = pattern.slice(i, i + 4);
      if (!/^\(\?(?::|=|!|<=|<!|<[A-Za-z])/.test(group))
        return { unsupported: `the group ${group}… (atomic group or inline flags)` };
    }
    if ((c === '+' || c === '?') && quantifierBefore) {
      if (c === '+') return { unsupported: 'a possessive quantifier' };
      out += c; // lazy: the same in both, and irrelevant to a whole match
      continue;
    }
    if (c === '*' || c === '+' || c === '?') afterQuantifier = true;
    if (c === '}' && /\{\d+(,\d*)?$/.test(out)) afterQuantifier = true;
    out += c;
  }
  if (inClass) return { unsupported: 'an unclosed class' };
  const source = `^(?:${out})$`;
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return { unsupported: `JavaScript cannot compile it (${error.message})` };
  }
  return { source };
}

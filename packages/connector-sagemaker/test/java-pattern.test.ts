/**
 * AWS's patterns are Java regular expressions matched against the whole value: the translation keeps what
 * means the same in JavaScript, rewrites what Java spells differently, and refuses by name what JavaScript
 * cannot express alike, so no pattern is silently dropped or silently changed.
 */
import { describe, expect, it } from 'vitest';
import { javaPatternToJs } from '../scripts/java-pattern.mjs';

const matches = (pattern: string, value: string) =>
  new RegExp(javaPatternToJs(pattern).source as string, 'u').test(value);

describe('Java patterns in JavaScript', () => {
  it('match the whole value, as AWS matches them, anchored or not', () => {
    expect(matches('^[a-zA-Z0-9](-*[a-zA-Z0-9])*', 'my-job')).toBe(true);
    expect(matches('^[a-zA-Z0-9](-*[a-zA-Z0-9])*', 'my_job')).toBe(false);
    expect(matches('[a-zA-Z_][a-zA-Z0-9_]*', 'EPOCHS')).toBe(true);
    expect(matches('[a-zA-Z_][a-zA-Z0-9_]*', 'EPOCHS-2')).toBe(false);
    expect(matches('(Sum|Maximum)', 'Sum')).toBe(true);
    expect(matches('(Sum|Maximum)', 'Summary')).toBe(false);
  });

  it("take \\s as Java's six ASCII spaces, so \\S accepts a no-break space as Java does", () => {
    expect(matches('[\\S]+', 'img\u00a0tag')).toBe(true);
    expect(matches('\\S+', 'img tag')).toBe(false);
    expect(matches('^(?!\\s*$).+', '\u00a0')).toBe(true);
    expect(matches('^(?!\\s*$).+', ' \t')).toBe(false);
    expect(matches('a\\sb', 'a\u00a0b')).toBe(false);
    expect(matches('[\\S\\s]*', 'any\nthing\u00a0')).toBe(true);
    expect(javaPatternToJs('[a\\S]').unsupported).toMatch(/\\S inside a class/);
  });

  it('keep Unicode categories, look-around and classes; unescape what Java escapes needlessly', () => {
    expect(matches('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$', 'größe 1')).toBe(true);
    expect(matches('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$', 'a<b')).toBe(false);
    expect(matches('([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)$', 'name-')).toBe(false);
    expect(matches('^(?!\\s*$).+', '   ')).toBe(false);
    expect(javaPatternToJs('a\\_b\\-c').source).toBe('^(?:a_b-c)$');
    expect(javaPatternToJs('[]a]').source).toBe('^(?:[\\]a])$');
  });

  it('refuse, by name, what JavaScript cannot express alike', () => {
    expect(javaPatternToJs('a++')).toEqual({ unsupported: 'a possessive quantifier' });
    expect(javaPatternToJs('(?>a)').unsupported).toMatch(/atomic group or inline flags/);
    expect(javaPatternToJs('(?i)a').unsupported).toMatch(/atomic group or inline flags/);
    expect(javaPatternToJs('[a-z&&[^e]]').unsupported).toMatch(/class (union|intersection)/);
    expect(javaPatternToJs('\\Qa.b\\E').unsupported).toBe('the escape \\Q');
    expect(javaPatternToJs('\\Aabc\\z').unsupported).toBe('the escape \\A');
    // JavaScript would read \p{Alpha} as Unicode's Alphabetic; Java means ASCII letters.
    expect(javaPatternToJs('\\p{Alpha}+').unsupported).toMatch(/not a Unicode general category/);
  });
});

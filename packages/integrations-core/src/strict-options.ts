/**
 * The one policy for options and credentials objects: known keys only. A misspelt key (`timeoutMS`) or an old
 * name (`host` after it became `endpoint`) is refused naming the key, never silently ignored, which would
 * leave the default in force and the user wondering why their setting did nothing.
 */
import { z } from 'zod';

interface ZodDefinition {
  _zod?: { def?: { type?: string; innerType?: unknown; params?: { renamedTo?: unknown } } };
}

/**
 * The new name of a key whose schema {@link strictOptions} made to refuse a renamed key; else undefined. The
 * name is kept in one place, the refusal's issue `params`, which is also what reports it.
 *
 * @internal
 */
export function renamedKeyTarget(schema: unknown): string | undefined {
  let def = (schema as ZodDefinition | undefined)?._zod?.def;
  // Seen through the `optional` it is made with, and any a derived schema (`.partial()`) adds.
  for (let guard = 0; def?.type === 'optional' && guard < 8; guard++) {
    def = (def.innerType as ZodDefinition | undefined)?._zod?.def;
  }
  const renamedTo = def?.type === 'custom' ? def.params?.renamedTo : undefined;
  return typeof renamedTo === 'string' ? renamedTo : undefined;
}

/**
 * A shape whose keys are exactly the options of `Options`, each a schema of its value: written
 * `{ ... } satisfies OptionFields<Options>`, it makes the compiler refuse a shape that forgets an option (which
 * would then be refused as unknown) or invents one.
 *
 * @internal
 */
export type OptionFields<Options> = { [Key in keyof Options]-?: z.ZodType<Options[Key]> };

/**
 * The rule a renamed key breaks: what it is called now.
 *
 * @internal
 */
export function renamedKeyRule(newKey: string): string {
  return `is now \`${newKey}\` (renamed)`;
}

/** Settings of {@link strictOptions}. */
export interface StrictOptionsSettings<Shape extends z.ZodRawShape> {
  /**
   * Keys that were renamed, old name to new (`{ host: 'endpoint' }`): an old key is refused saying what it is
   * called now, rather than as merely unknown. The new name must be a key of the shape.
   */
  renamed?: Readonly<Record<string, keyof Shape & string>> | undefined;
}

/**
 * A zod object schema of an options or credentials object that accepts the keys of `shape` only. Parsed with
 * core's `parseOrThrow`, an unknown key becomes an `InvalidParameterError` issue naming the key, with the
 * known key it most likely meant ("is not a known option; did you mean "timeoutMs"?") or, for a key listed in
 * `renamed`, its new name ("is now `endpoint` (renamed)"). The value of an unknown or renamed key is never
 * quoted: it may be a secret given under the wrong name. Nest it for nested objects: each level gets its own
 * known keys and renames.
 *
 * @example
 * ```ts
 * const CredentialsSchema = strictOptions(
 *   { endpoint: z.url(), token: z.string().min(1) },
 *   { renamed: { host: 'endpoint' } },
 * );
 * parseOrThrow(CredentialsSchema, { endpoint: 'https://x', host: 'https://x', token: 't' }, 'credentials');
 * // InvalidParameterError: Invalid credentials:
 * //   - host: is now `endpoint` (renamed)
 * ```
 */
export function strictOptions<Shape extends z.ZodRawShape>(
  shape: Shape,
  settings: StrictOptionsSettings<Shape> = {},
): z.ZodObject<Shape, z.core.$strict> {
  const renamedEntries = Object.entries(settings.renamed ?? {}).map(([oldKey, newKey]) => {
    if (Object.hasOwn(shape, oldKey) || !Object.hasOwn(shape, newKey)) {
      throw new TypeError(
        `strictOptions: renamed key "${oldKey}" must not be in the shape, and "${newKey}" must be`,
      );
    }
    const refusal = z
      .custom<never>(() => false, { error: renamedKeyRule(newKey), params: { renamedTo: newKey } })
      .optional();
    return [oldKey, refusal] as const;
  });
  // The old keys are in the schema only to be refused with their new name; the type leaves them out.
  return z.strictObject({ ...shape, ...Object.fromEntries(renamedEntries) }) as unknown as z.ZodObject<
    Shape,
    z.core.$strict
  >;
}

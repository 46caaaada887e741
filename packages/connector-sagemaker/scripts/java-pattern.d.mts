/** A Java `pattern` as the anchored source of a JavaScript `u` RegExp, or why there is none. */
export declare function javaPatternToJs(pattern: string): { source?: string; unsupported?: string };

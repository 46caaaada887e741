// What a route answers: a JSON answer the server writes as it is, or a fetch Response.
/**
 * A JSON answer before it becomes a `Response`: the MSW handlers turn it into one, the standalone server
 * writes its text to the socket as it is (a `Response` over a string builds a web stream per answer, the
 * largest cost of a small request on Node 20).
 */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** What a route answers: a JSON answer, or a `Response` for streams, empty bodies and problems. */
export type PlatformAnswer = Response | JsonAnswer;

/** `answer` as a fetch `Response`. */
export function toResponse(answer: PlatformAnswer): Response {
  if (answer instanceof Response) return answer;
  return new Response(answer.text, { status: answer.status, headers: answer.headers });
}

/** A JSON answer of `body`. */
export const json = (body: unknown, status = 200, headers?: Record<string, string>): JsonAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: JSON.stringify(body),
});

/** A body that is not JSON parses as null, which the schema checking it then refuses. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

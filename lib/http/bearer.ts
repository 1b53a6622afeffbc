/**
 * The token of `Authorization: Bearer …`, read the same way by the identity (which treats it as
 * an API key and then ignores the cookies) and the Origin guard (which lets such a request pass,
 * since no other site can make a browser send it with a login): one reading, so the two can
 * never disagree about whether a request is a Bearer request.
 */

const BEARER = /^\s*bearer(?:\s+|$)(.*)$/is;

/** The Bearer token ("" when the scheme has none), or null when there is no Bearer header. */
export function bearerToken(req: Request): string | null {
  const auth = req.headers.get("authorization");
  if (auth === null) return null;
  const match = BEARER.exec(auth);
  return match ? match[1].trim() : null;
}
